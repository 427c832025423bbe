"""The citizen's live stream: ``/ws/sessions/{session_id}``, a WebSocket carrying the same events as
``GET /api/sessions/{id}/events`` (which stays as the fallback).

Protocol (JSON text frames):

- client → server, first: ``{"type": "auth", "token": "<session token>", "after": <last seq seen>}``
  (the token never goes into the URL). A wrong or missing token, or no auth message within
  ``ASSISTANT_LIVE_AUTH_TIMEOUT_S`` (10 s): closed with code 4401. An unknown (erased, expired)
  session: 4404, also when it is erased while the stream is open.
- server → client: ``{"type": "events", "events": [...]}``, the citizen's view of the transcript in seq
  order: first everything after ``after`` (sent at once, possibly empty: it also says "authenticated"),
  then each new event as it is appended.
- server → client: ``{"type": "typing", "from": "counsellor", "name": "<first name>"}`` while the
  counsellor types (the ephemeral signal on ``keys.session_typing_channel``).
- too many connections from one address (``ASSISTANT_LIMIT_LIVE_CONNECTS_PER_ADDRESS``): closed with
  1013 (try again later); the page keeps to the long-poll and retries with back-off.
- server → client: ``{"type": "ping"}`` every ``ASSISTANT_LIVE_PING_S`` (20 s); the client may send
  ``{"type": "ping"}``, which is ignored, as is anything else it sends after the auth.

An open stream is a sign of life of the citizen (``SessionStore.touch``, at most every
``TOUCH_EVERY_S``), as the events poll is.
"""

import asyncio
import json
import logging
import time

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from redis.exceptions import RedisError

from assistant.api.citizen import _citizen_view
from core import keys
from core.errors import ApiError
from core.security import client_address
from core.sessions import SessionStore
from core.transcripts import TranscriptStore
from handover.counsellor_names import CounsellorNames

router = APIRouter(tags=["citizen"])
log = logging.getLogger("veivalg.live")

UNAUTHORISED = 4401  # wrong or missing token, or no auth message in time
GONE = 4404  # the session does not exist (erased, expired, never was)
UNAVAILABLE = 1011  # the message store cannot be reached: the page falls back to polling and retries
TRY_LATER = 1013  # too many connections from this address (ASSISTANT_LIMIT_LIVE_CONNECTS_PER_ADDRESS)
TOUCH_EVERY_S = 5.0  # sign of life at most this often
CHECK_EVERY_S = 5.0  # how often an open stream checks that its session still exists
WAKE_EVERY_S = 1.0  # the pub/sub wait is cut into slices this long (pings, checks, disconnects)
SEND_ERRORS = (WebSocketDisconnect, RuntimeError, OSError)


class _Closed(Exception):
    """The stream ends; ``code`` is sent to the client as the close code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@router.websocket("/ws/sessions/{session_id}")
async def session_stream(websocket: WebSocket, session_id: str) -> None:
    """Live events of one session for the citizen's page (see the module's docstring)."""
    state = websocket.app.state
    settings = state.settings
    await websocket.accept()
    try:
        try:
            await state.limiter.hit("live_connects_per_address", client_address(websocket, settings.trusted_proxies))
        except ApiError:
            raise _Closed(TRY_LATER, "too many connections; the page polls and retries later") from None
        after = await _authenticate(websocket, session_id, state.sessions, settings.live_auth_timeout_s)
        stream = _Stream(websocket, session_id, state.sessions, state.transcripts, state.counsellor_names, after,
                         settings.live_ping_s)
        await stream.run()
    except _Closed as closed:
        await _close(websocket, closed.code, closed.reason)
    except RedisError as error:
        log.warning("live stream of a session stops: the message store is unavailable (%s)", error)
        await _close(websocket, UNAVAILABLE, "store unavailable")
    except WebSocketDisconnect:
        pass


async def _authenticate(websocket: WebSocket, session_id: str, sessions: SessionStore, timeout_s: float) -> int:
    """The first message must be the auth message; returns its ``after``."""
    try:
        raw = await asyncio.wait_for(websocket.receive_text(), timeout_s)
    except TimeoutError:
        raise _Closed(UNAUTHORISED, "no auth message") from None
    except KeyError:  # a binary frame: receive_text() finds no "text"
        raise _Closed(UNAUTHORISED, "the first message must be the auth message") from None
    try:
        message = json.loads(raw)
    except ValueError:
        raise _Closed(UNAUTHORISED, "the first message must be the auth message") from None
    if not isinstance(message, dict) or message.get("type") != "auth":
        raise _Closed(UNAUTHORISED, "the first message must be the auth message")
    token, after = message.get("token"), message.get("after", 0)
    if not isinstance(token, str) or not token:
        raise _Closed(UNAUTHORISED, "missing token")
    if after is None:
        after = 0
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise _Closed(UNAUTHORISED, "after must be a seq (an integer >= 0)")
    if await sessions.get(session_id) is None:
        raise _Closed(GONE, "unknown session")
    if not await sessions.token_matches(session_id, token):
        raise _Closed(UNAUTHORISED, "wrong token")
    return after


class _Stream:
    """One authenticated socket: its own pub/sub subscription, a cursor (the last seq sent), and a
    receiver task that notices the client leaving."""

    def __init__(self, websocket: WebSocket, session_id: str, sessions: SessionStore,
                 transcripts: TranscriptStore, names: CounsellorNames, after: int, ping_s: float) -> None:
        self.websocket = websocket
        self.session_id = session_id
        self.sessions = sessions
        self.transcripts = transcripts
        self.names = names
        self.cursor = after
        self.ping_s = ping_s
        self.touched_at = -TOUCH_EVERY_S
        self.connected_ms = 0
        self.checked_at = 0.0
        self.pinged_at = 0.0

    async def run(self) -> None:
        channel = keys.session_events_channel(self.session_id)
        typing_channel = keys.session_typing_channel(self.session_id)
        pubsub = self.transcripts.redis.pubsub()
        receiver = asyncio.create_task(self._receive())
        try:
            await pubsub.subscribe(channel, typing_channel)
            # Read after subscribing, so an event appended in between is not missed; this first
            # message is sent even when empty (it tells the page the stream is live).
            await self._send_new(always=True)
            await self._touch(await self.sessions.get(self.session_id))  # a page that came back
            self.connected_ms = int(time.time() * 1000)
            now = time.monotonic()
            self.checked_at = self.pinged_at = now
            while not receiver.done():
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=WAKE_EVERY_S)
                if message is not None:
                    if message["channel"] == typing_channel:
                        await self._send_typing(message["data"])
                    else:
                        await self._send_new()
                await self._tick()
        finally:
            receiver.cancel()
            await pubsub.aclose()

    async def _receive(self) -> None:
        """Reads (and ignores) what the client sends until it disconnects."""
        try:
            while True:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
        except SEND_ERRORS:
            return

    async def _send(self, payload: dict) -> None:
        try:
            await self.websocket.send_json(payload)
        except SEND_ERRORS:
            raise WebSocketDisconnect(1006) from None

    async def _send_new(self, always: bool = False) -> None:
        events = await self.transcripts.read(self.session_id, self.cursor)
        if events:
            self.cursor = events[-1]["seq"]  # staff-only events move the cursor too, unseen
            await self._touch()
        # exactly the long-poll's view: no staff-only kinds, counsellors by first name
        shown = _citizen_view(events, await self.names.of_events(events)) if events else []
        if shown or always:
            await self._send({"type": "events", "events": shown})

    async def _send_typing(self, data: str) -> None:
        try:
            signal = json.loads(data)
        except ValueError:
            return
        if not isinstance(signal, dict) or signal.get("from") != "counsellor":
            return
        name = signal.get("name")
        await self._send({"type": "typing", "from": "counsellor", "name": name if isinstance(name, str) else ""})

    async def _tick(self) -> None:
        now = time.monotonic()
        if now - self.checked_at >= CHECK_EVERY_S:
            self.checked_at = now
            session = await self.sessions.get(self.session_id)
            if session is None:
                raise _Closed(GONE, "the session was erased or has expired")
            await self._touch(session)
        if now - self.pinged_at >= self.ping_s:
            self.pinged_at = now
            await self._send({"type": "ping"})

    async def _touch(self, session=None) -> None:
        """A sign of life, as an events poll is (not for a closed chat); at most every TOUCH_EVERY_S."""
        now = time.monotonic()
        if now - self.touched_at < TOUCH_EVERY_S:
            return
        if session is None:
            session = await self.sessions.get(self.session_id)
        if session is None or session.mode == "closed":
            return
        if self.connected_ms:
            # A page that said it is going (pagehide -> /away) after this socket opened has left,
            # even if the server has not yet seen this socket close: only a new page (a new
            # socket, a poll, a message) takes the away back.
            [(_, away_ms)] = await self.sessions.presence([self.session_id])
            if away_ms is not None and away_ms >= self.connected_ms:
                return
        self.touched_at = now
        await self.sessions.touch(self.session_id)


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    try:
        await websocket.close(code=code, reason=reason)
    except SEND_ERRORS:
        pass
