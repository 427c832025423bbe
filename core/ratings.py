"""The citizen's rating of a chat that has ended: 1 to 5 and an optional comment, once per session.

``Ratings`` is the only writer of ``keys.rating``. The comment is anonymised
(:func:`core.anonymise.anonymise`) before it is stored, kept for the retention period for the
evaluators, and erased with the session (``forget``); the rating itself is counted in the day's
statistics (``core.metrics``), which outlive the session. The web chat calls it through
``POST /api/sessions/{id}/rating``; a channel (SMS, Telegram) calls ``Ratings.rate`` directly.
"""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis

from core import keys
from core.anonymise import anonymise
from core.clock import now_iso
from core.metrics import Metrics
from core.schemas import clean_text
from core.sessions import Session

MIN_RATING, MAX_RATING = 1, 5
MAX_COMMENT_CHARS = 1000


class RatingRefused(Exception):
    """Not rated: ``code`` is ``chat_not_ended`` (the chat is still open) or ``already_rated``."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class Ratings:
    def __init__(self, redis: Redis, metrics: Metrics, keep_s: int) -> None:
        self.redis = redis
        self.metrics = metrics
        self.keep_s = keep_s  # the retention period: the comment goes with the conversation

    async def rate(self, session: Session, rating: int, comment: str = "") -> dict[str, Any]:
        """Rate a chat that has ended (mode ``closed``); once per session. ``ValueError`` for a
        rating outside 1-5 or a comment over ``MAX_COMMENT_CHARS``; ``RatingRefused`` otherwise."""
        if isinstance(rating, bool) or not isinstance(rating, int) or not MIN_RATING <= rating <= MAX_RATING:
            raise ValueError(f"a rating is a whole number from {MIN_RATING} to {MAX_RATING}")
        comment = clean_text(comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"a comment has at most {MAX_COMMENT_CHARS} characters")
        if session.mode != "closed":
            raise RatingRefused("chat_not_ended", "a chat can be rated when it has ended")
        record = {"rating": rating, "comment": anonymise(comment) if comment else "", "channel": session.channel,
                  "language": session.language, "at": now_iso()}
        stored = await self.redis.set(keys.rating(session.id), json.dumps(record, ensure_ascii=False),
                                      nx=True, ex=self.keep_s)
        if not stored:
            raise RatingRefused("already_rated", "this chat has already been rated")
        await self.metrics.rated(rating)
        return record

    async def get(self, session_id: str) -> dict[str, Any] | None:
        raw = await self.redis.get(keys.rating(session_id))
        return json.loads(raw) if raw else None


async def forget(redis: Redis, session_id: str) -> bool:
    """Erase the session's rating and comment (the day's counts stay). Whether there was one."""
    return bool(await redis.delete(keys.rating(session_id)))
