"""Run two- and three-turn conversations (bench/data/followup_conversations.jsonl) through a
RUNNING Veivalg and print, per language and set, the share whose last answer is the one the person
meant: a follow-up ("Og for høyere utdanning?", "How long does it take?") answered in the light of
the earlier turns, and a new topic answered on its own.

    .venv/bin/python -m bench.followups [--url http://127.0.0.1:8000] [--cases FILE] [--set tune|holdout] [-v]

Only the public API is used: ``POST /api/sessions`` (as the chat page does: no language given),
then ``POST /api/sessions/{id}/messages`` for each turn. A case passes when the reply to the last
turn holds an ``answer`` message whose text matches ``expect`` (a regex, case-insensitive).
Each row: ``{"id", "language", "kind": "followup"|"fresh", "turns": [...], "expect": "...",
"set": "tune"|"holdout", "standalone": "..."}``; the holdout rows were written before any tuning
and are only measured. ``standalone`` is the last turn as the person means it, written out in
full; the column ``alone`` asks it in a new session, so it shows what the assistant answers when
nothing has to be carried (the ceiling for the follow-up; ``--no-standalone`` skips it).
Every session is erased afterwards (DELETE), so no test data stays behind.
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
DEFAULT_CASES = ROOT / "bench" / "data" / "followup_conversations.jsonl"
LANGUAGE_ORDER = ("nb", "nn", "en", "uk", "pl", "ar")


def load(path: Path, only_set: str | None = None) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if only_set is None or c["set"] == only_set]


def judge(case: dict, reply: dict) -> tuple[bool, str]:
    """Whether the reply to the last turn answers with text matching ``expect``."""
    messages = reply.get("messages") or []
    answers = [m for m in messages if m.get("kind") == "answer"]
    if not answers:
        return False, f"no answer (kinds={[m.get('kind') for m in messages]})"
    body = " ".join(m.get("text", "") for m in answers)
    if not re.search(case["expect"], body, re.IGNORECASE):
        return False, "expected fact missing"
    return True, ""


def run_case(client: httpx.Client, case: dict) -> tuple[dict, list[float]]:
    """Every turn in one new session; the reply to the last turn and each turn's latency."""
    session = client.post("/api/sessions", json={"channel": "web"})
    session.raise_for_status()
    data = session.json()
    auth = {"Authorization": f"Bearer {data['token']}"}
    latencies, reply = [], {}
    try:
        for text in case["turns"]:
            started = time.perf_counter()
            response = client.post(f"/api/sessions/{data['session_id']}/messages", json={"text": text}, headers=auth)
            latencies.append(time.perf_counter() - started)
            if response.status_code == 429:  # the per-session or per-address limit: wait and try once more
                time.sleep(float(response.headers.get("Retry-After", "5")))
                started = time.perf_counter()
                response = client.post(f"/api/sessions/{data['session_id']}/messages", json={"text": text},
                                       headers=auth)
                latencies[-1] = time.perf_counter() - started
            response.raise_for_status()
            reply = response.json()
    finally:
        client.delete(f"/api/sessions/{data['session_id']}", headers=auth)
    return reply, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def table(results: list[dict]) -> str:
    """One row per language and set (and per set overall): cases, passed, share, latency."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for result in results:
        groups[(result["set"], result["language"])].append(result)
        groups[(result["set"], "all")].append(result)
    header = (f"{'set':<8} {'language':<8} {'cases':>5} {'passed':>6} {'share':>6} {'alone':>6} "
              f"{'p50 ms':>7} {'p95 ms':>7}")
    lines = [header, "-" * len(header)]
    for set_name in ("tune", "holdout"):
        keys = [lang for lang in (*LANGUAGE_ORDER, "all") if (set_name, lang) in groups]
        for lang in keys:
            rows = groups[(set_name, lang)]
            passed = sum(r["ok"] for r in rows)
            latencies = [t for r in rows for t in r["latencies"]]
            alone = [r["alone_ok"] for r in rows if r.get("alone_ok") is not None]
            alone_share = f"{sum(alone) / len(alone):>6.2f}" if alone else f"{'-':>6}"
            lines.append(f"{set_name:<8} {lang:<8} {len(rows):>5} {passed:>6} {passed / len(rows):>6.2f} {alone_share} "
                         f"{percentile(latencies, 0.5) * 1000:>7.0f} {percentile(latencies, 0.95) * 1000:>7.0f}")
        if keys:
            lines.append("-" * len(header))
    return "\n".join(lines)


def kinds_table(results: list[dict]) -> str:
    groups: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        groups[f"{result['set']}/{result.get('kind', 'followup')}"].append(result["ok"])
    return "\n".join(f"{key:<18} {sum(v):>3}/{len(v):<3} {sum(v) / len(v):.2f}" for key, v in sorted(groups.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--set", choices=("tune", "holdout"), help="only this set")
    parser.add_argument("--json", type=Path, help="also write every case's result to this file")
    parser.add_argument("--no-standalone", action="store_true", help="do not ask the written-out questions")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case as it runs")
    args = parser.parse_args()
    cases = load(args.cases, args.set)
    client = httpx.Client(base_url=args.url, timeout=120)
    try:
        health = client.get("/health")
    except httpx.HTTPError as error:
        print(f"Veivalg is not running at {args.url} ({error}); start it with `make run`.", file=sys.stderr)
        return 2
    if health.status_code != 200:
        print(f"Veivalg is not healthy: {health.text}", file=sys.stderr)
        return 2
    results = []
    for case in cases:
        reply, latencies = run_case(client, case)
        ok, why = judge(case, reply)
        last = " ".join(m.get("text", "") for m in reply.get("messages") or [] if m.get("kind") == "answer")
        if not last:
            last = " ".join(m.get("text", "") for m in (reply.get("messages") or [])[:1])
        alone_ok = None
        if case.get("standalone") and not args.no_standalone:
            alone_reply, _ = run_case(client, {**case, "turns": [case["standalone"]]})
            alone_ok = judge(case, alone_reply)[0]
        results.append({**case, "ok": ok, "why": why, "latencies": latencies, "last_answer": last,
                        "kinds": [m.get("kind") for m in reply.get("messages") or []], "alone_ok": alone_ok})
        if args.verbose:
            print(f"{'PASS' if ok else 'FAIL'} {case.get('id', ''):<9} {why:<24} «{case['turns'][-1][:40]}» -> "
                  f"«{last[:100]}»".replace("\n", " "))
    print(f"\nConversations: {args.cases} ({len(cases)})\n")
    print(table(results))
    print("\n" + kinds_table(results))
    print("\n(alone: the last turn written out in full, asked in a new session; latency: every citizen "
          "message of every conversation, through the whole stack)")
    failures = [r for r in results if not r["ok"]]
    if failures:
        print("\nFailures:")
        for r in failures:
            alone = {True: "written out: passes", False: "written out: fails too", None: ""}[r.get("alone_ok")]
            print(f"  {r.get('id', ''):<9} {r['set']:<7} {r['why']}  {alone}\n"
                  f"      {' | '.join(r['turns'])}\n      -> «{r['last_answer'][:160]}»".replace("\r", " "))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
