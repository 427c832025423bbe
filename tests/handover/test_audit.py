"""The access log against a real redis-server: every staff read of a conversation (counsellors
through GET /api/handovers/{id}, evaluators through GET /api/transcripts) is logged, raw or
anonymised, and only admins list it (GET /api/audit)."""

import pytest

from tests.conftest import staff_login
from tests.handover.test_need_to_know import SECRETS, app, queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


def test_every_read_of_a_conversation_is_logged_and_admins_list_the_log(app, redis_server):
    kari, ingrid = staff_login(app, "kari", "demo"), staff_login(app, "ingrid", "demo")
    admin, evaluator = staff_login(app, "demo-admin", "demo"), staff_login(app, "demo-evaluator", "demo")
    first, _, handover = queue(redis_server, app)
    second, _, other = queue(redis_server, app)
    url = f"/api/handovers/{handover['id']}"
    app.get(url, headers=kari)  # waiting, she may take it: raw
    app.post(f"{url}/claim", headers=kari)
    app.get(url, headers=kari)
    app.get(url, headers=ingrid)  # a colleague's chat: anonymised
    app.post(f"{url}/close", headers=kari, json={"outcome": "information"})
    app.get(f"/api/handovers/{other['id']}", headers=ingrid)
    assert app.get("/api/handovers/nope", headers=kari).status_code == 404  # nothing read, nothing logged
    sample = app.get("/api/transcripts?sample=5", headers=evaluator).json()
    assert [t["id"] for t in sample] == [first]

    log = app.get("/api/audit", headers=admin)
    assert log.status_code == 200
    entries = log.json()
    assert [(e["username"], e["role"], e["action"], e["session_id"], e["view"]) for e in entries] == [
        ("demo-evaluator", "evaluator", "transcript_sample", first, "anonymised"),
        ("ingrid", "counsellor", "handover", second, "raw"),
        ("ingrid", "counsellor", "handover", first, "anonymised"),
        ("kari", "counsellor", "handover", first, "raw"),
        ("kari", "counsellor", "handover", first, "raw"),
    ]  # newest first
    assert all(e["at"] and e["handover_id"] in (handover["id"], other["id"], None) for e in entries)
    assert not any(secret in log.text for secret in SECRETS)  # who read what, never the text

    by_kari = app.get("/api/audit?username=kari", headers=admin).json()
    assert {e["username"] for e in by_kari} == {"kari"} and len(by_kari) == 2
    about_second = app.get(f"/api/audit?session_id={second}", headers=admin).json()
    assert [(e["username"], e["handover_id"]) for e in about_second] == [("ingrid", other["id"])]
    assert len(app.get("/api/audit?limit=1", headers=admin).json()) == 1
    assert app.get("/api/audit?limit=0", headers=admin).status_code == 422
    for who in (kari, evaluator, staff_login(app, "demo-editor", "demo")):
        denied = app.get("/api/audit", headers=who)
        assert denied.status_code == 403 and denied.json()["code"] == "wrong_role"
    assert app.get("/api/audit").status_code == 401


def test_the_access_log_is_described_in_openapi(app):
    spec = app.get("/openapi.json").json()
    operation = spec["paths"]["/api/audit"]["get"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} == {"username", "session_id", "limit"}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["items"]["$ref"].endswith("/AuditEntryPublic")
