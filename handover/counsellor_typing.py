"""The counsellor is typing: an ephemeral signal to the citizen's chat page.

The console posts it (``POST /api/handovers/{id}/typing``) at most every few seconds while the
counsellor writes a reply; no text is sent. Each signal is published as JSON
``{"from": "counsellor", "name": "<first name>"}`` on the session's typing channel (the live
stream, ``/ws/sessions/{id}``, forwards it) and kept for ``ttl_s`` seconds under
``keys.session_typing`` so a long-poll (``GET /api/sessions/{id}/events``) sees it too. Nothing of
it is stored beyond that TTL.
"""

from __future__ import annotations

import json

from redis.asyncio import Redis

from core import keys


class CounsellorTyping:
    def __init__(self, redis: Redis, ttl_s: int) -> None:
        self.redis = redis
        self.ttl_s = ttl_s

    async def signal(self, session_id: str, first_name: str) -> dict[str, str]:
        """Tell the session's page that the counsellor (shown as ``first_name``) is typing."""
        signal = {"from": "counsellor", "name": first_name}
        payload = json.dumps(signal, ensure_ascii=False)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(keys.session_typing(session_id), payload, ex=self.ttl_s)
            pipe.publish(keys.session_typing_channel(session_id), payload)
            await pipe.execute()
        return signal

    async def fresh(self, session_id: str) -> dict[str, str] | None:
        """The last signal while it is fresh (younger than ``ttl_s``), else None."""
        raw = await self.redis.get(keys.session_typing(session_id))
        return json.loads(raw) if raw else None
