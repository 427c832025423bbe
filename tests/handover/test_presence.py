"""The citizen's presence for the counsellor against a real redis-server: the chat page's typing
signal (citizen token only, rate limited, a short-TTL key and no text), idle after a quiet spell,
left when the citizen ends the chat."""

import asyncio
import json

import pytest
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from core import keys
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import citizen, free_port, make_client, staff_login

pytestmark = pytest.mark.integration


# Not words that ask for a person: with Rasa down the gateway would queue those itself while a
# counsellor is on duty in opening hours, and the test's own handover (county, priority) would not be made.
FIRST_MESSAGE = "Jeg trenger hjelp til å velge utdanning"


def queue(redis_server, client, language="nb", county=None, text=FIRST_MESSAGE):
    """A session that asked for a human, queued as the gateway does after Rasa's handover request."""
    session_id, auth = citizen(client, language=language)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)  # Rasa is down: stored

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language=language,
                county=county, priority="normal", first_message=text))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


@pytest.fixture
def app(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True, typing_ttl_s=30,
                     citizen_idle_after_s=60) as client:
        yield client


def presence(app, handover_id, auth):
    response = app.get(f"/api/handovers/{handover_id}", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()["presence"]


def test_typing_then_present_then_left(app, redis_server, redis_client):
    kari = staff_login(app, "kari", "demo")
    session_id, auth, handover = queue(redis_server, app)
    assert app.post(f"/api/handovers/{handover['id']}/claim", headers=kari).status_code == 200
    # The citizen's message a moment ago: present.
    assert presence(app, handover["id"], kari)["state"] == "present"

    typed = app.post(f"/api/sessions/{session_id}/typing", headers=auth)
    assert typed.status_code == 200 and typed.json() == {"session_id": session_id, "typing": True}
    assert 0 < redis_client.ttl(keys.citizen_typing(session_id)) <= 30
    assert 0 < redis_client.ttl(keys.citizen_active(session_id)) <= 60
    seen = presence(app, handover["id"], kari)
    assert seen["state"] == "typing" and seen["last_seen"]

    # The typing signal lapses (its key expired): present, not typing.
    redis_client.delete(keys.citizen_typing(session_id))
    assert presence(app, handover["id"], kari)["state"] == "present"

    # The citizen ends the chat: left, and a typing signal after that stores nothing.
    assert app.post(f"/api/sessions/{session_id}/close", headers=auth).status_code == 200
    assert presence(app, handover["id"], kari)["state"] == "left"
    redis_client.delete(keys.citizen_typing(session_id))
    late = app.post(f"/api/sessions/{session_id}/typing", headers=auth)
    assert late.status_code == 200 and late.json()["typing"] is False
    assert not redis_client.exists(keys.citizen_typing(session_id))


def test_idle_after_a_quiet_spell(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True, citizen_idle_after_s=1) as app:
        kari = staff_login(app, "kari", "demo")
        session_id, auth, handover = queue(redis_server, app)
        app.post(f"/api/handovers/{handover['id']}/claim", headers=kari)
        # Make the citizen's last message older than the idle limit (1 s) instead of waiting.
        for key in (keys.citizen_typing(session_id), keys.citizen_active(session_id)):
            redis_client.delete(key)
        key = keys.transcript(session_id)
        events = [json.loads(e) for e in redis_client.lrange(key, 0, -1)]
        assert any(e["from"] == "citizen" for e in events)
        redis_client.delete(key)
        for event in events:
            redis_client.rpush(key, json.dumps({**event, "at": "2026-01-01T10:00:00.000+00:00"}))
        assert presence(app, handover["id"], kari)["state"] == "idle"
        app.post(f"/api/sessions/{session_id}/typing", headers=auth)
        assert presence(app, handover["id"], kari)["state"] == "typing"


def test_typing_is_the_citizens_own_and_rate_limited(redis_server, redis_client):
    from assistant.app import create_app
    from core.settings import AssistantSettings, HandoverSettings

    closed = f"http://127.0.0.1:{free_port()}"
    app = create_app(AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed,
                                       limit_typing_per_session="3/minute"),
                     HandoverSettings(seed_roster=True, opening_hours="always"))
    with TestClient(app) as app:
        session_id, auth, _ = queue(redis_server, app)
        _, other_auth, _ = queue(redis_server, app)
        assert app.post(f"/api/sessions/{session_id}/typing").status_code == 401
        assert app.post(f"/api/sessions/{session_id}/typing", headers=other_auth).status_code in (401, 403)
        kari = staff_login(app, "kari", "demo")
        assert app.post(f"/api/sessions/{session_id}/typing", headers=kari).status_code in (401, 403)
        assert not redis_client.exists(keys.citizen_typing(session_id))
        for _ in range(3):
            assert app.post(f"/api/sessions/{session_id}/typing", headers=auth).status_code == 200
        redis_client.delete(keys.citizen_typing(session_id))
        limited = app.post(f"/api/sessions/{session_id}/typing", headers=auth)
        assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
        assert "Retry-After" in limited.headers
        assert not redis_client.exists(keys.citizen_typing(session_id))  # nothing stored from it
