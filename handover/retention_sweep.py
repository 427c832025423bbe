"""The retention sweep: every session is erased once it has been idle for the retention period.

Idle counts from the session's last activity (``keys.SESSIONS_ACTIVITY``, kept by
``SessionStore.create``/``touch``), so a conversation that was never closed expires too, not only
the closed ones (whose transcripts also carry a TTL from closing). Each session goes through
``SessionFlow.erase`` (the same erasure as the citizen's own request, in the session's turn):
its transcript, handovers, callbacks, unanswered-question entries and review. Aggregate counts
stay.

Like the lease sweeper it passes once at start and then every ``every_s`` seconds, and stops
between sessions, never in the middle of one.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

from core import keys
from core.sessions import SessionStore
from handover.flow import SessionFlow
from handover.periodic import PeriodicSweep

log = logging.getLogger("veivalg.retention")

BATCH = 200  # sessions looked up per round of a pass


class RetentionSweeper(PeriodicSweep):
    name = "retention-sweeper"
    sweep_at_start = True

    def __init__(self, flow: SessionFlow, sessions: SessionStore, retention_days: int, every_s: float) -> None:
        super().__init__(every_s)
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self.flow = flow
        self.sessions = sessions
        self.retention_ms = retention_days * 86400 * 1000

    async def sweep(self, now_ms: int | None = None) -> list[str]:
        """One pass: erase every session idle longer than the retention period; returns their ids."""
        cutoff_ms = (now_ms if now_ms is not None else int(time.time() * 1000)) - self.retention_ms
        erased: list[str] = []
        skipped: set[str] = set()
        while not self._stopping.is_set():
            due = [s for s in await self.sessions.idle_since(cutoff_ms, BATCH + len(skipped)) if s not in skipped]
            if not due:
                break
            for session_id in due:
                if self._stopping.is_set():
                    break
                # The citizen may have come back since the look-up: then it is not idle any more.
                score = await self.sessions.redis.zscore(keys.SESSIONS_ACTIVITY, session_id)
                if score is not None and score > cutoff_ms:
                    skipped.add(session_id)
                    continue
                try:
                    await self.flow.erase(session_id)
                except RedisError:
                    raise
                except Exception:  # one broken session must not stop the others from expiring
                    log.exception("retention: could not erase session %s", session_id)
                    skipped.add(session_id)
                    continue
                erased.append(session_id)
        if erased:
            log.info("retention: erased %d sessions idle since before %d", len(erased), cutoff_ms)
        return erased
