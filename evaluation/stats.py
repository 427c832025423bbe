"""Statistics over a range of days, from the day counters of ``core.metrics`` (counts, no text).

``collect`` sums the counters of every day in the range and derives the shares, rates and
percentiles the stats page shows. Percentiles are nearest-rank over the histograms; waiting
times are the upper bound of their bucket (``core.metrics.waiting_bucket``). The information
against reflective guidance share is set beside the split reported in the background documents
(about 40 % information, 60 % reflective guidance; ../shared/DESIGN.md).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
from typing import Any

from redis.asyncio import Redis

from core import keys
from handover.hours import OpeningHours

MAX_DAYS = 366
DEFAULT_DAYS = 30
REFERENCE = {
    "information_share": 0.4,
    "reflective_share": 0.6,
    "note": "The background documents report about 40 % information and 60 % reflective guidance in "
            "e-guidance sessions (Denmark: 36/64).",
}
RATINGS = (1, 2, 3, 4, 5)


def days_between(start: date, end: date) -> list[str]:
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """Nearest-rank percentile of a histogram (value -> count); None when it is empty."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)  # pragma: no cover - the loop always reaches the rank


def share(part: int, whole: int, digits: int = 3) -> float | None:
    return round(part / whole, digits) if whole else None


def open_minutes(hours: OpeningHours) -> list[list[int]]:
    """Minutes open in each hour of the week: ``[weekday 0 = Monday][hour]`` (closed dates aside)."""
    grid = [[0] * 24 for _ in range(7)]
    for weekday in range(7):
        for hour in range(24):
            if hours.always:
                grid[weekday][hour] = 60
                continue
            start_min, end_min = hour * 60, hour * 60 + 60
            for start, end in hours.weekly.get(weekday, ()):
                lo = start.hour * 60 + start.minute
                hi = end.hour * 60 + end.minute or 24 * 60  # "-00:00" is midnight at the end of the day
                grid[weekday][hour] += max(0, min(end_min, hi) - max(start_min, lo))
            grid[weekday][hour] = min(60, grid[weekday][hour])
    return grid


def _prefixed(counters: Counter, prefix: str) -> dict[str, int]:
    return {name[len(prefix):]: value for name, value in sorted(counters.items())
            if name.startswith(prefix) and value > 0}


async def collect(redis: Redis, start: date, end: date, hours: OpeningHours) -> dict[str, Any]:
    """Everything the stats page shows for the days ``start`` to ``end`` (inclusive)."""
    days = days_between(start, end)
    async with redis.pipeline(transaction=False) as pipe:
        for day in days:
            pipe.hgetall(keys.stats_day(day))
            pipe.hgetall(keys.stats_waiting(day))
            pipe.hgetall(keys.stats_chat_length(day))
        rows = await pipe.execute()
    counters: Counter = Counter()
    waiting: Counter = Counter()
    lengths: Counter = Counter()
    for n in range(len(days)):
        counters.update({k: int(v) for k, v in rows[3 * n].items()})
        waiting.update({int(k): int(v) for k, v in rows[3 * n + 1].items()})
        lengths.update({int(k): int(v) for k, v in rows[3 * n + 2].items()})

    chats = counters["chats"]
    information, reflective = counters["need:information"], counters["need:reflective"]
    helpful, unhelpful = counters["feedback:helpful"], counters["feedback:unhelpful"]
    rated = counters["rating_count"]
    by_weekday_hour = [[counters[f"weekday_hour:{d}:{h}"] for h in range(24)] for d in range(7)]
    return {
        "range": {"from": start.isoformat(), "to": end.isoformat(), "days": len(days)},
        "timezone": hours.timezone,
        "chats": chats,
        "messages": counters["messages"],
        "guidance": {
            "information": information, "reflective": reflective,
            "information_share": share(information, information + reflective),
            "reflective_share": share(reflective, information + reflective),
            "reference": REFERENCE,
        },
        "by_need": _prefixed(counters, "need:"),
        "handover": {"handed_over": counters["handed_over"], "rate": share(counters["handed_over"], chats),
                     "claimed": counters["claimed"]},
        "waiting": {"count": sum(waiting.values()), "p50_s": percentile(waiting, 0.5),
                    "p90_s": percentile(waiting, 0.9),
                    "histogram": [{"bucket_s": b, "count": waiting[b]} for b in sorted(waiting) if waiting[b]]},
        "chat_length": {"count": sum(lengths.values()), "p50": percentile(lengths, 0.5),
                        "p90": percentile(lengths, 0.9),
                        "histogram": [{"messages": m, "count": lengths[m]} for m in sorted(lengths) if lengths[m]]},
        "unanswered": {"count": counters["unanswered"], "questions": counters["bot_questions"],
                       "rate": share(counters["unanswered"], counters["bot_questions"])},
        "feedback": {"helpful": helpful, "unhelpful": unhelpful, "helpful_share": share(helpful, helpful + unhelpful)},
        "by_language": _prefixed(counters, "language:"),
        "by_county": _prefixed(counters, "county:"),
        "by_channel": _prefixed(counters, "channel:"),
        "by_hour": [counters[f"hour:{h}"] for h in range(24)],
        "by_weekday": [counters[f"weekday:{d}"] for d in range(7)],
        "by_weekday_hour": by_weekday_hour,
        "opening_hours": {"started_open": counters["started_open"], "started_closed": counters["started_closed"],
                          "open_minutes": open_minutes(hours)},
        "outcomes": _prefixed(counters, "outcome:"),
        "ratings": {"count": rated, "mean": round(counters["rating_sum"] / rated, 2) if rated else None,
                    "distribution": {str(r): counters[f"rating:{r}"] for r in RATINGS}},
    }
