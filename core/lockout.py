"""Login lockout with back-off, per account and per client address.

After ``after_failures`` wrong passwords in a row for an account (or ``address_after_failures``
from one address), logins there are refused for ``base_s`` seconds, doubling with every further
failure up to ``max_s``. A good login clears the account's count. Failures are forgotten after
``window_s`` without another one. Counters live in Redis, so every gateway shares them.
"""

from __future__ import annotations

from redis.asyncio import Redis

from core import keys
from core.errors import ApiError


class LoginGuard:
    def __init__(self, redis: Redis, after_failures: int = 5, address_after_failures: int = 20,
                 base_s: int = 30, max_s: int = 900, window_s: int = 900) -> None:
        self.redis = redis
        self.thresholds = {"account": after_failures, "address": address_after_failures}
        self.base_s = base_s
        self.max_s = max_s
        self.window_s = window_s

    async def check(self, username: str, address: str) -> None:
        """429 ``login_locked`` with Retry-After while the account or the address is locked."""
        for kind, subject in (("account", username), ("address", address)):
            ttl = await self.redis.ttl(keys.login_locked(kind, subject))
            if ttl and ttl > 0:
                what = "this account" if kind == "account" else "logins from your address"
                raise ApiError(429, "login_locked", f"too many wrong passwords: {what} is locked for {ttl} s",
                               headers={"Retry-After": str(ttl)})

    async def failed(self, username: str, address: str) -> None:
        for kind, subject in (("account", username), ("address", address)):
            counter = keys.login_failures(kind, subject)
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(counter)
                pipe.expire(counter, self.window_s)
                failures, _ = await pipe.execute()
            over = failures - self.thresholds[kind]
            if over >= 0:
                lock_s = min(self.max_s, self.base_s * 2 ** min(over, 16))
                await self.redis.set(keys.login_locked(kind, subject), failures, ex=lock_s)

    async def succeeded(self, username: str) -> None:
        await self.redis.delete(keys.login_failures("account", username), keys.login_locked("account", username))
