"""The content editors' article endpoints: create, read, update, delete, publish (the index
rebuild is in ``knowledge/api/index.py``).

The article files under ``KnowledgeSettings.content_dir`` are the source of truth; writes are
validated field by field (422 ``{"detail", "code": "article_invalid", "errors": [{"field",
"message", "code", "params"}]}``, nothing written) and land atomically. Each field error's
``code`` names the rule (``knowledge/articles.py``); pages translate it, not the English
``message``. Role ``editor`` (``admin`` too).
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentEditor as Editor
from core.settings import KnowledgeSettings
from core.errors import ApiError, ErrorPublic
from knowledge.api.deps import Articles, KnowledgeConfig
from knowledge.articles import FieldError
from knowledge.article_store import ArticleConflict, ArticleInvalid, ArticleNotFound, ArticleStore, StoredArticle

router = APIRouter(tags=["editor"])


# -- schemas --------------------------------------------------------------------------------
class FieldErrorPublic(BaseModel):
    """One wrong field: ``message`` in English, ``code`` the stable name of the rule (e.g.
    ``id_taken``, ``unknown_county``) and ``params`` what a translated text may quote."""

    field: str = Field(examples=["id"])
    message: str = Field(examples=["'karakterpoeng' is already used by another article"])
    code: str = Field("invalid", examples=["id_taken"])
    params: dict[str, str | int] = Field(default_factory=dict, examples=[{"value": "karakterpoeng"}])


class ArticleSummaryPublic(BaseModel):
    id: str
    title: str | None = None
    language: str
    status: str | None = None
    translation_of: str | None = None
    topics: list[str] = []
    audience: list[str] = []
    counties: list[str] = []
    source_url: str | None = None
    reviewed: str | None = None
    review_by: str | None = None
    path: str
    valid: bool
    errors: list[FieldErrorPublic] = []


class ArticlePublic(ArticleSummaryPublic):
    body: str


class ArticleInvalidPublic(ErrorPublic):
    """422 ``article_invalid``: every wrong field, nothing written."""

    errors: list[FieldErrorPublic]


class ArticleWrite(BaseModel):
    """An article's front matter and Markdown body. Every field is checked by the knowledge
    loader's rules; a wrong field gives 422 with ``errors``. ``status`` defaults to ``draft``."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "example": {
                "id": "karakterpoeng", "title": "Slik regnes karakterpoeng ut", "language": "nb",
                "translation_of": None, "audience": ["youth", "adults"], "topics": ["samordna-opptak"],
                "counties": [], "source_url": "https://www.samordnaopptak.no/", "reviewed": "2026-10-15",
                "review_by": "2027-10-15", "status": "draft",
                "body": "Karakterpoengene er gjennomsnittet av tallkarakterene ganget med 10.",
            }
        },
    )
    id: Any = None
    title: Any = None
    language: Any = None
    translation_of: Any = None
    audience: Any = None
    topics: Any = None
    counties: Any = None
    source_url: Any = None
    reviewed: Any = None
    review_by: Any = None
    status: Any = None
    body: Any = Field(None, description="Markdown: a short-answer first paragraph, then ## sections")

    def split(self, article_id: str | None = None, default_status: str | None = None) -> tuple[dict[str, Any], Any]:
        data = self.model_dump(exclude_unset=True)
        body = data.pop("body", None)
        if body is None:
            body = ""
        if article_id is not None and data.get("id") is None:
            data["id"] = article_id
        if data.get("status") is None and default_status is not None:
            data["status"] = default_status
        data.setdefault("translation_of", None)
        data.setdefault("counties", [])
        return {k: v for k, v in data.items() if not (v is None and k != "translation_of")}, body


def _summary(article: StoredArticle, settings: KnowledgeSettings) -> dict[str, Any]:
    meta = article.public_meta()
    try:
        path = str(article.path.relative_to(settings.content_dir))
    except ValueError:
        path = str(article.path)

    def strings(value: Any) -> list[str]:
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else []

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "id": article.id,
        "title": text(meta.get("title")),
        "language": article.language,
        "status": text(meta.get("status")),
        "translation_of": text(meta.get("translation_of")),
        "topics": strings(meta.get("topics")),
        "audience": strings(meta.get("audience")),
        "counties": strings(meta.get("counties")),
        "source_url": text(meta.get("source_url")),
        "reviewed": text(meta.get("reviewed")),
        "review_by": text(meta.get("review_by")),
        "path": path,
        "valid": article.valid,
        "errors": [e.as_dict() for e in article.errors],
    }


def _public(article: StoredArticle, settings: KnowledgeSettings) -> dict[str, Any]:
    return {**_summary(article, settings), "body": article.body}


def _invalid(error: ArticleInvalid) -> JSONResponse:
    errors = [e.as_dict() for e in error.errors]
    detail = "the article was not saved: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return JSONResponse({"detail": detail, "code": "article_invalid", "errors": errors}, status_code=422)


def _not_found(article_id: str) -> ApiError:
    return ApiError(404, "article_not_found", f"no article with id {article_id!r}")


NOT_FOUND = {404: {"model": ErrorPublic}}
_INVALID = {422: {"model": ArticleInvalidPublic, "description": "a field is wrong; nothing was written",
                  "content": {"application/json": {"example": {
                      "detail": "the article was not saved: title: must not be empty", "code": "article_invalid",
                      "errors": [FieldError("title", "must not be empty", code="empty").as_dict()]}}}}}


# -- articles -------------------------------------------------------------------------------
@router.get("/api/articles", response_model=list[ArticleSummaryPublic])
async def list_articles(
    staff: Editor,
    store: Articles,
    settings: KnowledgeConfig,
    language: str | None = Query(None, description="nb, nn, en, uk, pl or ar"),
    status: Literal["draft", "published"] | None = None,
    topic: str | None = None,
    q: str | None = Query(None, max_length=200, description="words in the id or title"),
    invalid: bool | None = Query(None, description="only files that fail validation (true) or pass (false)"),
) -> list[dict[str, Any]]:
    articles = await asyncio.to_thread(store.all)
    rows = [_summary(a, settings) for a in articles]
    if language:
        rows = [r for r in rows if r["language"] == language]
    if status:
        rows = [r for r in rows if r["status"] == status]
    if topic:
        rows = [r for r in rows if topic in r["topics"]]
    if q:
        needle = q.lower()
        rows = [r for r in rows if needle in r["id"].lower() or needle in (r["title"] or "").lower()]
    if invalid is not None:
        rows = [r for r in rows if r["valid"] is not invalid]
    return rows


@router.post("/api/articles", status_code=201, response_model=ArticlePublic, responses=_INVALID)
async def create_article(body: ArticleWrite, staff: Editor, store: Articles, settings: KnowledgeConfig, response: Response):
    meta, text = body.split(default_status="draft")
    try:
        article = await asyncio.to_thread(store.create, meta, text)
    except ArticleInvalid as error:
        return _invalid(error)
    response.headers["Location"] = f"/api/articles/{article.id}"
    return _public(article, settings)


@router.get("/api/articles/{article_id}", response_model=ArticlePublic, responses=NOT_FOUND)
async def get_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig):
    try:
        return _public(await asyncio.to_thread(store.get, article_id), settings)
    except ArticleNotFound:
        raise _not_found(article_id) from None


@router.put("/api/articles/{article_id}", response_model=ArticlePublic, responses={**NOT_FOUND, **_INVALID})
async def replace_article(article_id: str, body: ArticleWrite, staff: Editor, store: Articles, settings: KnowledgeConfig):
    """Replace the whole article (front matter + body). The id cannot change; a new language
    moves the file to that language's folder. ``status`` keeps its current value when left out."""
    try:
        current = await asyncio.to_thread(store.get, article_id)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    meta, text = body.split(article_id, default_status=current.meta.get("status") or "draft")
    try:
        article = await asyncio.to_thread(store.update, article_id, meta, text)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleInvalid as error:
        return _invalid(error)
    return _public(article, settings)


@router.delete("/api/articles/{article_id}", status_code=204, response_model=None, response_class=Response,
               responses={**NOT_FOUND, 409: {"model": ErrorPublic, "description": "translations point at it"}})
async def delete_article(article_id: str, staff: Editor, store: Articles) -> Response:
    try:
        await asyncio.to_thread(store.delete, article_id)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleConflict as error:
        raise ApiError(409, "article_has_translations", str(error)) from None
    return Response(status_code=204)


async def _set_status(article_id: str, status: str, store: ArticleStore, settings: KnowledgeSettings):
    try:
        article = await asyncio.to_thread(store.set_status, article_id, status)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleInvalid as error:
        return _invalid(error)
    return _public(article, settings)


@router.post("/api/articles/{article_id}/publish", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_INVALID})
async def publish_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig):
    """Set ``status: published`` (validated like any write). The index picks it up at the next
    rebuild (``POST /api/index/rebuild``)."""
    return await _set_status(article_id, "published", store, settings)


@router.post("/api/articles/{article_id}/unpublish", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_INVALID})
async def unpublish_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig):
    """Set ``status: draft``; the article leaves the index at the next rebuild."""
    return await _set_status(article_id, "draft", store, settings)
