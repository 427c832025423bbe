"""The loop the background sweepers share (leases, abandonment, retention): one ``sweep()`` every
``every_s`` seconds, stopped between passes, never cancelled in the middle of a Redis command.

With several gateways on one Redis a sweeper is ``led_by`` the instance's ``handover.leader.Leadership``:
its passes run only while this instance holds the leader key, so each job runs once across gateways."""

from __future__ import annotations

import asyncio
import logging

from redis.exceptions import RedisError


class PeriodicSweep:
    name = "sweep"
    sweep_at_start = False  # run a pass as soon as it starts, not only after the first interval
    leader = None  # anything with ``holds() -> bool``: passes run only while it is true (None: always)

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self._stopping = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.passes = 0  # passes this process ran (a follower of another gateway's leader runs none)

    def led_by(self, leader) -> "PeriodicSweep":
        """Run the passes only while ``leader.holds()`` (this gateway leads the periodic jobs)."""
        self.leader = leader
        return self

    async def sweep(self):  # pragma: no cover - every sweeper defines its pass
        raise NotImplementedError

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self, timeout_s: float = 10) -> None:
        """Ask the sweeper to stop and wait (at most ``timeout_s``) for the pass under way."""
        self._stopping.set()
        if self._task is not None:
            await asyncio.wait([self._task], timeout=timeout_s)
            self._task = None

    async def _pass(self) -> None:
        if self.leader is not None and not self.leader.holds():
            return  # another gateway runs this job
        self.passes += 1
        try:
            await self.sweep()
        except RedisError as error:
            logging.getLogger(f"veivalg.{self.name}").warning("%s skipped: %s", self.name, error)

    async def _run(self) -> None:
        if self.sweep_at_start:
            await self._pass()
        while True:
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=self.every_s)
                return
            except asyncio.TimeoutError:
                pass
            await self._pass()
