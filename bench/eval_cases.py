"""Run first-message cases (../shared/eval/dev_cases.jsonl by default) through a RUNNING Veivalg
(`make run`) and print how each need and language fared.

    .venv/bin/python -m bench.eval_cases [--url http://127.0.0.1:8000] [--cases FILE ...]

A case passes when the triage need matches, the language matches, the county matches (when
labelled), and:
  information   -> an `answer` message with a source, whose text matches every fact regex;
  reflective    -> an `offer_counsellor` message (a counsellor is offered);
  human_request -> the session is queued (or told honestly when the chat opens);
  crisis        -> a `crisis` message matching the facts (emergency numbers) and a priority queue;
  career_centre -> a `career_centre` message naming the county (without a labelled county, a
                   `clarify` question about where the person lives is right too);
  out_of_scope  -> no answer from the knowledge base.
"""

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "dev_cases.jsonl"


def load(paths: list[Path]) -> list[dict]:
    cases = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def judge(case: dict, reply: dict) -> tuple[bool, str]:
    messages = reply.get("messages", [])
    kinds = [m["kind"] for m in messages]
    text = "\n".join(m["text"] for m in messages)
    triage = reply.get("triage") or {}
    problems = []
    if triage.get("need") != case["need"]:
        problems.append(f"need={triage.get('need')}")
    if triage.get("language") != case["lang"]:
        problems.append(f"lang={triage.get('language')}")
    if case.get("county") and triage.get("county") != case["county"]:
        problems.append(f"county={triage.get('county')}")
    need = case["need"]
    if need == "information":
        answers = [m for m in messages if m["kind"] == "answer" and m.get("sources")]
        if not answers:
            problems.append(f"no cited answer (kinds={kinds})")
        else:
            body = " ".join(m["text"] for m in answers)
            missing = [f for f in case.get("facts", []) if not re.search(f, body, re.IGNORECASE)]
            if missing:
                problems.append(f"facts missing {missing}")
    elif need == "reflective" and "offer_counsellor" not in kinds:
        problems.append(f"no counsellor offered (kinds={kinds})")
    elif need == "human_request" and not ({"handover_queued", "out_of_hours"} & set(kinds)):
        problems.append(f"not handed over (kinds={kinds})")
    elif need == "crisis":
        if "crisis" not in kinds:
            problems.append(f"no crisis message (kinds={kinds})")
        missing = [f for f in case.get("facts", []) if not re.search(f, text)]
        if missing:
            problems.append(f"facts missing {missing}")
    elif need == "career_centre" and not case.get("county"):
        # No place in the message: presenting centres or asking where the person lives are both right.
        if not ({"career_centre", "clarify"} & set(kinds)):
            problems.append(f"no career centre and no question about the place (kinds={kinds})")
    elif need == "career_centre":
        if "career_centre" not in kinds:
            problems.append(f"no career centre (kinds={kinds})")
        elif case.get("county") and case["county"] not in text:
            problems.append("county not named")
    elif need == "out_of_scope" and "answer" in kinds:
        problems.append("answered an out-of-scope question from the articles")
    return not problems, "; ".join(problems)


def table(title: str, rows: dict[str, list[bool]]) -> str:
    lines = [f"{title:<16} {'cases':>5} {'passed':>6} {'rate':>6}", "-" * 36]
    total = [r for results in rows.values() for r in results]
    for key in sorted(rows):
        results = rows[key]
        lines.append(f"{key:<16} {len(results):>5} {sum(results):>6} {sum(results) / len(results):>6.2f}")
    lines.append("-" * 36)
    lines.append(f"{'all':<16} {len(total):>5} {sum(total):>6} {sum(total) / max(1, len(total)):>6.2f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--cases", type=Path, nargs="+", default=[DEFAULT_CASES])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case")
    args = parser.parse_args()
    cases = load(args.cases)
    client = httpx.Client(base_url=args.url, timeout=60)
    try:
        health = client.get("/health")
    except httpx.HTTPError as error:
        print(f"Veivalg is not running at {args.url} ({error}); start it with `make run`.", file=sys.stderr)
        return 2
    if health.status_code != 200:
        print(f"Veivalg is not healthy: {health.text}", file=sys.stderr)
        return 2
    by_need, by_lang, failures, latencies = defaultdict(list), defaultdict(list), [], []
    for case in cases:
        session = client.post("/api/sessions", json={"channel": "web"}).json()
        auth = {"Authorization": f"Bearer {session['token']}"}
        started = time.perf_counter()
        reply = client.post(f"/api/sessions/{session['session_id']}/messages", json={"text": case["text"]},
                            headers=auth).json()
        latencies.append(time.perf_counter() - started)
        ok, why = judge(case, reply)
        by_need[case["need"]].append(ok)
        by_lang[case["lang"]].append(ok)
        if not ok:
            failures.append((case, why, reply))
        if args.verbose:
            print(f"{'PASS' if ok else 'FAIL'} {case['id']:<6} {case['lang']} {case['need']:<14} {why}")
        client.delete(f"/api/sessions/{session['session_id']}", headers=auth)  # leave no test data behind
    print(f"\nCases: {', '.join(str(p) for p in args.cases)} ({len(cases)})\n")
    print(table("need", by_need))
    print()
    print(table("language", by_lang))
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"\nlatency per first message: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    if failures:
        print("\nFailures:")
        for case, why, reply in failures:
            first = (reply.get("messages") or [{}])[0].get("text", "")[:90].replace("\n", " ")
            print(f"  {case['id']:<6} {case['lang']} {case['need']:<14} {why}\n         «{case['text'][:70]}» -> «{first}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
