"""Saved samples: the criteria, seed and strata of a draw and the conversations it chose.

A sample is one JSON string (``keys.sample``) listed in ``keys.SAMPLES`` by creation time. It
holds session ids (never shown to evaluators: they see ``core.retention.session_ref``), and it
expires after the retention period, when every conversation in it has expired too. A
conversation erased since the draw drops out (its session id too) the next time the sample is read.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso

MAX_LISTED = 200


class SampleStore:
    """The only writer of ``keys.SAMPLES`` and ``keys.sample``."""

    def __init__(self, redis: Redis, retention_days: int) -> None:
        self.redis = redis
        self.ttl_s = retention_days * 86400

    async def save(self, sample: dict[str, Any], created_by: str) -> dict[str, Any]:
        record = {**sample, "id": uuid.uuid4().hex[:12], "created_by": created_by, "created_at": now_iso()}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(keys.sample(record["id"]), json.dumps(record, ensure_ascii=False), ex=self.ttl_s)
            pipe.zadd(keys.SAMPLES, {record["id"]: int(time.time() * 1000)})
            await pipe.execute()
        return record

    async def get(self, sample_id: str) -> dict[str, Any] | None:
        raw = await self.redis.get(keys.sample(sample_id))
        return json.loads(raw) if raw else None

    async def drop_gone(self, sample: dict[str, Any], kept: list[str]) -> None:
        """Forget the session ids of conversations erased or expired since the draw (so an erased
        session's id does not stay behind in the sample); the rest of the record is unchanged."""
        if len(kept) == len(sample["session_ids"]):
            return
        record = {**sample, "session_ids": kept}
        await self.redis.set(keys.sample(sample["id"]), json.dumps(record, ensure_ascii=False), keepttl=True, xx=True)

    async def list(self) -> list[dict[str, Any]]:
        """The samples still kept, newest first (expired ones are dropped from the list)."""
        ids = await self.redis.zrevrange(keys.SAMPLES, 0, MAX_LISTED - 1)
        if not ids:
            return []
        raw = await self.redis.mget([keys.sample(i) for i in ids])
        gone = [i for i, value in zip(ids, raw) if value is None]
        if gone:
            await self.redis.zrem(keys.SAMPLES, *gone)
        return [json.loads(value) for value in raw if value is not None]
