"""Closed conversations as evaluators see them: the facts a sample is stratified by, and the
anonymised transcript.

The facts of a conversation are read from the session (channel, language, the triage's need)
and its last handover (outcome); its day is the day it closed, in Europe/Oslo. An evaluator is
never shown the session id: a conversation is named by ``core.retention.session_ref`` (a one-way
reference), and every text goes through ``core.anonymise``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from core import keys
from core.anonymise import anonymise
from core.retention import session_ref
from core.settings import DEFAULT_TIMEZONE
from core.transcripts import TranscriptStore

OSLO = ZoneInfo(DEFAULT_TIMEZONE)
NO_HANDOVER = "no_handover"  # the outcome of a conversation that never reached a counsellor
UNKNOWN = "unknown"  # a need the triage never settled on


@dataclass(frozen=True)
class ConversationFacts:
    session_id: str  # internal: never shown to an evaluator
    closed_ms: int
    need: str
    language: str
    outcome: str
    handed_over: bool
    channel: str

    @property
    def ref(self) -> str:
        return session_ref(self.session_id)

    @property
    def closed_on(self) -> str:
        return day_of(self.closed_ms)

    def public(self) -> dict[str, Any]:
        """The facts an evaluator may see (no session id)."""
        facts = asdict(self)
        del facts["session_id"], facts["closed_ms"]
        return {"id": self.ref, "closed_on": self.closed_on, **facts}


def day_of(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, OSLO).date().isoformat()


def day_bounds_ms(first: dt.date | None, last: dt.date | None) -> tuple[str | int, str | int]:
    """ZRANGEBYSCORE bounds (ms) for conversations closed from ``first`` through ``last`` (Oslo days)."""
    def start(day: dt.date) -> int:
        return int(dt.datetime.combine(day, dt.time(), OSLO).timestamp() * 1000)
    low = start(first) if first else "-inf"
    high = f"({start(last + dt.timedelta(days=1))}" if last else "+inf"
    return low, high


def _last_handover(handovers: list[dict[str, str]]) -> dict[str, str] | None:
    handovers = [h for h in handovers if h]
    if not handovers:
        return None
    return max(handovers, key=lambda h: (h.get("waiting_since") or "", h.get("id") or ""))


async def closed_conversations(redis: Redis, first: dt.date | None = None,
                               last: dt.date | None = None) -> list[ConversationFacts]:
    """Every closed conversation still kept (not erased nor expired), closed in the date range,
    sorted by session id (so a seeded draw depends on the data only, not on the read order)."""
    low, high = day_bounds_ms(first, last)
    return await _facts(redis, await redis.zrangebyscore(keys.TRANSCRIPTS_CLOSED, low, high, withscores=True))


async def _facts(redis: Redis, closed: list[tuple[str, float]]) -> list[ConversationFacts]:
    if not closed:
        return []
    async with redis.pipeline(transaction=False) as pipe:
        for session_id, _ in closed:
            pipe.hmget(keys.session(session_id), "channel", "language", "triage")
            pipe.smembers(keys.session_handovers(session_id))
        rows = await pipe.execute()
    handover_ids = sorted({h for ids in rows[1::2] for h in ids})
    records: dict[str, dict[str, str]] = {}
    if handover_ids:
        async with redis.pipeline(transaction=False) as pipe:
            for handover_id in handover_ids:
                pipe.hmget(keys.handover(handover_id), "id", "need", "outcome", "status", "waiting_since")
            for handover_id, values in zip(handover_ids, await pipe.execute()):
                if values[0]:
                    records[handover_id] = dict(zip(("id", "need", "outcome", "status", "waiting_since"), values))
    facts = []
    for (session_id, score), session, ids in zip(closed, rows[0::2], rows[1::2]):
        channel, language, triage = session
        if channel is None and language is None:
            continue  # expired or erased meanwhile
        need = (json.loads(triage or "{}") or {}).get("need")
        handover = _last_handover([records.get(h) for h in ids])
        if handover:
            outcome = handover.get("outcome") or handover.get("status") or UNKNOWN
            need = need or handover.get("need")
        else:
            outcome = NO_HANDOVER
        facts.append(ConversationFacts(session_id=session_id, closed_ms=int(score), need=need or UNKNOWN,
                                       language=language or UNKNOWN, outcome=outcome, handed_over=handover is not None,
                                       channel=channel or "web"))
    return sorted(facts, key=lambda f: f.session_id)


async def facts_of(redis: Redis, session_ids: list[str]) -> dict[str, ConversationFacts]:
    """The facts of the given sessions that are still among the closed conversations."""
    if not session_ids:
        return {}
    scores = await redis.zmscore(keys.TRANSCRIPTS_CLOSED, session_ids)
    closed = [(s, score) for s, score in zip(session_ids, scores) if score is not None]
    return {f.session_id: f for f in await _facts(redis, closed)}


async def anonymised_events(transcripts: TranscriptStore, session_id: str) -> list[dict[str, Any]]:
    """The transcript with every text anonymised; staff-only events (crisis alerts, notes) are kept
    because evaluators judge the handover too."""
    return [{"seq": e["seq"], "at": e["at"], "from": e["from"], "kind": e["kind"], "text": anonymise(e.get("text") or ""),
             **({"sources": e["sources"]} if e.get("sources") else {})}
            for e in await transcripts.read(session_id)]
