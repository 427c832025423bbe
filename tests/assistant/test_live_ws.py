"""The live stream /ws/sessions/{id} against a real redis-server: authentication by the first message
(4401), unknown or erased sessions (4404), replay after ``after``, new events pushed as they are
appended (the citizen's view only), the counsellor's typing signal, two sockets on one session, and the
socket as a sign of life."""

import json

import pytest
from starlette.websockets import WebSocketDisconnect

from assistant.api import live
from core import keys
from core.settings import AssistantSettings, HandoverSettings
from tests.conftest import TEST_STAFF, citizen, free_port, make_client, staff_login

pytestmark = pytest.mark.integration


def token_of(auth: dict) -> str:
    return auth["Authorization"].removeprefix("Bearer ")


def append(client, session_id: str, sender: str, text: str, kind: str, **extra) -> dict:
    return client.portal.call(lambda: client.app.state.transcripts.append(session_id, sender, text, kind, **extra))


def connect_and_auth(client, session_id: str, token: str, after: int = 0):
    ws = client.websocket_connect(f"/ws/sessions/{session_id}")
    socket = ws.__enter__()
    socket.send_json({"type": "auth", "token": token, "after": after})
    return ws, socket


def close_code(socket) -> int:
    with pytest.raises(WebSocketDisconnect) as closed:
        socket.receive_json()
    return closed.value.code


def test_a_wrong_or_missing_token_is_closed_with_4401(offline_app):
    session_id, auth = citizen(offline_app)
    _other_id, other_auth = citizen(offline_app)
    counsellor = staff_login(offline_app, "anna", "anna-secret-1")
    first_messages = [
        {"type": "auth", "token": token_of(other_auth), "after": 0},  # another session's token
        {"type": "auth", "token": token_of(counsellor), "after": 0},  # staff do not read the citizen's stream
        {"type": "auth", "token": "not-a-token", "after": 0},
        {"type": "auth", "after": 0},
        {"type": "auth", "token": "", "after": 0},
        {"type": "auth", "token": token_of(auth), "after": -1},
        {"type": "auth", "token": token_of(auth), "after": "3"},
        {"type": "ping"},
        ["auth", token_of(auth)],
    ]
    for first in first_messages:
        with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            socket.send_json(first)
            assert close_code(socket) == live.UNAUTHORISED, first
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_text("Bearer " + token_of(auth))  # not JSON
        assert close_code(socket) == live.UNAUTHORISED
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_bytes(json.dumps({"type": "auth", "token": token_of(auth)}).encode())
        assert close_code(socket) == live.UNAUTHORISED
    # The right token still works (nothing above locked the session).
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert socket.receive_json() == {"type": "events", "events": []}


def test_no_auth_message_in_time_is_closed_with_4401(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed,
                                 live_auth_timeout_s=0.5)
    from fastapi.testclient import TestClient

    from assistant.app import create_app

    app = create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF))
    with TestClient(app) as client:
        session_id, _ = citizen(client)
        with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            assert close_code(socket) == live.UNAUTHORISED


def test_an_unknown_or_erased_session_is_closed_with_4404(offline_app):
    with offline_app.websocket_connect("/ws/sessions/no-such-session") as socket:
        socket.send_json({"type": "auth", "token": "whatever", "after": 0})
        assert close_code(socket) == live.GONE
    session_id, auth = citizen(offline_app)
    assert offline_app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert close_code(socket) == live.GONE


def test_a_session_erased_while_the_socket_is_open_closes_it_with_4404(offline_app, monkeypatch):
    monkeypatch.setattr(live, "CHECK_EVERY_S", 0.2)
    session_id, auth = citizen(offline_app)
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert socket.receive_json() == {"type": "events", "events": []}
        assert offline_app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
        assert close_code(socket) == live.GONE


def test_the_stream_replays_after_the_given_seq_then_pushes_new_events(offline_app):
    session_id, auth = citizen(offline_app)
    for text in ("en", "to", "tre"):
        append(offline_app, session_id, "bot", text, "answer")
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 1})
        replay = socket.receive_json()
        assert replay["type"] == "events"
        assert [(e["seq"], e["text"]) for e in replay["events"]] == [(2, "to"), (3, "tre")]
        polled = offline_app.get(f"/api/sessions/{session_id}/events?after=1", headers=auth).json()["events"]
        assert replay["events"] == polled  # exactly what the long-poll returns
        append(offline_app, session_id, "bot", "fire", "answer")
        pushed = socket.receive_json()
        assert pushed["type"] == "events" and [(e["seq"], e["text"]) for e in pushed["events"]] == [(4, "fire")]


def test_staff_only_events_never_reach_the_citizen(offline_app):
    session_id, auth = citizen(offline_app)
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert socket.receive_json()["events"] == []
        append(offline_app, session_id, "counsellor", "Notat: virker stresset", "internal_note", counsellor="anna")
        append(offline_app, session_id, "system", "Krise!", "crisis_alert")
        append(offline_app, session_id, "system", "Innbyggeren gikk", "citizen_left")
        append(offline_app, session_id, "counsellor", "Hei, jeg heter Anna", "counsellor", counsellor="anna")
        pushed = socket.receive_json()
        # the staff-only events were never sent: the first frame after them is the counsellor's reply
        assert [(e["seq"], e["kind"]) for e in pushed["events"]] == [(4, "counsellor")]
        assert "Notat" not in json.dumps(pushed)
    # A reconnect from the start replays the same view.
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert [e["kind"] for e in socket.receive_json()["events"]] == ["counsellor"]


def test_a_counsellor_typing_signal_arrives_as_typing(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
        socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
        assert socket.receive_json()["type"] == "events"
        channel = keys.session_typing_channel(session_id)
        redis_client.publish(channel, "not json")  # ignored
        redis_client.publish(channel, json.dumps({"from": "citizen", "name": "x"}))  # not a counsellor: ignored
        redis_client.publish(channel, json.dumps({"from": "counsellor", "name": "Anna", "username": "anna"}))
        assert socket.receive_json() == {"type": "typing", "from": "counsellor", "name": "Anna"}
        assert redis_client.exists(keys.transcript(session_id)) == 0  # never stored


def test_two_sockets_on_one_session_both_get_the_event(offline_app):
    session_id, auth = citizen(offline_app)
    with offline_app.websocket_connect(f"/ws/sessions/{session_id}") as first, \
            offline_app.websocket_connect(f"/ws/sessions/{session_id}") as second:
        for socket in (first, second):
            socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
            assert socket.receive_json() == {"type": "events", "events": []}
        append(offline_app, session_id, "bot", "Svar", "answer")
        for socket in (first, second):
            assert [e["text"] for e in socket.receive_json()["events"]] == ["Svar"]


def test_a_counsellor_reply_through_the_api_arrives_on_the_socket(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True) as app:
        session_id, auth = citizen(app)
        from handover.queue import HandoverRequest

        request = HandoverRequest(reason="asked", need="human_request", language="nb")
        handover = app.portal.call(app.app.state.flow.queue, session_id, request, "nb").handover
        counsellor = staff_login(app, "demo-counsellor", "demo")
        assert app.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor).status_code == 200
        after = max(e["seq"] for e in app.get(f"/api/sessions/{session_id}/events", headers=auth).json()["events"])
        with app.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            socket.send_json({"type": "auth", "token": token_of(auth), "after": after})
            assert socket.receive_json() == {"type": "events", "events": []}
            socket.send_json({"type": "ping"})  # allowed, ignored
            typing = app.post(f"/api/handovers/{handover['id']}/typing", headers=counsellor)
            assert typing.status_code == 200, typing.text
            signal = socket.receive_json()
            assert signal["type"] == "typing" and signal["from"] == "counsellor"
            assert signal["name"] and signal["name"] != "demo-counsellor"  # a first name, never the username
            assert app.post(f"/api/handovers/{handover['id']}/notes", headers=counsellor,
                            json={"text": "kun for oss"}).status_code == 200
            assert app.post(f"/api/handovers/{handover['id']}/messages", headers=counsellor,
                            json={"text": "Hei! Hva lurer du på?"}).status_code == 200
            pushed = socket.receive_json()["events"]
            assert [(e["seq"], e["from"], e["text"]) for e in pushed] == [(after + 2, "counsellor",
                                                                          "Hei! Hva lurer du på?")]
            assert "kun for oss" not in json.dumps(pushed) and "demo-counsellor" not in json.dumps(pushed)
            assert pushed[0]["counsellor_name"] == signal["name"]  # the first name, as the typing signal says
            polled = app.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json()["events"]
            assert pushed == polled  # exactly the long-poll's view


def test_an_open_socket_is_a_sign_of_life_and_pings(redis_server, redis_client, monkeypatch):
    monkeypatch.setattr(live, "CHECK_EVERY_S", 0.1)
    monkeypatch.setattr(live, "TOUCH_EVERY_S", 0.1)
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed, live_ping_s=0.3)
    from fastapi.testclient import TestClient

    from assistant.app import create_app

    app = create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF))
    with TestClient(app) as client:
        session_id, auth = citizen(client)
        assert client.post(f"/api/sessions/{session_id}/away", headers=auth).status_code == 200
        assert redis_client.hget(keys.session(session_id), "away_ms")
        redis_client.zadd(keys.SESSIONS_ACTIVITY, {session_id: 1})  # as if last seen long ago
        with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
            assert socket.receive_json()["type"] == "events"
            assert socket.receive_json() == {"type": "ping"}
            assert socket.receive_json() == {"type": "ping"}
        assert redis_client.zscore(keys.SESSIONS_ACTIVITY, session_id) > 1  # touched
        assert not redis_client.hget(keys.session(session_id), "away_ms")  # back from "away"


def test_a_page_that_said_it_is_going_is_not_kept_present_by_its_old_socket(redis_server, redis_client, monkeypatch):
    """pagehide sends /away; the server may see the old socket close only later. Meanwhile that
    socket's periodic sign of life must not take the away back (the chat would never close)."""
    monkeypatch.setattr(live, "CHECK_EVERY_S", 0.1)
    monkeypatch.setattr(live, "TOUCH_EVERY_S", 0.1)
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed, live_ping_s=0.3)
    from fastapi.testclient import TestClient

    from assistant.app import create_app

    app = create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF))
    with TestClient(app) as client:
        session_id, auth = citizen(client)
        with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
            assert socket.receive_json()["type"] == "events"
            assert client.post(f"/api/sessions/{session_id}/away", headers=auth).status_code == 200
            assert socket.receive_json() == {"type": "ping"}  # ticks (checks, touches) went on meanwhile
            assert socket.receive_json() == {"type": "ping"}
            assert redis_client.hget(keys.session(session_id), "away_ms")  # still going
        with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:  # the page came back
            socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
            assert socket.receive_json()["type"] == "events"
        assert not redis_client.hget(keys.session(session_id), "away_ms")


def test_too_many_connections_from_one_address_are_turned_away_and_polling_still_works(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed,
                                 limit_live_connects_per_address="2/minute")
    from fastapi.testclient import TestClient

    from assistant.app import create_app

    app = create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF))
    with TestClient(app) as client:
        session_id, auth = citizen(client)
        for _ in range(2):
            with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:
                socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
                assert socket.receive_json() == {"type": "events", "events": []}
        with client.websocket_connect(f"/ws/sessions/{session_id}") as socket:
            socket.send_json({"type": "auth", "token": token_of(auth), "after": 0})
            assert close_code(socket) == live.TRY_LATER  # not "gone": the page falls back to the long-poll
        assert client.get(f"/api/sessions/{session_id}/events", headers=auth).status_code == 200
