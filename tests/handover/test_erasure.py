"""Erasure and retention against a real redis-server, read back through every endpoint and by
scanning every key in Redis: a session's text and contact data go (transcript, callbacks,
handover records, notes, summaries, unanswered questions, reviews); only aggregate counts stay."""

import asyncio
import time

import pytest
import redis
from redis.asyncio import Redis

from core import keys
from core.sessions import SessionStore
from core.transcripts import TranscriptStore
from handover.counsellors import CounsellorStore
from handover.flow import SessionFlow
from handover.queue import HandoverStore
from handover.retention_sweep import RetentionSweeper
from handover.waiting import WaitingRoom
from knowledge.unanswered import make_entry, record
from tests.conftest import citizen, free_port, make_client, staff_login
from tests.handover.test_need_to_know import app, queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration

NAME, EMAIL, PHONE, WORD = "Sigrid Fjellheim", "sigrid.fjellheim@example.no", "912 34 567", "Kvantefysikkstudiet"
TEXT = f"Hei, jeg heter {NAME}, ring {PHONE} eller skriv til {EMAIL}. {WORD} i Tromsø: hvordan søker jeg?"
QUESTION = f"{WORD}: kan noen ringe meg om opptak?"
NOTE = f"{NAME} vil ha hjelp med {WORD}"
TRACES = (NAME, EMAIL, PHONE, PHONE.replace(" ", ""), WORD, WORD.lower())
DAY_MS = 86400 * 1000


def every_value(client: redis.Redis) -> dict[str, str]:
    """Every key in Redis with its whole value as text (all types)."""
    readers = {"string": client.get, "hash": client.hgetall, "list": lambda key: client.lrange(key, 0, -1),
               "set": client.smembers, "zset": lambda key: client.zrange(key, 0, -1, withscores=True)}
    return {key: f"{key} {readers.get(client.type(key), str)(key)}" for key in client.scan_iter("*")}


def traces_in(client: redis.Redis) -> dict[str, list[str]]:
    return {key: [t for t in TRACES if t in value] for key, value in every_value(client).items()
            if any(t in value for t in TRACES)}


def full_session(app, redis_server, redis_client) -> tuple[str, dict, str]:
    """A session with every kind of data: messages, a callback, a handover claimed, notes and
    closed, a review by an evaluator and an unanswered question. Returns (session, auth, handover)."""
    session_id, auth, handover = queue(redis_server, app, text=TEXT)
    created = app.post(f"/api/sessions/{session_id}/callback", headers=auth,
                       json={"question": QUESTION, "email": EMAIL, "phone": PHONE})
    assert created.status_code == 201, created.text
    kari = staff_login(app, "kari", "demo")
    url = f"/api/handovers/{handover['id']}"
    assert app.post(f"{url}/claim", headers=kari).status_code == 200
    assert app.post(f"{url}/messages", headers=kari, json={"text": f"Hei {NAME.split()[0]}!"}).status_code == 200
    assert app.post(f"{url}/notes", headers=kari, json={"text": NOTE}).status_code == 200
    assert app.post(f"{url}/close", headers=kari, json={"outcome": "information", "note": NOTE,
                                                      "missing_content": f"Mangler om {WORD}"}).status_code == 200
    evaluator = staff_login(app, "demo-evaluator", "demo")
    review = app.post(f"/api/transcripts/{session_id}/review", headers=evaluator,
                      json={"triage_correct": True, "answer_quality": 4, "comment": f"God hjelp om {WORD}"})
    assert review.status_code == 201
    record(redis_client, make_entry(TEXT, "nb", 0.2, terms=[WORD.lower(), "søke"], session_id=session_id))
    return session_id, auth, handover["id"]


def test_erasure_leaves_no_trace_but_the_counts(app, redis_server, redis_client):
    # Another citizen's data, which must stay.
    other_id, other_auth = citizen(app)
    app.post(f"/api/sessions/{other_id}/callback", headers=other_auth,
             json={"question": "Hvordan blir jeg elektriker?", "phone": "98765432"})
    record(redis_client, make_entry("Hvordan blir jeg elektriker?", "nb", 0.2, session_id=other_id))

    session_id, auth, handover_id = full_session(app, redis_server, redis_client)
    kari, admin = staff_login(app, "kari", "demo"), staff_login(app, "demo-admin", "demo")
    evaluator, editor = staff_login(app, "demo-evaluator", "demo"), staff_login(app, "demo-editor", "demo")
    assert traces_in(redis_client)  # the check below can see them
    stats = app.get("/api/stats", headers=evaluator).json()
    assert app.get(f"/api/handovers/{handover_id}", headers=kari).status_code == 200  # logged

    erased = app.delete(f"/api/sessions/{session_id}", headers=auth)
    assert erased.status_code == 200 and erased.json()["erased"] is True

    # Read back through every endpoint.
    assert app.get(f"/api/sessions/{session_id}/events", headers=auth).status_code in (401, 404)
    assert app.get(f"/api/sessions/{session_id}/transcript", headers=auth).status_code in (401, 404)
    callbacks = app.get("/api/callbacks", headers=kari).json()
    assert [c["session_id"] for c in callbacks] == [other_id]
    for status in ("waiting", "active", "closed"):
        assert app.get(f"/api/handovers?status={status}", headers=kari).json() == []
    assert app.get(f"/api/handovers/{handover_id}", headers=kari).status_code == 404
    assert app.get("/api/transcripts?sample=10", headers=evaluator).json() == []
    assert app.post(f"/api/transcripts/{session_id}/review", headers=evaluator,
                    json={"triage_correct": False}).status_code == 404
    assert app.get("/api/reports/content-gaps", headers=editor).json() == []
    unanswered = app.get("/api/reports/unanswered", headers=editor).json()
    assert unanswered["total"] == 1 and "elektriker" in str(unanswered) and WORD.lower() not in str(unanswered).lower()
    assert app.get("/api/stats", headers=evaluator).json() == stats  # only the counts stay
    assert stats["conversations_closed"] == 1 and stats["handovers"]["closed"] == 1
    assert stats["handovers"]["by_outcome"] == {"information": 1}
    assert stats["handovers"]["by_need"] == {"human_request": 1} and stats["handovers"]["by_language"] == {"nb": 1}
    assert stats["reviews"] == {"count": 1, "triage_correct_rate": 1.0, "mean_answer_quality": 4.0}
    log = app.get(f"/api/audit?session_id={session_id}", headers=admin).json()
    assert [(e["username"], e["view"]) for e in log] == [("kari", "raw")]  # who read it stays, with no text

    # And nothing in Redis holds the citizen's words or contact data, nor the session's keys.
    assert traces_in(redis_client) == {}
    # (rate-limit counters name the session but hold only a number and expire within the hour)
    assert [k for k in redis_client.keys("*") if (session_id in k or handover_id in k)
            and not k.startswith(keys.RATE_LIMIT_PREFIX)] == []


def test_erasing_twice_or_an_unknown_session_is_harmless(app, redis_server, redis_client):
    session_id, auth, _ = queue(redis_server, app, text=TEXT)
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).json()["erased"] is True
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).status_code in (401, 404)
    assert traces_in(redis_client) == {}

    async def again():
        redis_async = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            await world(redis_async).flow.erase(session_id)
        finally:
            await redis_async.aclose()
    asyncio.run(again())


def test_a_handover_is_counted_once_when_it_closes(redis_server, redis_client):
    async def work():
        redis_async = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handovers = HandoverStore(redis_async)
            await redis_async.hset(keys.handover("h1"), mapping={"status": "active", "need": "reflective",
                                                                  "language": "nn"})
            await handovers.close("h1", "reflective", "", "kari")
            await handovers.close("h1", "reflective", "", "kari")  # again: not counted twice
            await handovers.close("missing", "other", "", "system")  # no record: not counted
            await handovers.erase("h1")
            return await handovers.closed_counts()
        finally:
            await redis_async.aclose()
    assert asyncio.run(work()) == {"closed": 1, "by_outcome": {"reflective": 1}, "by_need": {"reflective": 1},
                                   "by_language": {"nn": 1}}


def test_a_review_given_again_replaces_the_earlier_one_in_the_counts(app, redis_server):
    kari, evaluator = staff_login(app, "kari", "demo"), staff_login(app, "demo-evaluator", "demo")
    session_id, _, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    app.post(f"/api/handovers/{handover['id']}/close", headers=kari, json={"outcome": "reflective"})
    for review in ({"triage_correct": True, "answer_quality": 4}, {"triage_correct": False, "answer_quality": 2},
                   {"triage_correct": False}):
        assert app.post(f"/api/transcripts/{session_id}/review", headers=evaluator, json=review).status_code == 201
    assert app.get("/api/stats", headers=evaluator).json()["reviews"] == {
        "count": 1, "triage_correct_rate": 0.0, "mean_answer_quality": None}


# --- retention

class World:
    def __init__(self, redis_async: Redis) -> None:
        self.sessions = SessionStore(redis_async)
        self.transcripts = TranscriptStore(redis_async)
        self.handovers = HandoverStore(redis_async, 60, self.sessions)
        counsellors = CounsellorStore(redis_async, presence_ttl_s=60)
        waiting = WaitingRoom(self.handovers, counsellors, self.transcripts, self.sessions, 600)
        self.flow = SessionFlow(self.sessions, self.transcripts, self.handovers, waiting, counsellors,
                                retention_days=90)


def world(redis_async: Redis) -> World:
    return World(redis_async)


def test_one_sweep_erases_a_never_closed_session_idle_past_retention(app, redis_server, redis_client):
    session_id, auth, handover = queue(redis_server, app, text=TEXT)  # waiting, never closed
    app.post(f"/api/sessions/{session_id}/callback", headers=auth, json={"question": QUESTION, "email": EMAIL})
    record(redis_client, make_entry(TEXT, "nb", 0.2, terms=[WORD.lower()], session_id=session_id))
    recent_id, recent_auth = citizen(app)
    app.post(f"/api/sessions/{recent_id}/messages", json={"text": "Hva er fagbrev?"}, headers=recent_auth)
    now_ms = int(time.time() * 1000)
    redis_client.zadd(keys.SESSIONS_ACTIVITY, {session_id: now_ms - 91 * DAY_MS, recent_id: now_ms - 89 * DAY_MS})
    assert redis_client.ttl(keys.transcript(session_id)) == -1  # never closed: no TTL of its own

    async def sweep():
        redis_async = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            w = world(redis_async)
            return await RetentionSweeper(w.flow, w.sessions, retention_days=90, every_s=3600).sweep()
        finally:
            await redis_async.aclose()

    assert asyncio.run(sweep()) == [session_id]
    kari = staff_login(app, "kari", "demo")
    assert app.get("/api/handovers?status=waiting", headers=kari).json() == []
    assert app.get(f"/api/handovers/{handover['id']}", headers=kari).status_code == 404
    assert app.get("/api/callbacks", headers=kari).json() == []
    assert app.get(f"/api/sessions/{session_id}/events", headers=auth).status_code in (401, 404)
    assert app.get(f"/api/sessions/{recent_id}/events", headers=recent_auth).status_code == 200  # not yet due
    assert traces_in(redis_client) == {}
    assert asyncio.run(sweep()) == []  # nothing left to do


def test_the_app_runs_the_retention_sweep(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, retention_days=1, retention_sweep_s=0.2) as client:
        session_id, auth = citizen(client)
        client.post(f"/api/sessions/{session_id}/messages", json={"text": TEXT}, headers=auth)
        redis_client.zadd(keys.SESSIONS_ACTIVITY, {session_id: int(time.time() * 1000) - 2 * DAY_MS})
        deadline = time.monotonic() + 5
        while redis_client.exists(keys.transcript(session_id)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not redis_client.exists(keys.session(session_id), keys.transcript(session_id))
        assert client.get(f"/api/sessions/{session_id}/events", headers=auth).status_code in (401, 404)
