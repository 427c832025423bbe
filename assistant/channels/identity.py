"""Which session a channel identity (a phone number, a Telegram chat) is talking in.

``ChannelSessions`` is the only writer of the channel keys (``keys.channel_identity``,
``keys.channel_session``, ``keys.CHANNEL_SESSIONS``, ``keys.channel_update_seen``,
``keys.channel_limited_notice``). The identity is stored only as a keyed hash (HMAC-SHA256); the
address replies go to (the number, the chat id) is kept in the session's channel hash, which is
erased with the session (``core.retention.forget``, called by every erasure and the retention
sweep) and expires with the retention period after the last message. A closed session is not
reopened: the next message starts a new session, and the closed one's channel hash (with the
address) is dropped at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from redis.asyncio import Redis

from core import keys
from core.sessions import Session, SessionStore

CHANNELS = ("sms", "telegram")

# Map the identity to ARGV[1] when it maps to nothing or to ARGV[2]; reply the session id it maps to.
_CLAIM_IDENTITY = """
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[2] then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return ARGV[1]
"""

# Take the choices on offer (and forget them): reply the JSON list and its id, or false.
_TAKE_CHOICES = """
local values = redis.call('HMGET', KEYS[1], 'choices', 'choices_id')
redis.call('HDEL', KEYS[1], 'choices', 'choices_id')
return values
"""


@dataclass(frozen=True)
class ChannelSession:
    session: Session
    channel: str
    identity_key: str  # the Redis key of the identity mapping (holds the hash, never the number)
    address: str  # where replies go: the phone number or the chat id
    created: bool


class ChannelSessions:
    def __init__(self, redis: Redis, sessions: SessionStore, identity_secret: str, keep_s: int) -> None:
        self.redis = redis
        self.sessions = sessions
        self._secret = identity_secret.encode()
        self.keep_s = keep_s  # the retention period: the mapping and the address live no longer
        self._claim = redis.register_script(_CLAIM_IDENTITY)
        self._take = redis.register_script(_TAKE_CHOICES)

    def _digest(self, channel: str, identity: str) -> str:
        return hmac.new(self._secret, f"{channel}:{identity}".encode(), hashlib.sha256).hexdigest()[:40]

    def identity_key(self, channel: str, identity: str) -> str:
        return keys.channel_identity(channel, self._digest(channel, identity))

    def identity_ref(self, channel: str, identity: str) -> str:
        """The identity as the rate limits and the handover cap know it: "<channel>:<hash>"."""
        return f"{channel}:{self._digest(channel, identity)}"

    async def current(self, channel: str, identity: str) -> Session | None:
        """The session this identity talks in (any mode), or None."""
        session_id = await self.redis.get(self.identity_key(channel, identity))
        return await self.sessions.get(session_id) if session_id else None

    async def open(self, channel: str, identity: str, address: str, language: str) -> ChannelSession:
        """The identity's open session, or a new one when it has none (or only a closed one)."""
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        identity_key = self.identity_key(channel, identity)
        for _ in range(3):
            previous_id = await self.redis.get(identity_key)
            previous = await self.sessions.get(previous_id) if previous_id else None
            if previous is not None and previous.mode != "closed":
                await self._keep(previous.id, identity_key, address)
                return ChannelSession(previous, channel, identity_key, address, created=False)
            session, _token = await self.sessions.create(channel, language, language_locked=False)
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(keys.channel_session(session.id), mapping={
                    "channel": channel, "identity_key": identity_key, "address": address, "delivered": 0})
                pipe.expire(keys.channel_session(session.id), self.keep_s)
                await pipe.execute()
            winner = await self._claim(keys=[identity_key], args=[session.id, previous_id or "", self.keep_s])
            if winner != session.id:  # another message of this identity was quicker: use its session
                await self.sessions.erase(session.id)
                await self.redis.delete(keys.channel_session(session.id))
                continue
            await self.redis.sadd(keys.CHANNEL_SESSIONS, session.id)
            if previous_id:  # the closed session no longer needs the address
                await self.redis.delete(keys.channel_session(previous_id))
                await self.redis.srem(keys.CHANNEL_SESSIONS, previous_id)
            return ChannelSession(session, channel, identity_key, address, created=True)
        raise RuntimeError("could not map the channel identity to a session")

    async def _keep(self, session_id: str, identity_key: str, address: str) -> None:
        """Another message: the mapping and the address live for the retention period from now."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.channel_session(session_id), "address", address)
            pipe.expire(keys.channel_session(session_id), self.keep_s)
            pipe.expire(identity_key, self.keep_s)
            pipe.sadd(keys.CHANNEL_SESSIONS, session_id)
            await pipe.execute()

    async def record(self, session_id: str) -> dict[str, str]:
        """The session's channel hash (channel, identity_key, address, delivered, choices ...)."""
        return await self.redis.hgetall(keys.channel_session(session_id))

    async def watched(self) -> list[str]:
        return sorted(await self.redis.smembers(keys.CHANNEL_SESSIONS))

    async def watch(self, session_id: str) -> None:
        """The dispatcher's pass looks at this session (something may be left to deliver)."""
        await self.redis.sadd(keys.CHANNEL_SESSIONS, session_id)

    async def unwatch(self, session_id: str, drop_address: bool = False) -> None:
        """Stop watching a session (erased, expired, or closed and fully delivered)."""
        await self.redis.srem(keys.CHANNEL_SESSIONS, session_id)
        if drop_address:
            await self.redis.hdel(keys.channel_session(session_id), "address", "choices", "choices_id")

    # --- choices on offer: SMS numbers and Telegram inline buttons, the last message's only

    async def offer(self, session_id: str, payloads: list[str]) -> str:
        """The choices of the latest message with buttons; returns their id (Telegram callback data
        carries it, so a button of an older message is recognised as stale)."""
        choices_id = secrets.token_urlsafe(6)
        await self.redis.hset(keys.channel_session(session_id), mapping={
            "choices": json.dumps(payloads, ensure_ascii=False), "choices_id": choices_id})
        return choices_id

    async def offer_again(self, session_id: str, payloads: list[str], choices_id: str) -> None:
        """Put back choices taken by a message that did not use them (a stale Telegram button)."""
        await self.redis.hset(keys.channel_session(session_id), mapping={
            "choices": json.dumps(payloads, ensure_ascii=False), "choices_id": choices_id})

    async def take(self, session_id: str) -> tuple[list[str], str]:
        """The choices on offer and their id, which are then no longer on offer (a choice is used once,
        and any message from the citizen moves past them)."""
        raw, choices_id = await self._take(keys=[keys.channel_session(session_id)])
        return (json.loads(raw) if raw else []), (choices_id or "")

    # --- provider retries and the over-limit notice

    async def first_time(self, channel: str, update_id: str) -> bool:
        """False when this provider update (Telegram update_id, Twilio MessageSid) was handled before."""
        return bool(await self.redis.set(keys.channel_update_seen(channel, update_id), "1", nx=True, ex=86400))

    async def tell_limited_once(self, identity_key: str, window_s: int) -> bool:
        """True the first time in ``window_s`` this identity goes over a limit (it gets one notice)."""
        return bool(await self.redis.set(keys.channel_limited_notice(identity_key), "1", nx=True,
                                         ex=max(1, window_s)))
