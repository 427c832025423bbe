"""Citizen sessions in Redis: creation, token check, mode and triage, erasure."""

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from core.clock import now_iso
from core import keys

MODES = ("bot", "queued", "human", "closed")


@dataclass(frozen=True)
class Session:
    id: str
    channel: str
    language: str
    language_locked: bool
    mode: str
    created_at: str
    handover_id: str | None
    triage: dict[str, Any] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)  # payload -> title last offered

    @classmethod
    def from_hash(cls, data: dict[str, str]) -> "Session":
        return cls(
            id=data["id"],
            channel=data.get("channel", "web"),
            language=data.get("language", "nb"),
            language_locked=data.get("language_locked") == "1",
            mode=data.get("mode", "bot"),
            created_at=data.get("created_at", ""),
            handover_id=data.get("handover_id") or None,
            triage=json.loads(data.get("triage") or "{}"),
            buttons=json.loads(data.get("buttons") or "{}"),
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def create(self, channel: str, language: str, language_locked: bool) -> tuple[Session, str]:
        session_id = uuid.uuid4().hex
        token = secrets.token_urlsafe(32)
        data = {
            "id": session_id,
            "token_hash": _token_hash(token),
            "channel": channel,
            "language": language,
            "language_locked": "1" if language_locked else "",
            "mode": "bot",
            "created_at": now_iso(),
            "handover_id": "",
            "triage": json.dumps({"need": None, "language": language, "county": None, "confidence": 0.0}),
            "buttons": "{}",
        }
        await self.redis.hset(keys.session(session_id), mapping=data)
        return Session.from_hash(data), token

    async def get(self, session_id: str) -> Session | None:
        data = await self.redis.hgetall(keys.session(session_id))
        return Session.from_hash(data) if data else None

    async def token_matches(self, session_id: str, token: str) -> bool:
        stored = await self.redis.hget(keys.session(session_id), "token_hash")
        return stored is not None and hmac.compare_digest(stored, _token_hash(token))

    async def update(self, session_id: str, **fields: Any) -> None:
        mapping = {}
        for name, value in fields.items():
            if name in ("triage", "buttons"):
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, bool):
                value = "1" if value else ""
            elif value is None:
                value = ""
            mapping[name] = value
        if mapping:
            await self.redis.hset(keys.session(session_id), mapping=mapping)

    async def set_mode(self, session_id: str, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        await self.redis.hset(keys.session(session_id), "mode", mode)

    async def erase(self, session_id: str) -> None:
        await self.redis.delete(
            keys.session(session_id), keys.transcript(session_id), keys.rasa_tracker(session_id)
        )
