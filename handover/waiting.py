"""What a queued citizen is told: position and an estimated wait from recent handling times and
the counsellors on duty, announced again whenever it changes."""

import math

from redis.asyncio import Redis

from core import texts
from core.transcripts import TranscriptStore
from core import keys
from handover.counsellors import CounsellorStore
from handover.queue import HandoverStore


class WaitingRoom:
    def __init__(self, redis: Redis, handovers: HandoverStore, counsellors: CounsellorStore,
                 transcripts: TranscriptStore, default_handling_s: int) -> None:
        self.redis = redis
        self.handovers = handovers
        self.counsellors = counsellors
        self.transcripts = transcripts
        self.default_handling_s = default_handling_s

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

    async def announce(self) -> None:
        """Tell each waiting citizen their new place when it changed since the last notice."""
        waiting = await self.handovers.list("waiting")
        changed = [(position, h) for position, h in enumerate(waiting, start=1)
                   if str(position) != (h.get("announced_position") or "")]
        if not changed:
            return
        handling, capacity = await self._rate()
        for position, handover in changed:
            status = {"position": position, "estimated_wait_s": self._estimate(position, handling, capacity)}
            await self.redis.hset(keys.handover(handover["id"]), "announced_position", position)
            language = (await self.redis.hget(keys.session(handover["session_id"]), "language")) or "nb"
            text = texts.text("queue_position", language, position=position,
                                 minutes=max(1, round(status["estimated_wait_s"] / 60)))
            await self.transcripts.append(handover["session_id"], "system", text, "queue", queue=status)
