"""The counsellor's endpoints: the queue, claims, the conversation, replies and closing."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant import messages
from handover.api.deps import CurrentCounsellor, Handovers
from handover.queue import OUTCOMES

router = APIRouter(prefix="/api/handovers", tags=["counsellor"])


class HandoverPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    session_id: str
    status: str
    language: str
    county: str | None
    need: str
    reason: str
    waiting_since: str
    summary: str


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=4000)

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    note: str = Field("", max_length=4000)


async def _handover_or_404(handovers, handover_id: str) -> dict:
    handover = await handovers.get(handover_id)
    if handover is None:
        raise HTTPException(404, f"unknown handover {handover_id!r}")
    return handover


def _require_holder(handover: dict, username: str) -> None:
    if handover["status"] == "waiting":
        raise HTTPException(409, "claim this handover before writing to the citizen or closing it")
    if handover["status"] == "closed":
        raise HTTPException(409, "this handover is closed")
    if handover["counsellor"] != username:
        raise HTTPException(409, f"this handover is held by {handover['counsellor']}")


@router.get("", response_model=list[HandoverPublic])
async def list_handovers(
    handovers: Handovers, staff: CurrentCounsellor,
    status: Literal["waiting", "active", "closed"] = Query("waiting"),
) -> list[dict]:
    return await handovers.list(status)


@router.post("/{handover_id}/claim")
async def claim(handover_id: str, request: Request, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    result = await handovers.claim(handover_id, staff.username)
    if result == "not_found":
        raise HTTPException(404, f"unknown handover {handover_id!r}")
    if result == "closed":
        raise HTTPException(409, "this handover is closed")
    if result == "active":
        holder = (await handovers.get(handover_id) or {}).get("counsellor")
        raise HTTPException(409, f"already claimed by {holder}")
    handover = await handovers.get(handover_id)
    if result == "claimed":
        state = request.app.state
        session = await state.sessions.get(handover["session_id"])
        if session is not None:
            await state.sessions.set_mode(session.id, "human")
            await state.transcripts.append(
                session.id, "system", messages.text("counsellor_joined", session.language), "system")
    return {"id": handover_id, "status": "active", "counsellor": staff.username}


@router.get("/{handover_id}")
async def get_handover(handover_id: str, request: Request, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    events = await request.app.state.transcripts.read(handover["session_id"])
    session = await request.app.state.sessions.get(handover["session_id"])
    return {**handover, "events": events, "session_triage": session.triage if session else None,
            "position": await handovers.position(handover_id)}


@router.post("/{handover_id}/messages")
async def reply(handover_id: str, body: Reply, request: Request, handovers: Handovers,
                staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    event = await request.app.state.transcripts.append(
        handover["session_id"], "counsellor", body.text, "counsellor", counsellor=staff.username)
    return {"seq": event["seq"], "at": event["at"]}


@router.post("/{handover_id}/close")
async def close(handover_id: str, body: Close, request: Request, handovers: Handovers,
                staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    await handovers.close(handover_id, body.outcome, body.note, staff.username)
    state = request.app.state
    session = await state.sessions.get(handover["session_id"])
    if session is not None:
        await state.sessions.set_mode(session.id, "closed")
        await state.transcripts.append(
            session.id, "system", messages.text("conversation_closed", session.language), "system")
    return {"id": handover_id, "status": "closed", "outcome": body.outcome}
