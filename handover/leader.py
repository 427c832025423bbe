"""One gateway at a time runs the periodic jobs (lease sweeper, abandonment and retention sweeps).

Several gateways share one Redis. Each would otherwise run every sweep itself, and two passes at
once tell a waiting citizen their new place twice. So the sweeps run only on the leader: the
instance whose id is in ``keys.leader("periodic")``, a key with a TTL of ``ttl_s`` that the holder
renews every third of it. When the leader dies its key expires and another gateway takes over
within ``ttl_s``; a leader that stops cleanly gives the key up at once.

An instance counts itself the leader only until ``ttl_s`` after the start of its last successful
renewal, a little less than the key lives in Redis, so two instances never both believe they lead
(clocks are the instances' own monotonic clocks; Redis expires the key by its own).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

from core import keys
from handover.periodic import PeriodicSweep

log = logging.getLogger("veivalg.leader")

# Take the key when it is free, renew it when it is ours; 1 when we hold it afterwards.
_ACQUIRE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def instance_id() -> str:
    """This process among the gateways: host, pid and a random part (a pid can come back)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Leadership(PeriodicSweep):
    """The leader key's holder or a candidate for it: ``holds()`` says whether to run a pass now."""

    name = "leader-election"
    sweep_at_start = True

    def __init__(self, redis: Redis, ttl_s: float, role: str = "periodic", identity: str | None = None) -> None:
        if ttl_s <= 0:
            raise ValueError("ttl_s must be positive")
        super().__init__(ttl_s / 3)
        self.redis = redis
        self.ttl_s = ttl_s
        self.key = keys.leader(role)
        self.identity = identity or instance_id()
        self._valid_until = 0.0  # monotonic: we lead until then, unless renewed

    def holds(self) -> bool:
        return time.monotonic() < self._valid_until

    async def sweep(self) -> bool:
        """Take or renew the key; returns whether this instance leads now."""
        started = time.monotonic()
        was = self.holds()
        try:
            held = bool(await self.redis.eval(_ACQUIRE_OR_RENEW, 1, self.key, self.identity,
                                              int(self.ttl_s * 1000)))
        except RedisError:
            self._valid_until = min(self._valid_until, started + self.ttl_s)
            raise
        self._valid_until = started + self.ttl_s if held else 0.0
        if held != was:
            log.info("%s %s the periodic jobs", self.identity, "now runs" if held else "no longer runs")
        return held

    async def stop(self, timeout_s: float = 10) -> None:
        """Stop renewing and give the key up, so another gateway takes over at once."""
        await super().stop(timeout_s)
        self._valid_until = 0.0
        try:
            await self.redis.eval(_RELEASE, 1, self.key, self.identity)
        except RedisError as error:
            log.warning("could not give up the leader key (it expires by itself): %s", error)
