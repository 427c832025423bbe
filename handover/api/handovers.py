"""The counsellor's endpoints: the queue, claims with leases, the conversation, replies,
internal notes, transfer, handing back to the bot, and closing with an outcome.

Need-to-know (``raw_access``): a conversation's own words (transcript, summary, first message,
closing note) are shown raw only to

- the counsellor who holds it (active);
- a counsellor who may take it now (waiting, and ``handover.routing.assess`` says eligible),
  who needs it to decide;
- the counsellor who handled it, for ``raw_access_after_close_days`` after it closed.

Everyone else with the counsellor endpoints (colleagues, admins who do not hold it) gets the
same shapes anonymised (``core.anonymise``); the closed list is always anonymised. Every read of
a conversation through ``GET /api/handovers/{id}`` goes to the access log (``core.audit``), raw
or anonymised. Internal notes: only the holder, only while the handover is open.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.anonymise import anonymise
from core.audit import View
from core.clock import now
from core.deps import CurrentCounsellor
from core.errors import ApiError
from core.languages import LANGUAGES
from core.schemas import CleanText, EventPublic, QueuePublic
from core.schemas import MessageCreate as Text
from core.staff import Staff
from core.vocabulary import COUNSELLOR_OUTCOMES
from handover.api.audit import Audit
from handover.api.deps import ContentGaps, Counsellors, Flow, Handovers, Waiting
from handover.api.presence import PresencePublic, PresenceStore
from handover.flow import FlowError, NotFound
from handover.routing import assess

router = APIRouter(prefix="/api/handovers", tags=["counsellor"])


class HandoverPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    session_id: str
    status: str
    language: str
    county: str | None
    need: str
    reason: str
    reason_code: str = Field("asked", description="why: asked | accepted_offer | crisis")
    waiting_since: str
    summary: str = Field(description="raw or anonymised, as `view` says (the closed list: always anonymised)")
    priority: str = "normal"
    counsellor: str | None = None
    triage: dict[str, Any] = {}
    view: Literal["raw", "anonymised"] = Field(
        "anonymised", description="raw: the summary, first message, note (and in the detail the transcript) as "
                                  "written; anonymised: personal data replaced by placeholders (need-to-know)")
    eligible: bool | None = Field(None, exclude_if=lambda value: value is None,
                                  description="Only when listing the waiting queue: may you take it now?")
    notes: list[str] | None = Field(None, exclude_if=lambda value: value is None,
                                    description="Only when listing the waiting queue: why (not), in English.")
    routing: list[dict[str, Any]] | None = Field(
        None, exclude_if=lambda value: value is None,
        description="Only when listing the waiting queue: the same as codes with their values, for pages to "
                    "translate ({code: kept_for_language|nobody_speaks|kept_for_county|kept_for_expertise|"
                    "left_for_fewer_chats|you_know_county, language?, county?, seconds?, expertise?}).")


class HandoverDetail(HandoverPublic):
    events: list[EventPublic] = Field(description="The whole transcript, internal notes included; raw or "
                                                  "anonymised as `view` says.")
    session_triage: dict[str, Any] | None
    session_mode: Literal["bot", "queued", "human", "closed"] | None
    queue: QueuePublic | None
    presence: PresencePublic | None = Field(None, description="the citizen: typing, idle, left (or present)")
    exercise_summary: str = Field("", description="The reflection exercise's summary, when the citizen agreed "
                                                  "that a counsellor may see it (\"\" otherwise); raw or "
                                                  "anonymised as `view` says.")


class ClaimPublic(BaseModel):
    id: str
    status: Literal["active"]
    counsellor: str
    lease_s: int = Field(description="Renew within this many seconds (the console's heartbeat does).")


class LeasePublic(BaseModel):
    id: str
    lease_s: int


class EventRef(BaseModel):
    seq: int
    at: str


class Transferred(BaseModel):
    id: str
    transferred_to: str = Field(description="the colleague's username, or queue:<language>")


class HandoverClosed(BaseModel):
    id: str
    status: Literal["closed"]
    outcome: str


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal[COUNSELLOR_OUTCOMES]  # type: ignore[valid-type]
    note: CleanText = Field("", max_length=4000)
    missing_content: CleanText = Field("", max_length=2000, description="What the portal lacked; goes to the editors.")


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_counsellor: str | None = Field(None, description="a colleague's username")
    to_language: Literal[LANGUAGES] | None = Field(None, description="back to the queue for this language")  # type: ignore[valid-type]
    note: CleanText = Field(min_length=1, max_length=2000, description="for the colleague who takes over")

    @model_validator(mode="after")
    def one_target(self) -> "Transfer":
        if bool(self.to_counsellor) == bool(self.to_language):
            raise ValueError("give either to_counsellor or to_language")
        return self


@contextmanager
def _answers() -> Iterator[None]:
    """A transition the state machine refuses becomes 409 (404 when there is no such thing)."""
    try:
        yield
    except FlowError as error:
        raise ApiError(404 if isinstance(error, NotFound) else 409, error.code, error.detail) from None


async def _handover_or_404(handovers, handover_id: str) -> dict:
    handover = await handovers.get(handover_id)
    if handover is None:
        raise ApiError(404, "handover_not_found", f"unknown handover {handover_id!r}")
    return handover


def _claimed(claim) -> dict:
    return {"id": claim.handover_id, "status": "active", "counsellor": claim.counsellor, "lease_s": claim.lease_s}


def raw_access(handover: dict[str, Any], staff: Staff, *, eligible: bool, at: datetime,
               raw_after_close: timedelta) -> bool:
    """May ``staff`` read this handover's conversation raw (need-to-know)? ``eligible``: may they
    take it now (only asked of waiting handovers)."""
    mine = bool(handover.get("counsellor")) and handover.get("counsellor") == staff.username
    status = handover.get("status")
    if status == "active":
        return mine
    if status == "waiting":
        return staff.role == "counsellor" and eligible
    if status == "closed" and mine:
        try:
            closed_at = datetime.fromisoformat(handover.get("closed_at") or "")
        except ValueError:
            return False
        return at - closed_at <= raw_after_close
    return False


def anonymised(handover: dict[str, Any]) -> dict[str, Any]:
    """The handover with the citizen's and counsellors' words anonymised (summary, first
    message, reason, closing note)."""
    item = {**handover, "view": "anonymised"}
    for name in ("summary", "note", "reason"):
        if item.get(name):
            item[name] = anonymise(item[name])
    triage = dict(item.get("triage") or {})
    for name in ("first_message", "reason"):
        if triage.get(name):
            triage[name] = anonymise(triage[name])
    item["triage"] = triage
    return item


def _viewed(handover: dict[str, Any], raw: bool) -> dict[str, Any]:
    return {**handover, "view": "raw"} if raw else anonymised(handover)


def _raw_after_close(request: Request) -> timedelta:
    return timedelta(days=request.app.state.handover_settings.raw_access_after_close_days)


@router.get("", response_model=list[HandoverPublic])
async def list_handovers(
    request: Request, handovers: Handovers, counsellors: Counsellors, staff: CurrentCounsellor,
    status: Literal["waiting", "active", "closed"] = Query("waiting"),
) -> list[dict]:
    """The queue (raw for those who may take it), the active chats (raw for the holder) and the
    closed ones (always anonymised)."""
    items = await handovers.list(status)
    if status == "closed":
        return [anonymised(item) for item in items]
    if status == "waiting":
        me, on_duty = await counsellors.get(staff.username), await counsellors.on_duty()
        for item in items:
            verdict = assess(item, me, on_duty, now(), counsellors.preference_window_s)
            item["eligible"], item["notes"], item["routing"] = verdict.eligible, verdict.notes, verdict.hints
    at, window = now(), _raw_after_close(request)
    return [_viewed(item, raw_access(item, staff, eligible=bool(item.get("eligible")), at=at,
                                     raw_after_close=window)) for item in items]


@router.post("/next", response_model=ClaimPublic)
async def claim_next(flow: Flow, staff: CurrentCounsellor) -> dict:
    """Claim the first handover this counsellor should take (crisis first, then waiting time)."""
    with _answers():
        return _claimed(await flow.claim_next(staff.username))


@router.post("/{handover_id}/claim", response_model=ClaimPublic)
async def claim(handover_id: str, flow: Flow, staff: CurrentCounsellor) -> dict:
    with _answers():
        return _claimed(await flow.claim(handover_id, staff.username))


@router.post("/{handover_id}/renew", response_model=LeasePublic)
async def renew(handover_id: str, flow: Flow, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    with _answers():
        await flow.holding(handover_id, staff.username)
    await handovers.renew(handover_id)
    return {"id": handover_id, "lease_s": handovers.lease_s}


@router.get("/{handover_id}", response_model=HandoverDetail)
async def get_handover(handover_id: str, request: Request, handovers: Handovers, counsellors: Counsellors,
                       waiting: Waiting, audit: Audit, presence: PresenceStore, staff: CurrentCounsellor) -> dict:
    """The handover with the whole transcript: raw while you hold it, while it waits and you may
    take it, and for a few days after you closed it; otherwise anonymised. Every read is logged."""
    handover = await _handover_or_404(handovers, handover_id)
    eligible = False
    if handover["status"] == "waiting" and staff.role == "counsellor":
        eligible = assess(handover, await counsellors.get(staff.username), await counsellors.on_duty(), now(),
                          counsellors.preference_window_s).eligible
    raw = raw_access(handover, staff, eligible=eligible, at=now(), raw_after_close=_raw_after_close(request))
    view: View = "raw" if raw else "anonymised"
    session_id = handover["session_id"]
    await audit.read(staff, "handover", session_id=session_id, handover_id=handover_id, view=view)
    events = await request.app.state.transcripts.read(session_id)
    if not raw:
        events = [{**event, "text": anonymise(event["text"])} for event in events]
    session = await request.app.state.sessions.get(session_id)
    return {**_viewed(handover, raw), "events": events, "session_triage": session.triage if session else None,
            "session_mode": session.mode if session else None,
            "queue": await waiting.status(handover_id),
            "presence": await presence.of(session_id, events, session.mode if session else None),
            "exercise_summary": _exercise_summary(session, raw)}


def _exercise_summary(session, raw: bool) -> str:
    """The shared exercise summary in the view the reader may have."""
    summary = session.exercise_summary if session else ""
    return summary if raw or not summary else anonymise(summary)


@router.post("/{handover_id}/messages", response_model=EventRef)
async def reply(handover_id: str, body: Text, request: Request, flow: Flow, handovers: Handovers,
                staff: CurrentCounsellor) -> dict:
    with _answers():
        handover = await flow.holding(handover_id, staff.username)
    event = await request.app.state.transcripts.append(
        handover["session_id"], "counsellor", body.text, "counsellor", counsellor=staff.username)
    await handovers.renew(handover_id)
    return {"seq": event["seq"], "at": event["at"]}


@router.post("/{handover_id}/notes", response_model=EventRef)
async def note(handover_id: str, body: Text, request: Request, flow: Flow, handovers: Handovers,
               staff: CurrentCounsellor) -> dict:
    """An internal note in the transcript: counsellors see it, the citizen never does. Only the
    counsellor who holds the handover, while it is open."""
    with _answers():
        handover = await flow.holding(handover_id, staff.username)
    event = await request.app.state.transcripts.append(
        handover["session_id"], "counsellor", body.text, "internal_note", counsellor=staff.username)
    await handovers.renew(handover_id)
    return {"seq": event["seq"], "at": event["at"]}


@router.post("/{handover_id}/transfer", response_model=Transferred)
async def transfer(handover_id: str, body: Transfer, flow: Flow, staff: CurrentCounsellor) -> dict:
    """To a colleague on duty (the chat stays with a human) or back to a language's queue."""
    with _answers():
        if body.to_counsellor:
            target = await flow.transfer_to_counsellor(handover_id, staff.username, body.to_counsellor, body.note)
        else:
            target = await flow.transfer_to_queue(handover_id, staff.username, body.to_language, body.note)
    return {"id": handover_id, "transferred_to": target}


@router.post("/{handover_id}/release", response_model=HandoverClosed)
async def release_to_bot(handover_id: str, body: Text, flow: Flow, staff: CurrentCounsellor) -> dict:
    """Hand the conversation back to the assistant (the citizen can ask for a human again)."""
    with _answers():
        await flow.release(handover_id, staff.username, body.text)
    return {"id": handover_id, "status": "closed", "outcome": "returned_to_bot"}


@router.post("/{handover_id}/close", response_model=HandoverClosed)
async def close(handover_id: str, body: Close, flow: Flow, gaps: ContentGaps, staff: CurrentCounsellor) -> dict:
    with _answers():
        handover = await flow.close(handover_id, staff.username, body.outcome, body.note)
    if body.missing_content.strip():
        await gaps.add(staff.username, handover_id, handover["language"], handover["need"],
                       body.missing_content.strip())
    return {"id": handover_id, "status": "closed", "outcome": body.outcome}
