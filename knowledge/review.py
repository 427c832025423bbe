"""The optional review step of an article: draft → in review → (approved | changes requested) → published.

One small JSON file per article beside its history (``content_dir/.history/<id>.review.json``),
written atomically under the article store's write lock. A review belongs to one version of the
file: when the article changes after it was submitted or approved, the review no longer counts
and the state is ``draft`` again (the new text needs a new review). Whether publishing needs an
approval is ``KnowledgeSettings.review_required``.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.clock import now_iso

HISTORY_DIR = ".history"
STATES = ("draft", "in_review", "changes_requested", "approved", "published")


@dataclass(frozen=True)
class ReviewRecord:
    state: str = "draft"
    version: str = ""
    submitted_by: str | None = None
    submitted_at: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    comment: str = ""

    def public(self) -> dict[str, Any]:
        return asdict(self)


class ReviewBook:
    def __init__(self, content_dir: Path | str):
        self.dir = Path(content_dir) / HISTORY_DIR

    def _path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.review.json"

    def stored(self, article_id: str) -> ReviewRecord | None:
        try:
            return ReviewRecord(**json.loads(self._path(article_id).read_text(encoding="utf-8")))
        except (FileNotFoundError, TypeError, ValueError):
            return None

    def effective(self, article_id: str, version: str, status: Any) -> ReviewRecord:
        """The state for the file's current ``version`` and front-matter ``status``."""
        record = self.stored(article_id)
        if status == "published":
            if record is not None and record.version == version and record.state == "approved":
                return ReviewRecord(**{**record.public(), "state": "published"})
            return ReviewRecord("published", version)
        if record is None or record.version != version:
            return ReviewRecord("draft", version)
        return record

    def _write(self, article_id: str, record: ReviewRecord) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{article_id}.", suffix=".tmp", dir=self.dir)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record.public(), out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self._path(article_id))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def submit(self, article_id: str, version: str, author: str) -> ReviewRecord:
        record = ReviewRecord("in_review", version, author, now_iso())
        self._write(article_id, record)
        return record

    def decide(self, article_id: str, version: str, reviewer: str, state: str, comment: str) -> ReviewRecord:
        old = self.stored(article_id) or ReviewRecord()
        record = ReviewRecord(state, version, old.submitted_by, old.submitted_at, reviewer, now_iso(), comment)
        self._write(article_id, record)
        return record

    def clear(self, article_id: str) -> None:
        self._path(article_id).unlink(missing_ok=True)
