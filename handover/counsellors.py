"""Counsellor profiles (languages, counties, expertise, max parallel chats) and who is on duty.

A counsellor is on duty while the console sends heartbeats (login counts as one)."""

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from redis.asyncio import Redis

from core import keys

EXPERTISE = ("school", "higher_education", "work_nav", "immigrants", "adults_in_transition")
ROSTER = Path(__file__).parent / "roster.yml"


@dataclass(frozen=True)
class CounsellorProfile:
    username: str
    name: str = ""
    languages: list[str] = field(default_factory=lambda: ["nb", "nn", "en"])
    counties: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    max_parallel: int = 3

    def speaks(self, language: str) -> bool:
        return language in self.languages or (language == "other" and "en" in self.languages)


def load_roster(path: Path = ROSTER) -> list[CounsellorProfile]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [CounsellorProfile(**entry) for entry in data["counsellors"]]


class CounsellorStore:
    def __init__(self, redis: Redis, presence_ttl_s: int, preference_window_s: float = 60,
                 fairness_window_s: float = 30) -> None:
        self.redis = redis
        self.presence_ttl_ms = presence_ttl_s * 1000
        self.preference_window_s = preference_window_s
        self.fairness_window_s = fairness_window_s

    async def save(self, profile: CounsellorProfile) -> None:
        await self.redis.set(keys.counsellor(profile.username), json.dumps(asdict(profile), ensure_ascii=False))

    async def get(self, username: str) -> CounsellorProfile:
        raw = await self.redis.get(keys.counsellor(username))
        return CounsellorProfile(**json.loads(raw)) if raw else CounsellorProfile(username=username)

    async def heartbeat(self, username: str) -> None:
        await self.redis.zadd(keys.PRESENCE, {username: int(time.time() * 1000)})

    async def leave(self, username: str) -> None:
        await self.redis.zrem(keys.PRESENCE, username)

    async def on_duty(self) -> list[CounsellorProfile]:
        since = int(time.time() * 1000) - self.presence_ttl_ms
        names = await self.redis.zrangebyscore(keys.PRESENCE, since, "+inf")
        if not names:
            return []
        raw = await self.redis.mget([keys.counsellor(name) for name in names])
        return [CounsellorProfile(**json.loads(r)) if r else CounsellorProfile(username=n) for n, r in zip(names, raw)]
