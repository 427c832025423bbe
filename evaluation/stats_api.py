"""``GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD``: statistics for evaluators and admins.

The range (local days, Europe/Oslo, both inclusive; the last 30 days by default, at most 366)
filters the day counters of ``core.metrics`` (``evaluation.stats``). The fields the contract
named before ranges existed (``conversations_closed``, ``handovers``, ``mean_handling_s``,
``reviews``) keep their meaning: counts over all time. Everything here is counts: they stay when
conversations are erased or expire.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from core import keys, retention
from core.deps import CurrentEvaluator
from core.errors import ApiError, ErrorPublic
from core.metrics import day_of
from evaluation import stats as statistics
from handover.api.deps import Handovers
from handover.hours import OpeningHours

router = APIRouter(tags=["evaluator"])
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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


class RangePublic(BaseModel):
    from_: str = Field(alias="from")
    to: str
    days: int


class ReferencePublic(BaseModel):
    information_share: float
    reflective_share: float
    note: str


class GuidancePublic(BaseModel):
    information: int = Field(description="Chats in which the assistant recognised an information need.")
    reflective: int = Field(description="Chats in which it recognised a need for reflective guidance.")
    information_share: float | None
    reflective_share: float | None
    reference: ReferencePublic


class HandoverRatePublic(BaseModel):
    handed_over: int = Field(description="Chats started in the range that were queued for a counsellor.")
    rate: float | None = Field(description="handed_over / chats")
    claimed: int = Field(description="Handovers first claimed in the range.")


class WaitingBucket(BaseModel):
    bucket_s: int
    count: int


class WaitingPublic(BaseModel):
    count: int
    p50_s: int | None
    p90_s: int | None
    histogram: list[WaitingBucket]


class LengthBucket(BaseModel):
    messages: int
    count: int


class ChatLengthPublic(BaseModel):
    count: int = Field(description="Chats started in the range (an open chat at its length so far).")
    p50: int | None
    p90: int | None
    histogram: list[LengthBucket]


class UnansweredPublic(BaseModel):
    count: int
    questions: int = Field(description="Citizen messages the assistant answered (not buttons, not to a counsellor).")
    rate: float | None


class FeedbackPublic(BaseModel):
    helpful: int
    unhelpful: int
    helpful_share: float | None


class OpeningHoursPublic(BaseModel):
    started_open: int
    started_closed: int
    open_minutes: list[list[int]] = Field(description="Minutes open in each hour: [weekday 0 = Monday][hour 0-23].")


class RatingsPublic(BaseModel):
    count: int
    mean: float | None
    distribution: dict[str, int]


class StatsPublic(BaseModel):
    # all time (the contract's fields)
    conversations_closed: int
    handovers: HandoverStatsPublic
    mean_handling_s: float | None
    reviews: ReviewStatsPublic
    # the range
    range: RangePublic
    timezone: str
    chats: int
    messages: int
    guidance: GuidancePublic
    by_need: dict[str, int]
    handover: HandoverRatePublic
    waiting: WaitingPublic
    chat_length: ChatLengthPublic
    unanswered: UnansweredPublic
    feedback: FeedbackPublic
    by_language: dict[str, int]
    by_county: dict[str, int]
    by_channel: dict[str, int]
    by_hour: list[int]
    by_weekday: list[int]
    by_weekday_hour: list[list[int]]
    opening_hours: OpeningHoursPublic
    outcomes: dict[str, int]
    ratings: RatingsPublic


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    if not ISO_DAY.fullmatch(value):
        raise ApiError(422, "bad_date", f"{name} must be a date as YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "bad_date", f"{name} is not a date in the calendar: {value!r}") from None


def date_range(start_text: str | None, end_text: str | None, today: date) -> tuple[date, date]:
    """The range asked for; ``to`` defaults to today, ``from`` to 30 days up to ``to``."""
    start, end = _day(start_text, "from"), _day(end_text, "to")
    end = end or today
    start = start or end - timedelta(days=statistics.DEFAULT_DAYS - 1)
    if start > end:
        raise ApiError(422, "bad_range", f"from ({start}) is after to ({end})")
    if (end - start).days + 1 > statistics.MAX_DAYS:
        raise ApiError(422, "range_too_long", f"at most {statistics.MAX_DAYS} days at a time")
    return start, end


@router.get("/api/stats", response_model=StatsPublic, response_model_by_alias=True,
            responses={422: {"model": ErrorPublic, "description": "`bad_date`, `bad_range` or `range_too_long`"}})
async def stats(request: Request, handovers: Handovers, staff: CurrentEvaluator,
                from_: str | None = Query(None, alias="from", description="First day, YYYY-MM-DD (Europe/Oslo)."),
                to: str | None = Query(None, description="Last day, YYYY-MM-DD; default today.")) -> dict:
    """Statistics for the days ``from`` to ``to`` (default: the last 30 days), beside the all-time
    counts of the contract. Counts include conversations that were erased or expired since."""
    state = request.app.state
    settings = state.handover_settings
    start, end = date_range(from_, to, date.fromisoformat(day_of(timezone=settings.timezone)))
    redis = state.redis
    hours = OpeningHours.parse(settings.opening_hours, settings.closed_dates, settings.timezone)
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
        **await statistics.collect(redis, start, end, hours),
    }
