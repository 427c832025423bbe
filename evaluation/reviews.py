"""Evaluators' reviews of closed conversations: one review per evaluator per conversation.

Stored in one hash (``keys.REVIEWS``): session id -> JSON object {evaluator: review}, so erasing
a conversation drops every review of it in one field (``core.retention.forget``). Giving a
review again replaces the evaluator's own earlier one and never anybody else's. The aggregate
counts (``keys.REVIEW_STATS``: count, triage_correct, quality_sum, quality_count) are kept in
the same script, so they stay right when a review is replaced and outlive erasure.

A value stored by the earlier one-review-per-conversation format (a single review with an
``evaluator`` field) is read as that evaluator's review.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from redis.asyncio import Redis

from core import keys
from core.clock import now_iso
from core.schemas import CleanText
from core.vocabulary import NEEDS

YesPartlyNo = Literal["yes", "partly", "no"]
YesNoNotApplicable = Literal["yes", "no", "not_applicable"]

# The questions of the review form whose answers are compared between evaluators, with their answers.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "need_recognised": ("yes", "partly", "no"),
    "answer_correct": ("yes", "partly", "no", "not_applicable"),
    "answer_sourced": ("yes", "no", "not_applicable"),
    "handover_right": ("yes", "no", "not_applicable"),
    "handover_timely": ("yes", "no", "not_applicable"),
    "tone": ("good", "acceptable", "poor"),
}
FIELDS = (*QUESTIONS, "expected_need", "answer_quality", "comment")


class Review(BaseModel):
    """One evaluator's review. ``need_recognised`` is required; ``triage_correct`` (true/false) is
    the earlier name of the same question and is still accepted."""

    model_config = ConfigDict(extra="forbid")
    need_recognised: YesPartlyNo | None = Field(None, description="was the citizen's need recognised")
    triage_correct: bool | None = Field(None, description="earlier form of need_recognised (yes/no)")
    expected_need: Literal[NEEDS] | None = Field(None, description="the need it should have been")  # type: ignore[valid-type]
    answer_correct: Literal["yes", "partly", "no", "not_applicable"] | None = Field(
        None, description="was the answer correct")
    answer_sourced: YesNoNotApplicable | None = Field(None, description="did the answer cite its source")
    handover_right: YesNoNotApplicable | None = Field(
        None, description="was handing over (or not handing over) to a counsellor the right call")
    handover_timely: YesNoNotApplicable | None = Field(None, description="did the handover come in time")
    tone: Literal["good", "acceptable", "poor"] | None = None
    answer_quality: int | None = Field(None, ge=1, le=5, description="1 (wrong or harmful) to 5 (excellent)")
    comment: CleanText = Field("", max_length=2000)

    @model_validator(mode="after")
    def one_answer_on_the_need(self) -> Review:
        if self.need_recognised is None and self.triage_correct is None:
            raise ValueError("need_recognised is required (yes, partly or no)")
        if self.triage_correct is not None:
            legacy = "yes" if self.triage_correct else "no"
            if self.need_recognised is not None and self.need_recognised != legacy:
                raise ValueError("triage_correct and need_recognised disagree; send need_recognised only")
            self.need_recognised = legacy
        return self

    def record(self, evaluator: str) -> dict[str, Any]:
        data = self.model_dump(include=set(FIELDS))
        return {**data, "evaluator": evaluator, "at": now_iso()}


class ReviewPublic(BaseModel):
    id: str = Field(description="the conversation reviewed")
    evaluator: str
    at: str
    replaced: bool = Field(False, description="true when this replaced the evaluator's own earlier review")
    need_recognised: str | None
    triage_correct: bool | None = Field(description="need_recognised == yes (the earlier field)")
    expected_need: str | None
    answer_correct: str | None = None
    answer_sourced: str | None = None
    handover_right: str | None = None
    handover_timely: str | None = None
    tone: str | None = None
    answer_quality: int | None
    comment: str


def public(conversation_id: str, review: dict[str, Any], replaced: bool = False) -> dict[str, Any]:
    need = review.get("need_recognised")
    if need is None and isinstance(review.get("triage_correct"), bool):
        need = "yes" if review["triage_correct"] else "no"
    return {**{name: review.get(name) for name in FIELDS}, "id": conversation_id, "need_recognised": need,
            "triage_correct": None if need is None else need == "yes", "evaluator": review.get("evaluator", ""),
            "at": review.get("at", ""), "comment": review.get("comment") or "", "replaced": replaced}


# KEYS: closed conversations, reviews, review stats. ARGV: session id, evaluator, review JSON,
# triage correct (1/0), answer quality (0 = none). Reply: 0 (not among the closed conversations),
# 1 (new), 2 (replaced the evaluator's own earlier review).
_SAVE = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local reviews = {}
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if raw then
  local stored = cjson.decode(raw)
  if type(stored['evaluator']) == 'string' then reviews[stored['evaluator']] = raw
  else for name, review in pairs(stored) do reviews[name] = cjson.encode(review) end end
end
local result = 1
local old = reviews[ARGV[2]]
if old then
  result = 2
  local review = cjson.decode(old)
  redis.call('HINCRBY', KEYS[3], 'count', -1)
  if review['triage_correct'] == true or review['need_recognised'] == 'yes' then
    redis.call('HINCRBY', KEYS[3], 'triage_correct', -1)
  end
  if type(review['answer_quality']) == 'number' then
    redis.call('HINCRBY', KEYS[3], 'quality_sum', -review['answer_quality'])
    redis.call('HINCRBY', KEYS[3], 'quality_count', -1)
  end
end
reviews[ARGV[2]] = ARGV[3]
local names = {}
for name in pairs(reviews) do table.insert(names, name) end
table.sort(names)
local parts = {}
for _, name in ipairs(names) do table.insert(parts, cjson.encode(name) .. ':' .. reviews[name]) end
redis.call('HSET', KEYS[2], ARGV[1], '{' .. table.concat(parts, ',') .. '}')
redis.call('HINCRBY', KEYS[3], 'count', 1)
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[3], 'triage_correct', 1) end
if tonumber(ARGV[5]) > 0 then
  redis.call('HINCRBY', KEYS[3], 'quality_sum', tonumber(ARGV[5]))
  redis.call('HINCRBY', KEYS[3], 'quality_count', 1)
end
return result
"""


def _decode(raw: str | None) -> dict[str, dict[str, Any]]:
    if not raw:
        return {}
    stored = json.loads(raw)
    if isinstance(stored.get("evaluator"), str):  # the earlier format: one review per conversation
        return {stored["evaluator"]: stored}
    return stored


class ReviewStore:
    """The only writer of ``keys.REVIEWS`` and ``keys.REVIEW_STATS``."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def save(self, session_id: str, record: dict[str, Any]) -> int:
        """0: not (or no longer) a closed conversation, nothing stored; 1: a new review; 2: the
        evaluator's own earlier review was replaced."""
        return int(await self.redis.eval(
            _SAVE, 3, keys.TRANSCRIPTS_CLOSED, keys.REVIEWS, keys.REVIEW_STATS, session_id, record["evaluator"],
            json.dumps(record, ensure_ascii=False), 1 if record["need_recognised"] == "yes" else 0,
            record["answer_quality"] or 0))

    async def of(self, session_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """session id -> {evaluator: review} for the given conversations."""
        if not session_ids:
            return {}
        raw = await self.redis.hmget(keys.REVIEWS, session_ids)
        return {session_id: _decode(value) for session_id, value in zip(session_ids, raw)}
