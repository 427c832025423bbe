"""The career-centre endpoints: the editors read and replace the whole offices file; anyone asks
for the nearest office's card (``GET /api/career-centres/nearest``, stateless, what the chat page
shows under a chat a counsellor closed with the outcome ``referred_career_centre``).

``GET /api/career-centres`` gives every office with its sourced fields; ``PUT`` replaces the
file after the same validation as the loader (``knowledge/centres.py``): a wrong field gives 422
``{"detail", "code": "centres_invalid", "errors": [{"field", "message", "code", "params"}]}`` and
nothing is written. A save lands atomically in ``KnowledgeSettings.data_dir`` and is recorded in
the audit log (action ``career_centres_updated``). Role ``editor`` (``admin`` too).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from core.audit import AuditLog
from core.deps import CurrentEditor as Editor
from core.deps import state
from core.errors import ApiError, ErrorPublic
from knowledge.api.articles import FieldErrorPublic
from knowledge.api.deps import KnowledgeConfig
from knowledge.articles import FieldError
from knowledge.centre_card import card_message
from knowledge.centres import FILE_NAME, CentresInvalid, load_centres, read_municipalities, write_centres

router = APIRouter(tags=["editor"])
Audit = Annotated[AuditLog, Depends(state("audit"))]


class SourcedFieldPublic(BaseModel):
    """One shown field: an empty ``value`` is unknown (not shown to citizens); a value needs its
    ``source_url`` and the date it was ``checked`` (YYYY-MM-DD)."""

    value: str = ""
    source_url: str | None = None
    checked: str | None = None


class OfficePublic(BaseModel):
    id: str = Field(examples=["finnmark-alta"])
    county: str = Field(examples=["Finnmark"])
    main: bool = Field(description="The county's main office (serves whoever cannot be placed nearer).")
    needs_verification: bool
    name: SourcedFieldPublic
    town: SourcedFieldPublic
    address: SourcedFieldPublic
    phone: SourcedFieldPublic
    booking_url: SourcedFieldPublic
    url: SourcedFieldPublic
    serves: list[str] = Field(description="Municipalities (as in municipalities.csv) this office serves.")
    note: str | None = None


class CentresPublic(BaseModel):
    offices: list[OfficePublic]
    counties: list[str] = Field(description="The counties, for the page's lists.")
    municipalities: dict[str, str] = Field(description="Municipality -> county, for the page's lists.")


class CentresWrite(BaseModel):
    """The whole document; every office is checked like the file is when it is loaded."""

    offices: Any = Field(description="List of offices, as in GET")


class CentresInvalidPublic(ErrorPublic):
    """422 ``centres_invalid``: every wrong field, nothing written."""

    errors: list[FieldErrorPublic]


_INVALID = {422: {"model": CentresInvalidPublic, "description": "a field is wrong; nothing was written",
                  "content": {"application/json": {"example": {
                      "detail": "the centres were not saved: offices[0].phone: finnmark-alta: phone '12' is not a "
                                "Norwegian number",
                      "code": "centres_invalid",
                      "errors": [FieldError("offices[0].phone", "finnmark-alta: phone '12' is not a Norwegian number",
                                            code="bad_phone", params={"office": "finnmark-alta", "field": "phone",
                                                                      "value": "12"}).as_dict()]}}}}}


def _document(settings) -> dict[str, Any]:
    centres = load_centres(settings.data_dir)
    municipalities = read_municipalities(settings.data_dir)
    return {**centres.as_document(), "counties": sorted(municipalities.counties),
            "municipalities": dict(municipalities.county_of)}


def _invalid(errors: list[FieldError]) -> JSONResponse:
    rows = [e.as_dict() for e in errors]
    detail = "the centres were not saved: " + "; ".join(f"{e['field']}: {e['message']}" for e in rows)
    return JSONResponse({"detail": detail, "code": "centres_invalid", "errors": rows}, status_code=422)


@router.get("/api/career-centres", response_model=CentresPublic,
            responses={503: {"model": ErrorPublic, "description": "the file is missing or broken"}})
async def get_centres(staff: Editor, settings: KnowledgeConfig) -> dict[str, Any]:
    try:
        return await asyncio.to_thread(_document, settings)
    except FileNotFoundError:
        raise ApiError(503, "centres_unreadable", f"{FILE_NAME} is missing in the data folder") from None
    except CentresInvalid as error:
        raise ApiError(503, "centres_unreadable", f"{FILE_NAME} is invalid: {error}") from None


@router.put("/api/career-centres", response_model=CentresPublic, responses=_INVALID)
async def put_centres(body: CentresWrite, staff: Editor, settings: KnowledgeConfig, audit: Audit):
    """Replace every office (the file's comment header is kept)."""
    document = {"offices": body.offices}
    try:
        centres = await asyncio.to_thread(write_centres, settings.data_dir, document)
    except CentresInvalid as error:
        return _invalid(error.errors)
    await audit.read(staff, "career_centres_updated", session_id=None)
    municipalities = read_municipalities(settings.data_dir)
    return {**centres.as_document(), "counties": sorted(municipalities.counties),
            "municipalities": dict(municipalities.county_of)}


# -- the citizen's card ----------------------------------------------------------------------------
class CentreCardPublic(BaseModel):
    """One office as a citizen sees it: only verified values; "" is unknown and not shown."""

    id: str
    name: str = Field(description="Named once (with its town), or described when the name is not verified.")
    town: str = ""
    address: str = ""
    phone: str = ""
    phone_uri: str = Field("", description="The phone as a tel: link, e.g. tel:+4777000000.")
    booking_url: str = ""
    url: str = ""
    alternative_url: str = Field("", description="karriereveiledning.no, when no phone or booking link is verified.")
    county: str
    needs_verification: bool


class NearestCentrePublic(BaseModel):
    kind: Literal["career_centre"] = "career_centre"
    text: str = Field(description="The card's text in the asked language; names the centre once.")
    language: str
    career_centre: CentreCardPublic


@router.get("/api/career-centres/nearest", response_model=NearestCentrePublic,
            responses={404: {"model": ErrorPublic, "description": "`centre_not_found`: no known municipality or county"},
                       503: {"model": ErrorPublic, "description": "the file is missing or broken"}})
async def nearest_centre(
    settings: KnowledgeConfig,
    county: str | None = Query(None, max_length=60, examples=["Finnmark"]),
    municipality: str | None = Query(None, max_length=80, description="a municipality or town", examples=["Alta"]),
    language: Literal["nb", "nn", "en", "uk", "pl", "ar"] = "nb",
) -> dict[str, Any]:
    """The office serving ``municipality``, else the main office of ``county``."""
    try:
        centres = await asyncio.to_thread(load_centres, settings.data_dir)
    except (FileNotFoundError, CentresInvalid):
        raise ApiError(503, "centres_unreadable", f"{FILE_NAME} is missing or invalid") from None
    card = centres.nearest(municipality, county)
    if card is None:
        raise ApiError(404, "centre_not_found", "no career centre is known for that municipality or county")
    text, data = card_message(card, language)
    return {"kind": "career_centre", "text": text, "language": language, "career_centre": data}
