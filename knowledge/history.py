"""Every article's history: who changed what and when, with the whole file text of each revision.

Stored as files beside the content (``content_dir/.history/<id>.jsonl``, one JSON line per
revision, appended under the article store's write lock and fsynced), not in Redis: the article
files are the source of truth and live on disk, so their history travels with them (a copy or
backup of the content folder holds both), survives an app restart without depending on Redis
persistence, and is written in the same critical section (``flock``) as the file it describes.

A revision holds the full file text (front matter + Markdown); the diff between two revisions
is computed when asked (:func:`unified_diff`). ``version`` is the article's optimistic-locking
token: a short hash of the file text, so a change made by hand on disk changes it too. When the
file on disk no longer matches the last recorded revision (an article from before the history,
or edited by hand), the next write first records the file as it was (``author`` null, action
``outside_editor``), so every diff shows only what that editor changed.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.clock import now_iso

HISTORY_DIR = ".history"
ACTIONS = ("created", "updated", "published", "unpublished", "deleted", "outside_editor", "review")


def version_of(text: str) -> str:
    """The optimistic-locking version of a file text (what ``ETag`` and ``If-Match`` carry)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Revision:
    revision: int
    at: str
    author: str | None
    action: str
    version: str
    text: str  # the whole file after this change; "" after a delete
    note: str = ""

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        return data


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=before_name, tofile=after_name))


class ArticleHistory:
    """The history files of one content folder. Callers hold the store's write lock to append."""

    def __init__(self, content_dir: Path | str):
        self.dir = Path(content_dir) / HISTORY_DIR

    def _path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.jsonl"

    def revisions(self, article_id: str) -> list[Revision]:
        path = self._path(article_id)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        found = []
        for line in lines:
            try:
                found.append(Revision(**json.loads(line)))
            except (TypeError, ValueError):
                continue  # a torn last line after a crash is skipped, not fatal
        return found

    def last(self, article_id: str) -> Revision | None:
        revisions = self.revisions(article_id)
        return revisions[-1] if revisions else None

    def get(self, article_id: str, revision: int) -> tuple[Revision, Revision | None] | None:
        """That revision and the one before it (None for the first)."""
        revisions = self.revisions(article_id)
        for i, item in enumerate(revisions):
            if item.revision == revision:
                return item, (revisions[i - 1] if i else None)
        return None

    def append(self, article_id: str, author: str | None, action: str, text: str, note: str = "") -> Revision:
        revisions = self.revisions(article_id)
        number = revisions[-1].revision + 1 if revisions else 1
        item = Revision(number, now_iso(), author, action, version_of(text) if text else "", text, note)
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self._path(article_id), "a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        return item

    def record(self, article_id: str, author: str, action: str, before: str | None, after: str, note: str = "") -> Revision:
        """Append a change by ``author`` from ``before`` (the file text it replaced, None for a new
        file) to ``after``; first record ``before`` itself when the history does not end with it."""
        last = self.last(article_id)
        if before is not None and before and (last is None or last.version != version_of(before)):
            self.append(article_id, None, "outside_editor", before)
        return self.append(article_id, author, action, after, note)
