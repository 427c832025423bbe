"""Notes from counsellors on content the portal lacks (written when they close a chat), for editors."""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso


class ContentGapStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def add(self, counsellor: str, handover_id: str, language: str, need: str, note: str) -> None:
        await self.redis.lpush(keys.CONTENT_GAPS, json.dumps({
            "at": now_iso(), "counsellor": counsellor, "handover_id": handover_id,
            "language": language, "need": need, "note": note}, ensure_ascii=False))

    async def newest(self, limit: int) -> list[dict[str, Any]]:
        return [json.loads(item) for item in await self.redis.lrange(keys.CONTENT_GAPS, 0, limit - 1)]

    async def forget_handovers(self, handover_ids) -> int:
        """Remove the notes written on these handovers (erasure); returns how many."""
        wanted = set(handover_ids)
        removed = 0
        if not wanted:
            return 0
        for raw in await self.redis.lrange(keys.CONTENT_GAPS, 0, -1):
            try:
                matches = json.loads(raw).get("handover_id") in wanted
            except (ValueError, AttributeError):
                continue
            if matches:
                removed += await self.redis.lrem(keys.CONTENT_GAPS, 0, raw)
        return removed
