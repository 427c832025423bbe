"""Handover latency with many concurrent citizens, against a RUNNING Veivalg (`make run`).

    .venv/bin/python -m bench.handover [--url http://127.0.0.1:8000] [--sessions 50]

The chat must be open (HANDOVER_OPENING_HOURS allows handovers now, e.g. `always`). The bench
logs in the dev roster (password "demo") and keeps it on duty with heartbeats, and as demo-admin
raises each counsellor's max_parallel for the run (restored afterwards) so every session can be
claimed at once.

(1) Citizen's handover request -> entry visible in GET /api/handovers?status=waiting, polled
    back to back by a few consoles (like the console's 2 s poll, only tighter):
      - end to end: from sending "Kan jeg snakke med en veileder?" (gateway + Rasa + actions);
      - gateway only: from the handover's `waiting_since` (stamped by the gateway after Rasa
        answered) to the first poll response that lists it. Same host, same clock.
(2) Counsellor's reply POST -> the citizen's long-poll
    GET /api/sessions/{id}/events?after=N&wait=20 returning it, all sessions at once.

Prints tables; never asserts on time. Cleans up: every citizen closes its chat (that closes the
handover without adding to the handling times used for wait estimates) and erases the session.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import datetime

import httpx

ROSTER = ["demo-counsellor", "kari", "per", "ingrid", "jonas", "olena", "piotr", "amina"]
ASK = "Kan jeg snakke med en veileder?"
PROFILE_FIELDS = ("name", "languages", "counties", "expertise", "max_parallel")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def row(name: str, values_s: list[float], aim_ms: float | None = None) -> str:
    ms = [v * 1000 for v in values_s]
    if not ms:
        return f"{name:<52} {0:>4}      -       -       -       -"
    p95 = pct(ms, 95)
    verdict = "" if aim_ms is None else (f"  p95 < {aim_ms:.0f}: {'yes' if p95 < aim_ms else 'NO'}")
    return (f"{name:<52} {len(ms):>4} {pct(ms, 50):>7.1f} {p95:>7.1f} {max(ms):>7.1f} "
            f"{statistics.fmean(ms):>7.1f}{verdict}")


HEADER = f"{'measure':<52} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'mean ms':>7}"


class Bench:
    def __init__(self, url: str, sessions: int, pollers: int, spread: float = 0.0) -> None:
        self.url = url.rstrip("/")
        self.spread = spread
        self.n = sessions
        self.pollers = pollers
        self.http = httpx.AsyncClient(base_url=self.url, timeout=60,
                                      limits=httpx.Limits(max_connections=4 * sessions + 50,
                                                          max_keepalive_connections=4 * sessions + 50))
        self.staff: dict[str, dict] = {}       # username -> auth header
        self.profiles: dict[str, dict] = {}    # username -> profile before the run
        self.was_on_duty: set[str] = set()
        self.citizens: list[dict] = []         # {session_id, auth, t_send, t_reply, reply, handover}
        self.first_seen: dict[str, tuple[float, float]] = {}  # session_id -> (perf, wall)
        self.polls: list[float] = []
        self.stop_polling = asyncio.Event()
        self.stop_heartbeats = asyncio.Event()

    # ---------- setup ----------
    async def login(self, username: str) -> dict:
        response = await self.http.post("/api/auth/login", json={"username": username, "password": "demo"})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['token']}"}

    async def setup(self) -> None:
        health = await self.http.get("/health")
        if health.status_code != 200:
            sys.exit(f"{self.url}/health answered {health.status_code}: {health.text}")
        admin = await self.login("demo-admin")
        probe = await self.login(ROSTER[0])
        self.was_on_duty = {c["username"] for c in (await self.http.get("/api/counsellors/on-duty", headers=probe)).json()}
        self.staff = dict(zip(ROSTER, await asyncio.gather(*(self.login(u) for u in ROSTER))))
        per_head = -(-self.n // len(ROSTER)) + 1
        for username, auth in self.staff.items():
            profile = (await self.http.get("/api/counsellors/me", headers=auth)).json()
            self.profiles[username] = {k: profile[k] for k in PROFILE_FIELDS}
            if profile["max_parallel"] < per_head:
                body = {**self.profiles[username], "max_parallel": min(10, per_head)}
                (await self.http.put(f"/api/counsellors/{username}", json=body, headers=admin)).raise_for_status()
        self.admin = admin
        if per_head > 10:
            print(f"note: {self.n} sessions need {per_head} chats per counsellor; capped at 10", file=sys.stderr)

    async def heartbeats(self) -> None:
        while not self.stop_heartbeats.is_set():
            await asyncio.gather(*(self.http.post("/api/counsellors/me/heartbeat", headers=a) for a in self.staff.values()),
                                 return_exceptions=True)
            try:
                await asyncio.wait_for(self.stop_heartbeats.wait(), 10)
            except asyncio.TimeoutError:
                pass

    # ---------- (1) request -> visible ----------
    async def poll_queue(self, auth: dict, offset: float) -> None:
        await asyncio.sleep(offset)
        wanted = {c["session_id"] for c in self.citizens}
        while not self.stop_polling.is_set():
            started = time.perf_counter()
            response = await self.http.get("/api/handovers", params={"status": "waiting"}, headers=auth)
            seen_perf, seen_wall = time.perf_counter(), time.time()
            self.polls.append(seen_perf - started)
            if response.status_code == 200:
                for item in response.json():
                    sid = item["session_id"]
                    if sid in wanted and sid not in self.first_seen:
                        self.first_seen[sid] = (seen_perf, seen_wall)
                        for citizen in self.citizens:
                            if citizen["session_id"] == sid:
                                citizen["handover"] = item
            if len(self.first_seen) == len(wanted):
                self.stop_polling.set()

    async def ask(self, citizen: dict, delay: float) -> None:
        await asyncio.sleep(delay)
        citizen["t_send"] = time.perf_counter()
        response = await self.http.post(f"/api/sessions/{citizen['session_id']}/messages", json={"text": ASK},
                                        headers=citizen["auth"])
        citizen["t_reply"], citizen["t_reply_wall"] = time.perf_counter(), time.time()
        citizen["reply"] = response.json() if response.status_code == 200 else {"mode": f"HTTP {response.status_code}"}

    async def phase_queue(self) -> None:
        created = await asyncio.gather(*(self.http.post("/api/sessions", json={"channel": "web"}) for _ in range(self.n)))
        for response in created:
            response.raise_for_status()
            data = response.json()
            self.citizens.append({"session_id": data["session_id"],
                                  "auth": {"Authorization": f"Bearer {data['token']}"}})
        pollers = list(self.staff.values())[: self.pollers]
        polling = [asyncio.create_task(self.poll_queue(a, i * 0.01)) for i, a in enumerate(pollers)]
        await asyncio.sleep(0.2)
        await asyncio.gather(*(self.ask(c, i * self.spread / self.n) for i, c in enumerate(self.citizens)))
        queued = [c for c in self.citizens if c["reply"].get("mode") == "queued"]
        if not queued:
            self.stop_polling.set()
            await asyncio.gather(*polling)
            modes = sorted({c['reply'].get('mode') for c in self.citizens})
            kinds = sorted({m.get("kind") for c in self.citizens for m in c["reply"].get("messages", [])})
            raise RuntimeError(f"no session was queued (modes {modes}, messages {kinds}): is the chat open "
                               "(HANDOVER_OPENING_HOURS) and is a counsellor on duty?")
        try:
            await asyncio.wait_for(self.stop_polling.wait(), 30)
        except asyncio.TimeoutError:
            print(f"warning: only {len(self.first_seen)} of {len(queued)} queued sessions became visible in 30 s",
                  file=sys.stderr)
        self.stop_polling.set()
        await asyncio.gather(*polling)

    # ---------- (2) reply -> citizen's long-poll ----------
    async def claim_all(self) -> None:
        names = list(self.staff)
        for index, citizen in enumerate(c for c in self.citizens if c.get("handover")):
            handover_id = citizen["handover"]["id"]
            for attempt in range(len(names)):
                username = names[(index + attempt) % len(names)]
                response = await self.http.post(f"/api/handovers/{handover_id}/claim", headers=self.staff[username])
                if response.status_code == 200:
                    citizen["holder"] = username
                    break

    async def reply_roundtrip(self, citizen: dict) -> None:
        await asyncio.sleep(random.uniform(0, 1.0))  # counsellors do not all type at once
        sid, auth = citizen["session_id"], citizen["auth"]
        events = (await self.http.get(f"/api/sessions/{sid}/events", headers=auth)).json()["events"]
        after = events[-1]["seq"] if events else 0
        marker = f"bench-reply-{sid[:8]}"
        found = asyncio.Event()

        async def listen() -> None:
            nonlocal after
            while not found.is_set():
                response = await self.http.get(f"/api/sessions/{sid}/events", params={"after": after, "wait": 20},
                                               headers=auth, timeout=30)
                arrived = time.perf_counter()
                for event in response.json()["events"]:
                    after = max(after, event["seq"])
                    if event["from"] == "counsellor" and marker in event["text"]:
                        citizen["t_delivered"] = arrived
                        found.set()

        listener = asyncio.create_task(listen())
        await asyncio.sleep(0.3)  # the long-poll is waiting (subscribed) before the reply is sent
        citizen["t_post"] = time.perf_counter()
        response = await self.http.post(f"/api/handovers/{citizen['handover']['id']}/messages",
                                        json={"text": f"Hei! ({marker})"}, headers=self.staff[citizen["holder"]])
        citizen["t_posted"] = time.perf_counter()
        if response.status_code != 200:
            listener.cancel()
            citizen["reply_error"] = f"HTTP {response.status_code}: {response.text[:200]}"
            return
        try:
            await asyncio.wait_for(listener, 25)
        except asyncio.TimeoutError:
            citizen["reply_error"] = "the reply did not reach the citizen within 25 s"

    # ---------- cleanup ----------
    async def cleanup(self) -> None:
        self.stop_heartbeats.set()

        async def forget(citizen: dict) -> None:
            sid, auth = citizen["session_id"], citizen["auth"]
            await self.http.post(f"/api/sessions/{sid}/close", headers=auth)  # closes the handover too
            await self.http.delete(f"/api/sessions/{sid}", headers=auth)

        await asyncio.gather(*(forget(c) for c in self.citizens), return_exceptions=True)
        for username, profile in self.profiles.items():
            await self.http.put(f"/api/counsellors/{username}", json=profile, headers=self.admin)
        for username, auth in self.staff.items():
            if username not in self.was_on_duty:
                await self.http.post("/api/auth/logout", headers=auth)  # off duty again

    # ---------- report ----------
    def report(self) -> None:
        queued = [c for c in self.citizens if c.get("reply", {}).get("mode") == "queued"]
        seen = [c for c in queued if c["session_id"] in self.first_seen]
        end_to_end = [self.first_seen[c["session_id"]][0] - c["t_send"] for c in seen]
        gateway = [self.first_seen[c["session_id"]][1] - datetime.fromisoformat(c["handover"]["waiting_since"]).timestamp()
                   for c in seen]
        after_response = [max(0.0, self.first_seen[c["session_id"]][0] - c["t_reply"]) for c in seen]
        created_to_answered = [c["t_reply_wall"] - datetime.fromisoformat(c["handover"]["waiting_since"]).timestamp()
                               for c in seen]
        post_rtt = [c["t_reply"] - c["t_send"] for c in queued]
        delivered = [c for c in seen if "t_delivered" in c]
        reply_latency = [c["t_delivered"] - c["t_post"] for c in delivered]
        reply_rtt = [c["t_posted"] - c["t_post"] for c in delivered]
        spread = f", handover requests spread over {self.spread:g} s" if self.spread else ", all handover requests at once"
        print(f"\nHandover benchmark: {self.n} concurrent citizen sessions against {self.url}{spread}")
        print(f"{len(queued)} queued, {len(seen)} seen in the waiting list by {self.pollers} polling consoles "
              f"(one poll: p50 {pct(self.polls, 50) * 1000:.1f} ms, p95 {pct(self.polls, 95) * 1000:.1f} ms, "
              f"{len(self.polls)} polls), {len(delivered)} replies delivered\n")
        print(HEADER)
        print("-" * len(HEADER))
        print(row("(1) request sent -> visible in waiting list", end_to_end, 300))
        print(row("(1) gateway only: handover created -> visible", gateway, 300))
        print(row("    citizen's POST /messages round trip (Rasa incl.)", post_rtt))
        print(row("    POST answered -> visible (0 if seen before)", after_response))
        print(row("    handover created -> citizen's POST answered", created_to_answered))
        print(row("(2) reply POST -> citizen's long-poll returns it", reply_latency, 300))
        print(row("    counsellor's reply POST round trip", reply_rtt))
        problems = [c for c in self.citizens if c.get("reply_error")] + [c for c in queued if c not in seen]
        not_queued = [c for c in self.citizens if c.get("reply", {}).get("mode") != "queued"]
        if not_queued:
            print(f"\n{len(not_queued)} sessions were not queued: "
                  f"{sorted({str(c.get('reply', {}).get('mode')) for c in not_queued})}")
        for citizen in problems[:5]:
            print(f"problem in {citizen['session_id'][:8]}: {citizen.get('reply_error', 'never visible in the queue')}")


async def main(url: str, sessions: int, pollers: int, spread: float) -> None:
    bench = Bench(url, sessions, pollers, spread)
    await bench.setup()
    beating = asyncio.create_task(bench.heartbeats())
    try:
        await bench.phase_queue()
        await bench.claim_all()
        await asyncio.gather(*(bench.reply_roundtrip(c) for c in bench.citizens if c.get("holder")))
        bench.report()
    finally:
        bench.stop_heartbeats.set()
        await beating
        await bench.cleanup()
        await bench.http.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--pollers", type=int, default=4, help="consoles polling the waiting list back to back")
    parser.add_argument("--spread", type=float, default=0.0,
                        help="send the handover requests evenly over this many seconds (default 0: all at once)")
    args = parser.parse_args()
    try:
        asyncio.run(main(args.url, args.sessions, args.pollers, args.spread))
    except RuntimeError as error:
        sys.exit(f"bench.handover: {error}")
