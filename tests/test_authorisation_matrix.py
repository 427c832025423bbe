"""Who reaches which endpoint: every endpoint of the app × anonymous, a citizen (with the token
of the session in the path, and with another session's token) and each staff role.

A principal that may use an endpoint never gets 401/403 from it (it may get 404 or 422 for the
dummy ids and bodies used here); every other principal gets 401 or 403 and nothing happens.
A new endpoint must be added to RULES, or the coverage test fails. Finer rules that depend on
the state of a conversation (need-to-know) are tested in tests/handover/test_need_to_know.py.
"""

import re

import pytest

from tests.conftest import citizen, staff_login

pytestmark = pytest.mark.integration

STAFF = ("counsellor", "editor", "evaluator", "admin")
EVERYONE = ("anonymous", "citizen", "other_citizen", *STAFF)
# (method, path pattern) -> who may use it. "admin" passes every staff role check by design.
RULES = {
    ("GET", "/health"): EVERYONE,
    ("GET", "/api/service-info"): EVERYONE,  # opening hours and who is on duty: public, stateless
    ("POST", "/api/sessions"): EVERYONE,
    ("*", "/api/sessions/{session_id}*"): ("citizen",),
    ("POST", "/api/auth/login"): EVERYONE,
    ("*", "/api/auth/*"): STAFF,
    ("*", "/api/handovers*"): ("counsellor", "admin"),
    ("*", "/api/backroom"): ("counsellor", "admin"),
    ("*", "/api/callbacks*"): ("counsellor", "admin"),
    ("PUT", "/api/counsellors/{username}"): ("admin",),
    ("*", "/api/counsellors/*"): ("counsellor", "admin"),
    ("GET", "/api/staff/kb-search"): ("counsellor", "admin"),
    ("PUT", "/api/canned-replies"): ("admin",),
    ("GET", "/api/canned-replies"): ("counsellor", "admin"),
    ("*", "/api/staff*"): ("admin",),
    ("*", "/api/audit*"): ("admin",),
    ("*", "/api/articles*"): ("editor", "admin"),
    ("*", "/api/career-centres"): ("editor", "admin"),
    ("GET", "/api/career-centres/nearest"): EVERYONE,  # the citizen's centre card: stateless, for anyone
    ("*", "/api/index/*"): ("editor", "admin"),
    ("*", "/api/reports/*"): ("editor", "admin"),
    ("*", "/api/transcripts*"): ("evaluator", "admin"),
    ("*", "/api/samples*"): ("evaluator", "admin"),
    ("*", "/api/stats"): ("evaluator", "admin"),
    ("POST", "/api/points"): EVERYONE,  # the points calculator: stateless, for anyone
    ("GET", "/api/points/rules"): EVERYONE,
    # The SMS and Telegram providers authenticate with their own secret (signature, secret token),
    # never with a session or staff token: with no secret configured every webhook is refused.
    ("POST", "/api/channels/*"): (),
    ("GET", "/s/{code}"): EVERYONE,  # a source's short link (redirect), as sent on SMS and Telegram
}
DENIED = (401, 403)


def allowed_for(method: str, path: str) -> tuple[str, ...]:
    for (rule_method, pattern), who in RULES.items():
        regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
        if rule_method in ("*", method) and re.match(regex, path):
            return who
    raise AssertionError(f"{method} {path} has no rule in RULES")


def operations(client) -> list[tuple[str, str]]:
    paths = client.app.openapi()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item
            if method in ("get", "post", "put", "delete", "patch")]


def test_every_endpoint_has_a_rule(offline_app):
    for method, path in operations(offline_app):
        allowed_for(method, path)


def test_each_principal_reaches_only_its_endpoints(offline_app, redis_client):
    session_id, own = citizen(offline_app)
    _other_id, other = citizen(offline_app)
    headers = {"anonymous": {}, "citizen": own, "other_citizen": other}
    for role in STAFF:
        headers[role] = staff_login(offline_app, f"demo-{role}", "demo")
    wrong = []
    for method, path in operations(offline_app):
        if path in ("/api/auth/logout",):
            continue  # revokes the token; covered below
        url = (path.replace("{session_id}", session_id).replace("{handover_id}", "h0")
               .replace("{article_id}", "ukjent-artikkel").replace("{callback_id}", "c0")
               .replace("{username}", "nobody").replace("{transcript_id}", "t0"))
        if path == "/api/sessions/{session_id}" and method == "DELETE":
            continue  # erasing the session would end the other checks; covered below
        allowed = allowed_for(method, path)
        for who, auth in headers.items():
            response = offline_app.request(method, url, headers=auth, json={})
            denied = response.status_code in DENIED
            if (who in allowed) == denied:
                wrong.append(f"{method} {path} as {who}: {response.status_code}")
    assert wrong == []


def test_erasure_and_logout_are_only_for_their_owner(offline_app):
    session_id, own = citizen(offline_app)
    _other, other = citizen(offline_app)
    counsellor = staff_login(offline_app, "demo-counsellor", "demo")
    for auth in ({}, other, counsellor):
        assert offline_app.delete(f"/api/sessions/{session_id}", headers=auth).status_code in DENIED
    assert offline_app.delete(f"/api/sessions/{session_id}", headers=own).status_code == 200
    assert offline_app.post("/api/auth/logout").status_code == 401
    assert offline_app.post("/api/auth/logout", headers=own).status_code == 401
    assert offline_app.post("/api/auth/logout", headers=counsellor).status_code == 200
