"""Fixtures: a real redis-server per test session (flushed per test), the app wired to it, and
the real Rasa + action server stack for the tests that need the whole path."""

from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from assistant.app import create_app
from core.settings import AssistantSettings
from core.settings import HandoverSettings
from tests.processes import RedisServer, free_port, start_action_server, start_rasa

TEST_STAFF = ["anna:counsellor:anna-secret-1", "bjorn:counsellor:bjorn-secret-1"]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> RedisServer:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server) -> redis.Redis:
    client = redis.Redis(port=redis_server.port, decode_responses=True)
    client.flushall()
    yield client
    client.close()


def make_client(redis_url: str, rasa_url: str, actions_url: str, **handover) -> TestClient:
    settings = AssistantSettings(redis_url=redis_url, rasa_url=rasa_url, actions_url=actions_url,
                                 rasa_timeout_s=60, health_timeout_s=1)
    handover_settings = HandoverSettings(opening_hours=handover.pop("opening_hours", "always"),
                                         seed_roster=handover.pop("seed_roster", False), staff=TEST_STAFF,
                                         lease_sweep_s=handover.pop("lease_sweep_s", 0.2), **handover)
    return TestClient(create_app(settings, handover_settings))


@pytest.fixture
def offline_app(redis_server, redis_client):
    """The app with a real Redis and nothing listening where Rasa and the actions should be."""
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed) as client:
        yield client


@pytest.fixture(scope="session")
def rasa_stack(redis_server, tmp_path_factory):
    logs = Path(tmp_path_factory.mktemp("logs"))
    actions, actions_url = start_action_server(logs)
    try:
        rasa, rasa_url = start_rasa(logs, redis_server.port, actions_url)
        try:
            yield {"rasa_url": rasa_url, "actions_url": actions_url}
        finally:
            rasa.stop()
    finally:
        actions.stop()


@pytest.fixture
def live_app(redis_server, redis_client, rasa_stack):
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"]) as client:
        yield client


def citizen(client: TestClient, **body) -> tuple[str, dict]:
    response = client.post("/api/sessions", json=body or {})
    assert response.status_code == 201, response.text
    data = response.json()
    return data["session_id"], {"Authorization": f"Bearer {data['token']}"}


def staff_login(client: TestClient, username: str, password: str) -> dict:
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
