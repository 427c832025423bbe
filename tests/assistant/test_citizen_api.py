"""The citizen API against a real Redis; Rasa and the actions are deliberately unreachable here."""

import json

import pytest

from core import keys
from tests.conftest import citizen, free_port, make_client

pytestmark = pytest.mark.integration


def transcript_length(redis_client, session_id: str) -> int:
    return redis_client.llen(keys.transcript(session_id))


def test_a_session_gets_an_unguessable_token_and_only_that_token_reaches_it(offline_app, redis_client):
    first, first_auth = citizen(offline_app, channel="web", language="nn")
    second, second_auth = citizen(offline_app)
    assert first != second and first_auth != second_auth
    assert len(first_auth["Authorization"]) > 40
    assert redis_client.hget(keys.session(first), "language") == "nn"
    response = offline_app.get(f"/api/sessions/{first}/events", headers=second_auth)
    assert response.status_code == 403
    assert "does not belong" in response.json()["detail"]


@pytest.mark.parametrize("headers, status, words", [
    ({}, 401, "missing Authorization"),
    ({"Authorization": "Basic abc"}, 401, "Bearer"),
    ({"Authorization": "Bearer wrong-token"}, 403, "does not belong"),
])
def test_bad_tokens_are_refused_and_nothing_is_stored(offline_app, redis_client, headers, status, words):
    session_id, _ = citizen(offline_app)
    response = offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": "hei"}, headers=headers)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert transcript_length(redis_client, session_id) == 0


def test_unknown_session_is_404(offline_app, redis_client):
    _, auth = citizen(offline_app)
    response = offline_app.post("/api/sessions/nope/messages", json={"text": "hei"}, headers=auth)
    assert response.status_code == 404
    assert "unknown session" in response.json()["detail"]


@pytest.mark.parametrize("body, words", [
    ({"text": ""}, "text: must not be empty"),
    ({"text": "   \n "}, "text: must not be empty"),
    ({"text": "x" * 4001}, "text: too long (at most 4000 characters)"),
    ({}, "text: Field required"),
    ({"text": "hei", "extra": 1}, "extra: unknown field"),
    ({"text": 12}, "text: Input should be a valid string"),
])
def test_bad_messages_get_a_422_that_says_what_is_wrong_and_nothing_is_stored(offline_app, redis_client, body, words):
    session_id, auth = citizen(offline_app)
    response = offline_app.post(f"/api/sessions/{session_id}/messages", json=body, headers=auth)
    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert transcript_length(redis_client, session_id) == 0


def test_malformed_json_is_refused(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    response = offline_app.post(f"/api/sessions/{session_id}/messages", content=b'{"text": "hei"',
                                headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]
    assert transcript_length(redis_client, session_id) == 0


def test_bad_session_bodies_are_refused(offline_app, redis_client):
    response = offline_app.post("/api/sessions", json={"language": "de"})
    assert response.status_code == 422 and "language" in response.json()["detail"]
    response = offline_app.post("/api/sessions", json={"channel": "fax"})
    assert response.status_code == 422 and "channel" in response.json()["detail"]
    assert redis_client.keys("vv:session:*") == []


def test_when_rasa_is_down_the_message_is_kept_and_the_citizen_gets_a_clear_reply(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    text = "Hva er fristen for å søke studier? " + "x" * 3950
    response = offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": text[:4000]}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "bot"
    assert [m["kind"] for m in body["messages"]] == ["system"]
    assert "ikke" in body["messages"][0]["text"] and "lagret" in body["messages"][0]["text"]
    events = offline_app.get(f"/api/sessions/{session_id}/events", headers=auth).json()["events"]
    assert [(e["seq"], e["from"]) for e in events] == [(1, "citizen"), (2, "system")]
    assert events[0]["text"] == text[:4000]


def test_health_names_what_is_down(offline_app):
    response = offline_app.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] != "ok"
    assert body["components"]["redis"] == "ok"
    assert body["components"]["rasa"].startswith("down")
    assert body["components"]["actions"].startswith("down")


def test_when_redis_is_down_the_citizen_gets_a_503_that_explains_it():
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(f"redis://127.0.0.1:{free_port()}/0", closed, closed) as client:
        response = client.post("/api/sessions", json={})
        assert response.status_code == 503
        assert "nothing was saved" in response.json()["detail"]
        health = client.get("/health").json()
        assert health["components"]["redis"].startswith("down")


def test_events_long_poll_wakes_up_on_a_new_event(offline_app, redis_client):
    import threading
    import time

    from core.clock import now_iso

    session_id, auth = citizen(offline_app)

    def counsellor_writes() -> None:
        time.sleep(0.5)
        seq = redis_client.rpush(keys.transcript(session_id), json.dumps(
            {"at": now_iso(), "from": "counsellor", "text": "Hei, jeg heter Kari.", "kind": "counsellor"}))
        redis_client.publish(keys.session_events_channel(session_id), seq)

    writer = threading.Thread(target=counsellor_writes)
    writer.start()
    response = offline_app.get(f"/api/sessions/{session_id}/events?after=0&wait=10", headers=auth)
    writer.join()
    events = response.json()["events"]
    assert [(e["seq"], e["from"], e["text"]) for e in events] == [(1, "counsellor", "Hei, jeg heter Kari.")]
    assert offline_app.get(f"/api/sessions/{session_id}/events?after=1", headers=auth).json() == {"events": []}
    assert offline_app.get(f"/api/sessions/{session_id}/events?after=-1", headers=auth).status_code == 422


def test_transcript_close_and_erasure(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": "Hvordan søker jeg lån?"}, headers=auth)
    as_json = offline_app.get(f"/api/sessions/{session_id}/transcript", headers=auth).json()
    assert as_json["events"][0]["text"] == "Hvordan søker jeg lån?"
    as_text = offline_app.get(f"/api/sessions/{session_id}/transcript?format=txt", headers=auth)
    assert as_text.headers["content-type"].startswith("text/plain")
    assert "Du: Hvordan søker jeg lån?" in as_text.text
    assert offline_app.get(f"/api/sessions/{session_id}/transcript?format=docx", headers=auth).status_code == 422

    assert offline_app.post(f"/api/sessions/{session_id}/close", headers=auth).json()["mode"] == "closed"
    again = offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": "hallo?"}, headers=auth)
    assert again.status_code == 409 and "closed" in again.json()["detail"]

    redis_client.set(keys.rasa_tracker(session_id), "{}")
    assert offline_app.delete(f"/api/sessions/{session_id}", headers=auth).json()["erased"] is True
    assert redis_client.exists(keys.session(session_id), keys.transcript(session_id),
                               keys.rasa_tracker(session_id)) == 0
    assert offline_app.get(f"/api/sessions/{session_id}/events", headers=auth).status_code == 404


def test_openapi_describes_the_public_contract(offline_app):
    spec = offline_app.get("/openapi.json").json()
    for path in ("/health", "/api/sessions", "/api/sessions/{session_id}/messages", "/api/sessions/{session_id}/events",
                 "/api/sessions/{session_id}/transcript", "/api/sessions/{session_id}/close",
                 "/api/sessions/{session_id}", "/api/auth/login", "/api/handovers", "/api/handovers/{handover_id}/claim",
                 "/api/handovers/{handover_id}", "/api/handovers/{handover_id}/messages",
                 "/api/handovers/{handover_id}/close"):
        assert path in spec["paths"], path
    assert offline_app.get("/docs").status_code == 200
