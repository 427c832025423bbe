"""The evaluator's endpoints: sampled, anonymised transcripts, reviews and statistics."""

import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from core import keys
from core.anonymise import anonymise
from core.clock import now_iso
from core.deps import CurrentEvaluator
from core.errors import ApiError, ErrorPublic
from core.vocabulary import NEEDS
from handover.api.deps import Handovers

router = APIRouter(tags=["evaluator"])


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    triage_correct: bool
    expected_need: Literal[NEEDS] | None = None  # type: ignore[valid-type]
    answer_quality: int | None = Field(None, ge=1, le=5, description="1 (wrong or harmful) to 5 (excellent)")
    comment: str = Field("", max_length=2000)


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


class ReviewPublic(BaseModel):
    id: str
    triage_correct: bool
    expected_need: str | None
    answer_quality: int | None
    comment: str
    evaluator: str
    at: str


class HandoverStatsPublic(BaseModel):
    waiting: int
    active: int
    closed: int
    by_outcome: dict[str, int]
    by_need: dict[str, int]
    by_language: dict[str, int]


class ReviewStatsPublic(BaseModel):
    count: int
    triage_correct_rate: float | None
    mean_answer_quality: float | None


class StatsPublic(BaseModel):
    conversations_closed: int
    handovers: HandoverStatsPublic
    mean_handling_s: float | None
    reviews: ReviewStatsPublic


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
async def sample(request: Request, staff: CurrentEvaluator, sample: int = Query(10, ge=1, le=100)) -> list[dict]:
    """A random sample of closed conversations, with personal data replaced by placeholders."""
    ids = await request.app.state.redis.zrandmember(keys.TRANSCRIPTS_CLOSED, sample) or []
    transcripts = [await _transcript(request, session_id) for session_id in ids]
    return [t for t in transcripts if t is not None]


@router.post("/api/transcripts/{transcript_id}/review", status_code=201, response_model=ReviewPublic,
             responses={404: {"model": ErrorPublic}})
async def review(transcript_id: str, body: Review, request: Request, staff: CurrentEvaluator) -> dict:
    redis = request.app.state.redis
    if await redis.zscore(keys.TRANSCRIPTS_CLOSED, transcript_id) is None:
        raise ApiError(404, "transcript_not_found", f"unknown or not yet closed transcript {transcript_id!r}")
    record = {**body.model_dump(), "evaluator": staff.username, "at": now_iso()}
    await redis.hset(keys.REVIEWS, transcript_id, json.dumps(record, ensure_ascii=False))
    return {"id": transcript_id, **record}


@router.get("/api/stats", response_model=StatsPublic)
async def stats(request: Request, handovers: Handovers, staff: CurrentEvaluator) -> dict:
    redis = request.app.state.redis
    closed = await handovers.list("closed")
    by = lambda field: _count(h.get(field) or "unknown" for h in closed)  # noqa: E731
    reviews = [json.loads(v) for v in (await redis.hgetall(keys.REVIEWS)).values()]
    qualities = [r["answer_quality"] for r in reviews if r.get("answer_quality")]
    handling = await handovers.recent_handling_s(100)
    return {
        "conversations_closed": await redis.zcard(keys.TRANSCRIPTS_CLOSED),
        "handovers": {"waiting": len(await handovers.list("waiting")), "active": len(await handovers.list("active")),
                      "closed": len(closed), "by_outcome": by("outcome"), "by_need": by("need"),
                      "by_language": by("language")},
        "mean_handling_s": round(sum(handling) / len(handling), 1) if handling else None,
        "reviews": {"count": len(reviews),
                    "triage_correct_rate": round(sum(r["triage_correct"] for r in reviews) / len(reviews), 3)
                    if reviews else None,
                    "mean_answer_quality": round(sum(qualities) / len(qualities), 2) if qualities else None},
    }


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
