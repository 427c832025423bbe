"""The session state machine: the one place a session's mode changes.

::

    bot ──queue──▶ queued ──claim──▶ human ──counsellor close──▶ closed
     ▲               ▲                 │ │
     │               └─────────────────┘ │   transfer to a queue, or the claim's lease lapsed
     └───────────────release─────────────┘
    bot | queued | human ──citizen close──▶ closed

Every route and the lease sweeper go through ``SessionFlow``: it checks the guards (who holds the
handover, routing, capacity), writes the handover through ``HandoverStore`` and the mode through
``SessionStore`` (a compare-and-set against the modes the transition starts from), and tells the
citizen. A transition that is not possible raises ``Refused`` (or ``NotFound``), each with a stable
``code``; the routes turn them into 409 (404) answers. Transitions on one session run one at a
time in this process (the gateway is one process and the sweeper runs in it); the handover's own
changes stay atomic in Redis across processes.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from core import texts
from core.clock import now
from core.sessions import ModeConflict, SessionStore
from core.transcripts import TranscriptStore
from handover.counsellors import CounsellorStore
from handover.queue import HandoverRequest, HandoverStore
from handover.routing import assess
from handover.waiting import WaitingRoom

log = logging.getLogger("veivalg.flow")

CITIZEN_CLOSED_TEXT = "Samtalen ble avsluttet av deg."


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
TRANSITIONS = (QUEUE, CLAIM, TRANSFER_TO_QUEUE, LEASE_EXPIRED, RELEASE, COUNSELLOR_CLOSE, CITIZEN_CLOSE)


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


def require_holder(handover: dict[str, Any], counsellor: str) -> None:
    if handover["status"] == "waiting":
        raise Refused("not_claimed", "claim this handover first")
    if handover["status"] == "closed":
        raise Refused("handover_closed", "this handover is closed")
    if handover["counsellor"] != counsellor:
        raise Refused("held_by_colleague", f"this handover is held by {handover['counsellor']}")


class SessionFlow:
    def __init__(self, sessions: SessionStore, transcripts: TranscriptStore, handovers: HandoverStore,
                 waiting: WaitingRoom, counsellors: CounsellorStore, retention_days: int) -> None:
        self.sessions = sessions
        self.transcripts = transcripts
        self.handovers = handovers
        self.waiting = waiting
        self.counsellors = counsellors
        self.retention_days = retention_days
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # --- the citizen asks for a human: bot -> queued

    async def queue(self, session_id: str, request: HandoverRequest, language: str) -> Queued:
        """Queue a handover for the session (idempotent while one is open) and tell the citizen
        their place, in ``language``."""
        async with self._serial(session_id):
            session = await self.sessions.get(session_id)
            if session is None:
                raise NotFound("session_not_found", f"unknown session {session_id!r}")
            if session.mode not in QUEUE.sources:
                raise IllegalTransition(QUEUE, session.mode)
            handover, created = await self.handovers.create(session_id, request)
            await self._move(session_id, QUEUE)
            status = await self.waiting.admit(handover["id"])
            notice = texts.text("handover_queued", language, position=status["position"],
                                minutes=max(1, round(status["estimated_wait_s"] / 60)))
            await self.transcripts.append(session_id, "system", notice, "handover_queued", language=language)
        await self.waiting.announce()  # a crisis ahead of others moves them back
        return Queued(handover, created, status["position"], status["estimated_wait_s"], notice)

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
                await self._tell(session_id, "counsellor_joined")
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
                await self._tell(session_id, "returned_to_queue")
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
            await self._tell(session_id, "back_to_bot")

    async def close(self, handover_id: str, counsellor: str, outcome: str, note: str) -> dict[str, Any]:
        """The counsellor ends the conversation with an outcome; the transcript is kept for the
        retention period. Returns the handover as it was before closing."""
        async with self._held(handover_id, counsellor) as handover:
            session_id = handover["session_id"]
            await self._move(session_id, COUNSELLOR_CLOSE)
            await self.handovers.close(handover_id, outcome, note, counsellor)
            await self._tell(session_id, "conversation_closed")
            await self.sessions.retire(session_id, self.retention_days)
        return handover

    async def citizen_close(self, session_id: str) -> bool:
        """The citizen ends the chat; an open handover closes as ``no_show``. False when it was
        already closed (closing twice is not an error)."""
        async with self._serial(session_id):
            try:
                await self._move(session_id, CITIZEN_CLOSE)
            except IllegalTransition as refused:
                if refused.current == "closed":
                    return False
                raise
            session = await self.sessions.get(session_id)
            if session is not None and session.handover_id:
                handover = await self.handovers.get(session.handover_id)
                if handover and handover["status"] != "closed":
                    await self.handovers.close(session.handover_id, "no_show", "the citizen closed the chat",
                                               "citizen")
            await self.transcripts.append(session_id, "system", CITIZEN_CLOSED_TEXT, "system")
            await self.sessions.retire(session_id, self.retention_days)
        return True

    async def erase(self, session_id: str) -> None:
        """The citizen's right to erasure: the session, its transcript and its open handover."""
        async with self._serial(session_id):
            session = await self.sessions.get(session_id)
            if session is not None and session.handover_id:
                await self.handovers.erase(session.handover_id)
            await self.sessions.erase(session_id)

    # --- plumbing

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

    async def _tell(self, session_id: str, key: str, kind: str = "system") -> None:
        session = await self.sessions.get(session_id)
        if session is not None:
            await self.transcripts.append(session_id, "system", texts.text(key, session.language), kind)

    async def _transferred(self, session_id: str, counsellor: str, target: str, note: str) -> None:
        await self.transcripts.append(session_id, "counsellor", f"Overført til {target} av {counsellor}: {note}",
                                      "internal_note", counsellor=counsellor)
        await self._tell(session_id, "transferred")
