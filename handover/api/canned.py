"""Canned replies for the console: ``GET /api/canned-replies`` (counsellors), filled for one
conversation with ``handover_id``; ``PUT /api/canned-replies`` (admin) replaces the set."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from core.clock import now
from core.deps import CurrentAdmin, CurrentCounsellor, state
from core.errors import ApiError, ErrorPublic
from core.languages import LANGUAGES
from handover.api.deps import Counsellors, Handovers
from handover.canned import CannedInvalid, CannedReplies, fill, values_for
from handover.hours import OpeningHours

router = APIRouter(prefix="/api/canned-replies", tags=["counsellor"])
Canned = Annotated[CannedReplies, Depends(state("canned"))]
Language = Literal[LANGUAGES]  # type: ignore[valid-type]


class CannedReply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(max_length=40, description="lower-case letters, digits and _")
    label: str = Field(max_length=60, description="the button's text in the console (bokmål)")
    texts: dict[str, str] = Field(description="language -> text; all six languages, placeholders "
                                              "{county}, {centre}, {opening_hours}, {counsellor} only")


class CannedSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    replies: list[CannedReply] = Field(max_length=40)


class CannedPublic(BaseModel):
    language: str | None = Field(description="the language of `texts`; null: all six")
    handover_id: str | None = Field(description="placeholders were filled for this conversation; null: left as {…}")
    replies: list[CannedReply]


INVALID = {422: {"model": ErrorPublic, "description": "`canned_language_missing`, `canned_unknown_placeholder`, "
                 "`canned_unknown_language`, `canned_duplicate_id`, `canned_bad_id`, `canned_bad_label`, "
                 "`canned_too_long`, `canned_empty`: the detail names the reply and the problem. Nothing was saved."}}


@router.get("", response_model=CannedPublic, responses={404: {"model": ErrorPublic}})
async def canned_replies(request: Request, canned: Canned, handovers: Handovers, counsellors: Counsellors,
                         staff: CurrentCounsellor, language: Annotated[Language | None, Query()] = None,
                         handover_id: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    """The canned replies. ``language`` keeps one language (default with ``handover_id``: the
    conversation's); ``handover_id`` fills the placeholders with its county, the county's career
    centre, the chat's opening hours and your first name."""
    replies = await canned.all()
    if handover_id is None:
        languages = [language] if language else list(LANGUAGES)
        return {"language": language, "handover_id": None,
                "replies": [{**r, "texts": {lang: r["texts"][lang] for lang in languages}} for r in replies]}
    handover = await handovers.get(handover_id)
    if not handover:
        raise ApiError(404, "handover_not_found", f"handover {handover_id} not found")
    language = language or (handover.get("language") if handover.get("language") in LANGUAGES else "nb")
    profile = await counsellors.get(staff.username)
    settings = request.app.state.handover_settings
    hours = OpeningHours.parse(settings.opening_hours, settings.closed_dates, settings.timezone)
    values = values_for(language, county=handover.get("county") or None,
                        counsellor=(profile.name or staff.username).split()[0], hours=hours)
    return {"language": language, "handover_id": handover_id,
            "replies": [{**r, "texts": {language: fill(r["texts"][language], values)}} for r in replies]}


@router.put("", response_model=CannedPublic, responses=INVALID)
async def replace_canned_replies(body: CannedSet, canned: Canned, staff: CurrentAdmin) -> dict:
    """Replace the whole set. Every reply needs a text in all six languages and may use only the
    known placeholders; otherwise 422 with a code and a detail naming the reply, and nothing is saved."""
    try:
        replies = await canned.replace([r.model_dump() for r in body.replies], staff.username, now())
    except CannedInvalid as invalid:
        raise ApiError(422, invalid.code, invalid.detail) from None
    return {"language": None, "handover_id": None, "replies": replies}
