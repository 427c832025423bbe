"""NLU quality: 5-fold cross-validation of the real pipeline (config.yml) on training_data/nlu,
per-intent precision/recall/F1 and the macro F1; then crisis detection on
bench/data/crisis_messages.jsonl by the NLU (the trained model), by the safety net
(assistant/safety.py) and by both together, as the gateway runs them.

    .venv/bin/python -m bench.nlu [--folds 5] [--skip-cv] [--config config.yml] [--model models/veivalg.tar.gz]

Cross-validation trains the pipeline once per fold (minutes on a small machine). Nothing here is
asserted; the aim is macro F1 >= 0.90 and crisis recall 1.0.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from assistant.crisis import signals_crisis
from core.offline import OFFLINE_ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
CRISIS = ROOT / "bench" / "data" / "crisis_messages.jsonl"
ENV = {**os.environ, **OFFLINE_ENVIRONMENT, "RASA_TELEMETRY_ENABLED": "false",
       "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}

# Loads the trained model once in the Rasa venv and classifies every line of stdin.
PARSE_SCRIPT = """
import asyncio, json, sys, logging
logging.disable(logging.WARNING)
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
async def main():
    for line in sys.stdin:
        text = json.loads(line)["text"]
        parsed = await agent.parse_message(text)
        print(json.dumps({"text": text, "intent": parsed["intent"]["name"],
                          "confidence": parsed["intent"]["confidence"]}), flush=True)
asyncio.run(main())
"""


def cross_validate(folds: int, out: Path, config: Path) -> dict:
    command = [str(RASA), "test", "nlu", "--nlu", str(ROOT / "training_data" / "nlu"), "--config",
               str(config), "--cross-validation", "--folds", str(folds), "--out", str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"rasa test nlu failed ({result.returncode})")
    print(f"({folds}-fold cross-validation took {time.perf_counter() - started:.0f} s)")
    return json.loads((out / "intent_report.json").read_text(encoding="utf-8"))


def print_report(report: dict) -> None:
    intents = sorted(k for k in report if isinstance(report[k], dict) and "precision" in report[k]
                     and k not in ("macro avg", "weighted avg", "micro avg"))
    print(f"\n{'intent':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    print("-" * 54)
    for intent in intents:
        row = report[intent]
        print(f"{intent:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1-score']:>6.3f} "
              f"{row['support']:>8}")
    print("-" * 54)
    for average in ("macro avg", "weighted avg"):
        if average in report:
            row = report[average]
            print(f"{average:<20} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1-score']:>6.3f} "
                  f"{row['support']:>8}")
    if "accuracy" in report:
        print(f"{'accuracy':<20} {report['accuracy']:>24.3f}")
    macro = report.get("macro avg", {}).get("f1-score")
    crisis = report.get("crisis", {}).get("recall")
    print(f"\nmacro F1 {macro:.3f} (aim >= 0.90); crisis recall {crisis:.3f} (aim 1.0)")
    confused = []
    for intent in intents:
        for other, count in (report[intent].get("confused_with") or {}).items():
            confused.append((count, intent, other))
    if confused:
        print("most confused (true -> predicted: count): " + ", ".join(
            f"{i}->{o}: {c}" for c, i, o in sorted(confused, reverse=True)[:8]))


def classify(model: Path, texts: list[str]) -> list[dict]:
    lines = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    result = subprocess.run([str(RASA_PYTHON), "-c", PARSE_SCRIPT, str(model)], input=lines, cwd=ROOT, env=ENV,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-3000:])
        raise SystemExit("could not load the Rasa model")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def crisis_table(model: Path) -> None:
    rows = [json.loads(line) for line in CRISIS.read_text(encoding="utf-8").splitlines() if line.strip()]
    parsed = classify(model, [r["text"] for r in rows])
    by_text = {p["text"]: p for p in parsed}
    detectors = {
        "NLU (crisis intent)": lambda r: by_text[r["text"]]["intent"] == "crisis",
        "safety net": lambda r: signals_crisis(r["text"]),
        "either (gateway)": lambda r: by_text[r["text"]]["intent"] == "crisis" or signals_crisis(r["text"]),
    }
    positives = [r for r in rows if r["crisis"]]
    negatives = [r for r in rows if not r["crisis"]]
    print(f"\nCrisis detection on {CRISIS.name}: {len(positives)} crisis messages, {len(negatives)} ordinary "
          "messages (many with words like kill/die/end/livet)")
    print(f"{'detector':<22} {'recall':>7} {'false pos.':>10} {'precision':>9}")
    print("-" * 52)
    for name, detect in detectors.items():
        caught = sum(detect(r) for r in positives)
        false = sum(detect(r) for r in negatives)
        precision = caught / max(1, caught + false)
        print(f"{name:<22} {caught / len(positives):>7.3f} {false:>5}/{len(negatives):<4} {precision:>9.3f}")
    languages = sorted({r["lang"] for r in rows})
    print(f"\nrecall per language   " + " ".join(f"{lang:>6}" for lang in languages))
    for name, detect in detectors.items():
        cells = []
        for lang in languages:
            subset = [r for r in positives if r["lang"] == lang]
            cells.append(f"{sum(detect(r) for r in subset) / len(subset):>6.2f}")
        print(f"{name:<21} " + " ".join(cells))
    for name, detect in detectors.items():
        missed = [r["text"] for r in positives if not detect(r)]
        flagged = [r["text"] for r in negatives if detect(r)]
        if missed:
            print(f"  {name} missed: " + " | ".join(missed))
        if flagged:
            print(f"  {name} flagged: " + " | ".join(flagged))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-cv", action="store_true", help="only the crisis table")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml",
                        help="pipeline to cross-validate (to compare a variant with config.yml)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "veivalg.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "nlu-cv")
    args = parser.parse_args()
    if not args.skip_cv:
        print_report(cross_validate(args.folds, args.out, args.config))
    crisis_table(args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
