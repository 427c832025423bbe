"""Handovers from the bot to a human e-counsellor: the queue, exclusive claims and closing.

Order: crisis first, then waiting time. A session has at most one open handover (the session
store attaches it with HSETNX semantics, so a repeated request is idempotent).

``HandoverStore`` is the only writer of the handover hashes (``keys.handover``), the waiting,
active and closed indexes, the claim leases, the handling times, the per-session index of
handovers and the closed-handover counts (``keys.HANDOVER_STATS``: counted once per handover when
it closes, by outcome, need and language, and by outcome in the day's statistics of
``core.metrics``; they hold no text and stay after erasure). Which
session mode goes with which handover status is decided by ``handover.flow``; this module does
not change modes.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from redis.asyncio import Redis

from core import keys, metrics
from core.clock import now_iso
from core.sessions import SessionStore
from core.vocabulary import HANDOVER_REASONS, OUTCOMES  # noqa: F401  (the outcomes a close may record)

STATUSES = ("waiting", "active", "closed")
CRISIS_BOOST = 10**13  # non-crisis scores are pushed this far behind every crisis entry

_CLAIM = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'not_found' end
if status == 'waiting' then
  redis.call('HSET', KEYS[1], 'status', 'active', 'counsellor', ARGV[1], 'claimed_at', ARGV[2],
             'claimed_at_ms', ARGV[4])
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3])
  return 'claimed'
end
if status == 'active' and redis.call('HGET', KEYS[1], 'counsellor') == ARGV[1] then
  return 'already_yours'
end
return status
"""


@dataclass(frozen=True)
class HandoverRequest:
    """What an action asks for when it hands a session to a human."""

    reason: str
    need: str
    language: str
    county: str | None = None
    topics: list[str] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    first_message: str = ""
    priority: str = "normal"  # "crisis" | "normal"
    reason_code: str = "asked"  # a key of core.vocabulary.HANDOVER_REASONS

    @classmethod
    def from_payload(cls, payload: dict[str, Any], *, language: str, county: str | None) -> HandoverRequest:
        return cls(
            reason=str(payload.get("reason") or "citizen asked for a counsellor"),
            reason_code=str(payload.get("reason_code")) if payload.get("reason_code") in HANDOVER_REASONS else (
                "crisis" if payload.get("priority") == "crisis" else "asked"),
            need=str(payload.get("need") or "human_request"),
            language=str(payload.get("language") or language),
            county=payload.get("county") or county,
            topics=[str(t) for t in payload.get("topics") or []] or sorted(
                {str(t) for a in payload.get("articles") or [] if isinstance(a, dict) for t in a.get("topics") or []}),
            articles=[a for a in payload.get("articles") or [] if isinstance(a, dict)],
            first_message=str(payload.get("first_message") or ""),
            priority="crisis" if payload.get("priority") == "crisis" else "normal",
        )

    def summary(self) -> str:
        parts = [f"Behov: {self.need}", f"språk: {self.language}", f"fylke: {self.county or 'ukjent'}"]
        if self.topics:
            parts.append("emner: " + ", ".join(self.topics))
        if self.articles:
            parts.append("viste artikler: " + "; ".join(a.get("title", "") for a in self.articles))
        if self.first_message:
            parts.append(f"første melding: «{self.first_message[:200]}»")
        parts.append(f"grunn: {self.reason}")
        return ". ".join(parts) + "."


_ESCALATE = """
if not redis.call('EXISTS', KEYS[1]) then return 0 end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'closed' or redis.call('HGET', KEYS[1], 'priority') == 'crisis' then return 0 end
redis.call('HSET', KEYS[1], 'priority', 'crisis', 'escalated_at', ARGV[3])
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if score and tonumber(score) >= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[2], tonumber(score) - tonumber(ARGV[2]), ARGV[1])
end
return 1
"""


_EXPIRE = """
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expiry or tonumber(expiry) > tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('HGET', KEYS[1], 'status') ~= 'active' then return 0 end
local base = 0
if redis.call('HGET', KEYS[1], 'priority') ~= 'crisis' then base = tonumber(ARGV[3]) end
redis.call('HSET', KEYS[1], 'status', 'waiting', 'counsellor', '', 'returned_at', ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], base + 1, ARGV[1])
return 1
"""


# Count a closing handover once (not when it is already closed, nor when there is no record).
_COUNT_CLOSE = """
local found = redis.call('HMGET', KEYS[1], 'status', 'need', 'language')
if not found[1] or found[1] == 'closed' then return 0 end
local function named(value) if value and value ~= '' then return value end return 'unknown' end
redis.call('HINCRBY', KEYS[2], 'closed', 1)
redis.call('HINCRBY', KEYS[2], 'outcome:' .. ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], 'need:' .. named(found[2]), 1)
redis.call('HINCRBY', KEYS[2], 'language:' .. named(found[3]), 1)
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
return 1
"""


# Set a field of an existing record unless it already holds that value; 1 when it changed. Two
# gateways announcing the same new queue place: only the one whose write changed it tells the citizen.
_SET_IF_CHANGED = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
"""


class HandoverStore:
    def __init__(self, redis: Redis, lease_s: int = 60, sessions: SessionStore | None = None) -> None:
        self.redis = redis
        self.lease_s = lease_s
        self.sessions = sessions or SessionStore(redis)
        self._claim = redis.register_script(_CLAIM)
        self._expire = redis.register_script(_EXPIRE)
        self._escalate = redis.register_script(_ESCALATE)

    async def create(self, session_id: str, request: HandoverRequest) -> tuple[dict[str, Any], bool]:
        """Queue a handover for the session; returns (handover, created). Idempotent per session."""
        handover_id = uuid.uuid4().hex
        now_ms = int(time.time() * 1000)
        score = now_ms if request.priority == "crisis" else CRISIS_BOOST + now_ms
        record = {
            "id": handover_id,
            "session_id": session_id,
            "status": "waiting",
            "language": request.language,
            "county": request.county or "",
            "need": request.need,
            "reason": request.reason,
            "reason_code": request.reason_code,
            "priority": request.priority,
            "waiting_since": now_iso(),
            "summary": request.summary(),
            "triage": json.dumps(asdict(request), ensure_ascii=False),
            "counsellor": "",
        }
        # The record exists before the session points at it, so a handover id found attached
        # without a record is really gone (not one another request is about to write).
        await self.redis.hset(keys.handover(handover_id), mapping=record)
        replacing = None
        while (attached := await self.sessions.attach_handover(session_id, handover_id, replacing)) != handover_id:
            current = await self.get(attached)
            if current is not None and current["status"] != "closed":
                await self.redis.delete(keys.handover(handover_id))
                return current, False
            replacing = attached  # closed or gone: this request takes its place
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(keys.HANDOVERS_WAITING, {handover_id: score})
            pipe.sadd(keys.session_handovers(session_id), handover_id)
            pipe.publish(keys.QUEUE_CHANNEL, json.dumps({"event": "queued", "id": handover_id}))
            await pipe.execute()
        return _public(record), True

    async def escalate(self, handover_id: str) -> bool:
        """A crisis: the handover becomes ``crisis`` priority and, if waiting, moves ahead of every
        non-crisis entry (among crises, by its original time). Returns whether it changed."""
        return bool(await self._escalate(keys=[keys.handover(handover_id), keys.HANDOVERS_WAITING],
                                         args=[handover_id, CRISIS_BOOST, now_iso()]))

    async def ids_for_session(self, session_id: str) -> list[str]:
        """Every handover the session ever had (open or closed)."""
        return sorted(await self.redis.smembers(keys.session_handovers(session_id)))

    async def get(self, handover_id: str) -> dict[str, Any] | None:
        data = await self.redis.hgetall(keys.handover(handover_id))
        return _public(data) if data else None

    async def list(self, status: str) -> list[dict[str, Any]]:
        index = {"waiting": keys.HANDOVERS_WAITING, "active": keys.HANDOVERS_ACTIVE,
                 "closed": keys.HANDOVERS_CLOSED}[status]
        ids = await self.redis.zrange(index, 0, -1, desc=(status == "closed"))
        async with self.redis.pipeline(transaction=False) as pipe:
            for handover_id in ids:
                pipe.hgetall(keys.handover(handover_id))
            rows = await pipe.execute()
        return [_public(row) for row in rows if row]

    async def position(self, handover_id: str) -> int | None:
        rank = await self.redis.zrank(keys.HANDOVERS_WAITING, handover_id)
        return None if rank is None else rank + 1

    async def claim(self, handover_id: str, counsellor: str) -> str:
        """'claimed', 'already_yours', 'active' (someone else has it), 'closed' or 'not_found'."""
        return await self._claim(
            keys=[keys.handover(handover_id), keys.HANDOVERS_WAITING, keys.HANDOVERS_ACTIVE, keys.CLAIM_LEASES],
            args=[counsellor, now_iso(), handover_id, int(time.time() * 1000),
                  int((time.time() + self.lease_s) * 1000)],
        )

    async def renew(self, handover_id: str) -> None:
        await self.redis.zadd(keys.CLAIM_LEASES, {handover_id: int((time.time() + self.lease_s) * 1000)}, xx=True)

    async def held_by(self, counsellor: str) -> list[str]:
        return [h["id"] for h in await self.list("active") if h["counsellor"] == counsellor]

    async def loads(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for handover in await self.list("active"):
            counts[handover["counsellor"]] = counts.get(handover["counsellor"], 0) + 1
        return counts

    async def lapsed_leases(self) -> list[str]:
        """The handovers whose claim lease has run out (the sweeper hands each to ``expire_lease``)."""
        return await self.redis.zrangebyscore(keys.CLAIM_LEASES, "-inf", int(time.time() * 1000))

    async def expire_lease(self, handover_id: str) -> bool:
        """Return an active handover whose lease ran out to the front of its queue; False when the
        lease was renewed meanwhile or the handover is no longer active (its lease is dropped)."""
        now_ms = int(time.time() * 1000)
        done = await self._expire(
            keys=[keys.handover(handover_id), keys.CLAIM_LEASES, keys.HANDOVERS_ACTIVE, keys.HANDOVERS_WAITING],
            args=[handover_id, now_ms, CRISIS_BOOST, now_iso()])
        if done:
            await self.redis.publish(keys.QUEUE_CHANNEL, json.dumps({"event": "returned", "ids": [handover_id]}))
        return bool(done)

    async def transfer_to(self, handover_id: str, counsellor: str) -> None:
        await self.redis.hset(keys.handover(handover_id), mapping={"counsellor": counsellor, "claimed_at": now_iso()})
        await self.renew(handover_id)

    async def requeue(self, handover_id: str, language: str | None, front: bool = True) -> None:
        """Put an active handover back in the waiting queue (a transfer to another queue)."""
        handover = await self.get(handover_id)
        if handover is None:
            return
        base = 0 if handover.get("priority") == "crisis" else CRISIS_BOOST
        fields = {"status": "waiting", "counsellor": ""}
        if language:
            fields["language"] = language
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.handover(handover_id), mapping=fields)
            pipe.zrem(keys.HANDOVERS_ACTIVE, handover_id)
            pipe.zrem(keys.CLAIM_LEASES, handover_id)
            pipe.zadd(keys.HANDOVERS_WAITING, {handover_id: base + (1 if front else int(time.time() * 1000))})
            pipe.publish(keys.QUEUE_CHANNEL, json.dumps({"event": "requeued", "id": handover_id}))
            await pipe.execute()

    async def set_announced_position(self, handover_id: str, position: int) -> bool:
        """The queue position the citizen was last told (the waiting room tells them again when it
        changes). True when this call changed it (atomic: with several gateways one announces)."""
        # Only on a record that still exists: an erased handover must not come back as a stub.
        return bool(await self.redis.eval(_SET_IF_CHANGED, 1, keys.handover(handover_id), "announced_position",
                                          str(position)))

    async def recent_handling_s(self, count: int = 20) -> list[float]:
        return [float(v) for v in await self.redis.lrange(keys.HANDLING_TIMES, 0, count - 1)]

    async def close(self, handover_id: str, outcome: str, note: str, closed_by: str) -> None:
        claimed_ms = await self.redis.hget(keys.handover(handover_id), "claimed_at_ms")
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.eval(_COUNT_CLOSE, 3, keys.handover(handover_id), keys.HANDOVER_STATS,
                      keys.stats_day(metrics.day_of()), outcome or "unknown", metrics.outcome_field(outcome))
            pipe.hset(keys.handover(handover_id), mapping={
                "status": "closed", "outcome": outcome, "note": note, "closed_by": closed_by,
                "closed_at": now_iso(),
            })
            if claimed_ms and closed_by not in ("citizen", "system"):
                pipe.lpush(keys.HANDLING_TIMES, round(time.time() - int(claimed_ms) / 1000, 1))
                pipe.ltrim(keys.HANDLING_TIMES, 0, 99)
            pipe.zrem(keys.CLAIM_LEASES, handover_id)
            pipe.zrem(keys.HANDOVERS_WAITING, handover_id)
            pipe.zrem(keys.HANDOVERS_ACTIVE, handover_id)
            pipe.zadd(keys.HANDOVERS_CLOSED, {handover_id: int(time.time() * 1000)})
            pipe.publish(keys.QUEUE_CHANNEL, json.dumps({"event": "closed", "id": handover_id}))
            await pipe.execute()

    async def closed_counts(self) -> dict[str, Any]:
        """Closed handovers counted at close: ``{"closed": n, "by_outcome": {...}, "by_need": {...},
        "by_language": {...}}``. Counts stay when the handovers themselves are erased."""
        counts: dict[str, Any] = {"closed": 0, "by_outcome": {}, "by_need": {}, "by_language": {}}
        for name, value in (await self.redis.hgetall(keys.HANDOVER_STATS)).items():
            kind, _, label = name.partition(":")
            if not label and kind == "closed":
                counts["closed"] = int(value)
            elif f"by_{kind}" in counts and int(value) > 0:
                counts[f"by_{kind}"][label] = int(value)
        return counts

    async def erase(self, handover_id: str) -> None:
        """Delete one handover record (its summary, first message, notes) and every index entry."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(keys.handover(handover_id))
            pipe.zrem(keys.HANDOVERS_WAITING, handover_id)
            pipe.zrem(keys.HANDOVERS_ACTIVE, handover_id)
            pipe.zrem(keys.HANDOVERS_CLOSED, handover_id)
            pipe.zrem(keys.CLAIM_LEASES, handover_id)
            await pipe.execute()

    async def erase_for_session(self, session_id: str, also: str | None = None) -> list[str]:
        """Erase every handover the session ever had (``also``: one the session hash names, for
        records older than the per-session index), then the index. Returns the ids erased."""
        ids = set(await self.ids_for_session(session_id))
        if also:
            ids.add(also)
        for handover_id in sorted(ids):
            await self.erase(handover_id)
        await self.redis.delete(keys.session_handovers(session_id))
        if ids:
            await self.redis.publish(keys.QUEUE_CHANNEL, json.dumps({"event": "erased", "ids": sorted(ids)}))
        return sorted(ids)


def _public(data: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = dict(data)
    item["county"] = item.get("county") or None
    item["counsellor"] = item.get("counsellor") or None
    item["triage"] = json.loads(item.get("triage") or "{}")
    return item
