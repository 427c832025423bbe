"""The editors' reports: questions the assistant could not answer (grouped), and published
articles overdue for review, and what counsellors noticed was missing from the portal. Role ``editor`` (``admin`` too).

A question group or a note can be closed as ``answered`` by an existing article (422
``resolution_article_unknown`` otherwise) or ``wont_answer`` with a reason (422
``resolution_reason_required``); closed ones leave the open list and are listed with
``?status=closed``, each with its resolution."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from core import keys
from core.clock import now_iso
from core.deps import CurrentEditor as Editor, RedisClient
from core.errors import ApiError, ErrorPublic
from knowledge.api.deps import Articles, KnowledgeConfig
from knowledge.article_store import ArticleNotFound, ArticleStore
from knowledge.content_gaps import ContentGapStore
from knowledge.unanswered import close_group, closed_entries, group_questions, parse_entries, resolutions, summarise

router = APIRouter(prefix="/api/reports", tags=["editor"])
OSLO = ZoneInfo("Europe/Oslo")


class ResolutionPublic(BaseModel):
    """How an editor closed a question group or a note."""

    resolution: Literal["answered", "wont_answer"]
    article_id: str | None = Field(None, description="the article that answers it (resolution answered)")
    reason: str = Field("", description="why it will not be answered (resolution wont_answer)")
    by: str
    at: str


class ResolutionWrite(BaseModel):
    """``answered`` with ``article_id`` (an existing article), or ``wont_answer`` with a ``reason``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "example": {"resolution": "answered", "article_id": "karakterpoeng"}})
    resolution: Literal["answered", "wont_answer"]
    article_id: str | None = Field(None, max_length=120)
    reason: str = Field("", max_length=1000)


class QuestionGroupPublic(BaseModel):
    id: str = Field("", description="names the group when closing it (POST .../unanswered/{id}/resolve)")
    resolution: ResolutionPublic | None = None
    question: str
    count: int
    first_seen: str
    last_seen: str
    languages: list[str]
    examples: list[str]
    terms: list[str]


class ContentGapPublic(BaseModel):
    id: str = Field("", description="names the note when closing it (POST .../content-gaps/{id}/resolve)")
    resolution: ResolutionPublic | None = None
    at: str
    counsellor: str
    handover_id: str
    language: str
    need: str
    note: str


class UnansweredReportPublic(BaseModel):
    total: int
    groups: list[QuestionGroupPublic]


class StaleArticlePublic(BaseModel):
    id: str
    title: str
    language: str
    reviewed: str
    review_by: str
    days_overdue: int
    source_url: str
    path: str


@router.get("/unanswered", response_model=UnansweredReportPublic)
async def unanswered(
    request: Request,
    staff: Editor,
    days: int = Query(30, ge=1, le=3650, description="only questions from the last N days"),
    language: str | None = Query(None, description="only questions in this language"),
    limit: int = Query(50, ge=1, le=500, description="at most this many groups"),
    status: Literal["open", "closed"] = Query("open", description="open questions, or the closed ones"),
) -> dict[str, Any]:
    """Anonymised questions the assistant was not confident about, similar ones grouped
    (shared analysed terms), biggest group first, with counts, languages and last seen.
    ``status=closed``: the closed ones, one group per resolution, newest first."""
    redis = request.app.state.redis
    entries, closed = await _entries(redis, days, language)
    if status == "open":
        entries = [e for e in entries if e["_id"] not in closed]
        groups = await asyncio.to_thread(group_questions, entries)
        return {"total": len(entries), "groups": [g.public() for g in groups[:limit]]}
    entries = [e for e in entries if e["_id"] in closed]
    by_resolution: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_resolution.setdefault(closed[entry["_id"]], []).append(entry)
    known = await resolutions(redis)
    rows = []
    for resolution_id, members in by_resolution.items():
        group = summarise(members).public()
        group["resolution"] = known.get(resolution_id)
        rows.append(group)
    rows.sort(key=lambda g: ((g["resolution"] or {}).get("at") or "", g["last_seen"]), reverse=True)
    return {"total": len(entries), "groups": rows[:limit]}


async def _entries(redis, days: int, language: str | None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    raw = await redis.lrange(keys.UNANSWERED_QUESTIONS, 0, -1)
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).isoformat(timespec="seconds")
    entries = [e for e in parse_entries(raw) if (e.get("at") or "") >= since]
    if language:
        entries = [e for e in entries if e.get("language") == language]
    return entries, await closed_entries(redis)


async def _resolution(body: ResolutionWrite, staff, store: ArticleStore) -> dict[str, Any]:
    """The resolution to store, or 422 (nothing stored)."""
    if body.resolution == "answered":
        article_id = (body.article_id or "").strip()
        if not article_id:
            raise ApiError(422, "resolution_article_required", "resolution answered needs article_id")
        try:
            await asyncio.to_thread(store.get, article_id)
        except ArticleNotFound:
            raise ApiError(422, "resolution_article_unknown", f"no article with id {article_id!r}") from None
        return {"resolution": "answered", "article_id": article_id, "reason": "", "by": staff.username, "at": now_iso()}
    reason = body.reason.strip()
    if not reason:
        raise ApiError(422, "resolution_reason_required", "resolution wont_answer needs a reason")
    return {"resolution": "wont_answer", "article_id": None, "reason": reason, "by": staff.username, "at": now_iso()}


_RESOLVE = {404: {"model": ErrorPublic},
            422: {"model": ErrorPublic, "description": "resolution_article_unknown, resolution_article_required, "
                                                       "resolution_reason_required"}}


@router.post("/unanswered/{group_id}/resolve", response_model=QuestionGroupPublic, responses=_RESOLVE)
async def resolve_unanswered(
    group_id: str,
    body: ResolutionWrite,
    request: Request,
    staff: Editor,
    store: Articles,
    days: int = Query(30, ge=1, le=3650, description="the period the group was listed with"),
    language: str | None = Query(None, description="the language the group was listed with"),
) -> dict[str, Any]:
    """Close an open question group (as listed with these ``days`` and ``language``): every
    question in it leaves the open list. 404 ``question_group_not_found`` when no open group
    has that id (any more)."""
    resolution = await _resolution(body, staff, store)
    redis = request.app.state.redis
    entries, closed = await _entries(redis, days, language)
    groups = await asyncio.to_thread(group_questions, [e for e in entries if e["_id"] not in closed])
    group = next((g for g in groups if g.id == group_id), None)
    if group is None:
        raise ApiError(404, "question_group_not_found", f"no open question group {group_id!r}; reload the report")
    await close_group(redis, group, resolution)
    return {**group.public(), "resolution": resolution}


@router.get("/stale", response_model=list[StaleArticlePublic])
async def stale(
    staff: Editor,
    store: Articles,
    settings: KnowledgeConfig,
    within_days: int = Query(0, ge=0, le=365, description="also list articles due within N days"),
) -> list[dict[str, Any]]:
    """Published articles whose ``review_by`` date has passed (Europe/Oslo), most overdue first."""
    today = dt.datetime.now(OSLO).date()
    limit = today + dt.timedelta(days=within_days)
    rows = []
    for article in await asyncio.to_thread(store.all):
        meta = article.meta
        review_by = meta.get("review_by")
        if isinstance(review_by, str):
            try:
                review_by = dt.date.fromisoformat(review_by)
            except ValueError:
                continue
        if meta.get("status") != "published" or not isinstance(review_by, dt.date):
            continue
        if review_by < today or (within_days and review_by <= limit):
            reviewed = meta.get("reviewed")
            try:
                path = str(article.path.relative_to(settings.content_dir))
            except ValueError:
                path = str(article.path)
            rows.append({
                "id": article.id, "title": str(meta.get("title") or ""), "language": article.language,
                "reviewed": reviewed.isoformat() if isinstance(reviewed, dt.date) else str(reviewed or ""),
                "review_by": review_by.isoformat(), "days_overdue": (today - review_by).days,
                "source_url": str(meta.get("source_url") or ""), "path": path,
            })
    rows.sort(key=lambda r: (-r["days_overdue"], r["id"]))
    return rows


@router.get("/content-gaps", response_model=list[ContentGapPublic])
async def content_gaps(redis: RedisClient, staff: Editor,
                       limit: int = Query(100, ge=1, le=1000),
                       status: Literal["open", "closed"] = Query("open", description="open notes, or the closed ones"),
                       ) -> list[dict[str, Any]]:
    """Notes from counsellors, on closing a chat, about content the portal lacks; newest first."""
    return await ContentGapStore(redis).newest(limit, status)


@router.post("/content-gaps/{gap_id}/resolve", response_model=ContentGapPublic,
             responses={**_RESOLVE, 409: {"model": ErrorPublic, "description": "content_gap_closed"}})
async def resolve_content_gap(gap_id: str, body: ResolutionWrite, redis: RedisClient, staff: Editor,
                              store: Articles) -> dict[str, Any]:
    """Close a note: answered by an article, or won't answer (with a reason). 404
    ``content_gap_not_found`` when there is no such note."""
    resolution = await _resolution(body, staff, store)
    gaps = ContentGapStore(redis)
    if any(row["id"] == gap_id for row in await gaps.newest(10_000, "closed")):
        raise ApiError(409, "content_gap_closed", "this note is already closed")
    note = await gaps.close(gap_id, resolution)
    if note is None:
        raise ApiError(404, "content_gap_not_found", f"no note {gap_id!r}; reload the report")
    return note
