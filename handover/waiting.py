"""What a queued citizen is told: position and an estimated wait from recent handling times and
the counsellors on duty, announced again whenever it changes."""

import asyncio
import contextlib
import math

from core import texts
from core.sessions import SessionStore
from core.transcripts import TranscriptStore
from handover.counsellors import CounsellorStore
from handover.queue import HandoverStore


class WaitingRoom:
    def __init__(self, handovers: HandoverStore, counsellors: CounsellorStore, transcripts: TranscriptStore,
                 sessions: SessionStore, default_handling_s: int) -> None:
        self.handovers = handovers
        self.counsellors = counsellors
        self.transcripts = transcripts
        self.sessions = sessions
        self.default_handling_s = default_handling_s
        self._announcing = asyncio.Lock()  # the sweeper and a route announcing at once would tell twice

    async def _rate(self) -> tuple[float, int]:
        """(mean handling time in seconds, parallel chats the counsellors on duty can hold)."""
        recent = await self.handovers.recent_handling_s()
        handling = sum(recent) / len(recent) if recent else self.default_handling_s
        on_duty = await self.counsellors.on_duty()
        return handling, max(1, sum(p.max_parallel for p in on_duty))

    @staticmethod
    def _estimate(position: int, handling: float, capacity: int) -> int:
        # Everyone ahead has to be taken first; each free slot takes one per handling time.
        return int(math.ceil(position / capacity) * handling)

    async def estimate_wait_s(self, position: int) -> int:
        return self._estimate(position, *await self._rate())

    async def status(self, handover_id: str) -> dict[str, int] | None:
        position = await self.handovers.position(handover_id)
        if position is None:
            return None
        return {"position": position, "estimated_wait_s": await self.estimate_wait_s(position)}

    async def admit(self, handover_id: str) -> dict[str, int]:
        """The place of a handover just queued, recorded as announced: the caller tells the citizen
        (so the next announcement does not repeat it)."""
        async with self._announcing:
            return await self._admit(handover_id)

    @contextlib.asynccontextmanager
    async def admitting(self):
        """Hold the announcements while a handover is created, admitted and its citizen told, so
        the "you are in the queue" notice always comes before any "you are now number N"."""
        async with self._announcing:
            yield self._admit

    async def _admit(self, handover_id: str) -> dict[str, int]:
        status = await self.status(handover_id) or {"position": 1, "estimated_wait_s": 0}
        await self.handovers.set_announced_position(handover_id, status["position"])
        return status

    async def announce(self) -> None:
        """Tell each waiting citizen their new place when it changed since the last notice."""
        async with self._announcing:
            await self._announce()

    async def _announce(self) -> None:
        waiting = await self.handovers.list("waiting")
        changed = [(position, h) for position, h in enumerate(waiting, start=1)
                   if str(position) != (h.get("announced_position") or "")]
        if not changed:
            return
        handling, capacity = await self._rate()
        for position, handover in changed:
            status = {"position": position, "estimated_wait_s": self._estimate(position, handling, capacity)}
            if not await self.handovers.set_announced_position(handover["id"], position):
                continue  # another gateway announced this place meanwhile (or the handover is gone)
            session = await self.sessions.get(handover["session_id"])
            language = (session.language if session is not None else "") or "nb"
            text = texts.text("queue_position", language, position=position,
                              minutes=max(1, round(status["estimated_wait_s"] / 60)))
            await self.transcripts.append(handover["session_id"], "system", text, "queue", queue=status)
