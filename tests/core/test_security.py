"""Security headers on every page and API response, CORS only for configured origins, and free
text without control or bidi-override characters."""

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from core.schemas import MessageCreate, clean_text
from core.security import client_address
from core.settings import AssistantSettings, HandoverSettings
from tests.conftest import citizen

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@pytest.mark.integration
@pytest.mark.parametrize("path", ["/", "/console", "/editor", "/static/chat.js", "/health", "/api/sessions/x/events",
                                  "/api/handovers", "/openapi.json", "/nothing-here"])
def test_every_response_carries_the_security_headers(offline_app, path):
    response = offline_app.get(path)
    for name, value in EXPECTED.items():
        assert response.headers[name] == value
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.integration
def test_pages_have_no_inline_script_or_style(offline_app):
    for path in ("/", "/console", "/editor"):
        html = offline_app.get(path).text
        assert "<script>" not in html and "style=" not in html and "onclick=" not in html
        assert all("src=" in tag for tag in html.split("<script")[1:])


@pytest.mark.integration
def test_cors_only_for_configured_origins(redis_server, redis_client):
    closed = "http://127.0.0.1:9"
    settings = AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed,
                                 cors_origins=["https://www.karriereveiledning.no"])
    with TestClient(create_app(settings, HandoverSettings(opening_hours="always", seed_roster=False))) as client:
        allowed = client.options("/api/sessions", headers={
            "Origin": "https://www.karriereveiledning.no", "Access-Control-Request-Method": "POST"})
        assert allowed.headers["access-control-allow-origin"] == "https://www.karriereveiledning.no"
        other = client.options("/api/sessions", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in other.headers
        plain = client.post("/api/sessions", json={}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in plain.headers


@pytest.mark.unit
@pytest.mark.parametrize("raw, clean", [
    ("hei\u202ekcab\u202c der", "heikcab der"),
    ("a\u2066b\u2069c", "abc"),
    ("linje1\r\nlinje2\x00\x07", "linje1\nlinje2"),
    ("مرحبا\u200f بك", "مرحبا\u200f بك"),  # an ordinary right-to-left mark stays
])
def test_control_and_bidi_override_characters_are_removed(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.unit
def test_a_message_of_only_control_characters_is_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        MessageCreate(text="\u202e\x00\u2066")


@pytest.mark.integration
def test_a_citizen_message_is_stored_without_override_characters(offline_app):
    session_id, headers = citizen(offline_app)
    offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": "jeg\u202e heter"}, headers=headers)
    events = offline_app.get(f"/api/sessions/{session_id}/events", headers=headers).json()["events"]
    assert events[0]["text"] == "jeg heter"
    refused = offline_app.post(f"/api/sessions/{session_id}/messages", json={"text": "\u202e\u202c"}, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_request"
    assert len(offline_app.get(f"/api/sessions/{session_id}/events", headers=headers).json()["events"]) == len(events)


@pytest.mark.unit
def test_forwarded_addresses_are_believed_only_from_trusted_proxies():
    class Request:
        def __init__(self, peer, forwarded):
            self.client = type("C", (), {"host": peer})()
            self.headers = {"x-forwarded-for": forwarded}

    assert client_address(Request("10.0.0.5", "203.0.113.9"), []) == "10.0.0.5"
    assert client_address(Request("10.0.0.5", "198.51.100.1, 203.0.113.9"), ["10.0.0.5"]) == "203.0.113.9"
    assert client_address(Request("10.0.0.5", "203.0.113.9, 10.0.0.4"), ["10.0.0.5", "10.0.0.4"]) == "203.0.113.9"
