"""Citizen sessions in Redis: creation, token check, mode and triage, erasure.

``SessionStore`` is the only writer of the session hash (``keys.session``). Its mode changes are
compare-and-set (``set_mode(..., expected=...)``) so the state machine in ``handover.flow`` can
refuse a transition that another request made impossible a moment earlier.
"""

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from core import keys, retention
from core.clock import now_iso

MODES = ("bot", "queued", "human", "closed")
# Fields only the store's own methods write: the mode (set_mode), the open handover
# (attach_handover / detach_handover) and the identity of the session.
_GUARDED_FIELDS = ("id", "token_hash", "mode", "handover_id")

# Set the mode when the current one is among ARGV[2..]; reply {1, previous} or {0, current}.
# A session without a hash has no mode ({0, false}); a hash without a mode field is in "bot".
_SET_MODE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, false} end
local mode = redis.call('HGET', KEYS[1], 'mode')
if not mode or mode == '' then mode = 'bot' end
for i = 2, #ARGV do
  if ARGV[i] == mode then
    redis.call('HSET', KEYS[1], 'mode', ARGV[1])
    return {1, mode}
  end
end
return {0, mode}
"""

# Attach ARGV[1] as the session's open handover when it has none (or an empty field), or when
# the one attached is ARGV[2] (the caller found it closed); reply the handover id now attached.
_ATTACH = """
local current = redis.call('HGET', KEYS[1], 'handover_id')
if current and current ~= '' and current ~= ARGV[2] then return current end
redis.call('HSET', KEYS[1], 'handover_id', ARGV[1])
return ARGV[1]
"""


class ModeConflict(Exception):
    """The session was not in a mode the caller expected (``current`` is None: no such session)."""

    def __init__(self, session_id: str, current: str | None, wanted: str) -> None:
        super().__init__(f"session {session_id} is in mode {current!r}; cannot set {wanted!r}")
        self.session_id = session_id
        self.current = current
        self.wanted = wanted


@dataclass(frozen=True)
class Session:
    id: str
    channel: str
    language: str
    language_locked: bool
    mode: str
    created_at: str
    handover_id: str | None
    triage: dict[str, Any] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)  # payload -> title last offered
    # The reflection exercise's summary, kept only when the citizen agreed that a counsellor may
    # see it ("" otherwise); the handover detail shows it.
    exercise_summary: str = ""

    @classmethod
    def from_hash(cls, data: dict[str, str]) -> "Session":
        return cls(
            id=data["id"],
            channel=data.get("channel", "web"),
            language=data.get("language", "nb"),
            language_locked=data.get("language_locked") == "1",
            mode=data.get("mode", "bot"),
            created_at=data.get("created_at", ""),
            handover_id=data.get("handover_id") or None,
            triage=json.loads(data.get("triage") or "{}"),
            buttons=json.loads(data.get("buttons") or "{}"),
            exercise_summary=data.get("exercise_summary", ""),
        )


_TOUCH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'last_seen_ms', ARGV[2])
if ARGV[3] and ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'language', ARGV[3]) end
redis.call('HDEL', KEYS[1], 'away_ms')
redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
return 1
"""

_AWAY = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'away_ms', ARGV[1])
return 1
"""


def _token_is(stored: str | None, token: str) -> bool:
    """Whether ``token`` is the one whose hash is stored (constant time)."""
    return stored is not None and hmac.compare_digest(stored, _token_hash(token))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._set_mode = redis.register_script(_SET_MODE)
        self._attach = redis.register_script(_ATTACH)
        self._touch = redis.register_script(_TOUCH)
        self._away = redis.register_script(_AWAY)

    async def create(self, channel: str, language: str, language_locked: bool) -> tuple[Session, str]:
        session_id = uuid.uuid4().hex
        token = secrets.token_urlsafe(32)
        data = {
            "id": session_id,
            "token_hash": _token_hash(token),
            "channel": channel,
            "language": language,
            "language_locked": "1" if language_locked else "",
            "mode": "bot",
            "created_at": now_iso(),
            "handover_id": "",
            "triage": json.dumps({"need": None, "language": language, "county": None, "confidence": 0.0}),
            "buttons": "{}",
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.session(session_id), mapping=data)
            pipe.zadd(keys.SESSIONS_ACTIVITY, {session_id: int(time.time() * 1000)})
            await pipe.execute()
        return Session.from_hash(data), token

    async def touch(self, session_id: str, language: str | None = None) -> None:
        """The citizen is still there (a message, a poll, an event): the retention period and the
        abandonment grace period count from the last touch, and a page said to be gone is back.
        An erased session stays erased (nothing is written for a session that does not exist).
        ``language``: the session's language from now on, in the same step."""
        await self._touch(keys=[keys.session(session_id), keys.SESSIONS_ACTIVITY],
                          args=[session_id, int(time.time() * 1000), language or ""])

    async def mark_away(self, session_id: str) -> None:
        """The citizen's page was closed or reloaded (``pagehide``): unless it comes back (a touch)
        within the away grace period, the abandonment sweep closes the chat."""
        await self._away(keys=[keys.session(session_id)], args=[int(time.time() * 1000)])

    async def presence(self, session_ids: list[str]) -> list[tuple[int | None, int | None]]:
        """(last activity ms, away since ms) of each session; None where unknown."""
        if not session_ids:
            return []
        seen = await self.redis.zmscore(keys.SESSIONS_ACTIVITY, session_ids)
        async with self.redis.pipeline(transaction=False) as pipe:
            for session_id in session_ids:
                pipe.hget(keys.session(session_id), "away_ms")
            away = await pipe.execute()
        return [(int(s) if s is not None else None, int(a) if a else None) for s, a in zip(seen, away)]

    async def idle_since(self, cutoff_ms: int, limit: int = 500) -> list[str]:
        """Sessions whose last activity is older than ``cutoff_ms`` (oldest first)."""
        return await self.redis.zrangebyscore(keys.SESSIONS_ACTIVITY, "-inf", cutoff_ms, start=0, num=limit)

    async def get(self, session_id: str) -> Session | None:
        data = await self.redis.hgetall(keys.session(session_id))
        return Session.from_hash(data) if data else None

    async def get_if_token(self, session_id: str, token: str) -> tuple[Session | None, bool]:
        """The session (None if unknown) and whether ``token`` is its token, in one read."""
        data = await self.redis.hgetall(keys.session(session_id))
        if not data:
            return None, False
        return Session.from_hash(data), _token_is(data.get("token_hash"), token)

    async def token_matches(self, session_id: str, token: str) -> bool:
        return _token_is(await self.redis.hget(keys.session(session_id), "token_hash"), token)

    async def update(self, session_id: str, **fields: Any) -> None:
        """Language, language lock, triage, offered buttons and the shared exercise summary. The mode and the handover have
        their own methods (the state machine in ``handover.flow`` calls them)."""
        guarded = sorted(set(fields) & set(_GUARDED_FIELDS))
        if guarded:
            raise ValueError(f"update() does not write {', '.join(guarded)}; use set_mode or attach_handover")
        mapping = {}
        for name, value in fields.items():
            if name in ("triage", "buttons"):
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, bool):
                value = "1" if value else ""
            elif value is None:
                value = ""
            mapping[name] = value
        if mapping:
            await self.redis.hset(keys.session(session_id), mapping=mapping)

    async def set_mode(self, session_id: str, mode: str, expected: Collection[str] | None = None) -> str | None:
        """Set the session's mode; with ``expected``, only when the current mode is one of them
        (atomic compare-and-set; ``ModeConflict`` otherwise). Returns the previous mode."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        allowed = MODES if expected is None else tuple(expected)
        unknown = set(allowed) - set(MODES)
        if unknown:
            raise ValueError(f"unknown modes {sorted(unknown)}")
        changed, current = await self._set_mode(keys=[keys.session(session_id)], args=[mode, *allowed])
        if not changed:
            raise ModeConflict(session_id, current or None, mode)
        return current

    async def attach_handover(self, session_id: str, handover_id: str, replacing: str | None = None) -> str:
        """Make ``handover_id`` the session's open handover unless it already has one (HSETNX
        semantics; ``replacing`` names an attached handover the caller found closed). Returns the
        handover id attached after the call: ``handover_id`` or the one already there."""
        return await self._attach(keys=[keys.session(session_id)], args=[handover_id, replacing or ""])

    async def detach_handover(self, session_id: str) -> None:
        """The session has no open handover any more (it went back to the bot)."""
        await self.redis.hdel(keys.session(session_id), "handover_id")

    async def retire(self, session_id: str, retention_days: int) -> None:
        """A closed conversation: kept for evaluation for the retention period, then expired."""
        await retention.retire(self.redis, session_id, retention_days)

    async def erase(self, session_id: str) -> None:
        """The citizen's right to erasure: the session, its transcript, Rasa's tracker and its
        place among the closed conversations evaluators sample."""
        await self.redis.delete(
            keys.session(session_id), keys.transcript(session_id), keys.rasa_tracker(session_id)
        )
        await self.redis.zrem(keys.SESSIONS_ACTIVITY, session_id)
        await retention.forget(self.redis, session_id)
