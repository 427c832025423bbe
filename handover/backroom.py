"""The back room: a shared channel where counsellors ask each other, with @mentions, and where the
system posts what every counsellor should hear at once (a crisis in the queue or in a chat)."""

import json
import re

from redis.asyncio import Redis

from core import keys
from core.clock import now_iso

MENTION = re.compile(r"@([A-Za-z0-9_.-]+)")
KEEP = 1000


class BackRoom:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def post(self, author: str, text: str) -> dict:
        message = {"at": now_iso(), "from": author, "text": text, "mentions": sorted(set(MENTION.findall(text)))}
        return await self._append(message)

    async def post_system(self, text: str, kind: str, handover_id: str | None = None,
                          mentions: list[str] | tuple[str, ...] = ()) -> dict:
        """A post from the system (``from: "system"``) of a ``kind`` (e.g. ``crisis``), naming the
        handover it is about; ``mentions`` (e.g. the counsellor holding it) are told it is for them."""
        message = {"at": now_iso(), "from": "system", "text": text, "kind": kind,
                   "mentions": sorted(set(mentions) | set(MENTION.findall(text)))}
        if handover_id:
            message["handover_id"] = handover_id
        return await self._append(message)

    async def _append(self, message: dict) -> dict:
        seq = await self.redis.rpush(keys.BACKROOM, json.dumps(message, ensure_ascii=False))
        return {"seq": seq, **message}

    async def read(self, after: int = 0) -> list[dict]:
        total = await self.redis.llen(keys.BACKROOM)
        start = max(after, total - KEEP)
        raw = await self.redis.lrange(keys.BACKROOM, start, -1)
        return [{"seq": start + i + 1, **json.loads(item)} for i, item in enumerate(raw)]
