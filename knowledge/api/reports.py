"""The editors' reports: questions the assistant could not answer (grouped), and published
articles overdue for review, and what counsellors noticed was missing from the portal. Role ``editor`` (``admin`` too)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from core import keys
from core.deps import CurrentEditor as Editor, RedisClient
from knowledge.api.deps import Articles, KnowledgeConfig
from knowledge.content_gaps import ContentGapStore
from knowledge.unanswered import group_questions, parse_entries

router = APIRouter(prefix="/api/reports", tags=["editor"])
OSLO = ZoneInfo("Europe/Oslo")


class QuestionGroupPublic(BaseModel):
    question: str
    count: int
    first_seen: str
    last_seen: str
    languages: list[str]
    examples: list[str]
    terms: list[str]


class ContentGapPublic(BaseModel):
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
) -> dict[str, Any]:
    """Anonymised questions the assistant was not confident about, similar ones grouped
    (shared analysed terms), biggest group first, with counts, languages and last seen."""
    raw = await request.app.state.redis.lrange(keys.UNANSWERED_QUESTIONS, 0, -1)
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).isoformat(timespec="seconds")
    entries = [e for e in parse_entries(raw) if (e.get("at") or "") >= since]
    if language:
        entries = [e for e in entries if e.get("language") == language]
    groups = await asyncio.to_thread(group_questions, entries)
    return {"total": len(entries), "groups": [g.public() for g in groups[:limit]]}


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
                       limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
    """Notes from counsellors, on closing a chat, about content the portal lacks; newest first."""
    return await ContentGapStore(redis).newest(limit)
