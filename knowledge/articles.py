"""Portal articles: the front-matter model, field-level validation and the loader.

The format is described in ``knowledge/content/README.md``. Loading refuses a bad file with an
:class:`ArticleError` that names the path and every field-level reason.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from core.languages import LANGUAGES
from core.vocabulary import TOPICS

AUDIENCES = ("youth", "adults", "immigrants", "parents", "counsellors")
STATUSES = ("draft", "published")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)

Language = Literal[LANGUAGES]  # type: ignore[valid-type]
Audience = Literal[AUDIENCES]  # type: ignore[valid-type]
Topic = Literal[TOPICS]  # type: ignore[valid-type]


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ArticleError(ValueError):
    """A content file that cannot be accepted; ``errors`` holds the field-level reasons."""

    def __init__(self, path: Path | str, errors: Iterable[FieldError]):
        self.path = Path(path)
        self.errors = list(errors)
        reasons = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        super().__init__(f"{self.path}: {reasons}")


@functools.lru_cache(maxsize=4)
def load_counties(data_dir: Path | str) -> frozenset[str]:
    """The county names in ``<data_dir>/municipalities.csv`` (column ``county``)."""
    path = Path(data_dir) / "municipalities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["county"].strip() for row in csv.DictReader(handle) if row.get("county"))


def _default_data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


class ArticleMeta(BaseModel):
    """The front matter, validated field by field."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    id: str
    title: str
    language: Language
    translation_of: str | None = None
    audience: tuple[Audience, ...]
    topics: tuple[Topic, ...]
    counties: tuple[str, ...] = ()
    source_url: str
    reviewed: dt.date
    review_by: dt.date
    status: Literal["draft", "published"]

    @field_validator("id")
    @classmethod
    def _id_slug(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("must be lowercase a-z, 0-9 and '-' (e.g. karakterpoeng-en)")
        return value

    @field_validator("title")
    @classmethod
    def _title_present(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("translation_of")
    @classmethod
    def _translation_slug(cls, value: str | None) -> str | None:
        if value is not None and not ID_PATTERN.match(value):
            raise ValueError("must be the id of the bokmål original or null")
        return value

    @field_validator("audience", "topics")
    @classmethod
    def _not_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("must list at least one value")
        if len(set(value)) != len(value):
            raise ValueError("must not repeat a value")
        return value

    @field_validator("source_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", value.strip()):
            raise ValueError("must be an http(s) URL")
        return value.strip()

    @field_validator("reviewed", "review_by", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        # YAML gives datetime.date for 2026-10-15; refuse datetimes and free text explicitly.
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date (YYYY-MM-DD), not a timestamp")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("must be a date in the form YYYY-MM-DD") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ArticleMeta":
        if self.review_by <= self.reviewed:
            raise ValueError("review_by: must be after reviewed")
        if self.translation_of is not None and self.language == "nb":
            raise ValueError("translation_of: a bokmål article is an original; use null")
        if self.translation_of is not None and self.translation_of == self.id:
            raise ValueError("translation_of: must not point at the article itself")
        return self


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    body: str
    path: Path | None = None

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def language(self) -> str:
        return self.meta.language

    @property
    def published(self) -> bool:
        return self.meta.status == "published"

    @property
    def content_hash(self) -> str:
        """Hash of everything that ends up in the index (front matter + body)."""
        payload = self.meta.model_dump_json() + "\n" + self.body
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into (front matter dict, body). Raises ValueError when malformed."""
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ValueError("file must start with YAML front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a mapping of fields")
    return meta, match.group(2)


def _pydantic_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        message = error.get("msg", "invalid").removeprefix("Value error, ")
        field = loc[0] if loc else ""
        if not field and ": " in message:  # model-level checks name their field first
            field, message = message.split(": ", 1)
        if error.get("type") == "extra_forbidden":
            message = "unknown field"
        elif error.get("type") == "missing":
            message = "is required"
        elif error.get("type") == "literal_error" and "input" in error:
            message = f"{error['input']!r} is not allowed; {message.lower()}"
        errors.append(FieldError(field or "front_matter", message))
    return errors


def validate_article(
    meta: Mapping[str, Any],
    body: str,
    *,
    counties: Iterable[str] | None = None,
    known_nb_ids: Iterable[str] | None = None,
    taken_ids: Iterable[str] = (),
    expected_id: str | None = None,
    expected_language: str | None = None,
) -> list[FieldError]:
    """Field-level errors for one article given as front-matter dict + body ([] when valid).

    ``counties`` defaults to the names in knowledge/data/municipalities.csv. ``known_nb_ids``
    enables the translation_of check; ``taken_ids`` the uniqueness check; ``expected_id`` and
    ``expected_language`` the file-name and folder checks. Meant for the loader and for an
    editor API that answers 422 with ``[e.as_dict() for e in errors]``.
    """
    errors: list[FieldError] = []
    parsed: ArticleMeta | None = None
    try:
        parsed = ArticleMeta.model_validate(dict(meta))
    except ValidationError as exc:
        errors.extend(_pydantic_errors(exc))
    valid_counties = frozenset(counties) if counties is not None else load_counties(_default_data_dir())
    raw_counties = meta.get("counties", [])
    if isinstance(raw_counties, (list, tuple)):
        for county in raw_counties:
            if not isinstance(county, str) or county not in valid_counties:
                errors.append(FieldError("counties", f"unknown county {county!r}"))
    elif raw_counties is not None:
        errors.append(FieldError("counties", "must be a list of county names"))
    if not body.strip():
        errors.append(FieldError("body", "must not be empty"))
    article_id = meta.get("id")
    if expected_id is not None and article_id != expected_id:
        errors.append(FieldError("id", f"must match the file name ({expected_id!r})"))
    if article_id in set(taken_ids):
        errors.append(FieldError("id", f"{article_id!r} is already used by another article"))
    language = meta.get("language")
    if expected_language is not None and language != expected_language and language in LANGUAGES:
        errors.append(FieldError("language", f"must match the folder ({expected_language!r})"))
    original = meta.get("translation_of")
    if parsed is not None and original and known_nb_ids is not None and original not in set(known_nb_ids):
        errors.append(FieldError("translation_of", f"no bokmål article with id {original!r}"))
    return errors


def parse_article(text: str, path: Path | str | None = None, **checks: Any) -> Article:
    """Parse and validate one article; raises ArticleError listing every problem."""
    where = path if path is not None else "<article>"
    try:
        meta, body = split_front_matter(text)
    except ValueError as exc:
        raise ArticleError(where, [FieldError("front_matter", str(exc))]) from None
    errors = validate_article(meta, body, **checks)
    if errors:
        raise ArticleError(where, errors)
    return Article(meta=ArticleMeta.model_validate(meta), body=body.strip() + "\n", path=Path(path) if path else None)


def article_paths(content_dir: Path | str) -> list[Path]:
    """Every article file: content/<language>/<id>.md (README.md and dot-files skipped)."""
    root = Path(content_dir)
    return sorted(p for p in root.glob("*/*.md") if not p.name.startswith((".", "_")))


def load_articles(content_dir: Path | str, data_dir: Path | str | None = None) -> list[Article]:
    """Load and validate every article; raise ArticleError for the first bad file.

    Use :func:`check_content` to collect all problems instead of stopping at the first.
    """
    articles, problems = _load(content_dir, data_dir)
    if problems:
        raise problems[0]
    return articles


def load_valid_articles(
    content_dir: Path | str, data_dir: Path | str | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """The valid articles and the problems of the refused ones (for a lenient build)."""
    return _load(content_dir, data_dir)


def check_content(content_dir: Path | str, data_dir: Path | str | None = None) -> list[ArticleError]:
    """Every problem in the content folder (empty when all files are valid)."""
    return _load(content_dir, data_dir)[1]


def _load(content_dir: Path | str, data_dir: Path | str | None) -> tuple[list[Article], list[ArticleError]]:
    counties = load_counties(Path(data_dir) if data_dir else _default_data_dir())
    root = Path(content_dir)
    stray = [p for p in root.glob("*.md") if p.name != "README.md"] if root.is_dir() else []
    problems = [ArticleError(p, [FieldError("path", "articles live in content/<language>/<id>.md")]) for p in stray]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if folder.name not in LANGUAGES and any(folder.glob("*.md")):
            problems.append(ArticleError(folder, [FieldError("language", f"unknown language folder {folder.name!r}")]))
    raw: list[tuple[Path, dict[str, Any], str]] = []
    for path in article_paths(root):
        if path.parent.name not in LANGUAGES:
            continue
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(ArticleError(path, [FieldError("front_matter", str(exc))]))
            continue
        raw.append((path, meta, body))
    nb_ids = {m.get("id") for _, m, _ in raw if m.get("language") == "nb"}
    seen: dict[str, Path] = {}
    articles: list[Article] = []
    for path, meta, body in raw:
        errors = validate_article(
            meta,
            body,
            counties=counties,
            known_nb_ids=nb_ids,
            taken_ids=[i for i in seen if i == meta.get("id")],
            expected_id=path.stem,
            expected_language=path.parent.name,
        )
        if isinstance(meta.get("id"), str):
            seen.setdefault(meta["id"], path)
        if errors:
            problems.append(ArticleError(path, errors))
            continue
        articles.append(Article(meta=ArticleMeta.model_validate(meta), body=body.strip() + "\n", path=path))
    return articles, problems
