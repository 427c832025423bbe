"""Retention: how long a conversation is kept, and the aggregate counts that outlive it.

A closed conversation is kept for evaluation for the retention period, then Redis deletes it
(``retire`` sets the TTLs; ``handover.retention_sweep`` also erases every session, closed or
not, once it has been idle that long). ``forget`` takes an erased session out of the evaluators'
sample and drops its review. ``conversations_closed`` counts every conversation ever closed: an
aggregate that stays after the conversations themselves are gone.

``session_ref`` is the pseudonymous reference stored with anonymised data that outlives the
conversation's own keys (unanswered questions), so erasure can still find and remove it.
"""

import hashlib
import time

from redis.asyncio import Redis

from core import keys

# Add the session to the closed conversations; count it the first time only.
_RETIRE = """
if redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('INCR', KEYS[2]) end
return 1
"""


async def retire(redis: Redis, session_id: str, retention_days: int) -> None:
    ttl = retention_days * 86400
    async with redis.pipeline(transaction=True) as pipe:
        pipe.eval(_RETIRE, 2, keys.TRANSCRIPTS_CLOSED, keys.CONVERSATIONS_CLOSED_TOTAL,
                  int(time.time() * 1000), session_id)
        for key in (keys.session(session_id), keys.transcript(session_id), keys.rasa_tracker(session_id)):
            pipe.expire(key, ttl)
        await pipe.execute()


async def forget(redis: Redis, session_id: str) -> None:
    async with redis.pipeline(transaction=True) as pipe:
        pipe.zrem(keys.TRANSCRIPTS_CLOSED, session_id)
        pipe.hdel(keys.REVIEWS, session_id)
        await pipe.execute()
    await redis.eval(_FORGET_CHANNEL, 3, keys.channel_session(session_id), keys.channel_delivery_lock(session_id),
                     keys.CHANNEL_SESSIONS, session_id)


# A messaging-channel session (assistant.channels): its identity mapping (when it still points to
# this session), the address replies went to, the cursor and the choices; out of the watched set.
_FORGET_CHANNEL = """
local identity = redis.call('HGET', KEYS[1], 'identity_key')
if identity and identity ~= '' and redis.call('GET', identity) == ARGV[1] then redis.call('DEL', identity) end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
"""


async def conversations_closed(redis: Redis) -> int:
    """Every conversation ever closed (erased ones included)."""
    return int(await redis.get(keys.CONVERSATIONS_CLOSED_TOTAL) or 0)


def session_ref(session_id: str) -> str:
    """A reference to a session that does not reveal its id (nor its token)."""
    return hashlib.sha256(f"veivalg-session:{session_id}".encode()).hexdigest()[:24]
