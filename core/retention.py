"""A closed conversation is kept for evaluation for the retention period, then Redis deletes it.

``session_ref`` is the pseudonymous reference stored with anonymised data that outlives the
conversation's own keys (unanswered questions), so erasure can still find and remove it.
"""

import hashlib
import time

from redis.asyncio import Redis

from core import keys


async def retire(redis: Redis, session_id: str, retention_days: int) -> None:
    ttl = retention_days * 86400
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zadd(keys.TRANSCRIPTS_CLOSED, {session_id: int(time.time() * 1000)})
        for key in (keys.session(session_id), keys.transcript(session_id), keys.rasa_tracker(session_id)):
            pipe.expire(key, ttl)
        await pipe.execute()


async def forget(redis: Redis, session_id: str) -> None:
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zrem(keys.TRANSCRIPTS_CLOSED, session_id)
        pipe.hdel(keys.REVIEWS, session_id)
        await pipe.execute()


def session_ref(session_id: str) -> str:
    """A reference to a session that does not reveal its id (nor its token)."""
    return hashlib.sha256(f"veivalg-session:{session_id}".encode()).hexdigest()[:24]
