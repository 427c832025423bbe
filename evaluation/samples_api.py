"""The evaluators' samples: create a stratified, seeded sample of closed conversations, step
through its anonymised transcripts, review each one (one review per evaluator), see how far the
evaluators agree, and export reviews and transcripts as CSV or JSON Lines.

An evaluator never sees a session id (a conversation is named by a one-way reference) nor a
raw text; every transcript shown or exported goes to the access log (anonymised).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.deps import CurrentEvaluator
from core.errors import ApiError, ErrorPublic
from core.languages import LANGUAGES
from core.staff import Staff
from core.vocabulary import NEEDS, OUTCOMES
from evaluation import agreement, exports
from evaluation.conversations import (
    NO_HANDOVER,
    UNKNOWN,
    ConversationFacts,
    anonymised_events,
    closed_conversations,
    facts_of,
)
from evaluation.reviews import Review, ReviewPublic, ReviewStore, public
from evaluation.samples import SampleStore
from evaluation.sampling import DIMENSIONS, draw, matches
from handover.api.audit import Audit

router = APIRouter(prefix="/api/samples", tags=["evaluator"])

MAX_SAMPLE = 200
NOT_FOUND = {404: {"model": ErrorPublic}}
Dimension = Literal["need", "language", "outcome", "handed_over", "channel"]


def _samples(request: Request) -> SampleStore:
    return SampleStore(request.app.state.redis, request.app.state.handover_settings.retention_days)


def _reviews(request: Request) -> ReviewStore:
    return ReviewStore(request.app.state.redis)


Samples = Annotated[SampleStore, Depends(_samples)]
Reviews = Annotated[ReviewStore, Depends(_reviews)]


# ---------- request and response shapes ----------

class Criteria(BaseModel):
    """Which closed conversations may be drawn; an empty list allows every value."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    need: list[Literal[(*NEEDS, UNKNOWN)]] = Field(default_factory=list)  # type: ignore[valid-type]
    language: list[Literal[LANGUAGES]] = Field(default_factory=list)  # type: ignore[valid-type]
    outcome: list[Literal[(*OUTCOMES, NO_HANDOVER, UNKNOWN)]] = Field(default_factory=list)  # type: ignore[valid-type]
    handed_over: list[Literal["yes", "no"]] = Field(default_factory=list)
    channel: list[Literal["web", "sms", "telegram"]] = Field(default_factory=list)
    date_from: dt.date | None = Field(None, alias="from", description="closed on or after this day (Europe/Oslo)")
    date_to: dt.date | None = Field(None, alias="to", description="closed on or before this day (Europe/Oslo)")

    @model_validator(mode="after")
    def range_in_order(self) -> Criteria:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("from must not be after to")
        return self

    def filters(self) -> dict[str, list[str]]:
        return {d: getattr(self, d) for d in DIMENSIONS}


class SampleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    criteria: Criteria = Field(default_factory=Criteria)
    stratify_by: list[Dimension] = Field(list(DIMENSIONS), description="the dimensions whose combinations are strata")
    allocation: Literal["proportional", "equal"] = "proportional"
    size: int = Field(20, ge=1, le=MAX_SAMPLE)
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="the same seed on the same data draws the same "
                                                                    "sample; left out, one is chosen and saved")

    @model_validator(mode="after")
    def dimensions_once(self) -> SampleCreate:
        if len(set(self.stratify_by)) != len(self.stratify_by):
            raise ValueError("stratify_by names a dimension twice")
        return self


class StratumPublic(BaseModel):
    values: dict[str, str]
    population: int = Field(description="closed conversations in this stratum that met the criteria")
    drawn: int


class ConversationPublic(BaseModel):
    id: str = Field(description="a reference to the conversation that does not reveal the session")
    closed_on: str
    need: str
    language: str
    outcome: str
    handed_over: bool
    channel: str


class SampleSummaryPublic(BaseModel):
    id: str
    created_by: str
    created_at: str
    criteria: dict[str, Any]
    stratify_by: list[str]
    allocation: str
    size: int
    seed: int
    population: int
    drawn: int


class SamplePublic(SampleSummaryPublic):
    strata: list[StratumPublic]
    conversations: list[ConversationPublic] = Field(description="those still kept (erased ones drop out)")


class SourcePublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str
    url: str


class EventPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    seq: int
    at: str
    from_: str = Field(alias="from", description="citizen, bot, counsellor or system")
    kind: str
    text: str = Field(description="anonymised")
    sources: list[SourcePublic] | None = Field(None, exclude_if=lambda value: value is None)


class QuestionAgreementPublic(BaseModel):
    answers: dict[str, int]
    share_agreeing: float | None = Field(description="share of the evaluators who gave the most common answer")


class ConversationReviewsPublic(BaseModel):
    id: str
    reviews: list[ReviewPublic] = Field(description="every evaluator's review, one each")
    my_review: ReviewPublic | None
    agreement: dict[str, QuestionAgreementPublic]


class TranscriptReviewedPublic(ConversationPublic, ConversationReviewsPublic):
    events: list[EventPublic]


class SampleQuestionPublic(BaseModel):
    conversations: int = Field(description="conversations with two or more answers to this question")
    answers: int
    percent_agreement: float | None
    fleiss_kappa: float | None


class AgreementPublic(BaseModel):
    method: str
    evaluators: int
    conversations_reviewed: int
    conversations_with_several_reviews: int
    questions: dict[str, SampleQuestionPublic]


class SampleTranscriptsPublic(SamplePublic):
    transcripts: list[TranscriptReviewedPublic]
    agreement: AgreementPublic


class ReviewRowPublic(BaseModel):
    sample: str
    conversation: str
    closed_on: str
    need: str
    language: str
    outcome: str
    handed_over: bool
    channel: str
    evaluator: str
    at: str
    need_recognised: str | None
    expected_need: str | None
    answer_correct: str | None
    answer_sourced: str | None
    handover_right: str | None
    handover_timely: str | None
    tone: str | None
    answer_quality: int | None
    comment: str


class TranscriptExportPublic(ConversationPublic):
    sample: str
    events: list[EventPublic]


class ExportPublic(BaseModel):
    sample: str
    what: Literal["reviews", "transcripts"]
    reviews: list[ReviewRowPublic] | None = None
    transcripts: list[TranscriptExportPublic] | None = None


# ---------- helpers ----------

def _summary(sample: dict[str, Any]) -> dict[str, Any]:
    return {name: sample[name] for name in SampleSummaryPublic.model_fields}


async def _sample(samples: SampleStore, sample_id: str) -> dict[str, Any]:
    sample = await samples.get(sample_id)
    if sample is None:
        raise ApiError(404, "sample_not_found", f"unknown or expired sample {sample_id!r}")
    return sample


async def _kept(request: Request, samples: SampleStore, sample: dict[str, Any]) -> list[ConversationFacts]:
    """The sample's conversations still kept, in the sample's order."""
    facts = await facts_of(request.app.state.redis, sample["session_ids"])
    kept = [facts[s] for s in sample["session_ids"] if s in facts]
    await samples.drop_gone(sample, [f.session_id for f in kept])
    return kept


def _reviews_of(facts: ConversationFacts, by_evaluator: dict[str, dict[str, Any]], staff: Staff) -> dict[str, Any]:
    mine = by_evaluator.get(staff.username)
    return {"id": facts.ref, "reviews": [public(facts.ref, r) for _, r in sorted(by_evaluator.items())],
            "my_review": public(facts.ref, mine) if mine else None,
            "agreement": agreement.conversation_agreement(by_evaluator.values())}


async def _in_sample(request: Request, samples: SampleStore, sample_id: str, transcript_id: str) -> ConversationFacts:
    kept = await _kept(request, samples, await _sample(samples, sample_id))
    facts = next((f for f in kept if f.ref == transcript_id), None)
    if facts is None:
        raise ApiError(404, "transcript_not_found", f"no conversation {transcript_id!r} in sample {sample_id!r}")
    return facts


def _with_conversations(sample: dict[str, Any], kept: list[ConversationFacts]) -> dict[str, Any]:
    return {**_summary(sample), "strata": sample["strata"], "conversations": [f.public() for f in kept]}


async def _transcripts(request: Request, staff: Staff, audit, kept: list[ConversationFacts],
                       action: str) -> list[dict[str, Any]]:
    transcripts = []
    for facts in kept:
        events = await anonymised_events(request.app.state.transcripts, facts.session_id)
        await audit.read(staff, action, session_id=facts.session_id, view="anonymised")
        transcripts.append({**facts.public(), "events": events})
    return transcripts


# ---------- routes ----------

@router.post("", status_code=201, response_model=SamplePublic, responses={422: {"model": ErrorPublic}})
async def create_sample(body: SampleCreate, request: Request, samples: Samples, staff: CurrentEvaluator) -> dict:
    """Draw a stratified sample of closed conversations and save it with its criteria and seed."""
    criteria = body.criteria
    population = [f for f in await closed_conversations(request.app.state.redis, criteria.date_from, criteria.date_to)
                  if matches(f, criteria.filters())]
    if not population:
        raise ApiError(422, "no_conversations_match", "no closed conversation meets these criteria; nothing was saved")
    seed = body.seed if body.seed is not None else secrets.randbelow(2**31)
    drawn = draw(population, body.stratify_by, body.size, body.allocation, seed)
    sample = await samples.save({
        "criteria": criteria.model_dump(mode="json", by_alias=True), "stratify_by": list(body.stratify_by),
        "allocation": body.allocation, "size": body.size, "seed": seed, "population": len(population),
        "drawn": len(drawn.chosen), "strata": [{"values": s.values, "population": s.population, "drawn": s.drawn}
                                               for s in drawn.strata],
        "session_ids": drawn.chosen}, staff.username)
    by_id = {f.session_id: f for f in population}
    return _with_conversations(sample, [by_id[s] for s in drawn.chosen])


@router.get("", response_model=list[SampleSummaryPublic])
async def list_samples(samples: Samples, staff: CurrentEvaluator) -> list[dict]:
    """The saved samples, newest first."""
    return [_summary(s) for s in await samples.list()]


@router.get("/{sample_id}", response_model=SampleTranscriptsPublic, responses=NOT_FOUND)
async def get_sample(sample_id: str, request: Request, samples: Samples, reviews: Reviews, audit: Audit,
                     staff: CurrentEvaluator) -> dict:
    """The sample with its anonymised transcripts, every review and the agreement so far."""
    sample = await _sample(samples, sample_id)
    kept = await _kept(request, samples, sample)
    reviewed = await reviews.of([f.session_id for f in kept])
    transcripts = await _transcripts(request, staff, audit, kept, "transcript_sample")
    for facts, transcript in zip(kept, transcripts):
        transcript.update(_reviews_of(facts, reviewed.get(facts.session_id, {}), staff))
    return {**_with_conversations(sample, kept), "transcripts": transcripts,
            "agreement": agreement.sample_agreement(reviewed)}


@router.get("/{sample_id}/agreement", response_model=AgreementPublic, responses=NOT_FOUND)
async def sample_agreement(sample_id: str, request: Request, samples: Samples, reviews: Reviews,
                           staff: CurrentEvaluator) -> dict:
    """How far the evaluators agree on this sample's conversations, per question."""
    kept = await _kept(request, samples, await _sample(samples, sample_id))
    return agreement.sample_agreement(await reviews.of([f.session_id for f in kept]))


@router.post("/{sample_id}/transcripts/{transcript_id}/review", status_code=201, response_model=ReviewPublic,
             responses=NOT_FOUND)
async def review_in_sample(sample_id: str, transcript_id: str, body: Review, request: Request, samples: Samples,
                           reviews: Reviews, staff: CurrentEvaluator) -> dict:
    """Review a conversation of the sample. Sent again by the same evaluator, it replaces their own
    earlier review (``replaced``); other evaluators' reviews stay."""
    facts = await _in_sample(request, samples, sample_id, transcript_id)
    record = body.record(staff.username)
    result = await reviews.save(facts.session_id, record)
    if not result:
        raise ApiError(404, "transcript_not_found", f"conversation {transcript_id!r} is no longer kept")
    return public(facts.ref, record, replaced=result == 2)


@router.get("/{sample_id}/transcripts/{transcript_id}/reviews", response_model=ConversationReviewsPublic,
            responses=NOT_FOUND)
async def conversation_reviews(sample_id: str, transcript_id: str, request: Request, samples: Samples,
                               reviews: Reviews, staff: CurrentEvaluator) -> dict:
    """Every evaluator's review of one conversation of the sample and how far they agree (no text)."""
    facts = await _in_sample(request, samples, sample_id, transcript_id)
    return _reviews_of(facts, (await reviews.of([facts.session_id]))[facts.session_id], staff)


@router.get("/{sample_id}/export", response_model=ExportPublic, responses={
    200: {"content": {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}},
          "description": "format=json: the rows as JSON; csv or jsonl: a download"}, **NOT_FOUND})
async def export(sample_id: str, request: Request, samples: Samples, reviews: Reviews, audit: Audit,
                 staff: CurrentEvaluator, format: Literal["csv", "jsonl", "json"] = Query("csv"),
                 what: Literal["reviews", "transcripts"] = Query("reviews")):
    """The sample's reviews (one row per evaluator and conversation) or its anonymised transcripts
    (CSV: one row per message; JSONL: one conversation per line)."""
    sample = await _sample(samples, sample_id)
    kept = await _kept(request, samples, sample)
    base = {"sample": sample_id}
    if what == "reviews":
        reviewed = await reviews.of([f.session_id for f in kept])
        rows = []
        for facts in kept:
            for _, review in sorted(reviewed.get(facts.session_id, {}).items()):
                shown = public(facts.ref, review)
                rows.append({**base, **_row_facts(facts), **{c: shown.get(c) for c in exports.REVIEW_COLUMNS
                                                            if c in shown}})
        if format == "json":
            return {**base, "what": what, "reviews": rows}
        body = exports.to_csv(exports.REVIEW_COLUMNS, rows) if format == "csv" else exports.to_jsonl(rows)
    else:
        transcripts = [{**base, **t} for t in await _transcripts(request, staff, audit, kept, "transcript_export")]
        if format == "json":
            return {**base, "what": what, "transcripts": transcripts}
        if format == "csv":
            rows = [row for t in transcripts
                    for row in exports.event_rows(t, {**base, **t, "conversation": t["id"]})]
            body = exports.to_csv(exports.EVENT_COLUMNS, rows)
        else:
            body = exports.to_jsonl(transcripts)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson; charset=utf-8"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="veivalg-utvalg-{sample_id}-{what}.{format}"'})


def _row_facts(facts: ConversationFacts) -> dict[str, Any]:
    shown = facts.public()
    return {"conversation": shown.pop("id"), **shown}

