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


@dataclass(frozen=True)
class StoredArticle:
    """One file as it is on disk, valid or not (an editor may have broken it by hand)."""

    id: str
    path: Path
    meta: dict[str, Any]
    body: str
    errors: tuple[FieldError, ...] = field(default=())

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


class ArticleStore:
    """CRUD over the content folder. Cheap to construct; every call reads the files afresh."""

    def __init__(self, content_dir: Path | str, data_dir: Path | str):
        self.content_dir = Path(content_dir)
        self.data_dir = Path(data_dir)
        self._lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------
    def _read(self, path: Path) -> StoredArticle:
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            return StoredArticle(path.stem, path, {}, "", (unreadable(error),))
        return StoredArticle(path.stem, path, meta, body.strip() + "\n")

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
            checked.append(StoredArticle(article.id, article.path, article.meta, article.body, tuple(errors)))
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

    def create(self, meta: Mapping[str, Any], body: str) -> StoredArticle:
        meta = dict(meta)
        with self._writing():
            errors = self.validate(meta, body)
            if errors:
                raise ArticleInvalid(errors)
            path = self.content_dir / meta["language"] / f"{meta['id']}.md"
            write_atomically(path, render_article(meta, body))
        return self.get(meta["id"])

    def update(self, article_id: str, meta: Mapping[str, Any], body: str) -> StoredArticle:
        """Replace the article. The editors' ``questions`` are kept when ``meta`` leaves the key
        out (a client that does not know the field must not wipe them); ``questions: []`` clears
        them."""
        meta = dict(meta)
        with self._writing():
            old = self._find_path(article_id)
            if old is None:
                raise ArticleNotFound(article_id)
            if "questions" not in meta:
                try:
                    kept = split_front_matter(old.read_text(encoding="utf-8"))[0].get("questions")
                except (OSError, UnicodeDecodeError, ValueError):
                    kept = None
                if kept:
                    meta["questions"] = kept
            errors = self.validate(meta, body, replacing=article_id)
            if errors:
                raise ArticleInvalid(errors)
            path = self.content_dir / meta["language"] / f"{article_id}.md"
            write_atomically(path, render_article(meta, body))
            if old != path:  # the language changed: the file moves folder
                old.unlink(missing_ok=True)
        return self.get(article_id)

    def set_status(self, article_id: str, status: str) -> StoredArticle:
        current = self.get(article_id)
        if current.errors and any(e.field == "front_matter" for e in current.errors):
            raise ArticleInvalid(list(current.errors))
        return self.update(article_id, {**current.meta, "status": status}, current.body)

    def delete(self, article_id: str) -> None:
        with self._writing():
            path = self._find_path(article_id)
            if path is None:
                raise ArticleNotFound(article_id)
            translations = self._translations_of(article_id)
            if translations:
                raise ArticleConflict(
                    f"{article_id!r} is the original of {', '.join(translations)}; delete or re-point those first"
                )
            path.unlink()
            _fsync_dir(path.parent)
