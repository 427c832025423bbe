"""Language identification on short citizen messages (bench/data/language_messages.jsonl: 3-15
words, all six languages, half of them bokmål/nynorsk), with assistant.language.detect exactly
as the gateway calls it on a new session (fallback "nb").

    .venv/bin/python -m bench.language [--data FILE] [--errors]
"""

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from assistant.language import detect, warm_up

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "bench" / "data" / "language_messages.jsonl"
CODES = ("nb", "nn", "en", "uk", "pl", "ar", "other")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list every misidentified message")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    warm_up()
    started = time.perf_counter()
    predicted = [detect(row["text"], fallback="nb").language for row in rows]
    elapsed = time.perf_counter() - started
    per_language: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter = Counter()
    errors = []
    for row, guess in zip(rows, predicted):
        per_language[row["lang"]].append(guess == row["lang"])
        confusion[(row["lang"], guess)] += 1
        if guess != row["lang"]:
            errors.append((row["lang"], guess, row["text"]))
    total = [ok for results in per_language.values() for ok in results]
    print(f"Language identification on {args.data.name} ({len(rows)} messages)\n")
    print(f"{'language':<10} {'n':>4} {'correct':>8} {'accuracy':>9}")
    print("-" * 34)
    for code in CODES:
        if code in per_language:
            results = per_language[code]
            print(f"{code:<10} {len(results):>4} {sum(results):>8} {sum(results) / len(results):>9.3f}")
    print("-" * 34)
    print(f"{'all':<10} {len(total):>4} {sum(total):>8} {sum(total) / len(total):>9.3f}")
    norwegian = per_language["nb"] + per_language["nn"]
    if norwegian:
        print(f"{'nb + nn':<10} {len(norwegian):>4} {sum(norwegian):>8} {sum(norwegian) / len(norwegian):>9.3f}"
              "   (bokmål vs nynorsk: each must get its own variant)")
    print("\nconfusion (rows: true, columns: detected)")
    print("      " + "".join(f"{c:>7}" for c in CODES))
    for true in CODES:
        if true in per_language:
            print(f"{true:<6}" + "".join(f"{confusion[(true, c)]:>7}" for c in CODES))
    print(f"\n{elapsed / len(rows) * 1000:.2f} ms per message")
    if args.errors and errors:
        print("\nErrors:")
        for true, guess, text in errors:
            print(f"  {true} -> {guess}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
