"""The access log: every staff read of a conversation (raw or anonymised), for the admins.

An entry names the staff member, their role, what they read (``session_id``, ``handover_id``),
whether they saw it raw or anonymised, and when. The log is capped at ``MAX_ENTRIES``, newest
first. It holds no conversation text, so it stays after a conversation is erased.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso
from core.staff import Staff

MAX_ENTRIES = 100_000
View = Literal["raw", "anonymised"]


class AuditLog:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def read(self, staff: Staff, action: str, *, session_id: str | None, handover_id: str | None = None,
                   view: View = "raw") -> None:
        entry = {"at": now_iso(), "username": staff.username, "role": staff.role, "action": action,
                 "session_id": session_id, "handover_id": handover_id, "view": view}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.lpush(keys.AUDIT_LOG, json.dumps(entry))
            pipe.ltrim(keys.AUDIT_LOG, 0, MAX_ENTRIES - 1)
            await pipe.execute()

    async def entries(self, limit: int = 200, username: str | None = None,
                      session_id: str | None = None) -> list[dict[str, Any]]:
        found = []
        start = 0
        while len(found) < limit:
            batch = await self.redis.lrange(keys.AUDIT_LOG, start, start + 999)
            if not batch:
                break
            for raw in batch:
                entry = json.loads(raw)
                if (username is None or entry["username"] == username) and \
                        (session_id is None or entry["session_id"] == session_id):
                    found.append(entry)
                    if len(found) == limit:
                        break
            start += len(batch)
        return found
