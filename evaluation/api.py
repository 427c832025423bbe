"""The evaluator's endpoints: sampled, anonymised transcripts, reviews and statistics.

Statistics are aggregate counts kept apart from the conversations (closed handovers by outcome,
need and language; conversations closed; reviews), so they stay when a conversation is erased
or expires. Every transcript an evaluator is shown goes to the access log (anonymised).
"""

import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from core import keys, retention
from core.anonymise import anonymise
from core.clock import now_iso
from core.deps import CurrentEvaluator
from core.errors import ApiError, ErrorPublic
from core.schemas import CleanText
from core.vocabulary import NEEDS
from handover.api.audit import Audit
from handover.api.deps import Handovers

router = APIRouter(tags=["evaluator"])


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    triage_correct: bool
    expected_need: Literal[NEEDS] | None = None  # type: ignore[valid-type]
    answer_quality: int | None = Field(None, ge=1, le=5, description="1 (wrong or harmful) to 5 (excellent)")
    comment: CleanText = Field("", max_length=2000)


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
    record = {**body.model_dump(), "evaluator": staff.username, "at": now_iso()}
    if not await _save_review(request.app.state.redis, transcript_id, record):
        raise ApiError(404, "transcript_not_found", f"unknown or not yet closed transcript {transcript_id!r}")
    return {"id": transcript_id, **record}


@router.get("/api/stats", response_model=StatsPublic)
async def stats(request: Request, handovers: Handovers, staff: CurrentEvaluator) -> dict:
    """Aggregate counts: they include conversations that were erased or expired since."""
    redis = request.app.state.redis
    closed = await handovers.closed_counts()
    reviews = {name: int(value) for name, value in (await redis.hgetall(keys.REVIEW_STATS)).items()}
    count, qualities = reviews.get("count", 0), reviews.get("quality_count", 0)
    handling = await handovers.recent_handling_s(100)
    return {
        "conversations_closed": await retention.conversations_closed(redis),
        "handovers": {"waiting": await redis.zcard(keys.HANDOVERS_WAITING),
                      "active": await redis.zcard(keys.HANDOVERS_ACTIVE), **closed},
        "mean_handling_s": round(sum(handling) / len(handling), 1) if handling else None,
        "reviews": {"count": count,
                    "triage_correct_rate": round(reviews.get("triage_correct", 0) / count, 3) if count else None,
                    "mean_answer_quality": round(reviews.get("quality_sum", 0) / qualities, 2) if qualities else None},
    }


# Save a review of a closed conversation (0 when it is not, or no longer, among them) and keep the
# review counts: a review given again replaces the earlier one in the counts too.
_SAVE_REVIEW = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  local review = cjson.decode(old)
  redis.call('HINCRBY', KEYS[3], 'count', -1)
  if review['triage_correct'] == true then redis.call('HINCRBY', KEYS[3], 'triage_correct', -1) end
  if type(review['answer_quality']) == 'number' then
    redis.call('HINCRBY', KEYS[3], 'quality_sum', -review['answer_quality'])
    redis.call('HINCRBY', KEYS[3], 'quality_count', -1)
  end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], 'count', 1)
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[3], 'triage_correct', 1) end
if tonumber(ARGV[4]) > 0 then
  redis.call('HINCRBY', KEYS[3], 'quality_sum', tonumber(ARGV[4]))
  redis.call('HINCRBY', KEYS[3], 'quality_count', 1)
end
return 1
"""


async def _save_review(redis, transcript_id: str, record: dict[str, Any]) -> bool:
    return bool(await redis.eval(
        _SAVE_REVIEW, 3, keys.TRANSCRIPTS_CLOSED, keys.REVIEWS, keys.REVIEW_STATS, transcript_id,
        json.dumps(record, ensure_ascii=False), 1 if record["triage_correct"] else 0, record["answer_quality"] or 0))
