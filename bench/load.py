"""Drive simulated citizens (and one simulated counsellor) through a RUNNING Veivalg and print, per
level of concurrent conversations: throughput, p50/p95/p99 latency per endpoint, errors, CPU ms
per citizen message per process, peak memory per process, and the knee.

    .venv/bin/python -m bench.load [--url http://127.0.0.1:8000] [--levels 1,2,4,8,16] [--seconds 15]
    .venv/bin/python -m bench.load --stack scale     # against `make scale`: every replica's CPU

Start the stack with limits that let one address (loopback) send many messages, e.g.

    ASSISTANT_LIMIT_MESSAGES_PER_ADDRESS=100000/minute ASSISTANT_LIMIT_SESSIONS_PER_ADDRESS=100000/minute \\
    ASSISTANT_LIMIT_MESSAGES_PER_SESSION=1000/minute ASSISTANT_LIMIT_HANDOVER_REQUESTS_PER_ADDRESS=100000/hour make run

Closed loop: each simulated citizen runs one script after another until the level's time is up
(the script in flight finishes, so a level may run a little longer). Scripts, mixed by weight:
information (three questions from bench/data/answer_questions.jsonl), reflective (three turns
about choosing), career centre (where is the centre, in a county), and handover (asks for a
person, waits for a simulated counsellor's reply over the long-poll, answers, ends the chat).
Staffing follows the load, as it would at a national peak: one counsellor on duty per four
concurrent conversations (``--per-counsellor``), from the development roster's counsellors who
speak bokmål and English. Each polls the console once a second, takes the next chat, greets and
closes it three seconds later. One counsellor for sixteen citizens would measure the staffing (the
citizens would spend most of the level waiting in the queue), not the software.
Every session is erased afterwards (DELETE). Only the public API is used; CPU time and peak memory
come from /proc for every process listening on the stack's ports (app, Rasa, actions, Redis).
Bounded: at most ``--max-sessions`` sessions per level and ``--seconds`` per level.
"""

import argparse
import asyncio
import json
import os
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "data" / "answer_questions.jsonl"
PORTS = {"app": 8000, "rasa": 5005, "actions": 5055, "redis": 6380}
# `make scale`: haproxy on 8000 in front of gateway i on 800i -> Rasa 5i05 -> actions 5i55.
SCALE_PORTS = {"redis": 6380, "actions1": 5155, "actions2": 5255, "rasa1": 5105, "rasa2": 5205,
               "app1": 8001, "app2": 8002, "lb": 8000}
REFLECTIVE = [
    ["Jeg vet ikke hva jeg vil bli", "Jeg liker å hjelpe folk, men er usikker på om jeg orker lang utdanning",
     "Hva bør jeg tenke på når jeg velger?"],
    ["I'm 45 and was just laid off, I don't know what to do now", "I have worked in a warehouse for twenty years",
     "How do I figure out what I am good at?"],
    ["Eg er usikker på om eg valde rett studium", "Eg trivst ikkje heilt, men vil ikkje slutte", "Kva kan eg gjere?"],
]
CENTRES = ["Hvor er karrieresenteret i Vestland?", "Jeg bor i Tromsø, hvor kan jeg få karriereveiledning?",
           "Where is the career centre in Oslo?", "Finnes det et karrieresenter i Agder?"]
HUMAN = ["Jeg vil snakke med en veileder", "Kan jeg chatte med et menneske?", "I want to talk to a person"]
WEIGHTS = {"information": 0.5, "reflective": 0.2, "career_centre": 0.15, "handover": 0.15}


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Correct refusals, not errors: a counsellor who answers a chat the citizen erased a moment
    # before (a citizen of another script who was queued, e.g. by a crisis, and left) gets 404.
    ended_before_reply: int = 0
    messages: int = 0
    sessions: int = 0
    handovers: int = 0
    counsellors: int = 0
    counsellor_replies_seen: int = 0


class Citizen:
    def __init__(self, client: httpx.AsyncClient, stats: Stats, questions: list[str], rng: random.Random):
        self.client, self.stats, self.questions, self.rng = client, stats, questions, rng

    async def call(self, label: str, method: str, url: str, **kwargs) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            self.stats.errors[f"{label}: {type(error).__name__}"] += 1
            return None
        if not label.startswith("GET events (long-poll"):
            self.stats.latency[label].append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            code = ""
            try:
                code = response.json().get("code", "")
            except ValueError:
                pass
            self.stats.errors[f"{label}: {response.status_code} {code}".strip()] += 1
            return None
        return response

    async def run(self, script: str) -> None:
        created = await self.call("POST /api/sessions", "POST", "/api/sessions", json={"channel": "web"})
        if created is None:
            return
        self.stats.sessions += 1
        session = created.json()
        headers = {"Authorization": f"Bearer {session['token']}"}
        base = f"/api/sessions/{session['session_id']}"
        try:
            if script == "information":
                turns = self.rng.sample(self.questions, 3)
            elif script == "reflective":
                turns = self.rng.choice(REFLECTIVE)
            elif script == "career_centre":
                turns = [self.rng.choice(CENTRES), "Takk!"]
            else:
                turns = [self.rng.choice(HUMAN)]
            reply = None
            for text in turns:
                reply = await self.call("POST messages", "POST", f"{base}/messages", json={"text": text}, headers=headers)
                if reply is None:
                    return
                self.stats.messages += 1
                await self.call("GET events (immediate)", "GET", f"{base}/events", params={"after": 0}, headers=headers)
            if script == "handover" and reply is not None and reply.json().get("mode") == "queued":
                self.stats.handovers += 1
                if await self.wait_for_counsellor(base, headers):
                    answered = await self.call("POST messages", "POST", f"{base}/messages",
                                               json={"text": "Takk, det hjelper!"}, headers=headers)
                    if answered is not None:
                        self.stats.messages += 1
                await self.call("POST close", "POST", f"{base}/close", headers=headers)
        finally:
            await self.call("DELETE session", "DELETE", base, headers=headers)

    async def wait_for_counsellor(self, base: str, headers: dict) -> bool:
        after, deadline = 0, time.monotonic() + 30
        while time.monotonic() < deadline:
            response = await self.call("GET events (long-poll)", "GET", f"{base}/events",
                                       params={"after": after, "wait": 10}, headers=headers, timeout=20)
            if response is None:
                return False
            for event in response.json()["events"]:
                after = max(after, event["seq"])
                if event["from"] == "counsellor":
                    self.stats.counsellor_replies_seen += 1
                    return True
        self.stats.errors["handover: no counsellor reply within 30 s"] += 1
        return False


async def counsellor(client: httpx.AsyncClient, stats: Stats, username: str, password: str, stop: asyncio.Event) -> None:
    """One counsellor on duty: heartbeat, take the next chat, greet, close it a little later."""
    login = await client.post("/api/auth/login", json={"username": username, "password": password})
    if login.status_code != 200:
        stats.errors[f"counsellor login: {login.status_code}"] += 1
        return
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    beat = 0.0
    closing: list[tuple[float, str]] = []
    while not stop.is_set():
        now = time.monotonic()
        if now - beat > 10:
            await client.post("/api/counsellors/me/heartbeat", headers=headers)
            beat = now
        started = time.perf_counter()
        claimed = await client.post("/api/handovers/next", headers=headers)
        stats.latency["counsellor POST next"].append((time.perf_counter() - started) * 1000)
        if claimed.status_code == 200 and claimed.json().get("id"):
            handover_id = claimed.json()["id"]
            started = time.perf_counter()
            sent = await client.post(f"/api/handovers/{handover_id}/messages", headers=headers,
                                     json={"text": "Hei! Jeg er karriereveileder. Hva tenker du på?"})
            stats.latency["counsellor POST reply"].append((time.perf_counter() - started) * 1000)
            if sent.status_code == 404 and sent.json().get("code") in ("handover_not_found", "session_not_found"):
                stats.ended_before_reply += 1
            elif sent.status_code >= 400:
                stats.errors[f"counsellor POST reply: {sent.status_code}"] += 1
            closing.append((time.monotonic() + 3, handover_id))
        for due, handover_id in [c for c in closing if c[0] <= time.monotonic()]:
            closing.remove((due, handover_id))
            await client.post(f"/api/handovers/{handover_id}/close", headers=headers, json={"outcome": "information"})
        await asyncio.sleep(1.0)  # a console polls about once a second
    await client.post("/api/counsellors/me/off-duty", headers=headers)


# ---------- processes: CPU time and peak memory from /proc ----------
def listening_pids(ports: dict[str, int]) -> dict[str, int]:
    """name → pid of the process listening on each TCP port (root sees every process's sockets)."""
    inodes: dict[str, str] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            port = int(parts[1].rsplit(":", 1)[1], 16)
            if parts[3] == "0A":  # LISTEN
                for name, wanted in ports.items():
                    if port == wanted:
                        inodes[parts[9]] = name
    holders: dict[str, set[int]] = defaultdict(set)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                match = re.fullmatch(r"socket:\[(\d+)\]", target)
                if match and match.group(1) in inodes:
                    holders[inodes[match.group(1)]].add(int(pid))
        except OSError:
            continue
    # Rasa's Sanic workers inherit the listening socket: take the holder whose parent does not hold
    # it, so that family() counts the workers too whatever their pids (they may be lower after the
    # pids wrap around, and then the first pid found would be a worker alone).
    return {name: min(pids, key=lambda pid: (parent_pid(pid) in pids, pid)) for name, pids in holders.items()}


def parent_pid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def family(pid: int) -> list[int]:
    """The process and its descendants (Rasa's Sanic workers are children of the listener)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in filter(str.isdigit, os.listdir("/proc")):
        children[parent_pid(int(entry))].append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for member in family(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def peak_rss_mb(pid: int) -> str:
    """Peak resident memory (VmHWM) of the process, with its children's when it has any."""
    values = []
    for member in family(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    values.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return " + ".join(f"{v:.0f}" for v in values) if values else "?"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def team(logins: list[tuple[str, str]], concurrent: int, per_counsellor: int) -> list[tuple[str, str]]:
    """The counsellors on duty for a level: one per ``per_counsellor`` concurrent conversations."""
    return logins[:max(1, min(len(logins), -(-concurrent // max(1, per_counsellor))))] if logins else []


async def run_level(url: str, concurrent: int, seconds: float, max_sessions: int, questions: list[str],
                    counsellor_logins: list[tuple[str, str]], seed: int) -> tuple[Stats, float]:
    stats = Stats(counsellors=len(counsellor_logins))
    limits = httpx.Limits(max_connections=concurrent + 8, max_keepalive_connections=concurrent + 8)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        stop = asyncio.Event()
        staff = [asyncio.create_task(counsellor(client, stats, *login, stop)) for login in counsellor_logins]
        if staff:
            await asyncio.sleep(0.5)  # on duty before the first request for a person
        deadline = time.monotonic() + seconds
        names, weights = zip(*WEIGHTS.items()) if staff else zip(*[(k, v) for k, v in WEIGHTS.items()
                                                                   if k != "handover"])

        async def citizen_loop(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            citizen = Citizen(client, stats, questions, rng)
            while time.monotonic() < deadline and stats.sessions < max_sessions:
                await citizen.run(rng.choices(names, weights)[0])

        started = time.monotonic()
        await asyncio.gather(*(citizen_loop(n) for n in range(concurrent)))
        elapsed = time.monotonic() - started
        stop.set()
        await asyncio.gather(*staff)
    return stats, elapsed


class Level(NamedTuple):
    level: int  # concurrent conversations
    stats: "Stats"
    elapsed: float
    per_message: dict[str, float]  # CPU ms per message per process
    reference: float  # reference_ms() before the level


def reference_ms() -> float:
    """CPU ms of a fixed pure-Python loop in this process, best of three, taken while the stack is
    idle before a level. This machine's speed drifts by a quarter or more within minutes (other
    tenants of the host), and every process's CPU per message drifts with it: this column tells a
    slower machine from slower code when two runs are compared."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, (time.process_time() - started) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--levels", default="1,2,4,8,16", help="concurrent conversations, comma-separated")
    parser.add_argument("--seconds", type=float, default=15.0, help="per level")
    parser.add_argument("--max-sessions", type=int, default=2000, help="per level")
    parser.add_argument("--counsellors", default="demo-counsellor:demo,kari:demo,ingrid:demo,jonas:demo",
                        help="user:password,... of counsellors who speak nb and en; '' for no handovers")
    parser.add_argument("--per-counsellor", type=int, default=4,
                        help="one counsellor on duty per this many concurrent conversations")
    parser.add_argument("--stack", choices=["run", "scale"], default="run",
                        help="which processes to count: `make run`'s or `make scale`'s (the ports above)")
    parser.add_argument("--ports", help="name=port,... of the stack's processes, for CPU and memory "
                                        "(instead of --stack's)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured rounds of two conversations first")
    args = parser.parse_args()

    health = httpx.get(f"{args.url}/health", timeout=10)
    if health.status_code != 200:
        raise SystemExit(f"the stack at {args.url} is not healthy: {health.text}")
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                 if line.strip() and "question" in line]
    if args.ports:
        ports = {k: int(v) for k, v in (p.split("=") for p in args.ports.split(","))}
    else:
        ports = SCALE_PORTS if args.stack == "scale" else PORTS
    pids = listening_pids(ports)
    missing = sorted(set(ports) - set(pids))
    if missing:
        print(f"(no process found listening for: {', '.join(missing)}; their CPU is not counted)")
    logins = [tuple(entry.split(":", 1)) for entry in args.counsellors.split(",") if entry]

    # Warm up (not measured): the first messages load models and fill caches in every process.
    for _ in range(max(0, args.warmup)):
        asyncio.run(run_level(args.url, 2, 0.1, 2, questions, [], args.seed + 1))

    rows = []
    for level in [int(x) for x in args.levels.split(",")]:
        reference = reference_ms()
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        stats, elapsed = asyncio.run(run_level(args.url, level, args.seconds, args.max_sessions, questions,
                                               team(logins, level, args.per_counsellor), args.seed))
        after = {name: cpu_seconds(pid) for name, pid in pids.items()}
        per_message = {name: (after[name] - before[name]) * 1000 / max(1, stats.messages) for name in pids}
        rows.append(Level(level, stats, elapsed, per_message, reference))
        message_ms = stats.latency["POST messages"]
        print(f"level {level:>3}: {stats.messages / elapsed:6.1f} msg/s  p95 {percentile(message_ms, 95):6.0f} ms  "
              f"errors {sum(stats.errors.values())}", flush=True)

    print("\nthroughput and message latency (POST /api/sessions/{id}/messages)")
    print(f"{'concurrent':>10} {'msg/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7} {'sessions':>8} "
          f"{'handovers':>9} {'staff':>5} {'ref ms':>6}  CPU ms per message ({' / '.join(pids)})")
    for level, stats, elapsed, per_message, reference in rows:
        ms = stats.latency["POST messages"]
        total = sum(per_message.values())
        parts = " / ".join(f"{per_message[name]:.1f}" for name in pids)
        print(f"{level:>10} {stats.messages / elapsed:7.1f} {percentile(ms, 50):7.0f} {percentile(ms, 95):7.0f} "
              f"{percentile(ms, 99):7.0f} {sum(stats.errors.values()):7d} {stats.sessions:8d} {stats.handovers:9d} {stats.counsellors:5d} "
              f"{reference:6.0f}  "
              f"{total:.0f} ({parts})")

    print("\nlatency per endpoint, ms (p50 / p95 / p99, n)")
    endpoints = sorted({label for row in rows for label in row.stats.latency})
    print(f"{'concurrent':>10}  " + "  ".join(f"{e[:26]:>26}" for e in endpoints))
    for level, stats, *_ in rows:
        cells = []
        for e in endpoints:
            v = stats.latency.get(e, [])
            cells.append(f"{percentile(v, 50):5.0f}/{percentile(v, 95):5.0f}/{percentile(v, 99):5.0f} n{len(v):<5}"
                         if v else f"{'-':>26}")
        print(f"{level:>10}  " + "  ".join(f"{c:>26}" for c in cells))

    errors = {(row.level, k): v for row in rows for k, v in row.stats.errors.items()}
    if errors:
        print("\nerrors")
        for (level, kind), count in sorted(errors.items()):
            print(f"  level {level}: {count} × {kind}")
        if any("429" in kind for _, kind in errors):
            print("  (429: start the stack with higher limits, see the top of bench/load.py)")
    ended = {row.level: row.stats.ended_before_reply for row in rows if row.stats.ended_before_reply}
    if ended:
        print("\nnot errors: the counsellor answered a chat its citizen had just erased (404, as it should be): "
              + ", ".join(f"level {level}: {count}" for level, count in ended.items()))

    print("\npeak memory (VmHWM), MB: " + ", ".join(f"{name} {peak_rss_mb(pid)}" for name, pid in pids.items()))
    knee = rows[0]
    for previous, current in zip(rows, rows[1:]):
        gain = current.stats.messages / current.elapsed / max(1e-9, previous.stats.messages / previous.elapsed)
        if gain < 1.10:
            break
        knee = current
    level, stats, elapsed = knee.level, knee.stats, knee.elapsed
    print(f"knee: {level} concurrent ({stats.messages / elapsed:.1f} msg/s, p95 "
          f"{percentile(stats.latency['POST messages'], 95):.0f} ms): more conversations add less than 10 % throughput")


if __name__ == "__main__":
    main()
