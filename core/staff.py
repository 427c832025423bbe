"""Staff accounts in Redis: argon2-hashed passwords, roles, disabling. Seeded at start from
settings (and, in development, the demo users and the dev roster)."""

import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from redis.asyncio import Redis

from core.clock import now_iso
from core import keys
from core.settings import DEV_PASSWORD, HandoverSettings

ROLES = ("counsellor", "editor", "evaluator", "admin")
DEV_USERS = {f"demo-{role}": role for role in ROLES}


@dataclass(frozen=True)
class Staff:
    username: str
    role: str
    token_id: str = ""
    issued_at: float = 0.0  # when the token was issued (epoch seconds)


class AuthError(Exception):
    """A failed login or token check; ``code`` is the API error code."""

    def __init__(self, message: str, code: str = "login_failed") -> None:
        super().__init__(message)
        self.code = code


class StaffExists(Exception):
    pass


def parse_entry(entry: str) -> tuple[str, str, str]:
    try:
        username, role, password = entry.split(":", 2)
    except ValueError:
        raise ValueError(f"staff entry {entry.split(':')[0]!r} is not 'username:role:password'") from None
    if role not in ROLES:
        raise ValueError(f"staff user {username!r} has unknown role {role!r}")
    return username, role, password


class StaffStore:
    def __init__(self, redis: Redis, settings: HandoverSettings) -> None:
        self.redis = redis
        self.settings = settings
        self._hasher = PasswordHasher()

    async def seed(self, extra: list[tuple[str, str, str]] = ()) -> None:
        """Accounts from settings (authoritative), plus the demo users in development. In
        production, refuse to start while any account still has the default password."""
        entries = [parse_entry(e) for e in self.settings.staff]
        if self.settings.mode == "development":
            entries += [(name, role, DEV_PASSWORD) for name, role in DEV_USERS.items()]
            entries += list(extra)
        for username, role, password in entries:
            await self._write(username, role, password)
        if self.settings.mode == "production":
            for username in await self.redis.smembers(keys.STAFF_INDEX):
                hashed = await self.redis.hget(keys.staff(username), "password")
                if hashed and self._matches(hashed, DEV_PASSWORD):
                    raise RuntimeError(f"production mode refuses to start: staff user {username!r} has the "
                                       "default password; change it or remove the account")

    async def _write(self, username: str, role: str, password: str, disabled: bool = False) -> None:
        await self.redis.hset(keys.staff(username), mapping={
            "username": username, "role": role, "password": self._hasher.hash(password),
            "disabled": "1" if disabled else "", "updated_at": now_iso()})
        await self.redis.sadd(keys.STAFF_INDEX, username)

    def _matches(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    async def verify(self, username: str, password: str) -> Staff:
        record = await self.redis.hgetall(keys.staff(username))
        if not record:
            self._hasher.hash(password)  # same cost as a wrong password
            raise AuthError("wrong username or password")
        if not self._matches(record["password"], password):
            raise AuthError("wrong username or password")
        if record.get("disabled"):
            raise AuthError("this account is disabled; ask an administrator", "account_disabled")
        return Staff(username, record["role"])

    async def is_active(self, username: str) -> bool:
        record = await self.redis.hmget(keys.staff(username), "role", "disabled")
        return bool(record[0]) and not record[1]

    async def check_token_holder(self, staff: Staff) -> None:
        """The token's holder must still be an active account with the token's role, and the
        token must be newer than the account's last disabling (disabling revokes every token)."""
        role, disabled, tokens_after = await self.redis.hmget(keys.staff(staff.username), "role", "disabled",
                                                              "tokens_after")
        if not role or disabled:
            raise AuthError("this account is disabled or no longer exists", "account_disabled")
        if role != staff.role:
            raise AuthError("the token's role does not match the account; log in again", "token_invalid")
        if tokens_after and staff.issued_at <= float(tokens_after):
            raise AuthError("the token was revoked when the account was disabled; log in again", "token_revoked")

    async def create(self, username: str, role: str, password: str) -> None:
        if await self.redis.exists(keys.staff(username)):
            raise StaffExists(f"a staff user named {username!r} already exists")
        await self._write(username, role, password)

    async def set_disabled(self, username: str, disabled: bool) -> bool:
        if not await self.redis.exists(keys.staff(username)):
            return False
        fields = {"disabled": "1" if disabled else "", "updated_at": now_iso()}
        if disabled:
            fields["tokens_after"] = repr(time.time())  # every token issued until now stops working
        await self.redis.hset(keys.staff(username), mapping=fields)
        return True

    async def list(self) -> list[dict]:
        users = []
        for username in sorted(await self.redis.smembers(keys.STAFF_INDEX)):
            record = await self.redis.hgetall(keys.staff(username))
            if record:
                users.append({"username": username, "role": record["role"], "disabled": bool(record.get("disabled"))})
        return users
