"""The abandonment sweep: a citizen who closed the tab or clicked "Ny samtale" does not stay in the
counsellors' queue (or in a counsellor's chat) for good.

Every ``every_s`` seconds it looks at the sessions with an open handover (waiting or active) and
closes, through ``SessionFlow.abandon``, each whose last sign of the citizen is older than
``abandoned_after_s``: the handover as ``no_show``, the session as closed, and the counsellor
holding it reads a ``citizen_left`` event. A sign of the citizen is anything that calls
``SessionStore.touch``: a message, an events poll (the chat page polls all the time while open), a
callback request, leaving the queue. A page that says it is going (``pagehide``: the tab was closed
or reloaded) marks the session away; unless the page is back within ``away_grace_s`` (a reload
polls again at once), the chat closes then, without waiting out the whole grace period.

It reads the last activity of those few sessions from ``keys.SESSIONS_ACTIVITY`` directly rather
than through ``SessionStore.idle_since``: that lists the oldest idle sessions of all, and the many
long-idle sessions in the bot's hands would hide the few that matter here.

Like the lease sweeper it stops between passes, never in the middle of one.
"""

from __future__ import annotations

import logging
import time

from core.sessions import SessionStore
from handover.flow import SessionFlow
from handover.periodic import PeriodicSweep
from handover.queue import HandoverStore

log = logging.getLogger("veivalg.abandonment")


def sweep_interval(abandoned_after_s: float, floor_s: float, away_grace_s: float | None = None) -> float:
    """How often to look: a tenth of the grace period (or the away grace, if shorter), at most
    every 30 s, at least every ``floor_s``."""
    wanted = abandoned_after_s / 10 if away_grace_s is None else min(abandoned_after_s / 10, away_grace_s)
    return min(30.0, max(floor_s, wanted))


class AbandonmentSweeper(PeriodicSweep):
    name = "abandonment-sweeper"

    def __init__(self, flow: SessionFlow, handovers: HandoverStore, sessions: SessionStore,
                 abandoned_after_s: int, every_s: float, away_grace_s: int | None = None) -> None:
        super().__init__(every_s)
        if abandoned_after_s <= 0:
            raise ValueError("abandoned_after_s must be positive")
        self.flow = flow
        self.handovers = handovers
        self.sessions = sessions
        self.abandoned_after_s = abandoned_after_s
        self.away_grace_s = away_grace_s if away_grace_s is not None else abandoned_after_s

    async def sweep(self, now_ms: int | None = None) -> list[str]:
        """One pass; returns the sessions closed as abandoned."""
        now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
        session_ids = sorted({h["session_id"] for status in ("waiting", "active")
                              for h in await self.handovers.list(status)})
        if not session_ids:
            return []
        closed = []
        for session_id, presence in zip(session_ids, await self.sessions.presence(session_ids)):
            if self._stopping.is_set():
                break
            if not self._gone(presence, now_ms):
                continue  # seen recently, back after a reload, or no activity on record: never guess
            if not self._gone((await self.sessions.presence([session_id]))[0], now_ms):
                continue  # the citizen came back a moment ago
            if await self.flow.abandon(session_id, self.abandoned_after_s):
                closed.append(session_id)
        if closed:
            log.info("closed %d abandoned chats: no sign of the citizen for %d s", len(closed), self.abandoned_after_s)
        return closed

    def _gone(self, presence: tuple[int | None, int | None], now_ms: int) -> bool:
        seen_ms, away_ms = presence
        if seen_ms is None:
            return False
        if away_ms is not None and away_ms >= seen_ms and now_ms - away_ms >= self.away_grace_s * 1000:
            return True  # the page went away and did not come back
        return now_ms - seen_ms >= self.abandoned_after_s * 1000
