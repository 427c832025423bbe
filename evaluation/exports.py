"""Exports of a sample's reviews and anonymised transcripts as CSV and JSON Lines (pure).

CSV: UTF-8 with a byte order mark (so spreadsheet programs read æøå and Arabic right), one header
row. A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with
``'`` so a spreadsheet does not run it as a formula (citizens' words are in the transcripts).
JSONL: one JSON object per line, UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

REVIEW_COLUMNS = ("sample", "conversation", "closed_on", "need", "language", "outcome", "handed_over", "channel",
                  "evaluator", "at", "need_recognised", "expected_need", "answer_correct", "answer_sourced",
                  "handover_right", "handover_timely", "tone", "answer_quality", "comment")
EVENT_COLUMNS = ("sample", "conversation", "closed_on", "need", "language", "outcome", "handed_over", "channel",
                 "seq", "at", "from", "kind", "text", "sources")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    columns = tuple(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def event_rows(transcript: dict[str, Any], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per event of an anonymised transcript (sources as space-separated URLs)."""
    return [{**facts, "seq": e["seq"], "at": e["at"], "from": e["from"], "kind": e["kind"], "text": e["text"],
             "sources": " ".join(s.get("url", "") for s in e.get("sources") or [])}
            for e in transcript["events"]]
