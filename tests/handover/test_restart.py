"""Nothing is lost when Redis restarts: sessions, transcripts, queued handovers and claims live
in Redis with AOF (appendfsync always in tests)."""

import asyncio

import pytest
import redis

from core.settings import HandoverSettings
from core.staff import StaffStore
from tests.conftest import citizen, free_port, make_client, staff_login
from tests.processes import RedisServer

pytestmark = pytest.mark.integration


def test_a_redis_restart_loses_nothing(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    closed = f"http://127.0.0.1:{free_port()}"
    try:
        with make_client(server.url, closed, closed) as app:
            from tests.handover.test_handover_api import queue

            counsellor = staff_login(app, "demo-counsellor", "demo")
            waiting_session, waiting_auth, waiting = queue(server, app, text="Jeg trenger hjelp med å velge")
            claimed_session, claimed_auth, claimed = queue(server, app, text="Kan jeg få snakke med noen?")
            app.post(f"/api/handovers/{claimed['id']}/claim", headers=counsellor)
            app.post(f"/api/handovers/{claimed['id']}/messages", headers=counsellor, json={"text": "Hei, jeg er her."})
            before = app.get(f"/api/sessions/{claimed_session}/events", headers=claimed_auth).json()["events"]

        server.stop()
        server.start()  # same port, same directory: the AOF is replayed

        with make_client(server.url, closed, closed) as app:
            counsellor = staff_login(app, "demo-counsellor", "demo")
            after = app.get(f"/api/sessions/{claimed_session}/events", headers=claimed_auth).json()["events"]
            assert after == before and after[-1]["text"] == "Hei, jeg er her."
            assert [h["id"] for h in app.get("/api/handovers?status=waiting", headers=counsellor).json()] == [waiting["id"]]
            active = app.get("/api/handovers?status=active", headers=counsellor).json()
            assert [(h["id"], h["counsellor"]) for h in active] == [(claimed["id"], "demo-counsellor")]
            reply = app.post(f"/api/sessions/{waiting_session}/messages", headers=waiting_auth, json={"text": "Hallo?"})
            assert reply.json()["mode"] == "queued" and reply.json()["queue"]["position"] == 1
    finally:
        server.stop()


def test_production_refuses_to_start_with_a_default_password_in_redis(redis_server, redis_client):
    async def seed(mode):
        client = redis.asyncio.Redis.from_url(redis_server.url, decode_responses=True)
        try:
            await StaffStore(client, HandoverSettings(mode=mode, secret_key="x" * 40,
                                                      staff=["kari:counsellor:a-long-password"])).seed()
        finally:
            await client.aclose()

    asyncio.run(seed("development"))  # leaves the demo users with password "demo" behind
    with pytest.raises(RuntimeError, match="default password"):
        asyncio.run(seed("production"))
