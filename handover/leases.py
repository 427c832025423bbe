"""The lease sweeper: every few seconds, claims whose lease lapsed (the counsellor's console
stopped renewing) go back to the queue through the state machine, and waiting citizens hear
their new place.

It stops between passes, never in the middle of one: a Redis command cancelled half way can
leave a connection the client then waits on.
"""

import logging

from handover.flow import SessionFlow
from handover.periodic import PeriodicSweep

log = logging.getLogger("veivalg.leases")


class LeaseSweeper(PeriodicSweep):
    name = "lease-sweeper"

    def __init__(self, flow: SessionFlow, every_s: float) -> None:
        super().__init__(every_s)
        self.flow = flow

    async def sweep(self) -> list[str]:
        """One pass; returns the handovers that went back to the queue."""
        return await self.flow.expire_leases()
