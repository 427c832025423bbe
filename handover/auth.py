"""Staff accounts: argon2-hashed passwords, signed expiring tokens, logout by revocation."""

import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, InvalidHashError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from redis.asyncio import Redis

from handover import keys
from handover.settings import DEV_PASSWORD, HandoverSettings

ROLES = ("counsellor", "editor", "evaluator", "admin")
DEV_USERS = {f"demo-{role}": role for role in ROLES}


@dataclass(frozen=True)
class Staff:
    username: str
    role: str
    token_id: str = ""


class AuthError(Exception):
    pass


class StaffDirectory:
    """Who may log in. Built once per process from settings (hashing happens here, not at import)."""

    def __init__(self, settings: HandoverSettings) -> None:
        self._hasher = PasswordHasher()
        self._users: dict[str, tuple[str, str]] = {}
        entries = list(settings.staff)
        if settings.mode == "development":
            entries += [f"{name}:{role}:{DEV_PASSWORD}" for name, role in DEV_USERS.items()]
        for entry in entries:
            try:
                username, role, password = entry.split(":", 2)
            except ValueError:
                raise ValueError(f"staff entry {entry.split(':')[0]!r} is not 'username:role:password'") from None
            if role not in ROLES:
                raise ValueError(f"staff user {username!r} has unknown role {role!r}")
            self._users[username] = (role, self._hasher.hash(password))

    def verify(self, username: str, password: str) -> Staff:
        record = self._users.get(username)
        if record is None:
            # Hash anyway so a wrong username costs the same time as a wrong password.
            self._hasher.hash(password)
            raise AuthError("wrong username or password")
        role, hashed = record
        try:
            self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            raise AuthError("wrong username or password") from None
        return Staff(username, role)


class TokenService:
    def __init__(self, settings: HandoverSettings, redis: Redis) -> None:
        self._serializer = URLSafeTimedSerializer(settings.secret_key, salt="veivalg-staff")
        self._ttl = settings.token_ttl_s
        self._redis = redis

    def issue(self, staff: Staff) -> str:
        return self._serializer.dumps({"sub": staff.username, "role": staff.role, "jti": uuid.uuid4().hex})

    async def verify(self, token: str) -> Staff:
        try:
            data = self._serializer.loads(token, max_age=self._ttl)
        except SignatureExpired:
            raise AuthError("the token has expired; log in again") from None
        except BadSignature:
            raise AuthError("the token is not valid") from None
        if await self._redis.exists(keys.revoked_token(data["jti"])):
            raise AuthError("the token was logged out; log in again")
        return Staff(data["sub"], data["role"], data["jti"])

    async def revoke(self, staff: Staff) -> None:
        await self._redis.set(keys.revoked_token(staff.token_id), "1", ex=self._ttl)
