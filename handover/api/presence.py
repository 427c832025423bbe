"""The citizen's presence (typing, idle, left) as an app dependency and a response model: the
citizen's ``POST /api/sessions/{id}/typing`` stores it, the handover detail shows it."""

from typing import Annotated, Literal

from fastapi import Depends
from pydantic import BaseModel, Field

from core.deps import state
from handover.presence import Presence

PresenceStore = Annotated[Presence, Depends(state("presence"))]


class PresencePublic(BaseModel):
    state: Literal["present", "typing", "idle", "left"] = Field(
        description="typing: the chat page sent a typing signal a few seconds ago; idle: no message nor typing for "
                    "`idle_after_s`; left: the citizen left, closed the page for good or ended the chat")
    last_seen: str | None = Field(description="the citizen's last message or typing signal (ISO time)")
    idle_after_s: int
