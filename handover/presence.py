"""The citizen's presence as the counsellor sees it: typing, idle, left (or simply there).

The chat page posts a throttled "typing" signal (``POST /api/sessions/{id}/typing``); each signal
sets two keys without any text: ``citizen_typing`` for ``typing_ttl_s`` seconds and
``citizen_active`` for ``idle_after_s`` seconds. "Left" is read from the transcript (the
staff-only ``citizen_left`` event that ``handover.flow`` writes when the citizen leaves, closes
the page for good or ends the chat) and from the session's mode. "Idle": no message and no typing
for ``idle_after_s`` seconds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from redis.asyncio import Redis

from core import keys
from core.clock import now, now_iso

State = Literal["present", "typing", "idle", "left"]


class Presence:
    def __init__(self, redis: Redis, typing_ttl_s: int, idle_after_s: int) -> None:
        self.redis = redis
        self.typing_ttl_s = typing_ttl_s
        self.idle_after_s = idle_after_s

    async def typing(self, session_id: str) -> None:
        """The citizen is typing (nothing of what they type is sent)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(keys.citizen_typing(session_id), "1", ex=self.typing_ttl_s)
            pipe.set(keys.citizen_active(session_id), now_iso(), ex=self.idle_after_s)
            await pipe.execute()

    async def of(self, session_id: str, events: list[dict[str, Any]], session_mode: str | None,
                 at: datetime | None = None) -> dict[str, Any]:
        """``{state, last_seen}``: ``last_seen`` is the time of the citizen's last message or typing
        signal (None when neither is known)."""
        at = at or now()
        typing, active = await self.redis.mget(keys.citizen_typing(session_id), keys.citizen_active(session_id))
        messages = [e["at"] for e in events if e.get("from") == "citizen" and e.get("at")]
        seen = [t for t in (messages[-1] if messages else None, active) if t]
        last_seen = max(seen, key=_parse) if seen else None
        state: State
        if session_mode == "closed" or any(e.get("kind") == "citizen_left" for e in events):
            state = "left"
        elif typing:
            state = "typing"
        elif active or (last_seen and (at - _parse(last_seen)).total_seconds() < self.idle_after_s):
            state = "present"
        else:
            state = "idle"
        return {"state": state, "last_seen": last_seen, "idle_after_s": self.idle_after_s}


def _parse(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
