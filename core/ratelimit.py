"""Rate limits shared by every gateway: counters in Redis through the `limits` library.

``RateLimiter.hit("messages_per_session", session_id)`` counts one request against the named
rule and raises ``ApiError(429, "rate_limited")`` with ``Retry-After`` when the rule is exceeded.
Rules are strings such as ``"30/minute"`` or ``"30/minute;300/hour"`` (from the settings).
Nothing connects until the first hit.
"""

from __future__ import annotations

import math
import time

from limits import parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter

from core import keys
from core.errors import ApiError


class RateLimiter:
    def __init__(self, redis_url: str, rules: dict[str, str]) -> None:
        self._redis_url = redis_url
        self._rules = {name: parse_many(rule) for name, rule in rules.items() if rule}
        self._limiter: FixedWindowRateLimiter | None = None

    def _strategy(self) -> FixedWindowRateLimiter:
        if self._limiter is None:
            storage = RedisStorage(self._redis_url, implementation="redispy", key_prefix=keys.RATE_LIMIT_PREFIX)
            self._limiter = FixedWindowRateLimiter(storage)
        return self._limiter

    async def hit(self, rule: str, *identifiers: str) -> None:
        """Count one request; 429 with Retry-After if any limit of ``rule`` is exceeded."""
        limiter = self._strategy()
        for limit in self._rules.get(rule, ()):
            if not await limiter.hit(limit, rule, *identifiers):
                stats = await limiter.get_window_stats(limit, rule, *identifiers)
                retry = max(1, math.ceil(stats.reset_time - time.time()))
                raise ApiError(429, "rate_limited", f"too many requests ({limit}); try again in {retry} s",
                               headers={"Retry-After": str(retry)})
