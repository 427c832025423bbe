"""The counsellor's endpoints: the queue, claims with leases, the conversation, replies,
internal notes, transfer, handing back to the bot, and closing with an outcome."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core import texts
from core.schemas import MessageCreate as Text
from core.clock import now
from core.retention import retire
from core import keys
from core.deps import CurrentCounsellor
from core.languages import LANGUAGES
from handover.api.deps import Counsellors, Handovers, Waiting
from core.vocabulary import OUTCOMES
from core.errors import ApiError
from handover.routing import assess
from knowledge.content_gaps import ContentGapStore

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


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    note: str = Field("", max_length=4000)
    missing_content: str = Field("", max_length=2000, description="What the portal lacked; goes to the editors.")


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_counsellor: str | None = Field(None, description="a colleague's username")
    to_language: Literal[LANGUAGES] | None = Field(None, description="back to the queue for this language")  # type: ignore[valid-type]
    note: str = Field(min_length=1, max_length=2000, description="for the colleague who takes over")

    @model_validator(mode="after")
    def one_target(self) -> "Transfer":
        if bool(self.to_counsellor) == bool(self.to_language):
            raise ValueError("give either to_counsellor or to_language")
        return self


async def _handover_or_404(handovers, handover_id: str) -> dict:
    handover = await handovers.get(handover_id)
    if handover is None:
        raise ApiError(404, "handover_not_found", f"unknown handover {handover_id!r}")
    return handover


def _require_holder(handover: dict, username: str) -> None:
    if handover["status"] == "waiting":
        raise ApiError(409, "not_claimed", "claim this handover first")
    if handover["status"] == "closed":
        raise ApiError(409, "handover_closed", "this handover is closed")
    if handover["counsellor"] != username:
        raise ApiError(409, "held_by_colleague", f"this handover is held by {handover['counsellor']}")


async def _tell_citizen(request: Request, session_id: str, key: str, kind: str = "system") -> None:
    state = request.app.state
    session = await state.sessions.get(session_id)
    if session is not None:
        await state.transcripts.append(session_id, "system", texts.text(key, session.language), kind)


@router.get("", response_model=list[HandoverPublic])
async def list_handovers(
    handovers: Handovers, counsellors: Counsellors, staff: CurrentCounsellor,
    status: Literal["waiting", "active", "closed"] = Query("waiting"),
) -> list[dict]:
    items = await handovers.list(status)
    if status == "waiting":
        me, on_duty = await counsellors.get(staff.username), await counsellors.on_duty()
        for item in items:
            verdict = assess(item, me, on_duty, now(), counsellors.preference_window_s)
            item["eligible"], item["notes"] = verdict.eligible, verdict.notes
    return items


async def _claim(request: Request, handover_id: str, username: str) -> dict:
    state = request.app.state
    handovers, counsellors = state.handovers, state.counsellors
    handover = await _handover_or_404(handovers, handover_id)
    me = await counsellors.get(username)
    if handover["status"] == "waiting":
        verdict = assess(handover, me, await counsellors.on_duty(), now(), counsellors.preference_window_s)
        if not verdict.eligible:
            raise ApiError(409, "not_yours_yet", f"not yours to take yet: {'; '.join(verdict.notes)}")
        if len(await handovers.held_by(username)) >= me.max_parallel:
            raise ApiError(409, "too_many_chats", f"you already have {me.max_parallel} chats; close one first")
    result = await handovers.claim(handover_id, username)
    if result == "not_found":
        raise ApiError(404, "handover_not_found", f"unknown handover {handover_id!r}")
    if result == "closed":
        raise ApiError(409, "handover_closed", "this handover is closed")
    if result == "active":
        holder = (await handovers.get(handover_id) or {}).get("counsellor")
        raise ApiError(409, "already_claimed", f"already claimed by {holder}")
    if result == "claimed":
        await state.sessions.set_mode(handover["session_id"], "human")
        await _tell_citizen(request, handover["session_id"], "counsellor_joined")
        await state.waiting.announce()
    return {"id": handover_id, "status": "active", "counsellor": username, "lease_s": handovers.lease_s}


@router.post("/next")
async def claim_next(request: Request, handovers: Handovers, counsellors: Counsellors,
                     staff: CurrentCounsellor) -> dict:
    """Claim the first handover this counsellor should take (crisis first, then waiting time)."""
    me, on_duty, loads = await counsellors.get(staff.username), await counsellors.on_duty(), await handovers.loads()
    if loads.get(staff.username, 0) >= me.max_parallel:
        raise ApiError(409, "too_many_chats", f"you already have {me.max_parallel} chats; close one first")
    for item in await handovers.list("waiting"):
        verdict = assess(item, me, on_duty, now(), counsellors.preference_window_s, loads, counsellors.fairness_window_s)
        if verdict.eligible:
            try:
                return await _claim(request, item["id"], staff.username)
            except HTTPException as error:
                if error.status_code != 409:
                    raise
    raise ApiError(404, "nobody_waiting", "nobody is waiting for you right now")


@router.post("/{handover_id}/claim")
async def claim(handover_id: str, request: Request, staff: CurrentCounsellor) -> dict:
    return await _claim(request, handover_id, staff.username)


@router.post("/{handover_id}/renew")
async def renew(handover_id: str, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    await handovers.renew(handover_id)
    return {"id": handover_id, "lease_s": handovers.lease_s}


@router.get("/{handover_id}")
async def get_handover(handover_id: str, request: Request, handovers: Handovers, waiting: Waiting,
                       staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    events = await request.app.state.transcripts.read(handover["session_id"])
    session = await request.app.state.sessions.get(handover["session_id"])
    return {**handover, "events": events, "session_triage": session.triage if session else None,
            "session_mode": session.mode if session else None,
            "queue": await waiting.status(handover_id)}


@router.post("/{handover_id}/messages")
async def reply(handover_id: str, body: Text, request: Request, handovers: Handovers,
                staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    event = await request.app.state.transcripts.append(
        handover["session_id"], "counsellor", body.text, "counsellor", counsellor=staff.username)
    await handovers.renew(handover_id)
    return {"seq": event["seq"], "at": event["at"]}


@router.post("/{handover_id}/notes")
async def note(handover_id: str, body: Text, request: Request, handovers: Handovers,
               staff: CurrentCounsellor) -> dict:
    """An internal note in the transcript: counsellors see it, the citizen never does."""
    handover = await _handover_or_404(handovers, handover_id)
    event = await request.app.state.transcripts.append(
        handover["session_id"], "counsellor", body.text, "internal_note", counsellor=staff.username)
    return {"seq": event["seq"], "at": event["at"]}


@router.post("/{handover_id}/transfer")
async def transfer(handover_id: str, body: Transfer, request: Request, handovers: Handovers,
                   counsellors: Counsellors, staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    state = request.app.state
    if body.to_counsellor:
        if body.to_counsellor == staff.username:
            raise ApiError(409, "already_yours", "you already hold this handover")
        colleague = await counsellors.get(body.to_counsellor)
        if body.to_counsellor not in {p.username for p in await counsellors.on_duty()}:
            raise ApiError(409, "colleague_off_duty", f"{body.to_counsellor} is not on duty")
        if len(await handovers.held_by(body.to_counsellor)) >= colleague.max_parallel:
            raise ApiError(409, "colleague_full", f"{body.to_counsellor} already has {colleague.max_parallel} chats")
        await handovers.transfer_to(handover_id, body.to_counsellor)
        target = body.to_counsellor
    else:
        await handovers.requeue(handover_id, body.to_language)
        await state.sessions.set_mode(handover["session_id"], "queued")
        target = f"queue:{body.to_language}"
    await state.transcripts.append(handover["session_id"], "counsellor",
                                   f"Overført til {target} av {staff.username}: {body.note}", "internal_note",
                                   counsellor=staff.username)
    await _tell_citizen(request, handover["session_id"], "transferred")
    await state.waiting.announce()
    return {"id": handover_id, "transferred_to": target}


@router.post("/{handover_id}/release")
async def release_to_bot(handover_id: str, body: Text, request: Request, handovers: Handovers,
                         staff: CurrentCounsellor) -> dict:
    """Hand the conversation back to the assistant (the citizen can ask for a human again)."""
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    state = request.app.state
    await handovers.close(handover_id, "returned_to_bot", body.text, staff.username)
    await state.redis.hdel(keys.session(handover["session_id"]), "handover_id")
    await state.sessions.set_mode(handover["session_id"], "bot")
    await _tell_citizen(request, handover["session_id"], "back_to_bot")
    return {"id": handover_id, "status": "closed", "outcome": "returned_to_bot"}


@router.post("/{handover_id}/close")
async def close(handover_id: str, body: Close, request: Request, handovers: Handovers,
                staff: CurrentCounsellor) -> dict:
    handover = await _handover_or_404(handovers, handover_id)
    _require_holder(handover, staff.username)
    state = request.app.state
    await handovers.close(handover_id, body.outcome, body.note, staff.username)
    if body.missing_content.strip():
        await ContentGapStore(state.redis).add(staff.username, handover_id, handover["language"],
                                               handover["need"], body.missing_content.strip())
    await state.sessions.set_mode(handover["session_id"], "closed")
    await _tell_citizen(request, handover["session_id"], "conversation_closed")
    await retire(state.redis, handover["session_id"], state.handover_settings.retention_days)
    return {"id": handover_id, "status": "closed", "outcome": body.outcome}
