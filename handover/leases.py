"""The lease sweeper: every few seconds, claims whose lease lapsed (the counsellor's console
stopped renewing) go back to the queue through the state machine, and waiting citizens hear
their new place.

It stops between passes, never in the middle of one: a Redis command cancelled half way can
leave a connection the client then waits on.
"""

import asyncio
import logging

from redis.exceptions import RedisError

from handover.flow import SessionFlow

log = logging.getLogger("veivalg.leases")


class LeaseSweeper:
    def __init__(self, flow: SessionFlow, every_s: float) -> None:
        self.flow = flow
        self.every_s = every_s
        self._stopping = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="lease-sweeper")

    async def stop(self, timeout_s: float = 10) -> None:
        """Ask the sweeper to stop and wait (at most ``timeout_s``) for the pass under way."""
        self._stopping.set()
        if self._task is not None:
            await asyncio.wait([self._task], timeout=timeout_s)
            self._task = None

    async def sweep(self) -> list[str]:
        """One pass; returns the handovers that went back to the queue."""
        return await self.flow.expire_leases()

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=self.every_s)
                return
            except asyncio.TimeoutError:
                pass
            try:
                await self.sweep()
            except RedisError as error:
                log.warning("lease sweep skipped: %s", error)
