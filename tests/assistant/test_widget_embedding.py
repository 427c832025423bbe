"""Who may frame the chat: only the chat page with ``?embed=1`` (the widget's frame), and only for the
sites in ASSISTANT_WIDGET_ORIGINS (CSP frame-ancestors); every other response keeps frame-ancestors
'none' and X-Frame-Options DENY. A bad origin in the setting is refused at start."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from assistant.app import create_app
from core.settings import AssistantSettings, HandoverSettings
from tests.conftest import TEST_STAFF, free_port

pytestmark = pytest.mark.integration

SITES = ["https://www.example.no", "http://127.0.0.1:8123"]


@pytest.fixture
def app(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed,
                                 widget_origins=[*SITES[:1], SITES[1] + "/"])
    with TestClient(create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False,
                                                          staff=TEST_STAFF))) as client:
        yield client


def frame_ancestors(response) -> str:
    directives = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    return next(d for d in directives if d.startswith("frame-ancestors"))


def test_the_embedded_chat_page_may_be_framed_by_the_listed_sites_only(app):
    response = app.get("/?embed=1&lang=nn")
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert frame_ancestors(response) == "frame-ancestors 'self' https://www.example.no http://127.0.0.1:8123"
    assert "x-frame-options" not in response.headers
    # the rest of the policy is unchanged
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/?embed=0", "/?embed=true", "/console?embed=1", "/editor?embed=1",
                                  "/static/dist/widget.js?embed=1", "/health?embed=1"])
def test_everything_else_may_not_be_framed(app, path):
    response = app.get(path)
    assert frame_ancestors(response) == "frame-ancestors 'none'", path
    assert response.headers["x-frame-options"] == "DENY", path


def test_without_listed_sites_the_embedded_page_may_only_be_framed_by_itself(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed)
    with TestClient(create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False,
                                                          staff=TEST_STAFF))) as client:
        assert frame_ancestors(client.get("/?embed=1")) == "frame-ancestors 'self'"


@pytest.mark.parametrize("origin", ["www.example.no", "https://www.example.no/chat", "*",
                                    "https://a.no; script-src *", "https://a.no https://b.no", "javascript:x",
                                    "'unsafe-inline'", "https://a.no,https://b.no"])
def test_a_setting_that_is_not_an_origin_is_refused(origin):
    with pytest.raises(ValidationError, match="ASSISTANT_WIDGET_ORIGINS"):
        AssistantSettings(widget_origins=[origin])


def test_the_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_WIDGET_ORIGINS", '["https://www.example.no"]')
    assert AssistantSettings().widget_origins == ["https://www.example.no"]
