"""The article files as an editable store: list, read, create, update, delete, publish.

The files under ``content_dir/<language>/<id>.md`` stay the source of truth. Every write is
validated first with :func:`knowledge.articles.validate_article` (nothing is written when a
field is wrong) and then lands atomically: a temporary file in the same folder, fsync, rename.
Writers in one process are serialised by a lock, writers in several processes by ``flock`` on
``content_dir/.editor.lock``.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from knowledge.history import ArticleHistory, Revision, version_of
from knowledge.review import ReviewBook, ReviewRecord
from knowledge.articles import (
    LANGUAGES,
    FieldError,
    article_paths,
    load_counties,
    split_front_matter,
    unreadable,
    validate_article,
)

FIELD_ORDER = (
    "id",
    "title",
    "language",
    "translation_of",
    "audience",
    "topics",
    "counties",
    "source_url",
    "reviewed",
    "review_by",
    "status",
    "questions",
)
MAX_BODY_CHARS = 100_000


class ArticleNotFound(KeyError):
    pass


class ArticleInvalid(ValueError):
    """A write that was refused; ``errors`` holds the field-level reasons."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


class ArticleConflict(ValueError):
    """A write that would break another article (e.g. deleting an original with translations)."""


class ArticleStale(ValueError):
    """A write based on an older version than the file's (optimistic locking): ``current`` is
    the file's version now, ``last`` the revision that made it (None when it is unknown)."""

    def __init__(self, article_id: str, expected: str, current: str, last: Revision | None):
        self.article_id, self.expected, self.current, self.last = article_id, expected, current, last
        who = (last.author or "someone outside the editor") if last else "someone outside the editor"
        super().__init__(f"{article_id!r} was changed by {who} since you loaded it "
                         f"(your version {expected}, now {current}); load the new version and apply your changes again")


class ReviewRefused(ValueError):
    """A review step that is not allowed now; ``status`` and ``code`` for the API."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code = status, code
        super().__init__(message)


@dataclass(frozen=True)
class StoredArticle:
    """One file as it is on disk, valid or not (an editor may have broken it by hand)."""

    id: str
    path: Path
    meta: dict[str, Any]
    body: str
    errors: tuple[FieldError, ...] = field(default=())
    version: str = ""  # knowledge.history.version_of(the file text)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def language(self) -> str:
        return self.path.parent.name

    def public_meta(self) -> dict[str, Any]:
        """Front matter with dates as ISO strings (JSON-ready)."""
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.meta.items()}


def render_article(meta: Mapping[str, Any], body: str) -> str:
    """The file text: front matter in the canonical field order, then the body."""
    ordered = {k: meta[k] for k in FIELD_ORDER if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    for key in ("reviewed", "review_by"):
        value = ordered.get(key)
        if isinstance(value, str):
            try:
                ordered[key] = dt.date.fromisoformat(value)
            except ValueError:
                pass
    for key in ("audience", "topics", "counties", "questions"):
        if isinstance(ordered.get(key), tuple):
            ordered[key] = list(ordered[key])
    # Questions are sentences: one per line (block style), the short lists stay on one line.
    questions = ordered.pop("questions", None)
    front = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    if questions:
        front += yaml.safe_dump({"questions": questions}, allow_unicode=True, sort_keys=False,
                                default_flow_style=False, width=1000)
    return f"---\n{front}---\n\n{body.strip()}\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_LOCKS: dict[str, threading.Lock] = {}  # one per content folder: a store is built per request


class ArticleStore:
    """CRUD over the content folder. Cheap to construct; every call reads the files afresh."""

    def __init__(self, content_dir: Path | str, data_dir: Path | str):
        self.content_dir = Path(content_dir)
        self.data_dir = Path(data_dir)
        self._lock = _LOCKS.setdefault(str(self.content_dir.resolve()), threading.Lock())
        self.history = ArticleHistory(self.content_dir)
        self.reviews = ReviewBook(self.content_dir)

    # -- reading ---------------------------------------------------------------------------
    def _read(self, path: Path) -> StoredArticle:
        try:
            raw = path.read_bytes()
        except OSError as error:
            return StoredArticle(path.stem, path, {}, "", (unreadable(error),))
        version = version_of(raw.decode("utf-8", errors="replace"))
        try:
            meta, body = split_front_matter(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            return StoredArticle(path.stem, path, {}, "", (unreadable(error),), version)
        return StoredArticle(path.stem, path, meta, body.strip() + "\n", version=version)

    def _paths(self) -> list[Path]:
        return [p for p in article_paths(self.content_dir) if p.parent.name in LANGUAGES]

    def all(self) -> list[StoredArticle]:
        """Every article file, each with its validation errors (empty when valid)."""
        raw = [self._read(p) for p in self._paths()]
        nb_ids = {a.meta.get("id") for a in raw if a.meta.get("language") == "nb"}
        counties = self._counties()
        seen: dict[str, int] = {}
        for article in raw:
            seen[article.id] = seen.get(article.id, 0) + 1
        checked = []
        for article in raw:
            if article.errors:
                checked.append(article)
                continue
            errors = validate_article(
                article.meta,
                article.body,
                counties=counties,
                known_nb_ids=nb_ids,
                taken_ids=[article.id] if seen[article.id] > 1 else [],
                expected_id=article.id,
                expected_language=article.language,
            )
            checked.append(StoredArticle(article.id, article.path, article.meta, article.body, tuple(errors),
                                         article.version))
        return checked

    def get(self, article_id: str) -> StoredArticle:
        for article in self.all():
            if article.id == article_id:
                return article
        raise ArticleNotFound(article_id)

    def _find_path(self, article_id: str) -> Path | None:
        for path in self._paths():
            if path.stem == article_id:
                return path
        return None

    def _counties(self) -> frozenset[str]:
        return load_counties(self.data_dir)

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        self.content_dir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.content_dir / ".editor.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def validate(self, meta: Mapping[str, Any], body: str, *, replacing: str | None = None) -> list[FieldError]:
        """Field-level errors for writing this article (creating, or replacing ``replacing``)."""
        others = [p for p in self._paths() if p.stem != replacing]
        nb_ids = {p.stem for p in others if p.parent.name == "nb"}
        if meta.get("language") == "nb" and isinstance(meta.get("id"), str):
            nb_ids.add(meta["id"])
        errors = validate_article(
            meta,
            body if isinstance(body, str) else "",
            counties=self._counties(),
            known_nb_ids=nb_ids,
            taken_ids=[p.stem for p in others],
        )
        if not isinstance(body, str):
            errors.append(FieldError("body", "must be Markdown text", code="not_text"))
        elif len(body) > MAX_BODY_CHARS:
            errors.append(FieldError("body", f"too long (at most {MAX_BODY_CHARS} characters)", code="too_long",
                                     params={"max": MAX_BODY_CHARS}))
        if replacing is not None and meta.get("id") != replacing:
            errors.append(FieldError("id", f"must stay {replacing!r} (create a new article to change the id)",
                                     code="id_changed", params={"value": replacing}))
        if meta.get("language") != "nb" and replacing is not None:
            translations = self._translations_of(replacing)
            if translations:
                errors.append(FieldError("language", f"must stay nb: {', '.join(translations)} translate this article",
                                         code="original_must_stay_nb", params={"translations": ", ".join(translations)}))
        return errors

    def _translations_of(self, article_id: str) -> list[str]:
        found = []
        for path in self._paths():
            if path.stem == article_id:
                continue
            try:
                meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if meta.get("translation_of") == article_id:
                found.append(path.stem)
        return found

    def _check_version(self, article_id: str, path: Path, expected_version: str | None) -> str:
        """The file's text now; ArticleStale when ``expected_version`` is given and not its version."""
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            raise ArticleNotFound(article_id) from None
        current = version_of(text)
        if expected_version is not None and expected_version != current:
            last = self.history.last(article_id)
            raise ArticleStale(article_id, expected_version, current,
                               last if last is not None and last.version == current else None)
        return text

    def create(self, meta: Mapping[str, Any], body: str, author: str | None = None) -> StoredArticle:
        meta = dict(meta)
        with self._writing():
            errors = self.validate(meta, body)
            if errors:
                raise ArticleInvalid(errors)
            path = self.content_dir / meta["language"] / f"{meta['id']}.md"
            text = render_article(meta, body)
            write_atomically(path, text)
            self.history.record(meta["id"], author, "created", None, text)
            self.reviews.clear(meta["id"])  # an old review of a deleted article with this id
        return self.get(meta["id"])

    def update(self, article_id: str, meta: Mapping[str, Any], body: str, author: str | None = None,
               expected_version: str | None = None, action: str = "updated",
               require_approval: bool = False) -> StoredArticle:
        """Replace the article. The editors' ``questions`` are kept when ``meta`` leaves the key
        out (a client that does not know the field must not wipe them); ``questions: []`` clears
        them. ``expected_version`` (when given) must be the file's version now (ArticleStale)."""
        meta = dict(meta)
        with self._writing():
            old = self._find_path(article_id)
            if old is None:
                raise ArticleNotFound(article_id)
            before = self._check_version(article_id, old, expected_version)
            try:
                old_meta = split_front_matter(before)[0]
            except (UnicodeDecodeError, ValueError):
                old_meta = {}
            if "questions" not in meta and old_meta.get("questions"):
                meta["questions"] = old_meta["questions"]
            errors = self.validate(meta, body, replacing=article_id)
            if errors:
                raise ArticleInvalid(errors)
            if require_approval and meta.get("status") == "published" and old_meta.get("status") != "published":
                self._require_approval(article_id, before)
            path = self.content_dir / meta["language"] / f"{article_id}.md"
            text = render_article(meta, body)
            if text == before:
                return self.get(article_id)  # nothing changed: no revision
            write_atomically(path, text)
            if old != path:  # the language changed: the file moves folder
                old.unlink(missing_ok=True)
            self.history.record(article_id, author, action, before, text)
        return self.get(article_id)

    def set_status(self, article_id: str, status: str, author: str | None = None,
                   expected_version: str | None = None, require_approval: bool = False) -> StoredArticle:
        current = self.get(article_id)
        if current.errors and any(e.field == "front_matter" for e in current.errors):
            raise ArticleInvalid(list(current.errors))
        action = "published" if status == "published" else "unpublished"
        return self.update(article_id, {**current.meta, "status": status}, current.body, author,
                           expected_version, action, require_approval)

    def delete(self, article_id: str, author: str | None = None, expected_version: str | None = None) -> None:
        with self._writing():
            path = self._find_path(article_id)
            if path is None:
                raise ArticleNotFound(article_id)
            before = self._check_version(article_id, path, expected_version)
            translations = self._translations_of(article_id)
            if translations:
                raise ArticleConflict(
                    f"{article_id!r} is the original of {', '.join(translations)}; delete or re-point those first"
                )
            path.unlink()
            _fsync_dir(path.parent)
            self.history.record(article_id, author, "deleted", before, "")
            self.reviews.clear(article_id)

    # -- review ------------------------------------------------------------------------------
    def review_of(self, article: StoredArticle) -> ReviewRecord:
        """The article's review state now (a review of an older version no longer counts)."""
        return self.reviews.effective(article.id, article.version, article.meta.get("status"))

    def _require_approval(self, article_id: str, text: str) -> None:
        record = self.reviews.effective(article_id, version_of(text), "draft")
        if record.state != "approved":
            raise ReviewRefused(409, "review_required",
                                "publishing needs a second editor's approval of this version first "
                                "(submit it for review)")

    def _review_step(self, article_id: str, expected_version: str | None):
        path = self._find_path(article_id)
        if path is None:
            raise ArticleNotFound(article_id)
        text = self._check_version(article_id, path, expected_version)
        article = self.get(article_id)
        return article, version_of(text)

    def submit_review(self, article_id: str, author: str, expected_version: str | None) -> StoredArticle:
        with self._writing():
            article, version = self._review_step(article_id, expected_version)
            if not article.valid:
                raise ArticleInvalid(list(article.errors))
            if article.meta.get("status") == "published":
                raise ReviewRefused(409, "review_already_published", "the article is already published")
            if self.review_of(article).state == "in_review":
                raise ReviewRefused(409, "review_already_pending", "this version is already waiting for review")
            self.reviews.submit(article_id, version, author)
        return self.get(article_id)

    def approve(self, article_id: str, approver: str, expected_version: str | None) -> StoredArticle:
        with self._writing():
            article, version = self._review_step(article_id, expected_version)
            record = self.review_of(article)
            if record.state != "in_review":
                raise ReviewRefused(409, "review_not_pending", "this version has not been submitted for review")
            last = self.history.last(article_id)
            authors = {record.submitted_by, last.author if last and last.version == version else None}
            if approver in authors:
                raise ReviewRefused(403, "review_self_approval",
                                    "you cannot approve your own change; another editor must approve it")
            self.reviews.decide(article_id, version, approver, "approved", "")
        return self.get(article_id)

    def request_changes(self, article_id: str, reviewer: str, expected_version: str | None, comment: str) -> StoredArticle:
        with self._writing():
            article, version = self._review_step(article_id, expected_version)
            if self.review_of(article).state != "in_review":
                raise ReviewRefused(409, "review_not_pending", "this version has not been submitted for review")
            self.reviews.decide(article_id, version, reviewer, "changes_requested", comment)
        return self.get(article_id)
