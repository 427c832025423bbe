"""The session state machine: the one place a session's mode changes.

::

    bot ──queue──▶ queued ──claim──▶ human ──counsellor close──▶ closed
     ▲ ◀─withdraw──┘ ▲                 │ │
     │               └─────────────────┘ │   transfer to a queue, or the claim's lease lapsed
     └───────────────release─────────────┘
    bot | queued | human ──citizen close──▶ closed
    queued | human ──abandon (no sign of the citizen for a while)──▶ closed

Every route and the sweepers (leases, abandonment) go through ``SessionFlow``: it checks the guards (who holds the
handover, routing, capacity), writes the handover through ``HandoverStore`` and the mode through
``SessionStore`` (a compare-and-set against the modes the transition starts from), and tells the
citizen. A transition that is not possible raises ``Refused`` (or ``NotFound``), each with a stable
``code``; the routes turn them into 409 (404) answers. Transitions on one session run one at a
time in this process (the gateway is one process and the sweeper runs in it); the handover's own
changes stay atomic in Redis across processes.

Safety and leaving: ``crisis`` escalates the open handover (crisis priority, front of the queue),
leaves a staff-only ``crisis_alert`` in the transcript and tells the back room; ``leave`` takes a
queued citizen back to the bot (the handover closes as ``withdrawn``) or ends a chat with a
counsellor; ``citizen_close`` and ``abandon`` end it (``no_show``) and leave a staff-only
``citizen_left`` event for the counsellor who held it. ``queue`` keeps the cap on waiting handovers
per client address (``WaitingByAddress``; a crisis is never refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis.asyncio import Redis

from core import keys, texts
from core.clock import now
from core.metrics import Metrics
from core.sessions import ModeConflict, SessionStore
from core.transcripts import TranscriptStore
from handover.backroom import BackRoom
from handover.counsellors import CounsellorStore
from handover.queue import HandoverRequest, HandoverStore
from handover.routing import assess
from handover.waiting import WaitingRoom
from knowledge.centres import centre_payload

log = logging.getLogger("veivalg.flow")

# What the staff read (bokmål); the citizen's notices are in core.texts.
CRISIS_ALERT_WAITING = ("KRISE: Innbyggeren skrev noe som kan bety at hen er i fare. Nødnumrene er vist, og "
                        "samtalen står først i køen. Ta den nå.")
CRISIS_ALERT_HELD = ("KRISE: Innbyggeren skrev noe som kan bety at hen er i fare. Nødnumrene er vist til "
                     "innbyggeren. Følg opp nå.")
BACKROOM_CRISIS_WAITING = ("KRISE i køen: en innbygger kan være i fare (samtale {handover_id}). Nødnumrene er vist, "
                           "og samtalen står først i køen. Kan noen ta den nå?")
BACKROOM_CRISIS_HELD = ("@{counsellor} KRISE i samtalen din (samtale {handover_id}): innbyggeren kan være i fare. "
                        "Nødnumrene er vist til innbyggeren.")
CITIZEN_LEFT_TEXT = "Innbyggeren har avsluttet samtalen."
CITIZEN_GONE_TEXT = ("Innbyggeren har ikke vært aktiv på {minutes} minutter. Samtalen er avsluttet som «ikke svar».")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str


QUEUE = Transition("queue", ("bot", "queued"), "queued")  # asking again while queued is the same request
CLAIM = Transition("claim", ("queued",), "human")
TRANSFER_TO_QUEUE = Transition("transfer_to_queue", ("human",), "queued")
LEASE_EXPIRED = Transition("lease_expired", ("human",), "queued")
RELEASE = Transition("release", ("human",), "bot")
COUNSELLOR_CLOSE = Transition("counsellor_close", ("human",), "closed")
CITIZEN_CLOSE = Transition("citizen_close", ("bot", "queued", "human"), "closed")
WITHDRAW = Transition("withdraw", ("queued",), "bot")  # the citizen leaves the queue
ABANDON = Transition("abandon", ("queued", "human"), "closed")  # no sign of the citizen for a while
TRANSITIONS = (QUEUE, CLAIM, TRANSFER_TO_QUEUE, LEASE_EXPIRED, RELEASE, COUNSELLOR_CLOSE, CITIZEN_CLOSE, WITHDRAW,
               ABANDON)


class FlowError(Exception):
    """A transition that did not happen; ``code`` is stable and machine-readable."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class NotFound(FlowError):
    """No such handover or session (or nobody waiting for this counsellor)."""


class Refused(FlowError):
    """Not possible now: a guard said no (someone else holds it, too many chats ...)."""


class IllegalTransition(Refused):
    """The session is in a mode this transition does not start from."""

    def __init__(self, transition: Transition, current: str) -> None:
        code = "session_closed" if current == "closed" else "illegal_transition"
        super().__init__(code, f"cannot {transition.name.replace('_', ' ')}: the conversation is {current} "
                               f"(possible from {' or '.join(transition.sources)})")
        self.transition = transition
        self.current = current


@dataclass(frozen=True)
class Queued:
    handover: dict[str, Any]
    created: bool
    position: int
    estimated_wait_s: int
    notice: str  # what the citizen was told


@dataclass(frozen=True)
class Claim:
    handover_id: str
    counsellor: str
    lease_s: int


class WaitingByAddress:
    """The waiting handovers queued from each client address (``keys.waiting_by_address``; this is
    its only writer): the cap per address. Handover ids stay in the set until their handover is
    closed or gone (an active one counts again if it returns to the queue); the set expires
    ``keep_s`` after the last request from the address."""

    def __init__(self, redis: Redis, handovers: HandoverStore, limit: int, keep_s: int = 12 * 3600) -> None:
        self.redis = redis
        self.handovers = handovers
        self.limit = limit  # 0: no cap
        self.keep_s = keep_s

    async def count(self, address: str) -> int:
        key = keys.waiting_by_address(address)
        waiting, gone = 0, []
        for handover_id in await self.redis.smembers(key):
            handover = await self.handovers.get(handover_id)
            if handover is None or handover["status"] == "closed":
                gone.append(handover_id)
            elif handover["status"] == "waiting":
                waiting += 1
        if gone:
            await self.redis.srem(key, *gone)
        return waiting

    async def full(self, address: str) -> bool:
        return self.limit > 0 and await self.count(address) >= self.limit

    async def add(self, address: str, handover_id: str) -> None:
        key = keys.waiting_by_address(address)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(key, handover_id)
            pipe.expire(key, self.keep_s)
            await pipe.execute()


def require_holder(handover: dict[str, Any], counsellor: str) -> None:
    if handover["status"] == "waiting":
        raise Refused("not_claimed", "claim this handover first")
    if handover["status"] == "closed":
        raise Refused("handover_closed", "this handover is closed")
    if handover["counsellor"] != counsellor:
        raise Refused("held_by_colleague", f"this handover is held by {handover['counsellor']}")


class SessionFlow:
    def __init__(self, sessions: SessionStore, transcripts: TranscriptStore, handovers: HandoverStore,
                 waiting: WaitingRoom, counsellors: CounsellorStore, retention_days: int,
                 backroom: BackRoom | None = None, waiting_by_address: WaitingByAddress | None = None,
                 metrics: Metrics | None = None) -> None:
        self.sessions = sessions
        self.transcripts = transcripts
        self.handovers = handovers
        self.waiting = waiting
        self.counsellors = counsellors
        self.retention_days = retention_days
        self.backroom = backroom  # hears of every crisis in an open handover
        self.waiting_by_address = waiting_by_address  # the cap on waiting handovers per client address
        self.metrics = metrics or Metrics(sessions.redis, keep_s=(retention_days + 1) * 86400)  # counts only
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # --- the citizen asks for a human: bot -> queued

    async def queue(self, session_id: str, request: HandoverRequest, language: str,
                    address: str | None = None) -> Queued:
        """Queue a handover for the session (idempotent while one is open) and tell the citizen
        their place, in ``language``. With the citizen's ``address``, a new request is refused
        (``too_many_waiting``) while that address already has the capped number of handovers
        waiting; a crisis never is."""
        cap = self.waiting_by_address if address else None
        # One request per address at a time (outer), then the session's turn: the cap holds.
        async with (self._serial(f"address:{address}") if cap else contextlib.nullcontext(),
                    self._serial(session_id)):
            session = await self.sessions.get(session_id)
            if session is None:
                raise NotFound("session_not_found", f"unknown session {session_id!r}")
            if session.mode not in QUEUE.sources:
                raise IllegalTransition(QUEUE, session.mode)
            if (cap and session.mode == "bot" and request.priority != "crisis"
                    and await cap.full(address)):
                raise Refused("too_many_waiting", f"{cap.limit} requests for a counsellor from this network "
                                                  "are already waiting")
            async with self.waiting.admitting() as admit:
                handover, created = await self.handovers.create(session_id, request)
                await self._move(session_id, QUEUE)
                if cap and created:
                    await cap.add(address, handover["id"])
                if created:
                    await self.metrics.handed_over(session_id)
                status = await admit(handover["id"])
                key = "handover_queued_crisis" if handover.get("priority") == "crisis" else "handover_queued"
                notice = texts.text(key, language, position=status["position"],
                                    minutes=max(1, round(status["estimated_wait_s"] / 60)))
                await self.transcripts.append(session_id, "system", notice, "handover_queued", language=language)
        await self.waiting.announce()  # a crisis ahead of others moves them back
        return Queued(handover, created, status["position"], status["estimated_wait_s"], notice)

    # --- safety: a crisis while a handover is open (waiting or with a counsellor)

    async def crisis(self, session_id: str) -> dict[str, Any] | None:
        """The citizen wrote something that may mean they are in danger. Their open handover becomes
        crisis priority (a waiting one moves to the front, and everyone's place is announced), the
        transcript gets a staff-only ``crisis_alert`` and the back room a system post naming the
        handover (and the counsellor holding it). Returns the handover, or None when none is open."""
        async with self._serial(session_id):
            session = await self.sessions.get(session_id)
            handover = await self.handovers.get(session.handover_id) if session and session.handover_id else None
            if handover is None or handover["status"] == "closed":
                return None
            await self.handovers.escalate(handover["id"])
            handover = await self.handovers.get(handover["id"]) or handover
            holder = handover["counsellor"] if handover["status"] == "active" else None
            await self.transcripts.append(session_id, "system", CRISIS_ALERT_HELD if holder else CRISIS_ALERT_WAITING,
                                          "crisis_alert", handover_id=handover["id"], counsellor=holder)
            if self.backroom is not None:
                text = (BACKROOM_CRISIS_HELD if holder else BACKROOM_CRISIS_WAITING).format(
                    handover_id=handover["id"], counsellor=holder)
                await self.backroom.post_system(text, kind="crisis", handover_id=handover["id"],
                                                mentions=[holder] if holder else [])
        if handover["status"] == "waiting":
            await self.waiting.announce()  # the others hear their new place, the citizen theirs
        return handover

    # --- a counsellor takes it: queued -> human

    async def claim(self, handover_id: str, counsellor: str) -> Claim:
        handover = await self._handover(handover_id)
        me = await self.counsellors.get(counsellor)
        if handover["status"] == "waiting":
            verdict = assess(handover, me, await self.counsellors.on_duty(), now(),
                             self.counsellors.preference_window_s)
            if not verdict.eligible:
                raise Refused("not_yours_yet", f"not yours to take yet: {'; '.join(verdict.notes)}")
            if len(await self.handovers.held_by(counsellor)) >= me.max_parallel:
                raise Refused("too_many_chats", f"you already have {me.max_parallel} chats; close one first")
        session_id = handover["session_id"]
        async with self._serial(session_id):
            result = await self.handovers.claim(handover_id, counsellor)
            if result == "not_found":
                raise NotFound("handover_not_found", f"unknown handover {handover_id!r}")
            if result == "closed":
                raise Refused("handover_closed", "this handover is closed")
            if result == "active":
                holder = (await self.handovers.get(handover_id) or {}).get("counsellor")
                raise Refused("already_claimed", f"already claimed by {holder}")
            if result == "claimed":
                await self._move(session_id, CLAIM)
                await self._tell(session_id, "counsellor_joined", mode="human")
                if not handover.get("claimed_at") and handover.get("waiting_since"):  # the first claim
                    waited = now() - datetime.fromisoformat(handover["waiting_since"])
                    await self.metrics.waited(waited.total_seconds())
        if result == "claimed":
            await self.waiting.announce()
        return Claim(handover_id, counsellor, self.handovers.lease_s)

    async def claim_next(self, counsellor: str) -> Claim:
        """The first handover this counsellor should take (crisis first, then waiting time)."""
        me, on_duty, loads = (await self.counsellors.get(counsellor), await self.counsellors.on_duty(),
                              await self.handovers.loads())
        if loads.get(counsellor, 0) >= me.max_parallel:
            raise Refused("too_many_chats", f"you already have {me.max_parallel} chats; close one first")
        for item in await self.handovers.list("waiting"):
            verdict = assess(item, me, on_duty, now(), self.counsellors.preference_window_s, loads,
                             self.counsellors.fairness_window_s)
            if verdict.eligible:
                try:
                    return await self.claim(item["id"], counsellor)
                except Refused:
                    continue  # someone was quicker, or it is not ours after all: try the next
        raise NotFound("nobody_waiting", "nobody is waiting for you right now")

    async def holding(self, handover_id: str, counsellor: str) -> dict[str, Any]:
        """The handover, when ``counsellor`` holds it (the guard of replies and renewals)."""
        handover = await self._handover(handover_id)
        require_holder(handover, counsellor)
        return handover

    # --- transfers: to a colleague (human stays human) or back to a queue (human -> queued)

    async def transfer_to_counsellor(self, handover_id: str, counsellor: str, colleague: str, note: str) -> str:
        async with self._held(handover_id, counsellor) as handover:
            if colleague == counsellor:
                raise Refused("already_yours", "you already hold this handover")
            profile = await self.counsellors.get(colleague)
            if colleague not in {p.username for p in await self.counsellors.on_duty()}:
                raise Refused("colleague_off_duty", f"{colleague} is not on duty")
            if len(await self.handovers.held_by(colleague)) >= profile.max_parallel:
                raise Refused("colleague_full", f"{colleague} already has {profile.max_parallel} chats")
            await self.handovers.transfer_to(handover_id, colleague)
            await self._transferred(handover["session_id"], counsellor, colleague, note)
        await self.waiting.announce()
        return colleague

    async def transfer_to_queue(self, handover_id: str, counsellor: str, language: str, note: str) -> str:
        target = f"queue:{language}"
        async with self._held(handover_id, counsellor) as handover:
            await self._move(handover["session_id"], TRANSFER_TO_QUEUE)
            await self.handovers.requeue(handover_id, language)
            await self._transferred(handover["session_id"], counsellor, target, note)
        await self.waiting.announce()
        return target

    # --- the lease sweeper: human -> queued when the counsellor's console stopped renewing

    async def expire_leases(self) -> list[str]:
        """Claims whose lease lapsed go back to the front of the queue and the citizen is told;
        then every waiting citizen whose place changed hears it. Returns the handovers returned."""
        returned = []
        for handover_id in await self.handovers.lapsed_leases():
            handover = await self.handovers.get(handover_id)
            session_id = handover["session_id"] if handover else None
            async with self._serial(session_id or handover_id):
                if not await self.handovers.expire_lease(handover_id):
                    continue
                returned.append(handover_id)
                if session_id is None:
                    continue
                try:
                    await self._move(session_id, LEASE_EXPIRED)
                except FlowError as refused:
                    if refused.code not in ("session_closed", "session_not_found"):
                        log.warning("handover %s went back to the queue but its session did not: %s",
                                    handover_id, refused.detail)
                    continue
                await self._tell(session_id, "returned_to_queue", mode="queued")
        await self.waiting.announce()
        return returned

    # --- endings: human -> bot, human -> closed, any open mode -> closed

    async def release(self, handover_id: str, counsellor: str, note: str) -> None:
        """Hand the conversation back to the assistant; the handover closes as ``returned_to_bot``."""
        async with self._held(handover_id, counsellor) as handover:
            session_id = handover["session_id"]
            await self._move(session_id, RELEASE)
            await self.handovers.close(handover_id, "returned_to_bot", note, counsellor)
            await self.sessions.detach_handover(session_id)
            await self._tell(session_id, "back_to_bot", mode="bot")

    async def close(self, handover_id: str, counsellor: str, outcome: str, note: str) -> dict[str, Any]:
        """The counsellor ends the conversation with an outcome; the transcript is kept for the
        retention period. Returns the handover as it was before closing."""
        async with self._held(handover_id, counsellor) as handover:
            session_id = handover["session_id"]
            await self._move(session_id, COUNSELLOR_CLOSE)
            await self.handovers.close(handover_id, outcome, note, counsellor)
            await self._tell(session_id, "conversation_closed", mode="closed",  # the page offers the rating
                             buttons=await self._centre_buttons(session_id, handover)
                             if outcome == "referred_career_centre" else None)
            await self.sessions.retire(session_id, self.retention_days)
            await self.metrics.chat_ended(session_id)
        return handover

    async def citizen_close(self, session_id: str) -> bool:
        """The citizen ends the chat; an open handover closes as ``no_show`` and the counsellor
        holding it reads ``citizen_left``. False when it was already closed (closing twice is not an
        error)."""
        async with self._serial(session_id):
            try:
                await self._close_by_citizen(session_id)
            except IllegalTransition as refused:
                if refused.current == "closed":
                    return False
                raise
        await self.waiting.announce()  # those behind a waiting handover move up
        return True

    async def leave(self, session_id: str) -> str:
        """The citizen's "leave": out of the queue and back to the bot (the handover closes as
        ``withdrawn``), or, with a counsellor, the end of the chat (as ``citizen_close``). Returns
        the mode the session is in now; ``not_queued`` in the bot's hands, ``session_closed`` after
        the end."""
        async with self._serial(session_id):
            session = await self.sessions.get(session_id)
            if session is None:
                raise NotFound("session_not_found", f"unknown session {session_id!r}")
            if session.mode == "queued":
                await self._move(session_id, WITHDRAW)
                if session.handover_id:
                    handover = await self.handovers.get(session.handover_id)
                    if handover and handover["status"] != "closed":
                        await self.handovers.close(session.handover_id, "withdrawn", "the citizen left the queue",
                                                   "citizen")
                    await self.sessions.detach_handover(session_id)
                await self._tell(session_id, "left_queue", mode="bot")
                mode = "bot"
            elif session.mode == "human":
                await self._close_by_citizen(session_id)
                mode = "closed"
            elif session.mode == "closed":
                raise IllegalTransition(WITHDRAW, "closed")
            else:
                raise Refused("not_queued", "you are not waiting for a counsellor nor chatting with one")
        await self.waiting.announce()
        return mode

    async def abandon(self, session_id: str, idle_s: int) -> bool:
        """No sign of the citizen (message, poll, callback) for ``idle_s``: a queued or active chat
        closes, its handover as ``no_show``; the counsellor holding it reads ``citizen_left``, and the
        citizen, should they come back, why. False when the session is not queued or with a human."""
        async with self._serial(session_id):
            try:
                await self._move(session_id, ABANDON)
            except FlowError:
                return False  # back with the bot, closed or gone meanwhile
            minutes = max(1, round(idle_s / 60))
            await self._end_handover(session_id, f"no sign of the citizen for {minutes} min", "system",
                                     CITIZEN_GONE_TEXT.format(minutes=minutes))
            await self._tell(session_id, "abandoned", mode="closed")
            await self.sessions.retire(session_id, self.retention_days)
            await self.metrics.chat_ended(session_id)
        await self.waiting.announce()
        return True

    async def erase(self, session_id: str) -> None:
        """The citizen's right to erasure (and the retention sweep): every trace of the session's
        text and contact data, in the session's turn (``handover.erasure``)."""
        from handover.callbacks import CallbackStore
        from handover.erasure import SessionEraser

        eraser = SessionEraser(self.sessions, self.handovers, CallbackStore(self.sessions.redis))
        async with self._serial(session_id):
            erased = await eraser.erase(session_id)
        if erased.handovers:
            await self.waiting.announce()  # those behind a waiting handover move up

    # --- plumbing

    async def _close_by_citizen(self, session_id: str) -> None:
        """CITIZEN_CLOSE inside the session's turn (IllegalTransition when already closed)."""
        await self._move(session_id, CITIZEN_CLOSE)
        await self._end_handover(session_id, "the citizen closed the chat", "citizen", CITIZEN_LEFT_TEXT)
        await self._tell(session_id, "closed_by_you", mode="closed")
        await self.sessions.retire(session_id, self.retention_days)
        await self.metrics.chat_ended(session_id)

    async def _end_handover(self, session_id: str, note: str, closed_by: str, left_text: str) -> None:
        """Close the session's open handover as ``no_show``; the counsellor holding it reads
        ``left_text`` (a staff-only ``citizen_left`` event)."""
        session = await self.sessions.get(session_id)
        handover = await self.handovers.get(session.handover_id) if session and session.handover_id else None
        if handover is None or handover["status"] == "closed":
            return
        await self.handovers.close(handover["id"], "no_show", note, closed_by)
        if handover["status"] == "active" and handover["counsellor"]:
            await self.transcripts.append(session_id, "system", left_text, "citizen_left",
                                          handover_id=handover["id"], counsellor=handover["counsellor"])

    def _serial(self, session_id: str) -> asyncio.Lock:
        """One transition at a time per session (the lock lives while someone holds or awaits it)."""
        lock = self._locks.get(session_id)
        if lock is None:
            lock = self._locks[session_id] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def _held(self, handover_id: str, counsellor: str) -> AsyncIterator[dict[str, Any]]:
        """The handover, checked (inside the session's turn) to be held by ``counsellor``."""
        handover = await self._handover(handover_id)
        async with self._serial(handover["session_id"]):
            yield await self.holding(handover_id, counsellor)

    async def _handover(self, handover_id: str) -> dict[str, Any]:
        handover = await self.handovers.get(handover_id)
        if handover is None:
            raise NotFound("handover_not_found", f"unknown handover {handover_id!r}")
        return handover

    async def _move(self, session_id: str, transition: Transition) -> None:
        try:
            await self.sessions.set_mode(session_id, transition.target, expected=transition.sources)
        except ModeConflict as conflict:
            if conflict.current is None:
                raise NotFound("session_not_found", f"unknown session {session_id!r}") from None
            raise IllegalTransition(transition, conflict.current) from None

    async def _centre_buttons(self, session_id: str, handover: dict[str, Any]) -> list[dict[str, str]]:
        """Referred to a career centre: one button that shows the nearest centre's card under the
        closed chat (the chat page asks GET /api/career-centres/nearest), for the county the triage
        found; with none known the page starts a new chat, where the assistant asks where."""
        session = await self.sessions.get(session_id)
        language = session.language if session else "nb"
        county = handover.get("county") or (session.triage.get("county") if session else None)
        return [{"title": texts.text("button_career_centre", language), "payload": centre_payload(county)}]

    async def _tell(self, session_id: str, key: str, kind: str = "system", **extra: Any) -> None:
        """A notice to the citizen in their language (``mode``: the mode it puts them in, for pages
        that follow the events)."""
        session = await self.sessions.get(session_id)
        if session is not None:
            await self.transcripts.append(session_id, "system", texts.text(key, session.language), kind, **extra)

    async def _transferred(self, session_id: str, counsellor: str, target: str, note: str) -> None:
        await self.transcripts.append(session_id, "counsellor", f"Overført til {target} av {counsellor}: {note}",
                                      "internal_note", counsellor=counsellor)
        await self._tell(session_id, "transferred")
