"""The counsellor's typing signal and first name as the citizen sees them, against a real
redis-server: only the holder may signal (404/409 otherwise, nothing published), the signal is
published on the session's typing channel and kept 6 s for the long-poll, it is rate limited, and
counsellor replies reach the citizen with a first name and without the username."""

import json
import threading
import time

import pytest

from core import keys
from tests.conftest import free_port, make_client, staff_login
from tests.handover.test_presence import queue

pytestmark = pytest.mark.integration


@pytest.fixture
def app(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True, limit_counsellor_typing="3/minute") as client:
        yield client


def claimed(app, redis_server, counsellor="kari", password="demo"):
    headers = staff_login(app, counsellor, password)
    session_id, auth, handover = queue(redis_server, app)
    assert app.post(f"/api/handovers/{handover['id']}/claim", headers=headers).status_code == 200
    return headers, session_id, auth, handover["id"]


def test_typing_reaches_the_channel_and_the_long_poll(app, redis_server, redis_client):
    kari, session_id, auth, handover_id = claimed(app, redis_server)
    listener = redis_client.pubsub()
    listener.subscribe(keys.session_typing_channel(session_id))
    assert listener.get_message(timeout=2)["type"] == "subscribe"

    before = app.get(f"/api/sessions/{session_id}/events", headers=auth).json()
    assert "typing" not in before

    response = app.post(f"/api/handovers/{handover_id}/typing", headers=kari)
    assert response.status_code == 200, response.text
    assert response.json() == {"id": handover_id, "session_id": session_id, "name": "Kari", "ttl_s": 6}

    message = listener.get_message(ignore_subscribe_messages=True, timeout=2)
    assert message is not None and json.loads(message["data"]) == {"from": "counsellor", "name": "Kari"}
    listener.close()
    assert 0 < redis_client.ttl(keys.session_typing(session_id)) <= 6

    polled = app.get(f"/api/sessions/{session_id}/events", headers=auth).json()
    assert polled["typing"] == {"from": "counsellor", "name": "Kari"}
    after = max(event["seq"] for event in polled["events"])
    assert app.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json() == {
        "events": [], "typing": {"from": "counsellor", "name": "Kari"}}

    redis_client.delete(keys.session_typing(session_id))  # the 6 s are over
    assert "typing" not in app.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json()


def test_only_the_holder_may_signal(app, redis_server, redis_client):
    kari, session_id, auth, handover_id = claimed(app, redis_server)
    per = staff_login(app, "per", "demo")
    waiting_session, _, waiting = queue(redis_server, app)
    listener = redis_client.pubsub()
    listener.subscribe(keys.session_typing_channel(session_id), keys.session_typing_channel(waiting_session))
    for _ in range(2):
        assert listener.get_message(timeout=2)["type"] == "subscribe"

    colleague = app.post(f"/api/handovers/{handover_id}/typing", headers=per)
    assert (colleague.status_code, colleague.json()["code"]) == (409, "held_by_colleague")
    unclaimed = app.post(f"/api/handovers/{waiting['id']}/typing", headers=kari)
    assert (unclaimed.status_code, unclaimed.json()["code"]) == (409, "not_claimed")
    unknown = app.post("/api/handovers/no-such-handover/typing", headers=kari)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "handover_not_found")
    assert app.post(f"/api/handovers/{handover_id}/typing", headers=auth).status_code == 401  # a citizen's token
    assert app.post(f"/api/handovers/{handover_id}/typing").status_code == 401
    evaluator = staff_login(app, "demo-evaluator", "demo")
    assert app.post(f"/api/handovers/{handover_id}/typing", headers=evaluator).status_code == 403

    assert listener.get_message(ignore_subscribe_messages=True, timeout=0.5) is None
    listener.close()
    assert not redis_client.exists(keys.session_typing(session_id), keys.session_typing(waiting_session))

    # Closed: refused as well.
    assert app.post(f"/api/handovers/{handover_id}/close", headers=kari,
                    json={"outcome": "information"}).status_code == 200
    closed = app.post(f"/api/handovers/{handover_id}/typing", headers=kari)
    assert (closed.status_code, closed.json()["code"]) == (409, "handover_closed")


def test_typing_is_rate_limited(app, redis_server, redis_client):
    kari, session_id, _, handover_id = claimed(app, redis_server)
    for _ in range(3):
        assert app.post(f"/api/handovers/{handover_id}/typing", headers=kari).status_code == 200
    redis_client.delete(keys.session_typing(session_id))
    over = app.post(f"/api/handovers/{handover_id}/typing", headers=kari)
    assert over.status_code == 429 and over.json()["code"] == "rate_limited"
    assert int(over.headers["Retry-After"]) >= 1
    assert not redis_client.exists(keys.session_typing(session_id))  # nothing signalled beyond the limit


def test_the_citizen_sees_a_first_name_never_the_username(app, redis_server, redis_client):
    kari, session_id, auth, handover_id = claimed(app, redis_server)
    assert app.post(f"/api/handovers/{handover_id}/messages", headers=kari,
                    json={"text": "Hei, jeg heter Kari."}).status_code == 200
    assert app.post(f"/api/handovers/{handover_id}/notes", headers=kari,
                    json={"text": "internt notat"}).status_code == 200

    polled = app.get(f"/api/sessions/{session_id}/events", headers=auth)
    transcript = app.get(f"/api/sessions/{session_id}/transcript", headers=auth)
    for body in (polled, transcript):
        events = body.json()["events"]
        replies = [e for e in events if e["from"] == "counsellor"]
        assert [(e["kind"], e["text"], e["counsellor_name"]) for e in replies] == [
            ("counsellor", "Hei, jeg heter Kari.", "Kari")]
        assert all("counsellor" not in event for event in events)
        assert '"kari"' not in body.text and "internt notat" not in body.text

    # The staff still see who wrote (the handover detail keeps the username).
    detail = app.get(f"/api/handovers/{handover_id}", headers=kari).json()["events"]
    assert [e["counsellor"] for e in detail if e["kind"] == "counsellor"] == ["kari"]


def test_first_name_comes_from_the_profile_and_unknown_names_stay_empty(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed) as app:  # no dev roster: anna and bjorn from HANDOVER_STAFF
        admin = staff_login(app, "demo-admin", "demo")
        assert app.put("/api/counsellors/anna", headers=admin, json={
            "name": "Anna Marie Berg", "languages": ["nb", "en"]}).status_code == 200
        for username, password, expected in (("anna", "anna-secret-1", "Anna"), ("bjorn", "bjorn-secret-1", "")):
            headers, session_id, auth, handover_id = claimed(app, redis_server, username, password)
            app.post(f"/api/handovers/{handover_id}/messages", headers=headers, json={"text": f"Hei fra {expected}"})
            typed = app.post(f"/api/handovers/{handover_id}/typing", headers=headers).json()
            assert typed["name"] == expected
            body = app.get(f"/api/sessions/{session_id}/events", headers=auth)
            reply = [e for e in body.json()["events"] if e["kind"] == "counsellor"]
            assert [e["counsellor_name"] for e in reply] == [expected]
            assert body.json()["typing"] == {"from": "counsellor", "name": expected}
            assert username not in body.text


def test_a_long_poll_wakes_up_when_the_counsellor_starts_typing(app, redis_server, redis_client):
    """Without a push the page would learn of the typing only with the next event (or after the
    signal's 6 s are over): the poll returns with it instead."""
    kari, session_id, auth, handover_id = claimed(app, redis_server)
    after = max(e["seq"] for e in app.get(f"/api/sessions/{session_id}/events", headers=auth).json()["events"])
    polled = {}

    def poll() -> None:
        polled["response"] = app.get(f"/api/sessions/{session_id}/events?after={after}&wait=20", headers=auth)

    waiting = threading.Thread(target=poll)
    waiting.start()
    channel = keys.session_typing_channel(session_id)
    while waiting.is_alive() and not redis_client.pubsub_numsub(channel)[0][1]:
        time.sleep(0.05)  # until the poll listens
    assert app.post(f"/api/handovers/{handover_id}/typing", headers=kari).status_code == 200
    waiting.join()
    # Had the poll slept its 20 s, the 6 s signal would be gone by now.
    assert polled["response"].json() == {"events": [], "typing": {"from": "counsellor", "name": "Kari"}}
