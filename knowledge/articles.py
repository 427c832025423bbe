"""Portal articles: the front-matter model, field-level validation and the loader.

The format is described in ``knowledge/content/README.md``. Loading refuses a bad file with an
:class:`ArticleError` that names the path and every field-level reason.

Every :class:`FieldError` carries a stable machine ``code`` (and ``params`` such as the offending
value) beside its English ``message``; the staff pages show a Norwegian text per code
(``FIELD_ERROR_MESSAGES`` in core/staff_ui/staff.js; tests/knowledge/test_articles.py checks that
every code raised here and in article_store.py has one).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from core.languages import LANGUAGES
from core.vocabulary import TOPICS

AUDIENCES = ("youth", "adults", "immigrants", "parents", "counsellors")
STATUSES = ("draft", "published")
MAX_QUESTIONS = 20  # per article
MAX_QUESTION_CHARS = 200
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)

Language = Literal[LANGUAGES]  # type: ignore[valid-type]
Audience = Literal[AUDIENCES]  # type: ignore[valid-type]
Topic = Literal[TOPICS]  # type: ignore[valid-type]


@dataclass(frozen=True)
class FieldError:
    """One wrong field: the English ``message`` for logs and the CLI, the stable ``code`` (one per
    rule) and its ``params`` (e.g. ``{"value": "x"}``) for pages that speak another language."""

    field: str
    message: str
    code: str = "invalid"
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, hash=False)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "code": self.code, "params": dict(self.params)}


class FrontMatterError(ValueError):
    """A file whose front matter cannot be read; ``code`` says why."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code

    def field_error(self) -> FieldError:
        return FieldError("front_matter", str(self), code=self.code)


def unreadable(error: Exception) -> FieldError:
    """The field error for a file that cannot be split into front matter and body."""
    if isinstance(error, FrontMatterError):
        return error.field_error()
    if isinstance(error, UnicodeDecodeError):
        return FieldError("front_matter", str(error), code="not_utf8")
    return FieldError("front_matter", str(error), code="front_matter_invalid")


def _refuse(message: str, *, code: str, **params: Any) -> PydanticCustomError:
    """A validator's error with its field-error code (see :func:`_pydantic_errors`)."""
    return PydanticCustomError(code, message, {"field_error_params": params})


# The codes for pydantic's own error types (types starting with "date" are date_format; any
# other type is the fallback code); literal errors get a code per field.
_PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "string_type": "not_text",
    "tuple_type": "not_list",
    "list_type": "not_list",
    "literal_error": "not_allowed",
}
_DATE_CODE = "date_format"
_FALLBACK_CODE = "invalid"
_LITERAL_CODES = {
    "language": "unknown_language",
    "audience": "unknown_audience",
    "topics": "unknown_topic",
    "status": "unknown_status",
}


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
    # Questions the article answers, in its language and worded as citizens ask them; they are
    # indexed (embedded as queries) and steer the search to the section that answers each.
    questions: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_slug(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise _refuse("must be lowercase a-z, 0-9 and '-' (e.g. karakterpoeng-en)", code="id_format")
        return value

    @field_validator("title")
    @classmethod
    def _title_present(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise _refuse("must not be empty", code="empty")
        return value

    @field_validator("translation_of")
    @classmethod
    def _translation_slug(cls, value: str | None) -> str | None:
        if value is not None and not ID_PATTERN.match(value):
            raise _refuse("must be the id of the bokmål original or null", code="translation_format")
        return value

    @field_validator("audience", "topics")
    @classmethod
    def _not_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise _refuse("must list at least one value", code="empty_list")
        if len(set(value)) != len(value):
            repeated = next(v for i, v in enumerate(value) if v in value[:i])
            raise _refuse("must not repeat a value", code="repeated_value", value=str(repeated))
        return value

    @field_validator("questions", mode="before")
    @classmethod
    def _questions(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            raise _refuse("must be a list of questions", code="not_list")
        if isinstance(value, (list, tuple)):
            cleaned = []
            for question in value:
                if not isinstance(question, str):
                    raise _refuse("every question must be text", code="not_text")
                question = " ".join(question.split())
                if not question:
                    raise _refuse("a question must not be empty", code="empty")
                if len(question) > MAX_QUESTION_CHARS:
                    raise _refuse(f"a question must be at most {MAX_QUESTION_CHARS} characters", code="too_long", max=MAX_QUESTION_CHARS)
                if question in cleaned:
                    raise _refuse("must not repeat a question", code="repeated_value", value=question)
                cleaned.append(question)
            if len(cleaned) > MAX_QUESTIONS:
                raise _refuse(f"at most {MAX_QUESTIONS} questions", code="invalid")
            return tuple(cleaned)
        return value

    @field_validator("source_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", value.strip()):
            raise _refuse("must be an http(s) URL", code="url_format")
        return value.strip()

    @field_validator("reviewed", "review_by", mode="before")
    @classmethod
    def _date_only(cls, value: Any) -> Any:
        # YAML gives datetime.date for 2026-10-15; refuse datetimes and free text explicitly.
        if isinstance(value, dt.datetime):
            raise _refuse("must be a date (YYYY-MM-DD), not a timestamp", code="date_not_timestamp")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise _refuse("must be a date in the form YYYY-MM-DD", code="date_format") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ArticleMeta":
        if self.review_by <= self.reviewed:
            raise _refuse("review_by: must be after reviewed", code="review_before_reviewed")
        if self.translation_of is not None and self.language == "nb":
            raise _refuse("translation_of: a bokmål article is an original; use null", code="original_not_translation")
        if self.translation_of is not None and self.translation_of == self.id:
            raise _refuse("translation_of: must not point at the article itself", code="translation_of_itself")
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
    """Split a Markdown file into (front matter dict, body). Raises FrontMatterError (a
    ValueError) when malformed."""
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("file must start with YAML front matter between '---' lines", code="front_matter_missing")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML ({exc.__class__.__name__})",
                               code="front_matter_yaml") from None
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of fields", code="front_matter_not_mapping")
    return meta, match.group(2)


def _pydantic_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        message = error.get("msg", "invalid").removeprefix("Value error, ")
        field = loc[0] if loc else ""
        if not field and ": " in message:  # model-level checks name their field first
            field, message = message.split(": ", 1)
        field = field or "front_matter"
        kind = error.get("type", "")
        ctx = error.get("ctx") or {}
        params: dict[str, Any] = {}
        if isinstance(ctx.get("field_error_params"), dict):  # raised with _refuse: the type is our code
            params = dict(ctx["field_error_params"])
        elif kind.startswith("date"):
            kind = _DATE_CODE
        else:
            kind = _PYDANTIC_CODES.get(kind, _FALLBACK_CODE)
        if error.get("type") == "extra_forbidden":
            message = "unknown field"
        elif error.get("type") == "missing":
            message = "is required"
        elif error.get("type") == "literal_error" and "input" in error:
            message = f"{error['input']!r} is not allowed; {message.lower()}"
            kind = _LITERAL_CODES.get(field, kind)
            params = {"value": str(error["input"])}
        errors.append(FieldError(field, message, code=kind, params=params))
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
                errors.append(FieldError("counties", f"unknown county {county!r}", code="unknown_county",
                                         params={"value": str(county)}))
    elif raw_counties is not None:
        errors.append(FieldError("counties", "must be a list of county names", code="not_list"))
    if not body.strip():
        errors.append(FieldError("body", "must not be empty", code="empty"))
    article_id = meta.get("id")
    if expected_id is not None and article_id != expected_id:
        errors.append(FieldError("id", f"must match the file name ({expected_id!r})", code="id_file_mismatch",
                                 params={"value": expected_id}))
    if isinstance(article_id, str) and article_id in set(taken_ids):
        errors.append(FieldError("id", f"{article_id!r} is already used by another article", code="id_taken",
                                 params={"value": str(article_id)}))
    language = meta.get("language")
    if expected_language is not None and language != expected_language and language in LANGUAGES:
        errors.append(FieldError("language", f"must match the folder ({expected_language!r})",
                                 code="language_folder_mismatch", params={"value": expected_language}))
    original = meta.get("translation_of")
    if parsed is not None and original and known_nb_ids is not None and original not in set(known_nb_ids):
        errors.append(FieldError("translation_of", f"no bokmål article with id {original!r}",
                                 code="translation_missing", params={"value": str(original)}))
    return errors


def parse_article(text: str, path: Path | str | None = None, **checks: Any) -> Article:
    """Parse and validate one article; raises ArticleError listing every problem."""
    where = path if path is not None else "<article>"
    try:
        meta, body = split_front_matter(text)
    except ValueError as exc:
        raise ArticleError(where, [unreadable(exc)]) from None
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
    problems = [ArticleError(p, [FieldError("path", "articles live in content/<language>/<id>.md", code="wrong_place")])
                for p in stray]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if folder.name not in LANGUAGES and any(folder.glob("*.md")):
            problems.append(ArticleError(folder, [FieldError("language", f"unknown language folder {folder.name!r}",
                                                             code="unknown_language_folder",
                                                             params={"value": folder.name})]))
    raw: list[tuple[Path, dict[str, Any], str]] = []
    for path in article_paths(root):
        if path.parent.name not in LANGUAGES:
            continue
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(ArticleError(path, [unreadable(exc)]))
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
