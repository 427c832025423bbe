"""The full transcript of a session: every message from citizen, bot, counsellor and system.

Stored as a Redis list of JSON events; an event's ``seq`` is its position + 1, so appending is
one atomic RPUSH and nothing needs a separate counter. Each append is announced on the
session's pub/sub channel so long-polls and streams wake up: the push and the announcement are
one script (one round trip, and never an event that nobody is told about).
"""

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso

SENDERS = ("citizen", "bot", "counsellor", "system")

_APPEND = """
local seq = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], seq)
return seq
"""

# Several events in order, announced once (a listener reads everything after its cursor).
_APPEND_MANY = """
local seq = 0
for i = 2, #ARGV do seq = redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('PUBLISH', ARGV[1], seq)
return seq
"""


class TranscriptStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._append = redis.register_script(_APPEND)
        self._append_many = redis.register_script(_APPEND_MANY)

    @staticmethod
    def _event(sender: str, text: str, kind: str, extra: dict[str, Any]) -> dict:
        if sender not in SENDERS:
            raise ValueError(f"unknown sender {sender!r}")
        event = {"at": now_iso(), "from": sender, "text": text, "kind": kind}
        event.update({k: v for k, v in extra.items() if v is not None})
        return event

    async def append(self, session_id: str, sender: str, text: str, kind: str, **extra: Any) -> dict:
        event = self._event(sender, text, kind, extra)
        seq = int(await self._append(keys=[keys.transcript(session_id)],
                                     args=[json.dumps(event, ensure_ascii=False), keys.session_events_channel(session_id)]))
        return {"seq": seq, **event}

    async def append_many(self, session_id: str, entries: Sequence[tuple[str, str, str, dict[str, Any]]]) -> list[dict]:
        """Several events (sender, text, kind, extra) in one step, in order, announced once."""
        events = [self._event(sender, text, kind, extra) for sender, text, kind, extra in entries]
        if not events:
            return []
        last = int(await self._append_many(keys=[keys.transcript(session_id)],
                                           args=[keys.session_events_channel(session_id),
                                                 *(json.dumps(e, ensure_ascii=False) for e in events)]))
        first = last - len(events) + 1
        return [{"seq": first + i, **event} for i, event in enumerate(events)]

    async def read(self, session_id: str, after: int = 0) -> list[dict]:
        raw = await self.redis.lrange(keys.transcript(session_id), after, -1)
        return [{"seq": after + i + 1, **json.loads(item)} for i, item in enumerate(raw)]

    async def wait(self, session_id: str, after: int, timeout_s: float, wake_on: Sequence[str] = ()) -> list[dict]:
        """Events after ``after``; if none yet, wait up to ``timeout_s`` for the next one, or for a
        message on one of the ``wake_on`` pub/sub channels (then possibly [] : the caller looks at
        what that channel signals, e.g. a counsellor who started typing)."""
        events = await self.read(session_id, after)
        if events or timeout_s <= 0:
            return events
        pubsub = self.redis.pubsub()
        try:
            await pubsub.subscribe(keys.session_events_channel(session_id), *wake_on)
            # Read again after subscribing, so an event appended in between is not missed.
            events = await self.read(session_id, after)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout_s
            while not events:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(remaining, 1.0))
                if message is None:
                    continue
                events = await self.read(session_id, after)
                if message["channel"] in wake_on:
                    break
        finally:
            await pubsub.aclose()
        return events
