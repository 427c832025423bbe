"""Abuse protection through the real stack: rate limits per session and per client address on
messages, new sessions and requests for a counsellor (429 with Retry-After, nothing stored), and
the cap on waiting handovers per client address. The test client's address is "testclient"; it is
a trusted proxy here, so X-Forwarded-For stands for citizens on different networks."""

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from core import keys, texts
from core.settings import AssistantSettings, HandoverSettings
from tests.conftest import TEST_STAFF, citizen, staff_login

pytestmark = pytest.mark.integration


def limited(redis_server, rasa_stack, handover: dict | None = None, trusted: bool = True, **limits) -> TestClient:
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=rasa_stack["rasa_url"],
                                 actions_url=rasa_stack["actions_url"], rasa_timeout_s=60, health_timeout_s=1,
                                 trusted_proxies=["testclient"] if trusted else [], **limits)
    handover_settings = HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF,
                                         lease_sweep_s=0.2, **(handover or {}))
    return TestClient(create_app(settings, handover_settings))


def network(address: str) -> dict:
    return {"X-Forwarded-For": address}


def citizen_from(client, address: str) -> tuple[str, dict]:
    response = client.post("/api/sessions", json={}, headers=network(address))
    assert response.status_code == 201, response.text
    body = response.json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}", **network(address)}


def send(client, session_id, auth, text):
    return client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)


def say(client, session_id, auth, text):
    response = send(client, session_id, auth, text)
    assert response.status_code == 200, response.text
    return response.json()


def assert_too_many(response, window_s: int) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= window_s


def test_messages_per_session_are_limited_and_a_refused_message_is_not_stored(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, limit_messages_per_session="3/minute") as client:
        session_id, auth = citizen(client)
        for text in ("Hei", "Hva er fagbrev?", "Takk"):
            assert send(client, session_id, auth, text).status_code == 200
        stored = redis_client.llen(keys.transcript(session_id))
        assert_too_many(send(client, session_id, auth, "En melding til"), 60)
        assert redis_client.llen(keys.transcript(session_id)) == stored
        assert "En melding til" not in [e["text"] for e in client.get(
            f"/api/sessions/{session_id}/events", headers=auth).json()["events"]]
        other, other_auth = citizen(client)  # another session is not affected
        assert send(client, other, other_auth, "Hei").status_code == 200


def test_messages_per_address_are_limited_across_sessions(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, limit_messages_per_address="3/minute") as client:
        first, first_auth = citizen_from(client, "10.0.0.1")
        second, second_auth = citizen_from(client, "10.0.0.1")
        assert send(client, first, first_auth, "Hei").status_code == 200
        assert send(client, first, first_auth, "Hva er fagbrev?").status_code == 200
        assert send(client, second, second_auth, "Hei").status_code == 200
        stored = redis_client.llen(keys.transcript(second))
        assert_too_many(send(client, second, second_auth, "Hallo?"), 60)
        assert redis_client.llen(keys.transcript(second)) == stored
        assert send(client, second, {**second_auth, **network("10.0.0.2")}, "Hallo?").status_code == 200


def test_sessions_per_address_are_limited(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, limit_sessions_per_address="2/minute") as client:
        for _ in range(2):
            citizen_from(client, "10.0.0.1")
        refused = client.post("/api/sessions", json={}, headers=network("10.0.0.1"))
        assert_too_many(refused, 60)
        assert len(redis_client.keys("vv:session:*")) == 2  # nothing stored
        citizen_from(client, "10.0.0.2")


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, trusted=False, limit_sessions_per_address="2/minute") as client:
        for address in ("10.0.0.1", "10.0.0.2"):
            citizen_from(client, address)
        assert_too_many(client.post("/api/sessions", json={}, headers=network("10.0.0.3")), 60)


def test_requests_for_a_counsellor_per_session_are_limited(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, limit_handover_requests_per_session="1/hour") as client:
        staff_login(client, "anna", "anna-secret-1")  # on duty
        session_id, auth = citizen(client)
        offer = say(client, session_id, auth, "aner ikke hva jeg vil bli")["messages"][-1]
        assert offer["kind"] == "offer_counsellor" and "/request_human" in [b["payload"] for b in offer["buttons"]]
        assert say(client, session_id, auth, "/request_human")["mode"] == "queued"  # the button: request 1
        assert client.post(f"/api/sessions/{session_id}/leave", headers=auth).json()["mode"] == "bot"

        say(client, session_id, auth, "aner ikke hva jeg vil bli")
        stored = redis_client.llen(keys.transcript(session_id))
        # The button is known to ask for a counsellor before anything is stored: 429, nothing kept.
        assert_too_many(send(client, session_id, auth, "/request_human"), 3600)
        assert redis_client.llen(keys.transcript(session_id)) == stored
        # In free text only the assistant knows it; the message stays, the request is not queued.
        reply = say(client, session_id, auth, "Jeg vil snakke med en person")
        notice = reply["messages"][-1]
        assert (notice["kind"], notice["code"], notice["callback"]) == ("out_of_hours", "rate_limited", True)
        assert 0 < notice["retry_after_s"] <= 3600 and reply["mode"] == "bot"
        assert redis_client.zcard(keys.HANDOVERS_WAITING) == 0
        # A crisis is never limited.
        crisis = say(client, session_id, auth, "jeg vil ta livet mitt")
        assert [m["kind"] for m in crisis["messages"]] == ["crisis", "handover_queued"]
        assert crisis["mode"] == "queued"


def test_requests_for_a_counsellor_per_address_are_limited(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, limit_handover_requests_per_address="2/hour",
                 handover={"max_waiting_per_address": 10}) as client:
        staff_login(client, "anna", "anna-secret-1")
        for _ in range(2):
            session_id, auth = citizen_from(client, "10.0.0.1")
            assert say(client, session_id, auth, "Jeg vil snakke med en person")["mode"] == "queued"
        third, third_auth = citizen_from(client, "10.0.0.1")
        reply = say(client, third, third_auth, "Jeg vil snakke med en person")
        assert reply["mode"] == "bot" and reply["messages"][-1]["code"] == "rate_limited"
        elsewhere, elsewhere_auth = citizen_from(client, "10.0.0.2")
        assert say(client, elsewhere, elsewhere_auth, "Jeg vil snakke med en person")["mode"] == "queued"
        assert redis_client.zcard(keys.HANDOVERS_WAITING) == 3


def test_waiting_requests_per_address_are_capped(redis_server, redis_client, rasa_stack):
    with limited(redis_server, rasa_stack, handover={"max_waiting_per_address": 2}) as client:
        anna = staff_login(client, "anna", "anna-secret-1")
        same = [citizen_from(client, "10.0.0.1") for _ in range(3)]
        for session_id, auth in same[:2]:
            assert say(client, session_id, auth, "Jeg vil snakke med en person")["mode"] == "queued"
        third, third_auth = same[2]
        reply = say(client, third, third_auth, "Jeg vil snakke med en person")
        notice = reply["messages"][-1]
        assert reply["mode"] == "bot" and reply["queue"] is None
        assert (notice["kind"], notice["code"], notice["callback"]) == ("out_of_hours", "too_many_waiting", True)
        assert notice["text"] == texts.text("too_many_waiting", "nb")
        stored = client.get(f"/api/sessions/{third}/events", headers=third_auth).json()["events"][-1]
        assert (stored["kind"], stored["code"], stored["callback"]) == ("out_of_hours", "too_many_waiting", True)
        assert len(client.get("/api/handovers?status=waiting", headers=anna).json()) == 2

        other, other_auth = citizen_from(client, "10.0.0.2")  # another network is not affected
        assert say(client, other, other_auth, "Jeg vil snakke med en person")["mode"] == "queued"
        first, first_auth = same[0]  # one leaves: there is room again
        assert client.post(f"/api/sessions/{first}/leave", headers=first_auth).json()["mode"] == "bot"
        assert say(client, third, third_auth, "Jeg vil snakke med en person")["mode"] == "queued"

        crisis, crisis_auth = citizen_from(client, "10.0.0.1")  # full again, but a crisis is never capped
        assert say(client, crisis, crisis_auth, "jeg vil ta livet mitt")["queue"]["position"] == 1
        assert len(client.get("/api/handovers?status=waiting", headers=anna).json()) == 4
