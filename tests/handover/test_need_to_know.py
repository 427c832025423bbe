"""Need-to-know against a real redis-server: who reads a conversation raw, who anonymised, who
may add internal notes. The rule (handover/api/handovers.py ``raw_access``):

    waiting   raw for a counsellor who may take it now; anonymised for the others
    active    raw for the holder only
    closed    raw for the counsellor who handled it, for raw_access_after_close_days; then,
              and for everyone else, anonymised; the closed list is always anonymised
    admins    anonymised unless they hold (or handled) it; evaluators and editors: 403
"""

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from redis.asyncio import Redis

from core import keys
from core.staff import Staff
from handover.api.handovers import raw_access
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import citizen, free_port, make_client, staff_login

pytestmark = pytest.mark.integration

SECRETS = ("Kari Nordmann", "01020312345", "912 34 567", "kari@example.no", "Storgata 12")
TEXT = ("Hei, jeg heter Kari Nordmann, fødselsnummer 01020312345, bor i Storgata 12, ring 912 34 567 "
        "eller skriv til kari@example.no. Jeg lurer på fagbrev.")
WINDOW = timedelta(days=7)
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def app(redis_server, redis_client):
    """The app with the dev roster (kari, ingrid, olena ...) and a lease that does not lapse mid-test."""
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True) as client:
        yield client


def queue(redis_server, client, text=TEXT, language="nb"):
    """A session that asked for a human (as the gateway does after Rasa's handover request)."""
    session_id, auth = citizen(client, language=language)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)  # Rasa is down: stored

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language=language,
                first_message=text))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


def leaks(data) -> list[str]:
    return [secret for secret in SECRETS if secret in str(data)]


# --- the rule itself

def handover(status, counsellor=None, closed_days_ago=None):
    record = {"id": "h", "session_id": "s", "status": status, "counsellor": counsellor}
    if closed_days_ago is not None:
        record["closed_at"] = (NOW - timedelta(days=closed_days_ago)).isoformat()
    return record


KARI, INGRID = Staff("kari", "counsellor"), Staff("ingrid", "counsellor")
ADMIN = Staff("demo-admin", "admin")


@pytest.mark.unit
@pytest.mark.parametrize("record, staff, eligible, raw", [
    (handover("waiting"), KARI, True, True),            # it waits for her: she needs it to decide
    (handover("waiting"), KARI, False, False),          # kept for a colleague
    (handover("waiting"), ADMIN, True, False),          # admins administer accounts
    (handover("active", "kari"), KARI, False, True),    # she holds it
    (handover("active", "kari"), INGRID, False, False),  # a colleague's chat
    (handover("active", "demo-admin"), ADMIN, False, True),  # an admin who took a chat holds it
    (handover("closed", "kari", 6.9), KARI, False, True),   # handled it, within the window
    (handover("closed", "kari", 7.1), KARI, False, False),  # after the window
    (handover("closed", "kari", 1), INGRID, False, False),  # never handled it
    (handover("closed", None, 1), KARI, False, False),      # closed while waiting: nobody handled it
    ({**handover("closed", "kari"), "closed_at": ""}, KARI, False, False),
])
def test_raw_access(record, staff, eligible, raw):
    assert raw_access(record, staff, eligible=eligible, at=NOW, raw_after_close=WINDOW) is raw


# --- through the API

def test_a_waiting_conversation_is_raw_only_for_counsellors_who_may_take_it(app, redis_server):
    kari, olena = staff_login(app, "kari", "demo"), staff_login(app, "olena", "demo")
    admin, evaluator = staff_login(app, "demo-admin", "demo"), staff_login(app, "demo-evaluator", "demo")
    _, _, handover = queue(redis_server, app, text="Я Олена Шевченко, телефон +47 912 34 567", language="uk")
    # Olena speaks Ukrainian and is on duty, so Kari may not take it: she sees it anonymised.
    for who, raw in ((olena, True), (kari, False), (admin, False)):
        listed = app.get("/api/handovers?status=waiting", headers=who).json()[0]
        detail = app.get(f"/api/handovers/{handover['id']}", headers=who).json()
        assert listed["view"] == detail["view"] == ("raw" if raw else "anonymised")
        texts = [listed["summary"], listed["triage"]["first_message"], detail["summary"],
                 *[e["text"] for e in detail["events"] if e["from"] == "citizen"]]
        assert all(("Олена Шевченко" in t and "912 34 567" in t) is raw for t in texts), texts
        if not raw:
            assert all("<navn>" in t and "<telefon>" in t for t in texts), texts
    assert app.get(f"/api/handovers/{handover['id']}", headers=evaluator).status_code == 403


def test_an_active_conversation_is_raw_only_for_its_holder_and_only_the_holder_adds_notes(app, redis_server):
    kari, ingrid = staff_login(app, "kari", "demo"), staff_login(app, "ingrid", "demo")
    admin = staff_login(app, "demo-admin", "demo")
    _, _, handover = queue(redis_server, app)
    url = f"/api/handovers/{handover['id']}"
    before_claim = app.post(f"{url}/notes", headers=kari, json={"text": "Notat før jeg har tatt den"})
    assert before_claim.status_code == 409 and before_claim.json()["code"] == "not_claimed"
    assert app.post(f"{url}/claim", headers=kari).status_code == 200

    mine = app.get(url, headers=kari).json()
    assert mine["view"] == "raw" and not set(SECRETS) - set(leaks(mine["events"]))
    for colleague in (ingrid, admin):
        theirs = app.get(url, headers=colleague).json()
        assert theirs["view"] == "anonymised" and theirs["status"] == "active" and theirs["counsellor"] == "kari"
        assert leaks(theirs) == []
        active = app.get("/api/handovers?status=active", headers=colleague).json()
        assert [(h["id"], h["view"]) for h in active] == [(handover["id"], "anonymised")] and leaks(active) == []
    assert app.get("/api/handovers?status=active", headers=kari).json()[0]["view"] == "raw"

    refused = app.post(f"{url}/notes", headers=ingrid, json={"text": "Jeg blander meg inn"})
    assert refused.status_code == 409 and refused.json()["code"] == "held_by_colleague"
    assert app.post(f"{url}/notes", headers=kari, json={"text": "Trenger hjelp med fagbrev"}).status_code == 200
    notes = [e["text"] for e in app.get(url, headers=kari).json()["events"] if e["kind"] == "internal_note"]
    assert notes == ["Trenger hjelp med fagbrev"]
    assert app.post("/api/handovers/nope/notes", headers=kari, json={"text": "x"}).status_code == 404


def test_after_close_only_the_handler_reads_raw_and_only_for_a_while(app, redis_server, redis_client):
    kari, ingrid = staff_login(app, "kari", "demo"), staff_login(app, "ingrid", "demo")
    _, _, handover = queue(redis_server, app)
    url = f"/api/handovers/{handover['id']}"
    app.post(f"{url}/claim", headers=kari)
    assert app.post(f"{url}/close", headers=kari, json={
        "outcome": "information", "note": "Ringte Kari Nordmann på 912 34 567"}).status_code == 200

    assert app.post(f"{url}/notes", headers=kari, json={"text": "Etterpå"}).json()["code"] == "handover_closed"
    assert app.post(f"{url}/notes", headers=ingrid, json={"text": "Etterpå"}).json()["code"] == "handover_closed"
    handled = app.get(url, headers=kari).json()
    assert handled["view"] == "raw" and "Kari Nordmann" in handled["note"] and leaks(handled["events"])
    other = app.get(url, headers=ingrid).json()
    assert other["view"] == "anonymised" and leaks(other) == [] and "<navn>" in other["note"]
    for who in (kari, ingrid):  # the closed list: always anonymised, the close note too
        closed = app.get("/api/handovers?status=closed", headers=who).json()
        assert [h["view"] for h in closed] == ["anonymised"] and leaks(closed) == []
        assert "<fødselsnummer>" in closed[0]["summary"] and closed[0]["outcome"] == "information"

    eight_days_ago = (datetime.now(timezone.utc) - timedelta(days=8)).isoformat()
    redis_client.hset(keys.handover(handover["id"]), "closed_at", eight_days_ago)
    later = app.get(url, headers=kari).json()
    assert later["view"] == "anonymised" and leaks(later) == []


def test_the_window_after_close_is_a_setting(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True, raw_access_after_close_days=0) as app:
        kari = staff_login(app, "kari", "demo")
        _, _, handover = queue(redis_server, app)
        app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
        app.post(f"/api/handovers/{handover['id']}/close", headers=kari, json={"outcome": "information"})
        assert app.get(f"/api/handovers/{handover['id']}", headers=kari).json()["view"] == "anonymised"
