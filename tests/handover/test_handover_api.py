"""The counsellor's side against a real redis-server: leases, routing, capacity, transfer,
hand back to the bot, queue positions, callbacks, back room, staff administration, content gaps."""

import asyncio
import time

import pytest
from redis.asyncio import Redis

from core import keys
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import citizen, make_client, staff_login

pytestmark = pytest.mark.integration


# Not words that ask for a person: with Rasa down the gateway would queue those itself while a
# counsellor is on duty in opening hours, and the test's own handover (county, priority) would not be made.
FIRST_MESSAGE = "Jeg trenger hjelp til å velge utdanning"


def queue(redis_server, client, language="nb", county=None, priority="normal", text=FIRST_MESSAGE):
    """A session that asked for a human (as the gateway does after Rasa's handover request)."""
    session_id, auth = citizen(client, language=language)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)  # Rasa is down: stored

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language=language,
                county=county, priority=priority, first_message=text))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


def events(client, session_id, auth, after=0):
    return client.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json()["events"]


@pytest.fixture
def app(redis_server, redis_client):
    from tests.conftest import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True, lease_s=1) as client:
        yield client


def test_a_lapsed_claim_returns_to_the_front_of_the_queue_and_the_citizen_is_told(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    first, first_auth, first_handover = queue(redis_server, app)
    second, _, second_handover = queue(redis_server, app)
    assert app.post(f"/api/handovers/{first_handover['id']}/claim", headers=kari).status_code == 200
    waiting = app.get("/api/handovers?status=waiting", headers=kari).json()
    assert [h["id"] for h in waiting] == [second_handover["id"]]
    time.sleep(2.0)  # lease 1 s, sweep every 0.2 s, no heartbeat
    waiting = app.get("/api/handovers?status=waiting", headers=kari).json()
    assert [h["id"] for h in waiting] == [first_handover["id"], second_handover["id"]]
    texts = [e["text"] for e in events(app, first, first_auth)]
    assert any("mistet forbindelsen" in t for t in texts)
    assert app.get(f"/api/handovers/{first_handover['id']}", headers=kari).json()["session_mode"] == "queued"


def test_the_console_heartbeat_keeps_the_claim(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    _, _, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    for _ in range(5):
        time.sleep(0.4)
        assert app.post("/api/counsellors/me/heartbeat", headers=kari).json()["renewed"] == [handover["id"]]
    assert app.get(f"/api/handovers/{handover['id']}", headers=kari).json()["status"] == "active"


def test_language_routing(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    olena = staff_login(app, "olena", "demo")
    _, _, handover = queue(redis_server, app, language="uk")
    listed = app.get("/api/handovers?status=waiting", headers=kari).json()[0]
    assert listed["eligible"] is False and "uk" in listed["notes"][0]
    refused = app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    assert refused.status_code == 409 and "speaks uk" in refused.json()["detail"]
    app.post("/api/auth/logout", headers=olena)  # nobody speaking Ukrainian is on duty any more
    listed = app.get("/api/handovers?status=waiting", headers=kari).json()[0]
    assert listed["eligible"] is True and listed["notes"] == ["no counsellor on duty speaks uk"]
    assert app.post(f"/api/handovers/{handover['id']}/claim", headers=kari).status_code == 200


def test_next_takes_crisis_first_and_respects_capacity(app, redis_server):
    counsellor = staff_login(app, "demo-counsellor", "demo")
    normal = [queue(redis_server, app)[2] for _ in range(3)]
    crisis = queue(redis_server, app, priority="crisis", text="Jeg orker ikke mer")[2]
    taken = [app.post("/api/handovers/next", headers=counsellor).json()["id"] for _ in range(3)]
    assert taken == [crisis["id"], normal[0]["id"], normal[1]["id"]]
    full = app.post("/api/handovers/next", headers=counsellor)
    assert full.status_code == 409 and "3 chats" in full.json()["detail"]
    assert app.post(f"/api/handovers/{normal[2]['id']}/claim", headers=counsellor).status_code == 409


def test_transfer_notes_and_hand_back_to_the_bot(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    ingrid = staff_login(app, "ingrid", "demo")
    session_id, auth, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    note = app.post(f"/api/handovers/{handover['id']}/notes", headers=kari, json={"text": "Trenger hjelp med fagbrev"})
    assert note.status_code == 200
    moved = app.post(f"/api/handovers/{handover['id']}/transfer", headers=kari,
                     json={"to_counsellor": "ingrid", "note": "Hun kjenner lærlingordningen"})
    assert moved.status_code == 200
    assert app.post(f"/api/handovers/{handover['id']}/messages", headers=kari, json={"text": "hei"}).status_code == 409
    assert app.post(f"/api/handovers/{handover['id']}/messages", headers=ingrid, json={"text": "Hei!"}).status_code == 200
    seen_by_citizen = events(app, session_id, auth)
    assert not any(e["kind"] == "internal_note" for e in seen_by_citizen)
    assert any("satt over" in e["text"] for e in seen_by_citizen)
    staff_view = app.get(f"/api/handovers/{handover['id']}", headers=ingrid).json()["events"]
    assert [e["text"] for e in staff_view if e["kind"] == "internal_note"][0] == "Trenger hjelp med fagbrev"

    bad = app.post(f"/api/handovers/{handover['id']}/transfer", headers=ingrid, json={"note": "x"})
    assert bad.status_code == 422 and "to_counsellor or to_language" in bad.json()["detail"]
    back = app.post(f"/api/handovers/{handover['id']}/release", headers=ingrid, json={"text": "Bare faktaspørsmål"})
    assert back.status_code == 200
    assert any("digitale assistenten igjen" in e["text"] for e in events(app, session_id, auth))
    again = app.post(f"/api/sessions/{session_id}/messages", json={"text": "Hva er fagbrev?"}, headers=auth).json()
    assert again["mode"] == "bot"


def test_transfer_to_another_language_queue(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    session_id, auth, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    moved = app.post(f"/api/handovers/{handover['id']}/transfer", headers=kari,
                     json={"to_language": "en", "note": "Prefers English"})
    assert moved.status_code == 200
    waiting = app.get("/api/handovers?status=waiting", headers=kari).json()
    assert [(h["id"], h["language"]) for h in waiting] == [(handover["id"], "en")]
    reply = app.post(f"/api/sessions/{session_id}/messages", json={"text": "hello?"}, headers=auth).json()
    assert reply["mode"] == "queued" and reply["queue"]["position"] == 1


def test_waiting_citizens_hear_when_their_place_changes(app, redis_server):
    counsellor = staff_login(app, "demo-counsellor", "demo")
    queued = [queue(redis_server, app) for _ in range(3)]
    app.post(f"/api/handovers/{queued[0][2]['id']}/claim", headers=counsellor)
    for (session_id, auth, _), position in ((queued[1], 1), (queued[2], 2)):
        updates = [e for e in events(app, session_id, auth) if e["kind"] == "queue"]
        assert updates[-1]["queue"]["position"] == position
        assert f"nummer {position}" in updates[-1]["text"]


def test_callbacks_are_validated_and_shown_to_counsellors(app, redis_server, redis_client):
    session_id, auth = citizen(app)
    for body, words in (({"question": "Hjelp?"}, "e-mail address or a phone number"),
                        ({"question": "Hjelp?", "email": "ikke-en-adresse"}, "email: is not an e-mail address"),
                        ({"question": "Hjelp?", "phone": "12"}, "phone: is not a phone number"),
                        ({"question": " ", "phone": "91234567"}, "question: must not be empty")):
        response = app.post(f"/api/sessions/{session_id}/callback", json=body, headers=auth)
        assert response.status_code == 422 and words in response.json()["detail"], response.json()
    assert redis_client.zcard(keys.CALLBACKS) == 0
    created = app.post(f"/api/sessions/{session_id}/callback", headers=auth,
                       json={"question": "Kan noen ringe meg om fagbrev?", "phone": "912 34 567"})
    assert created.status_code == 201
    counsellor = staff_login(app, "demo-counsellor", "demo")
    open_requests = app.get("/api/callbacks", headers=counsellor).json()
    assert [(c["question"], c["phone"]) for c in open_requests] == [("Kan noen ringe meg om fagbrev?", "91234567")]
    assert app.post(f"/api/callbacks/{open_requests[0]['id']}/done", headers=counsellor,
                    json={"note": "Ringt"}).status_code == 200
    assert app.get("/api/callbacks", headers=counsellor).json() == []


def test_a_shared_exercise_summary_goes_with_the_callback_request_and_is_erased_with_it(app, redis_client):
    session_id, auth = citizen(app)
    redis_client.hset(keys.session(session_id), "exercise_summary", "Valget: bytte yrke. Viktigst: trygghet.")
    created = app.post(f"/api/sessions/{session_id}/callback", headers=auth,
                       json={"question": "Kan noen ringe meg?", "phone": "912 34 567"})
    assert created.status_code == 201
    counsellor = staff_login(app, "demo-counsellor", "demo")
    [request] = app.get("/api/callbacks", headers=counsellor).json()
    assert request["exercise_summary"] == "Valget: bytte yrke. Viktigst: trygghet."
    other_id, other_auth = citizen(app)
    app.post(f"/api/sessions/{other_id}/callback", headers=other_auth, json={"question": "Hei?", "phone": "91234568"})
    assert [c["exercise_summary"] for c in app.get("/api/callbacks", headers=counsellor).json()] == [
        "Valget: bytte yrke. Viktigst: trygghet.", ""]
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    assert [c["question"] for c in app.get("/api/callbacks", headers=counsellor).json()] == ["Hei?"]


def test_back_room_mentions(app):
    kari = staff_login(app, "kari", "demo")
    per = staff_login(app, "per", "demo")
    app.post("/api/backroom", headers=kari, json={"text": "@per kan du ta en nynorsk-samtale?"})
    app.post("/api/backroom", headers=kari, json={"text": "Takk alle!"})
    messages = app.get("/api/backroom", headers=per).json()["messages"]
    assert [(m["from"], m["mentions_me"]) for m in messages] == [("kari", True), ("kari", False)]
    assert app.get("/api/backroom?after=1", headers=per).json()["messages"][0]["text"] == "Takk alle!"


def test_admin_adds_and_disables_staff(app):
    admin = staff_login(app, "demo-admin", "demo")
    counsellor = staff_login(app, "demo-counsellor", "demo")
    body = {"username": "siri", "role": "counsellor", "password": "et-langt-passord-123"}
    assert app.post("/api/staff", headers=counsellor, json=body).status_code == 403
    assert app.post("/api/staff", headers=admin, json={**body, "password": "kort"}).status_code == 422
    assert app.post("/api/staff", headers=admin, json=body).status_code == 201
    assert app.post("/api/staff", headers=admin, json=body).status_code == 409
    siri = staff_login(app, "siri", "et-langt-passord-123")
    assert app.get("/api/handovers", headers=siri).status_code == 200
    assert app.post("/api/staff/siri/disable", headers=admin).status_code == 200
    assert app.get("/api/handovers", headers=siri).status_code == 401
    login = app.post("/api/auth/login", json={"username": "siri", "password": "et-langt-passord-123"})
    assert login.status_code == 401 and "disabled" in login.json()["detail"]
    assert app.post("/api/staff/nobody/disable", headers=admin).status_code == 404


def test_missing_content_reaches_the_editors(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    _, _, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
    closed = app.post(f"/api/handovers/{handover['id']}/close", headers=kari, json={
        "outcome": "referred_career_centre", "note": "", "missing_content": "Ingen artikkel om fagskole i Troms"})
    assert closed.status_code == 200
    assert app.get("/api/reports/content-gaps", headers=kari).status_code == 403
    editor = staff_login(app, "demo-editor", "demo")
    gaps = app.get("/api/reports/content-gaps", headers=editor).json()
    assert [g["note"] for g in gaps] == ["Ingen artikkel om fagskole i Troms"]
