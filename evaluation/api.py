"""The evaluator's endpoints: sampled, anonymised transcripts and reviews (statistics:
``evaluation.stats_api``). The review counts are kept apart from the conversations, so they stay
when a conversation is erased or expires. Every transcript an evaluator is shown goes to the
access log (anonymised).
"""

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from core import keys
from core.anonymise import anonymise
from core.deps import CurrentEvaluator
from core.errors import ApiError, ErrorPublic
from evaluation.reviews import Review, ReviewPublic, ReviewStore, public
from handover.api.audit import Audit

router = APIRouter(tags=["evaluator"])


class SourcePublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str
    url: str
    reviewed: str | None = Field(None, exclude_if=lambda value: value is None)


class TranscriptEventPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    seq: int
    at: str
    from_: str = Field(alias="from", description="citizen, bot, counsellor or system")
    kind: str
    text: str = Field(description="anonymised")
    sources: list[SourcePublic] | None = Field(None, exclude_if=lambda value: value is None)


class HandoverOutcomePublic(BaseModel):
    need: str | None
    language: str | None
    county: str | None
    outcome: str | None
    priority: str | None


class TranscriptPublic(BaseModel):
    id: str
    language: str
    triage: dict[str, Any] | None
    events: list[TranscriptEventPublic]
    handover: HandoverOutcomePublic | None


async def _transcript(request: Request, session_id: str) -> dict | None:
    state = request.app.state
    session = await state.sessions.get(session_id)
    if session is None:
        return None
    events = [{"seq": e["seq"], "at": e["at"], "from": e["from"], "kind": e["kind"], "text": anonymise(e["text"]),
               **({"sources": e["sources"]} if e.get("sources") else {})}
              for e in await state.transcripts.read(session_id)]
    handover = await state.handovers.get(session.handover_id) if session.handover_id else None
    return {"id": session_id, "language": session.language, "triage": session.triage, "events": events,
            "handover": {k: handover.get(k) for k in ("need", "language", "county", "outcome", "priority")}
            if handover else None}


@router.get("/api/transcripts", response_model=list[TranscriptPublic])
async def sample(request: Request, audit: Audit, staff: CurrentEvaluator,
                 sample: int = Query(10, ge=1, le=100)) -> list[dict]:
    """A random sample of closed conversations, with personal data replaced by placeholders."""
    ids = await request.app.state.redis.zrandmember(keys.TRANSCRIPTS_CLOSED, sample) or []
    transcripts = [t for t in [await _transcript(request, session_id) for session_id in ids] if t is not None]
    for transcript in transcripts:
        await audit.read(staff, "transcript_sample", session_id=transcript["id"], view="anonymised")
    return transcripts


@router.post("/api/transcripts/{transcript_id}/review", status_code=201, response_model=ReviewPublic,
             responses={404: {"model": ErrorPublic}})
async def review(transcript_id: str, body: Review, request: Request, staff: CurrentEvaluator) -> dict:
    """Review a closed conversation by its session id (the samples under /api/samples name it by a
    reference instead). One review per evaluator: sent again, it replaces the evaluator's own."""
    record = body.record(staff.username)
    result = await ReviewStore(request.app.state.redis).save(transcript_id, record)
    if not result:
        raise ApiError(404, "transcript_not_found", f"unknown or not yet closed transcript {transcript_id!r}")
    return public(transcript_id, record, replaced=result == 2)
