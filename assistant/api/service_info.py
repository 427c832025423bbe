"""``GET /api/service-info``: what the chat page tells before anyone writes — the counsellors'
opening hours in the citizen's language, whether the chat with a counsellor is open now and a
counsellor is on duty (the same two checks the conversation makes before queueing a request for a
counsellor, ``assistant.conversation``), when it opens next, and how long conversations are kept.

Public and stateless: no session, nothing stored."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from core.clock import now
from core.deps import state
from core.languages import LANGUAGES
from core.texts import lookup
from handover import hours_text
from handover.counsellors import CounsellorStore
from handover.hours import OpeningHours

router = APIRouter(prefix="/api", tags=["citizen"])

Counsellors = Annotated[CounsellorStore, Depends(state("counsellors"))]
Hours = Annotated[OpeningHours, Depends(state("hours"))]


class ServiceInfoPublic(BaseModel):
    language: str
    opening_hours: str = Field(description="When counsellors are on the chat, in words in `language` "
                                           "(HANDOVER_OPENING_HOURS, Europe/Oslo).")
    open_now: bool = Field(description="Within the opening hours now (closed dates count as closed).")
    counsellors_on_duty: bool = Field(description="At least one counsellor has the console open now; a request for "
                                                  "a counsellor is queued only when this and `open_now` are true.")
    next_opening: str | None = Field(description="When the chat opens next (ISO time) while it is closed; null "
                                                 "while it is open or when it never opens.")
    next_opening_text: str | None = Field(description="The same in words in `language`, e.g. \"mandag 01.12 08.30\".")
    retention_days: int = Field(description="A conversation is erased this many days after its last activity "
                                            "(HANDOVER_RETENTION_DAYS).")


def opening_hours_text(hours: OpeningHours, language: str) -> str:
    """"Karriereveilederne er på chatten mandag–torsdag 08.30–22.00, ... (norsk tid)." in ``language``."""
    if hours.always:
        return lookup(hours_text.TEXTS, "always", language)
    if not hours.weekly:
        return lookup(hours_text.TEXTS, "never", language)
    return lookup(hours_text.TEXTS, "week", language, week=hours_text.describe_week(hours, language))


@router.get("/service-info", response_model=ServiceInfoPublic)
async def service_info(
    request: Request, hours: Hours, counsellors: Counsellors,
    language: Literal[LANGUAGES] | None = Query(  # type: ignore[valid-type]
        None, description="nb | nn | en | uk | pl | ar (default: the service's default language)"),
) -> dict:
    """Opening hours and whether a counsellor can be reached now (public, no token)."""
    language = language or request.app.state.settings.default_language
    at = now()
    open_now = hours.is_open(at)
    opens = None if open_now else hours.next_opening(at)
    return {
        "language": language,
        "opening_hours": opening_hours_text(hours, language),
        "open_now": open_now,
        "counsellors_on_duty": bool(await counsellors.on_duty()),
        "next_opening": opens.isoformat() if opens else None,
        "next_opening_text": hours_text.when(opens, language, hours.timezone) if opens else None,
        "retention_days": request.app.state.handover_settings.retention_days,
    }
