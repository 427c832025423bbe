"""The back room: a shared channel where counsellors ask each other, with @mentions."""

import json
import re

from redis.asyncio import Redis

from core.clock import now_iso
from core import keys

MENTION = re.compile(r"@([A-Za-z0-9_.-]+)")
KEEP = 1000


class BackRoom:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def post(self, author: str, text: str) -> dict:
        message = {"at": now_iso(), "from": author, "text": text, "mentions": sorted(set(MENTION.findall(text)))}
        seq = await self.redis.rpush(keys.BACKROOM, json.dumps(message, ensure_ascii=False))
        return {"seq": seq, **message}

    async def read(self, after: int = 0) -> list[dict]:
        total = await self.redis.llen(keys.BACKROOM)
        start = max(after, total - KEEP)
        raw = await self.redis.lrange(keys.BACKROOM, start, -1)
        return [{"seq": start + i + 1, **json.loads(item)} for i, item in enumerate(raw)]
