"""The editors' career-centre API against the real app and a real Redis: role isolation, 422 with
field errors and nothing written, persistence in a temporary data folder (never the repo's file),
the audit entry; and the button a citizen gets when a counsellor refers them to a career centre."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from redis.asyncio import Redis

from core import keys
from core.settings import KnowledgeSettings
from handover.queue import HandoverRequest, HandoverStore
from knowledge.api.deps import get_knowledge_settings
from knowledge.centres import load_centres
from tests.conftest import citizen, make_client, staff_login

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[2] / "knowledge" / "data"


@pytest.fixture
def centres_app(offline_app, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("career_centres.yml", "municipalities.csv"):
        shutil.copy(DATA / name, data / name)
    settings = KnowledgeSettings(content_dir=tmp_path / "content", data_dir=data, index_dir=tmp_path / "index")
    offline_app.app.dependency_overrides[get_knowledge_settings] = lambda: settings
    offline_app.data_dir = data
    yield offline_app
    offline_app.app.dependency_overrides.clear()


@pytest.fixture
def editor(centres_app):
    return staff_login(centres_app, "demo-editor", "demo")


def test_only_editors_and_admins_read_and_write(centres_app):
    before = (centres_app.data_dir / "career_centres.yml").read_bytes()
    session_id, own = citizen(centres_app)
    refused = {"anonymous": {}, "citizen": own,
               "counsellor": staff_login(centres_app, "demo-counsellor", "demo"),
               "evaluator": staff_login(centres_app, "demo-evaluator", "demo")}
    document = centres_app.get("/api/career-centres", headers=staff_login(centres_app, "demo-editor", "demo")).json()
    for who, headers in refused.items():
        assert centres_app.get("/api/career-centres", headers=headers).status_code in (401, 403), who
        assert centres_app.put("/api/career-centres", headers=headers,
                               json={"offices": document["offices"]}).status_code in (401, 403), who
    admin = staff_login(centres_app, "demo-admin", "demo")
    assert centres_app.get("/api/career-centres", headers=admin).status_code == 200
    assert (centres_app.data_dir / "career_centres.yml").read_bytes() == before


def test_get_lists_every_office_with_its_sourced_fields(centres_app, editor):
    reply = centres_app.get("/api/career-centres", headers=editor)
    assert reply.status_code == 200
    body = reply.json()
    assert len(body["counties"]) == 15 and len(body["municipalities"]) == 357
    alta = next(o for o in body["offices"] if o["id"] == "finnmark-alta")
    assert alta["town"]["value"] == "Alta" and alta["town"]["source_url"].startswith("https://")
    assert alta["phone"] == {"value": "", "source_url": None, "checked": None}
    assert "Alta" in alta["serves"]


def test_a_wrong_field_is_422_naming_office_and_field_and_nothing_is_written(centres_app, editor, redis_client):
    path = centres_app.data_dir / "career_centres.yml"
    before = path.read_bytes()
    offices = centres_app.get("/api/career-centres", headers=editor).json()["offices"]
    alta = next(o for o in offices if o["id"] == "finnmark-alta")
    alta["phone"] = {"value": "78 00 00 00"}  # no source
    alta["serves"].append("Vadsø")  # already Vadsø's
    reply = centres_app.put("/api/career-centres", headers=editor, json={"offices": offices})
    assert reply.status_code == 422
    body = reply.json()
    assert body["code"] == "centres_invalid"
    found = {(e["field"], e["code"]) for e in body["errors"]}
    assert ("offices[23].phone.source_url", "source_missing") in found
    assert ("offices[23].serves", "served_twice") in found
    assert all(e["params"].get("office") == "finnmark-alta" for e in body["errors"])
    assert path.read_bytes() == before
    assert redis_client.lrange(keys.AUDIT_LOG, 0, -1) == []
    shapeless = centres_app.put("/api/career-centres", headers=editor, json={"offices": "ingen"})
    assert shapeless.status_code == 422 and shapeless.json()["errors"][0]["code"] == "no_offices"
    assert centres_app.put("/api/career-centres", headers=editor, json={}).status_code == 422
    assert path.read_bytes() == before


def test_a_valid_save_lands_in_the_data_folder_and_is_audited(centres_app, editor, redis_client):
    repo_file = (DATA / "career_centres.yml").read_bytes()
    offices = centres_app.get("/api/career-centres", headers=editor).json()["offices"]
    troms = next(o for o in offices if o["id"] == "troms")
    troms["phone"] = {"value": "77 00 00 00", "source_url": "https://example.org/kontakt", "checked": "2026-11-30"}
    reply = centres_app.put("/api/career-centres", headers=editor, json={"offices": offices})
    assert reply.status_code == 200
    assert next(o for o in reply.json()["offices"] if o["id"] == "troms")["phone"]["value"] == "77 00 00 00"
    card = load_centres(centres_app.data_dir).nearest("Tromsø")
    assert card.phone_uri == "tel:+4777000000"
    again = centres_app.get("/api/career-centres", headers=editor).json()
    assert next(o for o in again["offices"] if o["id"] == "troms")["phone"]["checked"] == "2026-11-30"
    assert (DATA / "career_centres.yml").read_bytes() == repo_file  # never the repo's file
    entries = [json.loads(e) for e in redis_client.lrange(keys.AUDIT_LOG, 0, -1)]
    assert [(e["username"], e["action"]) for e in entries] == [("demo-editor", "career_centres_updated")]


def test_the_page_is_served_and_linked_from_the_editor(centres_app):
    page = centres_app.get("/editor/centres")
    assert page.status_code == 200 and "/editor/static/centres.js" in page.text
    assert 'href="/editor/centres"' in centres_app.get("/editor").text
    script = centres_app.get("/editor/static/centres.js").text
    assert "innerHTML" not in script


# -- the button after "referred_career_centre" -------------------------------------------------------
@pytest.fixture
def handover_app(redis_server, redis_client):
    from tests.conftest import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True) as client:
        yield client


def queued(redis_server, client, county):
    session_id, auth = citizen(client, language="en")
    # Not a request for a person in words: without Rasa the gateway would queue that itself, and
    # this test queues the handover it needs (with the county) below.
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "I have a question about my career"},
                headers=auth)

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="reflective", language="en", county=county,
                priority="normal", first_message="Can I talk to someone?"))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


@pytest.mark.parametrize("outcome, county, payload", [
    ("referred_career_centre", "Finnmark", '/career_centre{"county": "Finnmark"}'),
    ("referred_career_centre", None, "/career_centre"),
    ("information", "Finnmark", None),
])
def test_closing_with_a_career_centre_referral_offers_the_centre_button(handover_app, redis_server, outcome, county,
                                                                         payload):
    kari = staff_login(handover_app, "kari", "demo")
    session_id, auth, handover = queued(redis_server, handover_app, county)
    assert handover_app.post(f"/api/handovers/{handover['id']}/claim", headers=kari).status_code == 200
    closed = handover_app.post(f"/api/handovers/{handover['id']}/close", headers=kari,
                               json={"outcome": outcome, "note": ""})
    assert closed.status_code == 200
    events = handover_app.get(f"/api/sessions/{session_id}/events?after=0", headers=auth).json()["events"]
    notice = [e for e in events if e["text"].startswith("The conversation has ended.")]
    assert len(notice) == 1
    buttons = notice[0].get("buttons") or []
    if payload is None:
        assert buttons == []
    else:
        assert buttons == [{"title": "Find a career centre", "payload": payload}]


def test_anyone_gets_the_nearest_card_in_their_language(centres_app):
    reply = centres_app.get("/api/career-centres/nearest?municipality=Alta&language=en")
    assert reply.status_code == 200
    body = reply.json()
    assert body["kind"] == "career_centre" and body["language"] == "en"
    assert body["career_centre"]["id"] == "finnmark-alta" and body["career_centre"]["name"] == "Karriere Finnmark, Alta"
    assert body["text"].count("Karriere Finnmark") == 1
    county = centres_app.get("/api/career-centres/nearest?county=M%C3%B8re%20og%20Romsdal&language=nn").json()
    assert county["career_centre"]["id"] == "more-og-romsdal-molde"
    assert county["career_centre"]["booking_url"].startswith("https://mrfylke.no/")
    missing = centres_app.get("/api/career-centres/nearest?municipality=Atlantis")
    assert missing.status_code == 404 and missing.json()["code"] == "centre_not_found"
    assert centres_app.get("/api/career-centres/nearest?county=Troms&language=sv").status_code == 422
