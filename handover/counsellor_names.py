"""The first names citizens see for their counsellors.

A citizen is told that a person writes, and that person's first name: the first word of the
counsellor's display name (their profile's ``name``; in development the roster's). The username
is a staff login and never reaches the citizen; a counsellor without a display name is shown
without a name ("").

Looked up often (every events poll, every WebSocket push), so names are cached in the process:
the roster file once, profiles in Redis for ``ttl_s`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import lru_cache

from handover.counsellors import ROSTER, CounsellorStore, load_roster


def first_name(display_name: str) -> str:
    """``"Kari Nordmann"`` -> ``"Kari"``; ``""`` for an empty name."""
    words = display_name.split()
    return words[0] if words else ""


@lru_cache(maxsize=1)
def roster_first_names() -> dict[str, str]:
    """username -> first name from the roster file (read once per process)."""
    if not ROSTER.exists():
        return {}
    return {profile.username: first_name(profile.name) for profile in load_roster()}


class CounsellorNames:
    def __init__(self, counsellors: CounsellorStore, ttl_s: float = 60) -> None:
        self.counsellors = counsellors
        self.ttl_s = ttl_s
        self._cache: dict[str, tuple[float, str]] = {}

    async def of(self, usernames: Iterable[str]) -> dict[str, str]:
        """username -> first name for each of ``usernames`` (profile first, then the roster)."""
        wanted = {name for name in usernames if name}
        clock = time.monotonic()
        found = {name: cached[1] for name in wanted
                 if (cached := self._cache.get(name)) and clock - cached[0] < self.ttl_s}
        for username in wanted - found.keys():
            profile = await self.counsellors.get(username)
            name = first_name(profile.name) or roster_first_names().get(username, "")
            self._cache[username] = (clock, name)
            found[username] = name
        return found

    async def of_events(self, events: Iterable[dict]) -> dict[str, str]:
        """The first names of every counsellor who wrote one of ``events``."""
        return await self.of(event.get("counsellor") or "" for event in events)
