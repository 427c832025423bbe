"""Canned replies against a real redis-server: from the file in six languages, filled for one
conversation (county, its career centre, opening hours, the counsellor's first name), replaced
by an admin with validation (422 naming the problem, nothing stored), and who may do what."""

import copy

import pytest

from core import keys
from handover.canned import PLACEHOLDERS, centre_name, file_replies
from tests.conftest import make_client, staff_login
from tests.handover.test_presence import queue

pytestmark = pytest.mark.integration

LANGS = ("nb", "nn", "en", "uk", "pl", "ar")


@pytest.fixture
def app(redis_server, redis_client):
    from tests.conftest import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True,
                     opening_hours="mon-fri 09:00-15:00") as client:
        yield client


def a_set():
    return {"replies": [{"id": "hello", "label": "Hei", "texts": {lang: f"Hei fra {{counsellor}} ({lang})" for lang in LANGS}},
                        {"id": "where", "label": "Hvor", "texts": {lang: f"{{centre}} i {{county}} {lang}" for lang in LANGS}}]}


def test_the_file_has_every_reply_in_six_languages_with_known_placeholders():
    replies = file_replies()
    assert {r["id"] for r in replies} >= {"greeting", "still_there", "career_centre", "opening_hours", "closing"}
    for reply in replies:
        assert set(reply["texts"]) == set(LANGS)
    joined = " ".join(t for r in replies for t in r["texts"].values())
    assert all("{" + p + "}" in joined for p in PLACEHOLDERS)


def test_a_counsellor_reads_them_unfilled_or_filled_for_a_conversation(app, redis_server):
    kari = staff_login(app, "kari", "demo")
    all_languages = app.get("/api/canned-replies", headers=kari)
    assert all_languages.status_code == 200
    assert set(all_languages.json()["replies"][0]["texts"]) == set(LANGS)
    english = app.get("/api/canned-replies?language=en", headers=kari).json()
    greeting = next(r for r in english["replies"] if r["id"] == "greeting")
    assert list(greeting["texts"]) == ["en"] and "{counsellor}" in greeting["texts"]["en"]

    _, _, handover = queue(redis_server, app, language="nb", county="Agder")
    filled = app.get(f"/api/canned-replies?handover_id={handover['id']}", headers=kari).json()
    assert filled["language"] == "nb" and filled["handover_id"] == handover["id"]
    texts = {r["id"]: r["texts"]["nb"] for r in filled["replies"]}
    assert texts["greeting"].startswith("Hei, jeg heter Kari og er karriereveileder.")
    agder = centre_name("Agder")  # the main office's sourced name (knowledge/data/career_centres.yml)
    assert agder and f"hos {agder} i Agder" in texts["career_centre"]
    assert "mandag–fredag 09.00–15.00 (norsk tid)" in texts["opening_hours"]
    assert not any("{" in text for text in texts.values())

    # Another language for the same conversation; an unknown county gets the general words.
    polish = app.get(f"/api/canned-replies?handover_id={handover['id']}&language=pl", headers=kari).json()
    assert f"{agder} w Agder" in next(r for r in polish["replies"] if r["id"] == "career_centre")["texts"]["pl"]
    _, _, nowhere = queue(redis_server, app, language="en", county=None)
    english = app.get(f"/api/canned-replies?handover_id={nowhere['id']}", headers=kari).json()
    centre = next(r for r in english["replies"] if r["id"] == "career_centre")["texts"]["en"]
    assert "from the career centre in your county" in centre
    # A county without a known office: the county, and the centre in general words.
    _, _, far = queue(redis_server, app, language="nn", county="Jan Mayen")
    nynorsk = app.get(f"/api/canned-replies?handover_id={far['id']}", headers=kari).json()
    centre = next(r for r in nynorsk["replies"] if r["id"] == "career_centre")["texts"]["nn"]
    assert "hos karrieresenteret i Jan Mayen" in centre

    missing = app.get("/api/canned-replies?handover_id=h-nope", headers=kari)
    assert missing.status_code == 404 and missing.json()["code"] == "handover_not_found"
    assert app.get("/api/canned-replies?language=de", headers=kari).status_code == 422


def test_an_admin_replaces_the_set_and_counsellors_get_the_new_one(app, redis_server, redis_client):
    admin = staff_login(app, "demo-admin", "demo")
    kari = staff_login(app, "kari", "demo")
    saved = app.put("/api/canned-replies", json=a_set(), headers=admin)
    assert saved.status_code == 200, saved.text
    assert [r["id"] for r in saved.json()["replies"]] == ["hello", "where"]
    assert redis_client.exists(keys.CANNED_REPLIES)
    _, _, handover = queue(redis_server, app, language="uk", county="Agder")
    filled = app.get(f"/api/canned-replies?handover_id={handover['id']}", headers=kari).json()
    assert [r["texts"]["uk"] for r in filled["replies"]] == ["Hei fra Kari (uk)", f"{centre_name('Agder')} i Agder uk"]


@pytest.mark.parametrize("change, code, named", [
    (lambda s: s["replies"][1]["texts"].pop("ar"), "canned_language_missing", "'where' has no text in 'ar'"),
    (lambda s: s["replies"][0]["texts"].update(nn="   "), "canned_language_missing", "'hello' has no text in 'nn'"),
    (lambda s: s["replies"][0]["texts"].update(pl="Hei {name}"), "canned_unknown_placeholder", "{name}"),
    (lambda s: s["replies"][1]["texts"].update(en="Hei {county"), "canned_unknown_placeholder", "'where' in 'en'"),
    (lambda s: s["replies"][0]["texts"].update(de="Hallo"), "canned_unknown_language", "'de'"),
    (lambda s: s["replies"][1].update(id="hello"), "canned_duplicate_id", "'hello' is used twice"),
    (lambda s: s["replies"][1].update(id="Hvor!"), "canned_bad_id", "'Hvor!'"),
    (lambda s: s["replies"][1].update(label=" "), "canned_bad_label", "'where'"),
    (lambda s: s.update(replies=[]), "canned_empty", "at least one"),
])
def test_a_bad_set_is_refused_with_422_naming_the_problem_and_nothing_is_stored(app, redis_client, change, code, named):
    admin = staff_login(app, "demo-admin", "demo")
    body = copy.deepcopy(a_set())
    change(body)
    response = app.put("/api/canned-replies", json=body, headers=admin)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert named in response.json()["detail"]
    assert not redis_client.exists(keys.CANNED_REPLIES)


def test_only_an_admin_replaces_and_only_counsellors_and_admins_read(app, redis_client):
    for username, read, write in (("kari", 200, 403), ("demo-editor", 403, 403), ("demo-evaluator", 403, 403),
                                  ("demo-admin", 200, 200)):
        auth = staff_login(app, username, "demo")
        assert app.get("/api/canned-replies", headers=auth).status_code == read, username
        assert app.put("/api/canned-replies", json=a_set(), headers=auth).status_code == write, username
        if write != 200:
            assert not redis_client.exists(keys.CANNED_REPLIES)
    assert app.get("/api/canned-replies").status_code == 401
    assert app.put("/api/canned-replies", json=a_set()).status_code == 401


def test_kb_search_is_for_counsellors_and_admins(app):
    for username, expected in (("demo-editor", 403), ("demo-evaluator", 403)):
        auth = staff_login(app, username, "demo")
        assert app.get("/api/staff/kb-search?q=karakterpoeng", headers=auth).status_code == expected
    assert app.get("/api/staff/kb-search?q=karakterpoeng").status_code == 401
    kari = staff_login(app, "kari", "demo")
    assert app.get("/api/staff/kb-search?q=k", headers=kari).status_code == 422  # too short
    assert app.get("/api/staff/kb-search?q=karakterpoeng&language=de", headers=kari).status_code == 422


def test_kb_search_answers_with_its_source_link(app):
    """The real index and embedder (var/knowledge), as the console uses them."""
    kari = staff_login(app, "kari", "demo")
    response = app.get("/api/staff/kb-search", params={"q": "Hvordan regnes karakterpoeng ut?", "language": "nb"},
                       headers=kari)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "karakter" in body["answer"]["text"].lower()
    assert body["answer"]["sources"] and body["answer"]["sources"][0]["url"].startswith("https://")
    assert body["hits"] and all(h["url"] for h in body["hits"])
    admin = staff_login(app, "demo-admin", "demo")
    assert app.get("/api/staff/kb-search", params={"q": "studielån"}, headers=admin).status_code == 200


def test_kb_search_without_an_index_is_503(redis_server, redis_client, tmp_path):
    from fastapi.testclient import TestClient

    from assistant.app import create_app
    from core.settings import AssistantSettings, HandoverSettings, KnowledgeSettings
    from tests.conftest import TEST_STAFF, free_port

    closed = f"http://127.0.0.1:{free_port()}"
    app = create_app(AssistantSettings(redis_url=redis_server.url, rasa_url=closed, actions_url=closed),
                     HandoverSettings(seed_roster=False, staff=TEST_STAFF, opening_hours="always"),
                     KnowledgeSettings(index_dir=tmp_path / "no-index"))
    with TestClient(app) as client:
        anna = staff_login(client, "anna", "anna-secret-1")
        response = client.get("/api/staff/kb-search?q=karakterpoeng", headers=anna)
        assert response.status_code == 503 and response.json()["code"] == "kb_unavailable"
