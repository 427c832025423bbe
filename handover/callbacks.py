"""Callback requests: a question left out of hours (or with nobody on duty) with an e-mail
address or phone number. Counsellors see the open ones first when they come on duty."""

import time
import uuid

from redis.asyncio import Redis

from core.clock import now_iso
from core import keys


class CallbackStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def create(self, session_id: str, question: str, email: str, phone: str, language: str,
                     exercise_summary: str = "") -> dict:
        """``exercise_summary``: the reflection exercise's summary, when the citizen agreed to share
        it, so the counsellor who calls back starts from it (erased with the request)."""
        callback_id = uuid.uuid4().hex
        record = {"id": callback_id, "session_id": session_id, "question": question, "email": email,
                  "phone": phone, "language": language, "status": "open", "created_at": now_iso()}
        if exercise_summary:
            record["exercise_summary"] = exercise_summary
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.callback(callback_id), mapping=record)
            pipe.zadd(keys.CALLBACKS, {callback_id: int(time.time() * 1000)})
            pipe.sadd(keys.session_callbacks(session_id), callback_id)
            await pipe.execute()
        return record

    async def erase_for_session(self, session_id: str) -> int:
        """Delete every callback request the session left (question, e-mail, phone); returns how many."""
        ids = await self.redis.smembers(keys.session_callbacks(session_id))
        async with self.redis.pipeline(transaction=True) as pipe:
            for callback_id in ids:
                pipe.delete(keys.callback(callback_id))
                pipe.zrem(keys.CALLBACKS, callback_id)
            pipe.delete(keys.session_callbacks(session_id))
            await pipe.execute()
        return len(ids)

    async def open(self) -> list[dict]:
        ids = await self.redis.zrange(keys.CALLBACKS, 0, -1)
        return [r for r in [await self.redis.hgetall(keys.callback(i)) for i in ids] if r]

    async def complete(self, callback_id: str, counsellor: str, note: str) -> bool:
        if not await self.redis.exists(keys.callback(callback_id)):
            return False
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.callback(callback_id), mapping={"status": "done", "done_by": counsellor,
                                                          "note": note, "done_at": now_iso()})
            pipe.zrem(keys.CALLBACKS, callback_id)
            await pipe.execute()
        return True
