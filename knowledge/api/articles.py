"""The content editors' article endpoints: create, read, update, delete, publish (the index
rebuild is in ``knowledge/api/index.py``).

The article files under ``KnowledgeSettings.content_dir`` are the source of truth; writes are
validated field by field (422 ``{"detail", "code": "article_invalid", "errors": [{"field",
"message", "code", "params"}]}``, nothing written) and land atomically. Each field error's
``code`` names the rule (``knowledge/articles.py``); pages translate it, not the English
``message``. Role ``editor`` (``admin`` too).

Every article carries its ``version`` (also the ``ETag``); every change (PUT, publish,
unpublish, DELETE, the review steps) sends it back as ``If-Match`` or ``version`` (DELETE:
``?version=``; the review steps require it: 428 ``article_version_required`` without; for the
contract's PUT/DELETE/publish/unpublish it is optional), 409 ``article_version_conflict``
with ``changed_by``/``changed_at`` when another editor changed it first. Each change is recorded
with its author (``knowledge/history.py``; ``GET .../history``). With
``KnowledgeSettings.review_required`` a draft is published only after a second editor approved
that version (``knowledge/review.py``).
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import APIRouter, Body, Header, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentEditor as Editor
from core.settings import KnowledgeSettings
from core.errors import ApiError, ErrorPublic
from knowledge.api.deps import Articles, KnowledgeConfig
from knowledge.articles import FieldError
from knowledge.history import unified_diff
from knowledge.article_store import (
    ArticleConflict,
    ArticleInvalid,
    ArticleNotFound,
    ArticleStale,
    ArticleStore,
    ReviewRefused,
    StoredArticle,
)

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
    questions: list[str] = Field([], description="the questions the article answers (front matter)")
    path: str
    valid: bool
    errors: list[FieldErrorPublic] = []
    version: str = Field(description="the file's version (also the ETag); send it back as If-Match or "
                                     "`version` with every change", examples=["3f2a9c0d1b7e4a55"])


class ReviewPublic(BaseModel):
    """The review step of this version: ``draft``, ``in_review``, ``changes_requested``,
    ``approved`` or ``published``. A review of an older version no longer counts."""

    state: Literal["draft", "in_review", "changes_requested", "approved", "published"]
    required: bool = Field(description="publishing needs a second editor's approval (KNOWLEDGE_REVIEW_REQUIRED)")
    submitted_by: str | None = None
    submitted_at: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    comment: str = ""


class ArticlePublic(ArticleSummaryPublic):
    body: str
    changed_by: str | None = Field(None, description="who made the last recorded change (null: outside the editor)")
    changed_at: str | None = None
    revision: int = Field(0, description="number of the last recorded revision (0: none yet)")
    review: ReviewPublic


class ArticleStalePublic(ErrorPublic):
    """409 ``article_version_conflict``: someone changed the article after you loaded it."""

    current_version: str
    changed_by: str | None = None
    changed_at: str | None = None


class RevisionSummaryPublic(BaseModel):
    revision: int
    at: str
    author: str | None = Field(None, description="null: the file as found, changed outside the editor")
    action: Literal["created", "updated", "published", "unpublished", "deleted", "outside_editor", "review"]
    version: str
    note: str = ""


class RevisionPublic(RevisionSummaryPublic):
    text: str = Field(description="the whole file (front matter + Markdown) after this change")
    previous: int | None = Field(None, description="the revision the diff is against (null: the first)")
    diff: str = Field(description="unified diff from the previous revision to this one")


class VersionBody(BaseModel):
    """The version the change is based on, when not sent as ``If-Match``."""

    model_config = ConfigDict(extra="forbid")
    version: str | None = Field(None, max_length=64)


class RequestChangesBody(VersionBody):
    comment: str = Field("", max_length=2000, description="what should change")


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
    version: Any = Field(None, description="the version this change is based on (or the If-Match header); "
                                           "required for PUT")

    def split(self, article_id: str | None = None, default_status: str | None = None) -> tuple[dict[str, Any], Any]:
        data = self.model_dump(exclude_unset=True)
        data.pop("version", None)
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
        "questions": strings(meta.get("questions")),
        "path": path,
        "valid": article.valid,
        "errors": [e.as_dict() for e in article.errors],
        "version": article.version,
    }


def _public(article: StoredArticle, settings: KnowledgeSettings, store: ArticleStore) -> dict[str, Any]:
    last = store.history.last(article.id)
    known = last is not None and last.version == article.version
    return {**_summary(article, settings), "body": article.body,
            "changed_by": last.author if known else None, "changed_at": last.at if known else None,
            "revision": last.revision if last else 0,
            "review": {**store.review_of(article).public(), "required": settings.review_required}}


def _article_response(article: StoredArticle, settings: KnowledgeSettings, store: ArticleStore,
                      status_code: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    body = ArticlePublic.model_validate(_public(article, settings, store)).model_dump(mode="json")
    return JSONResponse(body, status_code=status_code, headers={"ETag": f'"{article.version}"', **(headers or {})})


def _wanted_version(if_match: str | None, body_version: Any) -> str:
    """The version a change is based on: the If-Match header, else ``version`` in the body."""
    if if_match:
        value = if_match.split(",")[0].strip().removeprefix("W/").strip('"')
        if value and value != "*":
            return value
    if isinstance(body_version, str) and body_version.strip():
        return body_version.strip()
    raise ApiError(428, "article_version_required",
                   "send the version you loaded (If-Match header or \"version\" in the body), so that you "
                   "do not overwrite another editor's change")


async def _version_for(store: ArticleStore, article_id: str, if_match: str | None, body_version: Any,
                       required: bool = True) -> str | None:
    """:func:`_wanted_version`, but an unknown article is 404 before a missing version is 428.

    ``required=False`` for the changes ../shared/API.md has always offered (PUT, DELETE, publish,
    unpublish): a client that sends no version keeps working (the change is still recorded with
    its author); the editor page always sends it and so never overwrites another editor's change."""
    if not required and not if_match and not (isinstance(body_version, str) and body_version.strip()):
        await asyncio.to_thread(_exists, store, article_id)
        return None
    try:
        return _wanted_version(if_match, body_version)
    except ApiError:
        try:
            await asyncio.to_thread(store.get, article_id)
        except ArticleNotFound:
            raise _not_found(article_id) from None
        raise


def _exists(store: ArticleStore, article_id: str) -> None:
    try:
        store.get(article_id)
    except ArticleNotFound:
        raise _not_found(article_id) from None


def _stale(error: ArticleStale) -> JSONResponse:
    last = error.last
    return JSONResponse({"detail": str(error), "code": "article_version_conflict", "current_version": error.current,
                         "changed_by": last.author if last else None, "changed_at": last.at if last else None},
                        status_code=409, headers={"ETag": f'"{error.current}"'})


def _invalid(error: ArticleInvalid) -> JSONResponse:
    errors = [e.as_dict() for e in error.errors]
    detail = "the article was not saved: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return JSONResponse({"detail": detail, "code": "article_invalid", "errors": errors}, status_code=422)


def _not_found(article_id: str) -> ApiError:
    return ApiError(404, "article_not_found", f"no article with id {article_id!r}")


NOT_FOUND = {404: {"model": ErrorPublic}}
_LOCKED = {409: {"model": ArticleStalePublic, "description": "the article changed since you loaded it "
                                                            "(article_version_conflict)"},
           428: {"model": ErrorPublic, "description": "no version sent (article_version_required)"}}
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
async def create_article(body: ArticleWrite, staff: Editor, store: Articles, settings: KnowledgeConfig):
    """Create an article (a draft unless ``status`` says otherwise; with the review step on, a
    new article cannot start out published). Recorded in its history as ``created``."""
    meta, text = body.split(default_status="draft")
    if settings.review_required and meta.get("status") == "published":
        raise ApiError(409, "review_required", "publishing needs a second editor's approval: create it as a draft "
                                               "and submit it for review")
    try:
        article = await asyncio.to_thread(store.create, meta, text, staff.username)
    except ArticleInvalid as error:
        return _invalid(error)
    return _article_response(article, settings, store, 201, {"Location": f"/api/articles/{article.id}"})


@router.get("/api/articles/{article_id}", response_model=ArticlePublic, responses=NOT_FOUND)
async def get_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig):
    """The article with its ``version`` (also the ``ETag``), its last change and its review state."""
    try:
        article = await asyncio.to_thread(store.get, article_id)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    return _article_response(article, settings, store)


@router.put("/api/articles/{article_id}", response_model=ArticlePublic,
            responses={**NOT_FOUND, **_INVALID, **_LOCKED})
async def replace_article(article_id: str, body: ArticleWrite, staff: Editor, store: Articles,
                          settings: KnowledgeConfig, if_match: str | None = Header(None)):
    """Replace the whole article (front matter + body). The id cannot change; a new language
    moves the file to that language's folder. ``status`` keeps its current value when left out.
    Needs the version it is based on (``If-Match`` or ``version``): 428 without, 409
    ``article_version_conflict`` with who changed it and when if another editor saved first."""
    wanted = await _version_for(store, article_id, if_match, body.version, required=False)
    try:
        current = await asyncio.to_thread(store.get, article_id)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    meta, text = body.split(article_id, default_status=current.meta.get("status") or "draft")
    try:
        article = await asyncio.to_thread(store.update, article_id, meta, text, staff.username, wanted,
                                          "updated", settings.review_required)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleInvalid as error:
        return _invalid(error)
    except ArticleStale as error:
        return _stale(error)
    except ReviewRefused as error:
        raise ApiError(error.status, error.code, str(error)) from None
    return _article_response(article, settings, store)


@router.delete("/api/articles/{article_id}", status_code=204, response_model=None, response_class=Response,
               responses={**NOT_FOUND, **_LOCKED,
                          409: {"model": ArticleStalePublic,
                                "description": "translations point at it (article_has_translations), or the "
                                               "article changed since you loaded it (article_version_conflict)"}})
async def delete_article(article_id: str, staff: Editor, store: Articles,
                         if_match: str | None = Header(None),
                         version: str | None = Query(None, max_length=64, description="instead of If-Match")):
    wanted = await _version_for(store, article_id, if_match, version, required=False)
    try:
        await asyncio.to_thread(store.delete, article_id, staff.username, wanted)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleStale as error:
        return _stale(error)
    except ArticleConflict as error:
        raise ApiError(409, "article_has_translations", str(error)) from None
    return Response(status_code=204)


async def _set_status(article_id: str, status: str, store: ArticleStore, settings: KnowledgeSettings,
                      staff, wanted: str):
    try:
        article = await asyncio.to_thread(store.set_status, article_id, status, staff.username, wanted,
                                          settings.review_required)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleInvalid as error:
        return _invalid(error)
    except ArticleStale as error:
        return _stale(error)
    except ReviewRefused as error:
        raise ApiError(error.status, error.code, str(error)) from None
    return _article_response(article, settings, store)


_REVIEW = {403: {"model": ErrorPublic, "description": "review_self_approval: the author cannot approve"},
           409: {"model": ArticleStalePublic, "description": "article_version_conflict, review_required, "
                                                            "review_not_pending, review_already_pending"}}


@router.post("/api/articles/{article_id}/publish", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_INVALID, **_LOCKED, **_REVIEW})
async def publish_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig,
                          body: VersionBody | None = Body(None), if_match: str | None = Header(None)):
    """Set ``status: published`` (validated like any write). With the review step on
    (``review_required``) the version must have been approved by a second editor (409
    ``review_required``). The index picks it up at the next rebuild (``POST /api/index/rebuild``)."""
    wanted = await _version_for(store, article_id, if_match, body.version if body else None, required=False)
    return await _set_status(article_id, "published", store, settings, staff, wanted)


@router.post("/api/articles/{article_id}/unpublish", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_INVALID, **_LOCKED})
async def unpublish_article(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig,
                            body: VersionBody | None = Body(None), if_match: str | None = Header(None)):
    """Set ``status: draft``; the article leaves the index at the next rebuild."""
    wanted = await _version_for(store, article_id, if_match, body.version if body else None, required=False)
    return await _set_status(article_id, "draft", store, settings, staff, wanted)


# -- review -----------------------------------------------------------------------------------
async def _review(step, article_id: str, store: ArticleStore, settings: KnowledgeSettings, *args):
    try:
        article = await asyncio.to_thread(step, article_id, *args)
    except ArticleNotFound:
        raise _not_found(article_id) from None
    except ArticleInvalid as error:
        return _invalid(error)
    except ArticleStale as error:
        return _stale(error)
    except ReviewRefused as error:
        raise ApiError(error.status, error.code, str(error)) from None
    return _article_response(article, settings, store)


@router.post("/api/articles/{article_id}/submit-review", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_INVALID, **_LOCKED, **_REVIEW})
async def submit_review(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig,
                        body: VersionBody | None = Body(None), if_match: str | None = Header(None)):
    """Ask a second editor to approve this version of a draft (state ``in_review``)."""
    wanted = await _version_for(store, article_id, if_match, body.version if body else None)
    return await _review(store.submit_review, article_id, store, settings, staff.username, wanted)


@router.post("/api/articles/{article_id}/approve", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_LOCKED, **_REVIEW})
async def approve_review(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig,
                         body: VersionBody | None = Body(None), if_match: str | None = Header(None)):
    """Approve the version in review (state ``approved``; then anyone may publish it). The editor
    who submitted it or made the last change cannot approve it: 403 ``review_self_approval``."""
    wanted = await _version_for(store, article_id, if_match, body.version if body else None)
    return await _review(store.approve, article_id, store, settings, staff.username, wanted)


@router.post("/api/articles/{article_id}/request-changes", response_model=ArticlePublic,
             responses={**NOT_FOUND, **_LOCKED, **_REVIEW})
async def request_changes(article_id: str, staff: Editor, store: Articles, settings: KnowledgeConfig,
                          body: RequestChangesBody | None = Body(None), if_match: str | None = Header(None)):
    """Send the version in review back to its author with a comment (state ``changes_requested``)."""
    wanted = await _version_for(store, article_id, if_match, body.version if body else None)
    comment = body.comment.strip() if body else ""
    return await _review(store.request_changes, article_id, store, settings, staff.username, wanted, comment)


# -- history ----------------------------------------------------------------------------------
@router.get("/api/articles/{article_id}/history", response_model=list[RevisionSummaryPublic], responses=NOT_FOUND)
async def article_history(article_id: str, staff: Editor, store: Articles) -> list[dict[str, Any]]:
    """Every recorded change of the article (also after it was deleted), newest first: who, when,
    what kind of change and the version it made."""
    revisions = await asyncio.to_thread(store.history.revisions, article_id)
    if not revisions:
        try:
            await asyncio.to_thread(store.get, article_id)
        except ArticleNotFound:
            raise _not_found(article_id) from None
    return [r.summary() for r in reversed(revisions)]


@router.get("/api/articles/{article_id}/history/{revision}", response_model=RevisionPublic,
            responses={404: {"model": ErrorPublic, "description": "article_not_found or revision_not_found"}})
async def article_revision(article_id: str, revision: int, staff: Editor, store: Articles) -> dict[str, Any]:
    """One revision: the whole file after it, and the unified diff from the revision before."""
    found = await asyncio.to_thread(store.history.get, article_id, revision)
    if found is None:
        if not await asyncio.to_thread(store.history.revisions, article_id):
            raise _not_found(article_id)
        raise ApiError(404, "revision_not_found", f"{article_id!r} has no revision {revision}")
    item, before = found
    diff = unified_diff(before.text if before else "", item.text,
                        f"{article_id} r{before.revision}" if before else "/dev/null",
                        f"{article_id} r{item.revision}" if item.text else "/dev/null")
    return {**item.summary(), "text": item.text, "previous": before.revision if before else None, "diff": diff}
