"""Anonymisation of citizens' chat messages (bench/data/anonymise_messages.jsonl: realistic
career-guidance messages in bokmål, nynorsk, English, Ukrainian, Polish and Arabic, with and
without personal data, hard negatives included), scored on the output of
core.anonymise.anonymise exactly as the callers use it.

Each row is {"lang": ..., "text": ..., "entities": [[type, exact substring], ...]} with type one
of name, national_id, phone, email, address; every occurrence of the substring counts. The
replaced spans are recovered by aligning the output with the input, and typed by their
placeholder (<navn>, <fødselsnummer>, <telefon>, <e-post>, <adresse>).

  recall     an annotated entity counts as found when every non-space character of it lies in
             a replaced span of its own type (half a name left behind is a miss)
  precision  a replaced span counts as right when it overlaps an annotated entity of its type

Rows marked "set": "holdout" were written after the detector had been built against the others
and scored once before any change; the tables are printed for all rows and for each set.

    .venv/bin/python -m bench.anonymise [--data FILE] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from core.anonymise import PLACEHOLDERS, anonymise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "bench" / "data" / "anonymise_messages.jsonl"
TYPES = ("name", "national_id", "phone", "email", "address")
BY_PLACEHOLDER = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


def replaced_spans(text: str, output: str) -> list[tuple[int, int, str]] | None:
    """(start, end, type) in ``text`` of what ``anonymise`` replaced, or None if the output does
    not line up with the input (something other than a replacement happened)."""
    pieces, kinds, at = [], [], 0
    for match in PLACEHOLDER_RE.finditer(output):
        pieces.append(output[at:match.start()])
        kinds.append(BY_PLACEHOLDER[match.group()])
        at = match.end()
    pieces.append(output[at:])
    if not kinds:
        return [] if output == text else None
    pattern = "(.+?)".join(re.escape(p) for p in pieces)
    aligned = re.fullmatch(pattern, text, re.DOTALL)
    if aligned is None:
        return None
    return [(aligned.start(i + 1), aligned.end(i + 1), kind) for i, kind in enumerate(kinds)]


def gold_spans(row: dict) -> list[tuple[int, int, str]]:
    spans = []
    for kind, value in row["entities"]:
        found = [m.start() for m in re.finditer(re.escape(value), row["text"])]
        if not found:
            raise ValueError(f"{value!r} is not in {row['text']!r}")
        spans += [(start, start + len(value), kind) for start in found]
    return spans


def score(rows: list[dict], outputs: list[str]):
    counts = {kind: {"gold": 0, "found": 0, "predicted": 0, "right": 0} for kind in TYPES}
    misses, wrong, unaligned = [], [], []
    for row, output in zip(rows, outputs):
        text = row["text"]
        predicted = replaced_spans(text, output)
        if predicted is None:
            unaligned.append((text, output))
            predicted = []
        gold = gold_spans(row)
        for start, end, kind in gold:
            counts[kind]["gold"] += 1
            covered = all(text[i].isspace() or any(s <= i < e and k == kind for s, e, k in predicted)
                          for i in range(start, end))
            if covered:
                counts[kind]["found"] += 1
            else:
                misses.append((kind, text[start:end], text, output))
        for start, end, kind in predicted:
            counts[kind]["predicted"] += 1
            if any(k == kind and s < end and start < e for s, e, k in gold):
                counts[kind]["right"] += 1
            else:
                wrong.append((kind, text[start:end], text, output))
    return counts, misses, wrong, unaligned


def print_table(title: str, counts: dict) -> None:
    def line(name: str, c: dict) -> str:
        recall = f"{c['found'] / c['gold']:.3f}" if c["gold"] else "-"
        precision = f"{c['right'] / c['predicted']:.3f}" if c["predicted"] else "-"
        return f"{name:<12} {c['gold']:>5} {c['found']:>6} {recall:>7} {c['predicted']:>9} {c['right']:>6} {precision:>10}"

    print(f"\n{title}")
    print(f"{'type':<12} {'gold':>5} {'found':>6} {'recall':>7} {'replaced':>9} {'right':>6} {'precision':>10}")
    print("-" * 60)
    for kind in TYPES:
        print(line(kind, counts[kind]))
    print("-" * 60)
    print(line("all", {key: sum(counts[kind][key] for kind in TYPES) for key in ("gold", "found", "predicted", "right")}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT, help="JSONL file of annotated messages")
    parser.add_argument("--errors", action="store_true", help="list every missed entity and every wrong replacement")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]

    started = time.perf_counter()
    anonymise("Hei, jeg heter Ola")  # the first call builds the spaCy patterns
    first_call = time.perf_counter() - started
    started = time.perf_counter()
    outputs = [anonymise(row["text"]) for row in rows]
    elapsed = time.perf_counter() - started
    counts, misses, wrong, unaligned = score(rows, outputs)

    languages = defaultdict(int)
    for row in rows:
        languages[row["lang"]] += 1
    clean = sum(1 for row in rows if not row["entities"])
    print(f"Anonymisation on {args.data.name}: {len(rows)} messages "
          f"({', '.join(f'{k} {v}' for k, v in sorted(languages.items()))}; {clean} without personal data)")
    print_table("all messages", counts)
    sets = sorted({row.get("set", "main") for row in rows})
    if len(sets) > 1:
        for name in sets:
            chosen = [i for i, row in enumerate(rows) if row.get("set", "main") == name]
            subset = score([rows[i] for i in chosen], [outputs[i] for i in chosen])[0]
            print_table(f"set {name!r} ({len(chosen)} messages)", subset)
    untouched = sum(1 for row, out in zip(rows, outputs) if not row["entities"] and out == row["text"])
    print(f"\nmessages without personal data left unchanged: {untouched}/{clean}")
    print(f"{elapsed / len(rows) * 1000:.3f} ms per message "
          f"(first call, importing spaCy and building the patterns: {first_call * 1000:.0f} ms)")
    if unaligned:
        print(f"\n{len(unaligned)} outputs did not line up with their input:")
        for text, output in unaligned:
            print(f"  {text!r} -> {output!r}")
    if args.errors:
        if misses:
            print("\nMissed (left in the text, or under another placeholder):")
            for kind, value, text, output in misses:
                print(f"  {kind:<11} {value!r:<30} {output}")
        if wrong:
            print("\nWrongly replaced:")
            for kind, value, text, output in wrong:
                print(f"  {kind:<11} {value!r:<30} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
