"""Statistics recorded where things happen: counters by day, never text.

``Metrics`` writes the day counters (``keys.stats_day``), the waiting-time and chat-length
histograms (``keys.stats_waiting``, ``keys.stats_chat_length``) and the running counts of a chat
(``keys.stats_chat``); the conversation, the session flow and the ratings call it. Two day counters
are added where their event is written, in the same step: ``HandoverStore.close`` counts the
outcome (``outcome_field``) atomically with the close, and ``knowledge.unanswered.record`` counts
an unanswered question (``unanswered_field``) with its log entry. ``evaluation.stats`` reads them.

Days are local days in Europe/Oslo (``YYYY-MM-DD``). A chat is counted on the day of its first
citizen message; what is counted once per chat (each need, the county, being handed over) is
flagged in the chat's running hash and counted on the chat's first day. The chat-length histogram
of a day holds every chat that started that day at its current number of citizen messages (each
message moves its chat up one place). When a chat ends (closed by anyone, abandoned, or erased)
its running hash is deleted. Nothing here holds text or a session id beyond the running hash, so
erasing a conversation never changes a count.

Waiting times are counted when a handover is first claimed, rounded up to a bucket (5 s steps
under a minute, 30 s under ten minutes, a minute under an hour, five minutes beyond).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from core import keys
from core.clock import now

TIMEZONE = "Europe/Oslo"
DEFAULT_KEEP_S = 91 * 86400  # a running chat hash outlives the retention sweep that would end it
FEEDBACK_PAYLOADS = {"/feedback_helpful": "helpful", "/feedback_unhelpful": "unhelpful"}


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(at: datetime | None = None, timezone: str = TIMEZONE) -> datetime:
    """``at`` (default now) in local time; ``at`` must be timezone-aware."""
    return (at or now()).astimezone(_zone(timezone))


def day_of(at: datetime | None = None, timezone: str = TIMEZONE) -> str:
    """The local day of ``at`` (default now), ``YYYY-MM-DD``: the day the counters go to."""
    return local(at, timezone).date().isoformat()


def day_of_iso(at: str, timezone: str = TIMEZONE) -> str:
    """The local day of an ISO 8601 timestamp with offset."""
    return day_of(datetime.fromisoformat(at), timezone)


def waiting_bucket(seconds: float) -> int:
    """A waiting time rounded up to its bucket (s)."""
    seconds = max(0.0, seconds)
    step = 5 if seconds < 60 else 30 if seconds < 600 else 60 if seconds < 3600 else 300
    return max(step, int(math.ceil(seconds / step) * step))


# The first citizen message of a chat starts its running hash and counts the chat on the day;
# every message counts on the day, and moves the chat up one place in its first day's chat
# lengths (KEYS[3]: n-1 -> n messages).
# ARGV[9]: the chat's first day as the caller guessed it (today); when the running hash says
# otherwise (a chat that began before midnight), nothing is written and that day is returned, so
# the caller calls again with its keys (one round trip in the common case).
_MESSAGE = """
local first = redis.call('HGET', KEYS[1], 'day')
if first and first ~= ARGV[9] then return first end
if not first then
  redis.call('HSET', KEYS[1], 'day', ARGV[1], 'messages', 1)
  redis.call('HINCRBY', KEYS[3], '1', 1)
  redis.call('HINCRBY', KEYS[2], 'chats', 1)
  redis.call('HINCRBY', KEYS[2], 'channel:' .. ARGV[3], 1)
  redis.call('HINCRBY', KEYS[2], 'language:' .. ARGV[4], 1)
  redis.call('HINCRBY', KEYS[2], 'hour:' .. ARGV[5], 1)
  redis.call('HINCRBY', KEYS[2], 'weekday:' .. ARGV[6], 1)
  redis.call('HINCRBY', KEYS[2], 'weekday_hour:' .. ARGV[6] .. ':' .. ARGV[5], 1)
  if ARGV[7] == '1' then redis.call('HINCRBY', KEYS[2], 'started_open', 1)
  else redis.call('HINCRBY', KEYS[2], 'started_closed', 1) end
else
  local n = redis.call('HINCRBY', KEYS[1], 'messages', 1)
  if redis.call('HINCRBY', KEYS[3], tostring(n - 1), -1) <= 0 then redis.call('HDEL', KEYS[3], tostring(n - 1)) end
  redis.call('HINCRBY', KEYS[3], tostring(n), 1)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'messages', 1)
if ARGV[8] == '1' then redis.call('HINCRBY', KEYS[2], 'bot_questions', 1) end
return 1
"""

# What a turn found out, in one step: its need once (ARGV[2]), and the first county named
# (ARGV[3]: counted as county_known and county:<name>), on the chat's first day (KEYS[2]); the
# guessed day (ARGV[1]) is checked as in _MESSAGE.
_TRIAGE = """
local first = redis.call('HGET', KEYS[1], 'day')
if not first then return 0 end
if first ~= ARGV[1] then return first end
if ARGV[2] ~= '' and redis.call('HSETNX', KEYS[1], ARGV[2], 1) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
end
if ARGV[3] ~= '' and redis.call('HSETNX', KEYS[1], 'county_known', 1) == 1 then
  redis.call('HINCRBY', KEYS[2], 'county_known', 1)
  redis.call('HINCRBY', KEYS[2], 'county:' .. ARGV[3], 1)
end
return 1
"""

# Count each field once per chat: a flag in the running hash, the count on the chat's first day.
_ONCE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local counted = 0
for i = 1, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], 1) == 1 then
    redis.call('HINCRBY', KEYS[2], ARGV[i], 1)
    counted = counted + 1
  end
end
return counted
"""



async def _on_first_day(today: str, run: Callable[[str], Awaitable[Any]]) -> None:
    """Runs a statistics script with the chat's first day guessed as today: one round trip, unless
    the chat began on an earlier day; then the script returns that day and runs once more with it."""
    day = today
    for _ in range(2):
        result = await run(day)
        if not isinstance(result, str):
            return
        day = result


class Metrics:
    def __init__(self, redis: Redis, timezone: str = TIMEZONE, keep_s: int = DEFAULT_KEEP_S) -> None:
        self.redis = redis
        self.timezone = timezone
        self.keep_s = keep_s
        self._message = redis.register_script(_MESSAGE)
        self._once = redis.register_script(_ONCE)
        self._triage = redis.register_script(_TRIAGE)

    def day(self, at: datetime | None = None) -> str:
        return day_of(at, self.timezone)

    async def citizen_message(self, session_id: str, channel: str, language: str, open_now: bool,
                              to_bot: bool, at: datetime | None = None) -> None:
        """A citizen's message (``to_bot``: a question the assistant answers, not a button press
        nor a message to a counsellor); the first one of a session starts the chat."""
        at_local = local(at, self.timezone)
        today = at_local.date().isoformat()
        args = [today, self.keep_s, channel or "web", language or "unknown", at_local.hour, at_local.weekday(),
                1 if open_now else 0, 1 if to_bot else 0]
        await _on_first_day(today, lambda first_day: self._message(
            keys=[keys.stats_chat(session_id), keys.stats_day(today), keys.stats_chat_length(first_day)],
            args=[*args, first_day]))

    async def once(self, session_id: str, *fields: str) -> tuple[int, str | None]:
        """Count each of ``fields`` once for this chat (on its first day); returns how many were
        new and the chat's first day (None when no chat has started for the session)."""
        day = await self.redis.hget(keys.stats_chat(session_id), "day")
        if not day or not fields:
            return 0, day
        return int(await self._once(keys=[keys.stats_chat(session_id), keys.stats_day(day)], args=list(fields))), day

    async def triage(self, session_id: str, need: str | None, county: str | None) -> None:
        """What the chat turned out to be about: each need once, and the first county named."""
        if not need and not county:
            return
        await _on_first_day(self.day(), lambda day: self._triage(
            keys=[keys.stats_chat(session_id), keys.stats_day(day)],
            args=[day, f"need:{need}" if need else "", county or ""]))

    async def handed_over(self, session_id: str) -> None:
        """The chat was queued for a counsellor (counted once per chat)."""
        await self.once(session_id, "handed_over")

    async def waited(self, waited_s: float, at: datetime | None = None) -> None:
        """A handover claimed for the first time after waiting ``waited_s``."""
        day = self.day(at)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(keys.stats_waiting(day), str(waiting_bucket(waited_s)), 1)
            pipe.hincrby(keys.stats_day(day), "claimed", 1)
            await pipe.execute()

    async def feedback(self, kind: str, at: datetime | None = None) -> None:
        """The citizen pressed "this helped" (``helpful``) or "not really" (``unhelpful``)."""
        await self.redis.hincrby(keys.stats_day(self.day(at)), f"feedback:{kind}", 1)

    async def rated(self, rating: int, at: datetime | None = None) -> None:
        """A citizen's 1-5 rating of a chat."""
        day = self.day(at)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(keys.stats_day(day), f"rating:{rating}", 1)
            pipe.hincrby(keys.stats_day(day), "rating_count", 1)
            pipe.hincrby(keys.stats_day(day), "rating_sum", rating)
            await pipe.execute()

    async def chat_ended(self, session_id: str) -> None:
        """The chat ended (closed, abandoned or erased): its running hash goes; every count stays."""
        await self.redis.delete(keys.stats_chat(session_id))


def outcome_field(outcome: str) -> str:
    """The day counter of handovers closed with ``outcome`` (written by ``HandoverStore.close``)."""
    return f"outcome:{outcome or 'unknown'}"


def unanswered_field() -> str:
    """The day counter of questions the assistant could not answer (``knowledge.unanswered.record``)."""
    return "unanswered"
