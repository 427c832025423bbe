"""The citizen's endpoints: sessions, messages, events, transcript, callback, leave, close and erasure.

Every sign of the citizen (a message, an events poll, a callback request, leaving the queue) is
recorded with ``SessionStore.touch``: a queued or active chat with no sign for
``HANDOVER_ABANDONED_AFTER_S`` is closed as abandoned (``handover.abandonment``)."""

import asyncio
import json
import re
from collections.abc import Mapping
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.api.deps import (
    CitizenSession,
    ConversationService,
    Flow,
    Sessions,
    Transcripts,
)
from assistant.api.limits import TOO_MANY, MessageAllowed, SessionAllowed
from assistant.transcript_pdf import PdfFontMissing, as_pdf
from assistant.transcript_text import as_text, transcript_document
from core import keys, texts
from core.clock import now
from core.deps import ClientAddress, Limiter
from core.errors import ApiError, ErrorPublic
from core.languages import LANGUAGES
from core.ratings import MAX_COMMENT_CHARS, RatingRefused
from core.schemas import CleanText, EventPublic, MessageCreate, QueuePublic, clean_text
from handover.api.presence import PresenceStore
from handover.counsellor_names import roster_first_names
from handover.flow import FlowError, NotFound

router = APIRouter(prefix="/api/sessions", tags=["citizen"])

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(\+\d{7,15}|\d{8})")


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Literal["web", "sms", "telegram"] = "web"
    language: Literal[LANGUAGES] | None = None  # type: ignore[valid-type]


class SessionCreated(BaseModel):
    session_id: str
    token: str


class Source(BaseModel):
    title: str
    url: str
    reviewed: str


class Button(BaseModel):
    title: str
    payload: str


class CareerCentre(BaseModel):
    """The nearest public career centre office (knowledge/data/career_centres.yml). Only verified
    fields are filled; an empty string is unknown and not shown."""

    name: str = Field(description="The office's name once (with its town), or a description when unverified.")
    county: str
    town: str = ""
    address: str = ""
    phone: str = ""
    phone_uri: str = Field("", description="The phone as a tel: link, e.g. tel:+4712345678.")
    booking_url: str = Field("", description="Where to book a conversation.")
    url: str = ""
    alternative_url: str = Field("", description="The national service karriereveiledning.no, given when the "
                                                 "office has no verified phone or booking link.")
    needs_verification: bool = False


class EmergencyNumber(BaseModel):
    label: str = Field(description="The service's name in the citizen's language.")
    number: str = Field(description="As it is dialled in Norway, e.g. \"116 123\" (the page links it as tel:).")


class BotMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    text: str
    language: str
    sources: list[Source] = []
    buttons: list[Button] = []
    career_centre: CareerCentre | None = Field(None, exclude_if=lambda value: value is None)
    emergency: list[EmergencyNumber] | None = Field(
        None, exclude_if=lambda value: value is None,
        description="On every crisis message (kind crisis), in every mode: 113, Mental Helse 116 123, "
                    "Kirkens SOS 22 40 00 40.")
    callback: bool | None = Field(None, exclude_if=lambda value: value is None,
                                  description="Offer the callback form (POST /api/sessions/{id}/callback).")
    code: str | None = Field(None, exclude_if=lambda value: value is None,
                             description="Why a request for a counsellor was not queued (kind out_of_hours): "
                                         "rate_limited | too_many_waiting.")
    retry_after_s: int | None = Field(None, exclude_if=lambda value: value is None,
                                      description="With code rate_limited: ask again after this many seconds.")


class Triage(BaseModel):
    need: str | None
    language: str
    county: str | None
    confidence: float


class MessageReply(BaseModel):
    messages: list[BotMessage]
    mode: Literal["bot", "queued", "human", "closed"]
    triage: Triage
    queue: QueuePublic | None


class CounsellorTypingPublic(BaseModel):
    from_: Literal["counsellor"] = Field("counsellor", alias="from")
    name: str = Field(description="The counsellor's first name (\"\" when unknown).")

    model_config = ConfigDict(populate_by_name=True)


class Events(BaseModel):
    events: list[EventPublic] = Field(description="Counsellor replies (kind counsellor) carry `counsellor_name`, the "
                                                  "counsellor's first name (\"\" when unknown).")
    typing: CounsellorTypingPublic | None = Field(
        None, exclude_if=lambda value: value is None,
        description="Present while the counsellor is typing (a signal from the last few seconds); the page shows "
                    "\"<name> is typing\" for about 6 s after the last one.")


class TranscriptPublic(BaseModel):
    session_id: str
    events: list[EventPublic]


class CallbackPublic(BaseModel):
    id: str
    status: Literal["open"]
    text: str = Field(description="What the citizen was told (also added to the transcript).")


class SessionClosed(BaseModel):
    session_id: str
    mode: Literal["closed"]


class SessionLeft(BaseModel):
    session_id: str
    mode: Literal["bot", "closed"] = Field(description="bot: out of the queue, back with the assistant; "
                                                       "closed: the chat with a counsellor ended.")


class SessionErased(BaseModel):
    session_id: str
    erased: bool


@router.post("", status_code=201, response_model=SessionCreated, responses=TOO_MANY)
async def create_session(request: Request, sessions: Sessions, _: SessionAllowed,
                         body: SessionCreate | None = None) -> SessionCreated:
    body = body or SessionCreate()
    language = body.language or request.app.state.settings.default_language
    session, token = await sessions.create(body.channel, language, language_locked=body.language is not None)
    return SessionCreated(session_id=session.id, token=token)


@router.post("/{session_id}/messages", response_model=MessageReply, responses=TOO_MANY)
async def post_message(body: MessageCreate, session: CitizenSession, conversation: ConversationService,
                       address: ClientAddress, _: MessageAllowed) -> dict:
    """One message. Over the message limits (per session, per client address), or a press of the
    counsellor button over the handover-request limits: 429 with Retry-After, nothing stored. A
    request for a counsellor in free text that the limits or the cap on waiting requests per
    address refuse is answered (200) with a notice: kind out_of_hours, code rate_limited or
    too_many_waiting, callback true. A crisis is never refused."""
    if session.mode == "closed":
        raise ApiError(409, "session_closed", "this conversation is closed; start a new session to write again")
    try:
        return await conversation.handle(session, body.text, address)
    except FlowError as refused:  # e.g. closed in another tab while the assistant was answering
        raise ApiError(404 if isinstance(refused, NotFound) else 409, refused.code, refused.detail) from None


@router.get("/{session_id}/events", response_model=Events, response_model_by_alias=True)
async def events(
    request: Request, session: CitizenSession, transcripts: Transcripts, sessions: Sessions,
    after: int = Query(0, ge=0, description="Return events with seq greater than this."),
    wait: float = Query(0, ge=0, le=25, description="Seconds to wait for a new event (long-poll)."),
) -> dict:
    """New events; every poll counts as a sign that the citizen is still there. While the
    counsellor is typing, ``typing`` says so (counsellor replies name the counsellor by first name)."""
    if session.mode != "closed":
        await sessions.touch(session.id)
    signals = request.app.state.counsellor_typing
    # Unless a typing signal is fresh (returned anyway), a counsellor who starts typing ends the wait too.
    wake_on = () if not wait or await signals.fresh(session.id) else (keys.session_typing_channel(session.id),)
    events = await transcripts.wait(session.id, after, wait, wake_on=wake_on)
    reply: dict = {"events": await citizen_events(request, events)}
    typing = await signals.fresh(session.id)
    if typing:
        reply["typing"] = typing
    return reply


TRANSCRIPT_MEDIA = {"json": "application/json", "txt": "text/plain; charset=utf-8", "pdf": "application/pdf"}


@router.get("/{session_id}/transcript", response_model=TranscriptPublic, responses={
    200: {"content": {"text/plain": {"schema": {"type": "string"}},
                      "application/pdf": {"schema": {"type": "string", "format": "binary"}}},
          "description": "The conversation as the citizen saw it, as a download `veivalg-<date>.json|txt|pdf`: "
                         "JSON (format=json, the events), plain text (txt) or PDF (pdf), the labels of txt and pdf "
                         "in `language`."},
    503: {"model": ErrorPublic, "description": "`pdf_unavailable`: the server lacks the PDF font (txt and json "
                                               "still work)."}})
async def transcript(
    request: Request, session: CitizenSession, transcripts: Transcripts,
    format: Literal["json", "txt", "pdf"] = Query("json", description="json | txt | pdf"),
    language: Literal[LANGUAGES] | None = Query(  # type: ignore[valid-type]
        None, description="The labels' language in txt and pdf (\"Du\"/\"You\", \"Kilde\"/\"Source\" ...); "
                          "default: the conversation's language."),
):
    """The whole conversation as the citizen saw it (no staff notes), sources under their answers;
    counsellors by first name."""
    events = await citizen_events(request, await transcripts.read(session.id))
    document = transcript_document(events, language or session.language, now())
    headers = {"Content-Disposition": f'attachment; filename="veivalg-{document.day}.{format}"'}
    if format == "json":
        body = TranscriptPublic.model_validate({"session_id": session.id, "events": events})
        return Response(json.dumps(body.model_dump(by_alias=True), ensure_ascii=False),
                        media_type=TRANSCRIPT_MEDIA["json"], headers=headers)
    if format == "txt":
        return PlainTextResponse(as_text(document), headers=headers)
    try:
        pdf = await asyncio.to_thread(as_pdf, document)
    except PdfFontMissing as missing:
        raise ApiError(503, "pdf_unavailable", f"the PDF transcript is not available on this server ({missing}); "
                                               "download it as text instead") from None
    return Response(pdf, media_type=TRANSCRIPT_MEDIA["pdf"], headers=headers)


class CallbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(max_length=2000, description="What the citizen wants help with.")
    email: str = Field("", max_length=200)
    phone: str = Field("", max_length=30)

    @field_validator("question")
    @classmethod
    def question_not_blank(cls, value: str) -> str:
        value = clean_text(value)
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        value = value.strip()
        if value and not EMAIL.fullmatch(value):
            raise ValueError("is not an e-mail address")
        return value

    @field_validator("phone")
    @classmethod
    def valid_phone(cls, value: str) -> str:
        digits = re.sub(r"[\s-]", "", value)
        if digits and not PHONE.fullmatch(digits):
            raise ValueError("is not a phone number (8 digits, or +country code and number)")
        return digits

    @model_validator(mode="after")
    def some_contact(self) -> "CallbackCreate":
        if not self.email and not self.phone:
            raise ValueError("give an e-mail address or a phone number so a counsellor can reach you")
        return self


@router.post("/{session_id}/callback", status_code=201, response_model=CallbackPublic, responses=TOO_MANY)
async def leave_question(body: CallbackCreate, request: Request, session: CitizenSession,
                         transcripts: Transcripts, sessions: Sessions, _: MessageAllowed) -> dict:
    """Leave a question and contact details when no counsellor is available (counts as a message
    against the limits)."""
    record = await request.app.state.callbacks.create(session.id, body.question, body.email, body.phone,
                                                      session.language, session.exercise_summary)
    if session.mode != "closed":
        await sessions.touch(session.id)
    await transcripts.append(session.id, "citizen", body.question, "callback_request")
    notice = texts.text("callback_saved", session.language, contact=body.email or body.phone)
    await transcripts.append(session.id, "system", notice, "system")
    return {"id": record["id"], "status": "open", "text": notice}


@router.post("/{session_id}/leave", response_model=SessionLeft, responses={
    409: {"description": "`not_queued`: not waiting for a counsellor (nor with one); `session_closed`: the "
                         "conversation has ended."}})
async def leave(session: CitizenSession, flow: Flow, sessions: Sessions) -> dict:
    """Leave the queue: the request for a counsellor is withdrawn and the assistant answers again
    (mode ``bot``). With a counsellor, leaving ends the chat (as ``close``; mode ``closed``)."""
    if session.mode != "closed":
        await sessions.touch(session.id)
    try:
        mode = await flow.leave(session.id)
    except FlowError as refused:
        raise ApiError(404 if isinstance(refused, NotFound) else 409, refused.code, refused.detail) from None
    return {"session_id": session.id, "mode": mode}


class SessionAway(BaseModel):
    session_id: str
    away: bool


@router.post("/{session_id}/away", response_model=SessionAway)
async def away(session: CitizenSession, sessions: Sessions) -> dict:
    """The page is going away (sent on ``pagehide``: the tab was closed, the citizen went elsewhere,
    or the page is reloading). A queued or active chat whose page does not come back (no poll or
    message) within ``HANDOVER_AWAY_GRACE_S`` is closed as ``no_show``; a reload polls again at once."""
    await sessions.mark_away(session.id)
    return {"session_id": session.id, "away": True}


class SessionTyping(BaseModel):
    session_id: str
    typing: bool = Field(description="false when the chat has ended (nothing was stored)")


async def typing_allowed(session: CitizenSession, limiter: Limiter) -> None:
    await limiter.hit("typing_per_session", session.id)


@router.post("/{session_id}/typing", response_model=SessionTyping, responses=TOO_MANY)
async def typing(session: CitizenSession, presence: PresenceStore, sessions: Sessions,
                 _: Annotated[None, Depends(typing_allowed)]) -> dict:
    """The citizen is typing (the page sends this at most every few seconds while they type; no
    text is sent). The counsellor's console shows "typing" for a few seconds."""
    if session.mode == "closed":
        return {"session_id": session.id, "typing": False}
    await sessions.touch(session.id)
    await presence.typing(session.id)
    return {"session_id": session.id, "typing": True}


@router.post("/{session_id}/close", response_model=SessionClosed)
async def close_session(session: CitizenSession, flow: Flow) -> dict:
    """End the chat (closing twice is fine); an open handover ends as ``no_show``, and a counsellor
    holding it sees a ``citizen_left`` event."""
    await flow.citizen_close(session.id)
    return {"session_id": session.id, "mode": "closed"}


@router.delete("/{session_id}", response_model=SessionErased)
async def erase_session(session: CitizenSession, flow: Flow) -> dict:
    """Erase the session, its transcript and its handover (the citizen's right to erasure)."""
    await flow.erase(session.id)
    return {"session_id": session.id, "erased": True}


class RatingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: int = Field(ge=1, le=5, strict=True, description="1 (poor) to 5 (very good).")
    comment: CleanText = Field("", max_length=MAX_COMMENT_CHARS,
                               description="Optional; control and bidi-override characters are removed, and "
                                           "names, numbers and addresses are anonymised before it is stored.")


class RatingPublic(BaseModel):
    session_id: str
    rating: int
    comment: str = Field(description="As stored: anonymised.")


@router.post("/{session_id}/rating", status_code=201, response_model=RatingPublic, responses={
    409: {"model": ErrorPublic, "description": "`chat_not_ended`: the chat is still open; `already_rated`: "
                                               "this chat was rated before (once per session)."}})
async def rate_chat(body: RatingCreate, request: Request, session: CitizenSession) -> dict:
    """The citizen's rating of a chat that has ended (closed by them or by the counsellor): 1-5 and an
    optional comment, once per session. The rating is counted in the statistics; the comment is kept
    with it, anonymised, for the evaluators, and erased with the session."""
    try:
        record = await request.app.state.ratings.rate(session, body.rating, body.comment)
    except RatingRefused as refused:
        raise ApiError(409, refused.code, refused.detail) from None
    return {"session_id": session.id, "rating": record["rating"], "comment": record["comment"]}


STAFF_ONLY_KINDS = ("internal_note", "crisis_alert", "citizen_left")


def _citizen_view(events: list[dict], names: Mapping[str, str] | None = None) -> list[dict]:
    """What the citizen saw: internal notes, crisis alerts and "the citizen left" stay with the staff.
    A counsellor's username never reaches the citizen: their replies carry ``counsellor_name``, the
    first name from ``names`` (username -> first name; default: the roster's)."""
    names = roster_first_names() if names is None else names
    view = []
    for event in events:
        if event.get("kind") in STAFF_ONLY_KINDS:
            continue
        shown = {key: value for key, value in event.items() if key != "counsellor"}
        if event.get("from") == "counsellor":
            shown["counsellor_name"] = names.get(event.get("counsellor") or "", "")
        view.append(shown)
    return view


async def citizen_events(request: Request, events: list[dict]) -> list[dict]:
    """``_citizen_view`` with the counsellors' first names from their profiles (cached)."""
    return _citizen_view(events, await request.app.state.counsellor_names.of_events(events))
