"""The outbound dispatcher: every new citizen-visible event of a channel session that did not come
from the citizen (the assistant's answers, counsellor replies, queue notices, crisis numbers) is
sent to the channel once, in order.

Per session, the channel hash keeps a delivered-seq cursor (and how many parts of the next event
went out already). A delivery holds a short Redis lock on the session (``keys.channel_delivery_lock``)
and advances the cursor only while it still holds that lock (a compare-and-set in Redis), so two
gateway processes never send the same event twice. Deliveries start right after a webhook was
handled and from a background pass every ``CHANNELS_DISPATCH_INTERVAL_S`` over the watched channel
sessions (events made elsewhere: a counsellor's reply, a new place in the queue). While the
citizen waits in the queue the pass counts as their sign of life (an SMS user does not poll): the
abandonment sweep would otherwise close a queue they are patiently waiting in.

The pass watches the channel sessions in ``keys.CHANNEL_SESSIONS``: every session a citizen
wrote from; a closed one leaves when everything was delivered (and its address is dropped), one
with the assistant when everything was delivered and it has been quiet for an hour (the citizen's
next message watches it again). Several queue notices waiting at once go out as the latest only. A provider's permanent refusal
(a number that cannot receive SMS, a chat that blocked the bot) skips the event (logged);
a transient failure leaves it for the next pass.
"""

from __future__ import annotations

import inspect
import logging
import secrets
import time
from typing import Any

from redis.asyncio import Redis

from assistant.api import citizen as citizen_api
from assistant.channels.identity import ChannelSessions
from assistant.channels.providers import ProviderError
from assistant.channels.rendering import render
from assistant.channels.shortlinks import ShortLinks
from core import keys
from core.sessions import SessionStore
from core.transcripts import TranscriptStore
from handover.periodic import PeriodicSweep

log = logging.getLogger("veivalg.channels")

# Advance the cursor only while this delivery holds the session's lock.
_ADVANCE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], 'delivered', ARGV[2], 'delivered_part', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
TOUCH_EVERY_S = 30.0


class LostLock(Exception):
    """The delivery's lock expired (or the session was erased) while it was sending."""


async def citizen_view(events: list[dict[str, Any]], names: Any = None) -> list[dict[str, Any]]:
    """What the citizen's page would show (the web's own view: staff-only events stay out, and a
    counsellor's reply carries their first name, never their username). ``names``: the app's
    ``CounsellorNames`` (profiles first), else the roster's names."""
    mapping = await names.of_events(events) if names is not None else None
    view = citizen_api._citizen_view(events, mapping)
    return await view if inspect.isawaitable(view) else view


class Dispatcher(PeriodicSweep):
    name = "channel-dispatch"
    sweep_at_start = True

    def __init__(self, redis: Redis, channel_sessions: ChannelSessions, sessions: SessionStore,
                 transcripts: TranscriptStore, providers: dict[str, Any], links: ShortLinks,
                 every_s: float = 1.0, lock_s: float = 30.0, names: Any = None,
                 unwatch_quiet_s: float = 3600.0) -> None:
        super().__init__(every_s)
        self.redis = redis
        self.channel_sessions = channel_sessions
        self.sessions = sessions
        self.transcripts = transcripts
        self.providers = providers
        self.links = links
        self.names = names  # counsellors' first names (handover.counsellor_names.CounsellorNames)
        self.lock_ms = int(lock_s * 1000)
        self.unwatch_quiet_s = unwatch_quiet_s  # a bot-mode session quiet this long is no longer watched
        self.passes = 0  # completed background passes (tests wait for one more pass)
        self._advance = redis.register_script(_ADVANCE)
        self._release = redis.register_script(_RELEASE)
        self._touched: dict[str, float] = {}

    async def sweep(self) -> None:
        try:
            for session_id in await self.channel_sessions.watched():
                await self.deliver(session_id)
        finally:
            self.passes += 1

    async def deliver(self, session_id: str) -> int:
        """Send what this session's channel has not had yet; returns how many events went out."""
        record = await self.channel_sessions.record(session_id)
        session = await self.sessions.get(session_id)
        if not record or session is None:  # erased or expired
            await self.channel_sessions.unwatch(session_id)
            return 0
        provider = self.providers.get(record.get("channel", ""))
        if provider is None or not provider.configured:
            return 0
        await self._keep_waiting_alive(session_id, session.mode)
        length = await self.redis.llen(keys.transcript(session_id))
        if length <= int(record.get("delivered") or 0):
            # Everything said. Closed: the address is no longer needed. With the assistant and quiet
            # for a while: new events come when the citizen writes again (which watches it again).
            if session.mode == "closed":
                await self.channel_sessions.unwatch(session_id, drop_address=True)
            elif session.mode == "bot" and await self._quiet(session_id):
                await self.channel_sessions.unwatch(session_id)
            return 0
        token = secrets.token_hex(8)
        lock = keys.channel_delivery_lock(session_id)
        if not await self.redis.set(lock, token, nx=True, px=self.lock_ms):
            return 0  # another delivery (maybe another gateway) is under way; the next pass checks again
        try:
            return await self._deliver_locked(session_id, token, session.language)
        except LostLock:
            log.warning("lost the delivery lock of a channel session; another delivery takes over")
            return 0
        finally:
            await self._release(keys=[lock], args=[token])

    async def _deliver_locked(self, session_id: str, token: str, language: str) -> int:
        record = await self.channel_sessions.record(session_id)  # the cursor, read under the lock
        provider = self.providers[record["channel"]]
        address = record.get("address", "")
        delivered = int(record.get("delivered") or 0)
        part = int(record.get("delivered_part") or 0)
        events = await self.transcripts.read(session_id, delivered)
        shown = {e["seq"]: e for e in await citizen_view(events, self.names)}
        last_queue = max((e["seq"] for e in events if e.get("kind") == "queue"), default=0)
        sent_events = 0
        for event in events:
            seq = event["seq"]
            wanted = (seq in shown and event.get("from") != "citizen" and address
                      and not (event.get("kind") == "queue" and seq < last_queue))
            if not wanted:
                await self._move(session_id, token, seq, 0)
                continue
            outgoing = await render(shown[seq], language, self.links)
            if not outgoing.text and not outgoing.buttons:
                await self._move(session_id, token, seq, 0)
                continue
            choices_id = ""
            if outgoing.buttons:
                choices_id = await self.channel_sessions.offer(session_id, [b["payload"] for b in outgoing.buttons])

            async def sent(parts: int, seq: int = seq) -> None:
                await self._move(session_id, token, seq - 1, parts)

            try:
                await provider.deliver(address, outgoing, choices_id, part if seq == delivered + 1 else 0, sent)
            except ProviderError as error:
                if not error.permanent:
                    log.warning("channel delivery failed (%s); trying again on the next pass", error)
                    await self.channel_sessions.watch(session_id)
                    return sent_events
                log.warning("the provider refused a channel message (%s); skipping it", error)
            await self._move(session_id, token, seq, 0)
            sent_events += 1
        return sent_events

    async def _quiet(self, session_id: str) -> bool:
        [(last_seen_ms, _away)] = await self.sessions.presence([session_id])
        return last_seen_ms is None or time.time() * 1000 - last_seen_ms > self.unwatch_quiet_s * 1000

    async def _move(self, session_id: str, token: str, delivered: int, part: int) -> None:
        moved = await self._advance(keys=[keys.channel_delivery_lock(session_id), keys.channel_session(session_id)],
                                    args=[token, delivered, part, self.lock_ms])
        if not moved:
            raise LostLock(session_id)

    async def _keep_waiting_alive(self, session_id: str, mode: str) -> None:
        if mode != "queued":
            self._touched.pop(session_id, None)
            return
        now = time.monotonic()
        if now - self._touched.get(session_id, 0.0) >= TOUCH_EVERY_S:
            self._touched[session_id] = now
            await self.sessions.touch(session_id)
