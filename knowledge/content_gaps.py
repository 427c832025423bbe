"""Notes from counsellors on content the portal lacks (written when they close a chat), for editors.

An editor closes a note as "answered by article X" or "won't answer" (with a reason); closed
notes leave the open list and are kept, with their resolution, in ``keys.CONTENT_GAPS_CLOSED``
(a hash by :func:`gap_id`), listed with ``status="closed"``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso


def gap_id(raw: str | bytes) -> str:
    """A stable id of one stored note (its JSON text as stored)."""
    return hashlib.sha256(raw if isinstance(raw, bytes) else raw.encode("utf-8")).hexdigest()[:20]


class ContentGapStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def add(self, counsellor: str, handover_id: str, language: str, need: str, note: str) -> None:
        await self.redis.lpush(keys.CONTENT_GAPS, json.dumps({
            "at": now_iso(), "counsellor": counsellor, "handover_id": handover_id,
            "language": language, "need": need, "note": note}, ensure_ascii=False))

    async def newest(self, limit: int, status: str = "open") -> list[dict[str, Any]]:
        """The newest notes that are ``open`` (no resolution), ``closed`` or ``all``; each with its
        ``id`` and ``resolution`` (None while open)."""
        closed = await self.redis.hgetall(keys.CONTENT_GAPS_CLOSED)
        closed = {(k.decode() if isinstance(k, bytes) else k): v for k, v in closed.items()}
        rows = []
        for raw in await self.redis.lrange(keys.CONTENT_GAPS, 0, -1):
            try:
                row = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(row, dict):
                continue
            row["id"] = gap_id(raw)
            resolution = closed.get(row["id"])
            if (status == "open" and resolution) or (status == "closed" and not resolution):
                continue
            row["resolution"] = json.loads(resolution) if resolution else None
            rows.append(row)
            if len(rows) >= limit:
                break
        return rows

    async def close(self, note_id: str, resolution: dict[str, Any]) -> dict[str, Any] | None:
        """Mark the note closed with ``resolution``; the note, or None when there is no such note."""
        for raw in await self.redis.lrange(keys.CONTENT_GAPS, 0, -1):
            if gap_id(raw) == note_id:
                await self.redis.hset(keys.CONTENT_GAPS_CLOSED, note_id, json.dumps(resolution, ensure_ascii=False))
                return {**json.loads(raw), "id": note_id, "resolution": resolution}
        return None

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
                await self.redis.hdel(keys.CONTENT_GAPS_CLOSED, gap_id(raw))
        return removed
