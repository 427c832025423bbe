"""Erasure: every trace of a session's text and contact data goes, only aggregate counts stay.

``SessionEraser.erase(session_id)`` removes, each through the store that owns it:

- every handover the session ever had (``HandoverStore.erase_for_session``): the records with
  their summary, first message, triage and closing note, their places in the waiting, active
  and closed indexes, their claim leases, and the per-session index;
- the callback requests left from the session (question, e-mail, phone) (``CallbackStore``);
- the unanswered questions logged from it (``knowledge.unanswered.forget_session``);
- the counsellors' notes on missing portal content written when closing its handovers (they
  may quote the citizen) (``ContentGapStore.forget_handovers``);
- the citizen's rating comment (``core.ratings.forget``) and the chat's running counts
  (``Metrics.chat_ended``; the day's statistics stay as they are);
- the session hash, the transcript (internal notes included), Rasa's tracker, its activity
  entry, its place among the closed conversations evaluators sample and its review
  (``SessionStore.erase``).

What stays has no text: the closed-handover, closed-conversation and review counts, the
handling times, and the access log (who read which session id, when).

The eraser does not serialise with the session's other transitions; ``SessionFlow.erase`` calls
it inside the session's turn (the citizen's erasure and the retention sweep both go there).
"""

from __future__ import annotations

from dataclasses import dataclass

from core import ratings
from core.metrics import Metrics
from core.sessions import SessionStore
from handover.callbacks import CallbackStore
from handover.queue import HandoverStore
from knowledge.content_gaps import ContentGapStore
from knowledge.unanswered import forget_session


@dataclass(frozen=True)
class Erased:
    """What one erasure removed (counts only: nothing of the session itself)."""

    session_id: str
    session_found: bool
    handovers: int
    callbacks: int
    unanswered: int


class SessionEraser:
    def __init__(self, sessions: SessionStore, handovers: HandoverStore, callbacks: CallbackStore) -> None:
        self.sessions = sessions
        self.handovers = handovers
        self.callbacks = callbacks

    async def erase(self, session_id: str) -> Erased:
        session = await self.sessions.get(session_id)
        # Handovers and callbacks first: until the session itself is gone, a failure half way
        # leaves it findable (its activity entry), so the next sweep or a retried DELETE finishes.
        handovers = await self.handovers.erase_for_session(session_id, also=session.handover_id if session else None)
        callbacks = await self.callbacks.erase_for_session(session_id)
        unanswered = await forget_session(self.sessions.redis, session_id)
        await ContentGapStore(self.sessions.redis).forget_handovers(handovers)
        await ratings.forget(self.sessions.redis, session_id)  # the comment; the rating's count stays
        await Metrics(self.sessions.redis).chat_ended(session_id)  # its running counts (the day's stay)
        await self.sessions.erase(session_id)
        return Erased(session_id, session is not None, len(handovers), callbacks, unanswered)
