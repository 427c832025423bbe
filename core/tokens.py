"""Signed, expiring staff tokens; logout by revocation."""

import time
import uuid

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from redis.asyncio import Redis

from core import keys
from core.settings import HandoverSettings
from core.staff import AuthError, Staff


class TokenService:
    def __init__(self, settings: HandoverSettings, redis: Redis) -> None:
        self._serializer = URLSafeTimedSerializer(settings.secret_key, salt="veivalg-staff")
        self._ttl = settings.token_ttl_s
        self._redis = redis

    def issue(self, staff: Staff) -> str:
        return self._serializer.dumps({"sub": staff.username, "role": staff.role, "jti": uuid.uuid4().hex,
                                      "iat": time.time()})

    async def verify(self, token: str) -> Staff:
        try:
            data = self._serializer.loads(token, max_age=self._ttl)
        except SignatureExpired:
            raise AuthError("the token has expired; log in again", "token_expired") from None
        except BadSignature:
            raise AuthError("the token is not valid", "token_invalid") from None
        if await self._redis.exists(keys.revoked_token(data["jti"])):
            raise AuthError("the token was logged out; log in again", "token_revoked")
        return Staff(data["sub"], data["role"], data["jti"], float(data.get("iat") or 0.0))

    async def revoke(self, staff: Staff) -> None:
        await self._redis.set(keys.revoked_token(staff.token_id), "1", ex=self._ttl)
