"""Language identification on short citizen messages, with assistant.language.detect exactly as the
gateway calls it on a new session (fallback "nb"):

- bench/data/language_messages.jsonl: 3-15 words, the six served languages, half bokmål/nynorsk;
- bench/data/language_sami.jsonl: Northern Sami held out from the Sami model's training (GiellaLT
  lang-sme; whole sentences and their first 2-5 words; see scripts/build_sami_profile.py);
- bench/data/language_unserved.jsonl: Russian (with and without the letters only Russian uses),
  a few other unserved languages, and a script no detector names ("other").

Per language: recall (accuracy on that language's messages), precision (of the messages detected
as it) and F1; then the six served languages' accuracy as before, and the confusion matrix.

    .venv/bin/python -m bench.language [--data FILE ...] [--errors]
"""

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from assistant.language import detect, warm_up
from core.languages import COUNSELLOR_ONLY, LANGUAGES, OTHER, UNSERVED

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
DEFAULT = [DATA / "language_messages.jsonl", DATA / "language_sami.jsonl", DATA / "language_unserved.jsonl"]
FIRST_MESSAGES = ("Når er søknadsfristen for høyere utdanning?", "How long does it take to become a nurse?",
                  "Як визнати мій диплом?", "Jak mogę uznać mój dyplom?", "كيف أعادل شهادتي؟",
                  "Eg vil bli tømrar, kva må eg gjere?")
CODES = (*LANGUAGES, *COUNSELLOR_ONLY, *UNSERVED, OTHER)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, action="append", help="a JSONL file of {text, lang}; repeatable")
    parser.add_argument("--errors", action="store_true", help="list every misidentified message")
    args = parser.parse_args()
    files = args.data or DEFAULT
    rows = [json.loads(line) for path in files for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    started = time.process_time()
    warm_up()
    warm_up_ms = (time.process_time() - started) * 1000
    first_ms = {}
    for sample in FIRST_MESSAGES:  # each script's first message after the warm-up a gateway does
        started = time.process_time()
        detect(sample, fallback="nb")
        first_ms[sample] = (time.process_time() - started) * 1000
    started = time.perf_counter()
    predicted = [detect(row["text"], fallback="nb").language for row in rows]
    elapsed = time.perf_counter() - started
    per_language: dict[str, list[bool]] = defaultdict(list)
    detected_as: Counter = Counter(predicted)
    confusion: Counter = Counter()
    errors = []
    for row, guess in zip(rows, predicted):
        per_language[row["lang"]].append(guess == row["lang"])
        confusion[(row["lang"], guess)] += 1
        if guess != row["lang"]:
            errors.append((row["lang"], guess, row["text"]))
    codes = [c for c in CODES if c in per_language or detected_as[c]]
    codes += sorted((set(per_language) | set(detected_as)) - set(codes))
    print(f"Language identification on {', '.join(p.name for p in files)} ({len(rows)} messages)\n")
    print(f"{'language':<10} {'n':>4} {'correct':>8} {'recall':>7} {'precision':>10} {'F1':>6}")
    print("-" * 50)
    for code in codes:
        results = per_language.get(code, [])
        correct = sum(results)
        recall = correct / len(results) if results else 0.0
        precision = confusion[(code, code)] / detected_as[code] if detected_as[code] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{code:<10} {len(results):>4} {correct:>8} {_ratio(correct, len(results)):>7} "
              f"{_ratio(confusion[(code, code)], detected_as[code]):>10} {f1 if results else 0:>6.3f}")
    print("-" * 50)
    total = [ok for results in per_language.values() for ok in results]
    served = [ok for code in LANGUAGES for ok in per_language.get(code, [])]
    beyond = [ok for code, results in per_language.items() if code not in LANGUAGES for ok in results]
    print(f"{'all':<10} {len(total):>4} {sum(total):>8} {_ratio(sum(total), len(total)):>7}")
    print(f"{'six':<10} {len(served):>4} {sum(served):>8} {_ratio(sum(served), len(served)):>7}"
          "   (the six served languages)")
    if beyond:
        print(f"{'beyond':<10} {len(beyond):>4} {sum(beyond):>8} {_ratio(sum(beyond), len(beyond)):>7}"
              "   (Sami, Russian and the rest)")
    norwegian = per_language["nb"] + per_language["nn"]
    if norwegian:
        print(f"{'nb + nn':<10} {len(norwegian):>4} {sum(norwegian):>8} {_ratio(sum(norwegian), len(norwegian)):>7}"
              "   (bokmål vs nynorsk: each must get its own variant)")
    by_source: dict[str, list[bool]] = defaultdict(list)
    for row, guess in zip(rows, predicted):
        if row.get("source"):
            by_source[f"{row['lang']}: {row['source']}"].append(guess == row["lang"])
    for source, results in sorted(by_source.items()):
        print(f"{'':<10} {len(results):>4} {sum(results):>8} {_ratio(sum(results), len(results)):>7}   ({source})")
    served_as_se = sum(confusion[(code, "se")] for code in LANGUAGES)
    print(f"served-language messages taken for Sami: {served_as_se}")
    print("\nconfusion (rows: true, columns: detected)")
    print("      " + "".join(f"{c:>6}" for c in codes))
    for true in codes:
        if true in per_language:
            print(f"{true:<6}" + "".join(f"{confusion[(true, c)]:>6}" for c in codes))
    print(f"\n{elapsed / len(rows) * 1000:.2f} ms per message")
    print(f"warm-up at start: {warm_up_ms:.0f} ms CPU; then the first message of each script: "
          + ", ".join(f"{ms:.1f} ms ({text.split()[0]})" for text, ms in first_ms.items()))
    if args.errors and errors:
        print("\nErrors:")
        for true, guess, text in errors:
            print(f"  {true} -> {guess}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
