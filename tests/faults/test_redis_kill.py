"""Redis killed with SIGKILL and restarted on the same directory and port (AOF, appendfsync
always, as `make run` starts it): every message acknowledged to a citizen or a counsellor, every
queued handover and every claim is still there. While Redis is down the gateway answers a clear
503 ``store_unavailable`` (never a 500) and it recovers by itself once Redis is back."""

import asyncio
import threading
import time

import pytest
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from assistant.app import create_app
from core import keys
from core.settings import AssistantSettings, HandoverSettings
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import TEST_STAFF, citizen, free_port, staff_login
from tests.processes import RedisServer, wait_until

pytestmark = pytest.mark.integration

OK_OR_DOWN = {200, 503}


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


def gateway(redis_url: str) -> TestClient:
    closed = f"http://127.0.0.1:{free_port()}"  # Rasa is not needed: its absence is answered and recorded
    settings = AssistantSettings(redis_url=redis_url, rasa_url=closed, actions_url=closed, rasa_timeout_s=5,
                                 health_timeout_s=1, limit_messages_per_session="10000/minute",
                                 limit_messages_per_address="10000/minute")
    handover = HandoverSettings(opening_hours="always", seed_roster=True, staff=TEST_STAFF, lease_sweep_s=0.2)
    return TestClient(create_app(settings, handover))


def kill(server: RedisServer) -> None:
    server.process.kill()  # SIGKILL: no shutdown, no final AOF rewrite
    server.process.wait(10)


def restart(server: RedisServer) -> None:
    server.start()  # same port, same directory: the AOF is replayed


def transcript_texts(client, session_id, auth, sender="citizen"):
    response = client.get(f"/api/sessions/{session_id}/events?after=0", headers=auth)
    assert response.status_code == 200, response.text
    return [e["text"] for e in response.json()["events"] if e["from"] == sender]


def assert_store_unavailable(response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "store_unavailable"


def test_redis_killed_during_a_conversation_loses_no_acknowledged_message(own_redis):
    with gateway(own_redis.url) as client:
        session_id, auth = citizen(client, language="nb")
        acknowledged, statuses = [], []
        down = threading.Event()

        def killer():
            time.sleep(0.3)  # while the citizen is writing
            kill(own_redis)
            down.set()

        threading.Thread(target=killer).start()
        n = 0
        refused_while_down = 0
        while refused_while_down < 3:  # write on until Redis is gone and three writes were refused
            n += 1
            text = f"Melding nummer {n} om utdanning"
            response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
            statuses.append(response.status_code)
            if response.status_code == 200:
                acknowledged.append(text)
            else:
                assert_store_unavailable(response)
                refused_while_down += down.is_set()
        assert set(statuses) <= OK_OR_DOWN
        assert len(acknowledged) >= 1

        # While it is down: health names Redis, reads answer 503 store_unavailable too.
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["components"]["redis"].startswith("down")
        assert_store_unavailable(client.get(f"/api/sessions/{session_id}/events?after=0", headers=auth))
        assert_store_unavailable(client.post("/api/sessions", json={}))

        restart(own_redis)
        # The gateway's connections to the old process are dead; it reconnects by itself.
        wait_until(lambda: client.get("/health").json()["components"]["redis"] == "ok", 30, "Redis healthy again")
        after = "Og en melding etter at lageret var tilbake"
        response = client.post(f"/api/sessions/{session_id}/messages", json={"text": after}, headers=auth)
        assert response.status_code == 200, response.text
        acknowledged.append(after)

        stored = transcript_texts(client, session_id, auth)
        for text in acknowledged:
            assert stored.count(text) == 1, f"acknowledged but lost after the restart: {text!r}"
        assert client.post("/api/sessions", json={}).status_code == 201  # new citizens are served again


def queued(redis_url, client, text):
    """A session waiting for a counsellor, as the gateway leaves it after a handover request."""
    session_id, auth = citizen(client, language="nb")
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth).status_code == 200

    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language="nb",
                county=None, priority="normal", first_message=text))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


def test_redis_killed_during_a_queued_handover_keeps_the_queue_the_claim_and_the_replies(own_redis):
    with gateway(own_redis.url) as client:
        kari = staff_login(client, "kari", "demo")
        assert client.post("/api/counsellors/me/heartbeat", headers=kari).status_code == 200
        claimed_session, claimed_auth, claimed = queued(own_redis.url, client, "Jeg trenger hjelp med søknaden")
        waiting_session, waiting_auth, waiting = queued(own_redis.url, client, "Kan noen hjelpe meg å velge?")
        assert client.post(f"/api/handovers/{claimed['id']}/claim", headers=kari).status_code == 200
        reply = client.post(f"/api/handovers/{claimed['id']}/messages", json={"text": "Hei, jeg heter Kari."},
                            headers=kari)
        assert reply.status_code == 200
        answer = client.post(f"/api/sessions/{claimed_session}/messages", json={"text": "Takk, Kari!"},
                             headers=claimed_auth)
        assert answer.status_code == 200 and answer.json()["mode"] == "human"

        kill(own_redis)
        assert_store_unavailable(client.post(f"/api/handovers/{claimed['id']}/messages",
                                             json={"text": "Er du der?"}, headers=kari))
        assert_store_unavailable(client.get("/api/handovers?status=waiting", headers=kari))
        assert_store_unavailable(client.post(f"/api/sessions/{waiting_session}/messages",
                                             json={"text": "Hallo?"}, headers=waiting_auth))
        restart(own_redis)
        wait_until(lambda: client.get("/health").json()["components"]["redis"] == "ok", 30, "Redis healthy again")

        # The queue and the claim survived; so did the counsellor's reply and the citizen's answer.
        waiting_now = client.get("/api/handovers?status=waiting", headers=kari).json()
        assert [h["id"] for h in waiting_now] == [waiting["id"]]
        active = client.get(f"/api/handovers/{claimed['id']}", headers=kari).json()
        assert active["status"] == "active" and active["counsellor"] == "kari"
        assert client.post(f"/api/handovers/{claimed['id']}/renew", headers=kari).status_code == 200
        assert "Hei, jeg heter Kari." in transcript_texts(client, claimed_session, claimed_auth, "counsellor")
        assert "Takk, Kari!" in transcript_texts(client, claimed_session, claimed_auth)
        assert "Kan noen hjelpe meg å velge?" in transcript_texts(client, waiting_session, waiting_auth)
        # And the conversation goes on through the same gateway.
        again = client.post(f"/api/handovers/{claimed['id']}/messages", json={"text": "Er du der?"}, headers=kari)
        assert again.status_code == 200
        assert "Er du der?" in transcript_texts(client, claimed_session, claimed_auth, "counsellor")
