"""The editor API against the real app and a real Redis: articles (CRUD, publish), validation
with field-level errors, the background index rebuild, and the reports."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import yaml

from core import keys
from knowledge.api.deps import get_knowledge_settings
from knowledge.articles import split_front_matter
from core.settings import KnowledgeSettings
from tests.conftest import staff_login
from tests.knowledge.conftest import write_corpus

pytestmark = pytest.mark.integration

NEW = {
    "id": "ny-artikkel",
    "title": "Ny artikkel om fagbrev",
    "language": "nb",
    "audience": ["youth"],
    "topics": ["fagbrev"],
    "source_url": "https://www.vilbli.no/",
    "reviewed": "2026-10-01",
    "review_by": "2027-10-01",
    "body": "Fagbrev får du etter bestått fagprøve.\n\n## Hvor lang tid tar det?\n\nDet tar som regel fire år.\n",
}


@pytest.fixture
def editor_app(offline_app, tmp_path):
    content = write_corpus(tmp_path / "content")
    settings = KnowledgeSettings(content_dir=content, index_dir=tmp_path / "index")
    offline_app.app.dependency_overrides[get_knowledge_settings] = lambda: settings
    offline_app.content_dir = content
    offline_app.knowledge_settings = settings
    yield offline_app
    offline_app.app.dependency_overrides.clear()


@pytest.fixture
def editor(editor_app):
    return staff_login(editor_app, "demo-editor", "demo")


def at(client, article_id, headers):
    """``headers`` plus ``If-Match``: the article's version now (every change needs it)."""
    return {**headers, "If-Match": client.get(f"/api/articles/{article_id}", headers=headers).headers["etag"]}


def snapshot(content_dir):
    return {p.relative_to(content_dir).as_posix(): p.read_bytes() for p in content_dir.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


# -- access -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/articles"),
        ("post", "/api/articles"),
        ("get", "/api/articles/laereplass"),
        ("put", "/api/articles/laereplass"),
        ("delete", "/api/articles/laereplass"),
        ("post", "/api/articles/laereplass/publish"),
        ("post", "/api/articles/laereplass/unpublish"),
        ("post", "/api/index/rebuild"),
        ("get", "/api/index/status"),
        ("get", "/api/reports/unanswered"),
        ("get", "/api/reports/stale"),
    ],
)
def test_every_editor_endpoint_needs_an_editor(editor_app, method, path):
    body = {"json": NEW} if method in ("post", "put") else {}
    assert getattr(editor_app, method)(path, **body).status_code == 401
    for user in ("demo-counsellor", "demo-evaluator"):
        headers = staff_login(editor_app, user, "demo")
        response = getattr(editor_app, method)(path, headers=headers, **body)
        assert response.status_code == 403, (user, path, response.text)
    assert "laereplass.md" in " ".join(snapshot(editor_app.content_dir))  # nothing was deleted


def test_admin_may_edit_too(editor_app):
    admin = staff_login(editor_app, "demo-admin", "demo")
    assert editor_app.get("/api/articles", headers=admin).status_code == 200


# -- articles ---------------------------------------------------------------------------------
def test_list_and_filter_articles(editor_app, editor):
    rows = editor_app.get("/api/articles", headers=editor).json()
    assert {r["id"] for r in rows} >= {"soknadsfrister", "lanekassen-stotte-en", "utkast", "godkjenning-uk"}
    row = next(r for r in rows if r["id"] == "lanekassen-stotte-en")
    assert row["language"] == "en" and row["translation_of"] == "lanekassen-stotte" and row["valid"] is True
    assert row["path"] == "en/lanekassen-stotte-en.md" and row["reviewed"] == "2026-10-15"
    drafts = editor_app.get("/api/articles", params={"status": "draft"}, headers=editor).json()
    assert [r["id"] for r in drafts] == ["utkast"]
    english = editor_app.get("/api/articles", params={"language": "en"}, headers=editor).json()
    assert {r["language"] for r in english} == {"en"}
    found = editor_app.get("/api/articles", params={"q": "lånekassen"}, headers=editor).json()
    assert {r["id"] for r in found} == {"lanekassen-stotte", "lanekassen-stotte-en"}


def test_create_read_update_delete(editor_app, editor):
    created = editor_app.post("/api/articles", json=NEW, headers=editor)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/api/articles/ny-artikkel"
    article = created.json()
    assert article["status"] == "draft"  # new articles start as drafts
    assert article["body"].startswith("Fagbrev får du")
    path = editor_app.content_dir / "nb" / "ny-artikkel.md"
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert meta["id"] == "ny-artikkel" and meta["reviewed"] == dt.date(2026, 10, 1) and meta["status"] == "draft"
    assert list(meta)[:3] == ["id", "title", "language"]

    got = editor_app.get("/api/articles/ny-artikkel", headers=editor).json()
    assert got["title"] == NEW["title"] and got["valid"] is True

    changed = {**NEW, "title": "Fagbrev: slik går det til", "body": "Ny tekst om fagbrev.\n"}
    replaced = editor_app.put("/api/articles/ny-artikkel", json=changed, headers=at(editor_app, "ny-artikkel", editor))
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["title"] == "Fagbrev: slik går det til"
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["title"] == "Fagbrev: slik går det til"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == [] or all(
        not p.name.endswith(".tmp") for p in path.parent.iterdir())  # no temp files left behind

    assert editor_app.delete("/api/articles/ny-artikkel", headers=at(editor_app, "ny-artikkel", editor)).status_code == 204
    assert not path.exists()
    assert editor_app.get("/api/articles/ny-artikkel", headers=editor).status_code == 404


def test_changing_the_language_moves_the_file(editor_app, editor):
    current = editor_app.get("/api/articles/godkjenning-uk", headers=editor).json()
    body = {k: current[k] for k in ("title", "audience", "topics", "counties", "source_url", "reviewed", "review_by",
                                    "status", "body")}
    response = editor_app.put("/api/articles/godkjenning-uk", json={**body, "language": "pl"}, headers=at(editor_app, "godkjenning-uk", editor))
    assert response.status_code == 200, response.text
    assert (editor_app.content_dir / "pl" / "godkjenning-uk.md").exists()
    assert not (editor_app.content_dir / "uk" / "godkjenning-uk.md").exists()


def test_publish_and_unpublish(editor_app, editor):
    response = editor_app.post("/api/articles/utkast/publish", headers=at(editor_app, "utkast", editor))
    assert response.status_code == 200 and response.json()["status"] == "published"
    meta, _ = split_front_matter((editor_app.content_dir / "nb" / "utkast.md").read_text(encoding="utf-8"))
    assert meta["status"] == "published"
    response = editor_app.post("/api/articles/utkast/unpublish", headers=at(editor_app, "utkast", editor))
    assert response.status_code == 200 and response.json()["status"] == "draft"


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/articles/finnes-ikke"),
        ("put", "/api/articles/finnes-ikke"),
        ("delete", "/api/articles/finnes-ikke"),
        ("post", "/api/articles/finnes-ikke/publish"),
        ("post", "/api/articles/finnes-ikke/unpublish"),
    ],
)
def test_unknown_article_is_404(editor_app, editor, method, path):
    body = {"json": {**NEW, "id": "finnes-ikke"}} if method == "put" else {}
    response = getattr(editor_app, method)(path, headers=editor, **body)
    assert response.status_code == 404
    assert "finnes-ikke" in response.json()["detail"]


@pytest.mark.parametrize(
    "change, fields",
    [
        ({"title": "  "}, {"title"}),
        ({"language": "de"}, {"language"}),
        ({"id": "Ikke Slug"}, {"id"}),
        ({"id": "soknadsfrister"}, {"id"}),  # taken
        ({"reviewed": "i går", "review_by": "2027-13-01"}, {"reviewed", "review_by"}),
        ({"review_by": "2026-01-01"}, {"review_by"}),  # before reviewed
        ({"source_url": "vilbli"}, {"source_url"}),
        ({"audience": [], "topics": ["fiske"]}, {"audience", "topics"}),
        ({"counties": ["Atlantis"]}, {"counties"}),
        ({"language": "en", "translation_of": "finnes-ikke"}, {"translation_of"}),
        ({"status": "kanskje"}, {"status"}),
        ({"body": "   "}, {"body"}),
        ({"colour": "blue"}, {"colour"}),
    ],
)
def test_invalid_article_is_422_with_field_errors_and_nothing_written(editor_app, editor, redis_client, change, fields):
    before = snapshot(editor_app.content_dir)
    response = editor_app.post("/api/articles", json={**NEW, **change}, headers=editor)
    assert response.status_code == 422, response.text
    data = response.json()
    assert {e["field"] for e in data["errors"]} == fields, data
    assert all(e["message"] for e in data["errors"])
    assert data["detail"].startswith("the article was not saved")
    assert snapshot(editor_app.content_dir) == before
    assert redis_client.keys("vv:knowledge:*") == []


@pytest.mark.parametrize(
    "change, field, code, params",
    [
        ({"id": "soknadsfrister"}, "id", "id_taken", {"value": "soknadsfrister"}),
        ({"id": "Ikke Slug"}, "id", "id_format", {}),
        ({"counties": ["Vestland", "Atlantis"]}, "counties", "unknown_county", {"value": "Atlantis"}),
        ({"review_by": "2026-01-01"}, "review_by", "review_before_reviewed", {}),
        ({"reviewed": "i går"}, "reviewed", "date_format", {}),
        ({"topics": ["fiske"]}, "topics", "unknown_topic", {"value": "fiske"}),
        ({"language": "de"}, "language", "unknown_language", {"value": "de"}),
        ({"language": "en", "translation_of": "finnes-ikke"}, "translation_of", "translation_missing",
         {"value": "finnes-ikke"}),
        ({"translation_of": "soknadsfrister"}, "translation_of", "original_not_translation", {}),
        ({"source_url": "vilbli"}, "source_url", "url_format", {}),
        ({"title": "  "}, "title", "empty", {}),
        ({"body": "x" * 100_001}, "body", "too_long", {"max": 100_000}),
        ({"colour": "blue"}, "colour", "unknown_field", {}),
    ],
)
def test_field_errors_carry_a_code_and_params(editor_app, editor, change, field, code, params):
    response = editor_app.post("/api/articles", json={**NEW, **change}, headers=editor)
    assert response.status_code == 422, response.text
    data = response.json()
    assert data["code"] == "article_invalid"
    assert all(set(e) == {"field", "message", "code", "params"} for e in data["errors"]), data
    assert {"field": field, "code": code, "params": params} in [
        {k: e[k] for k in ("field", "code", "params")} for e in data["errors"]], data


def test_update_errors_carry_codes_and_file_errors_too(editor_app, editor):
    current = editor_app.get("/api/articles/lanekassen-stotte", headers=editor).json()
    body = {k: current[k] for k in ("title", "language", "audience", "topics", "counties", "source_url", "reviewed",
                                    "review_by", "status", "body")}
    response = editor_app.put("/api/articles/lanekassen-stotte", json={**body, "id": "annen-id", "language": "nn"},
                              headers=at(editor_app, "lanekassen-stotte", editor))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"field": "id", "message": "must stay 'lanekassen-stotte' (create a new article to change the id)",
            "code": "id_changed", "params": {"value": "lanekassen-stotte"}} in errors
    assert {"field": "language", "message": "must stay nb: lanekassen-stotte-en translate this article",
            "code": "original_must_stay_nb", "params": {"translations": "lanekassen-stotte-en"}} in errors
    # A file broken by hand: the list and the article name the code as well.
    (editor_app.content_dir / "nb" / "odelagt.md").write_text("ingen front matter her\n", encoding="utf-8")
    row = next(r for r in editor_app.get("/api/articles", headers=editor).json() if r["id"] == "odelagt")
    assert [(e["field"], e["code"]) for e in row["errors"]] == [("front_matter", "front_matter_missing")]
    response = editor_app.post("/api/articles/odelagt/publish", headers=at(editor_app, "odelagt", editor))
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["front_matter_missing"]


def test_invalid_update_and_publish_write_nothing(editor_app, editor):
    before = snapshot(editor_app.content_dir)
    current = editor_app.get("/api/articles/laereplass", headers=editor).json()
    body = {k: current[k] for k in ("title", "language", "audience", "topics", "counties", "source_url", "reviewed",
                                    "review_by", "status", "body")}
    response = editor_app.put("/api/articles/laereplass", json={**body, "topics": ["snekring"]}, headers=at(editor_app, "laereplass", editor))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "topics"
    response = editor_app.put("/api/articles/laereplass", json={**body, "id": "annen-id"}, headers=at(editor_app, "laereplass", editor))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "id"
    # An original with a translation cannot stop being bokmål, nor be deleted.
    response = editor_app.put("/api/articles/lanekassen-stotte", json={**body, "language": "nn"}, headers=at(editor_app, "lanekassen-stotte", editor))
    assert response.status_code == 422 and "language" in {e["field"] for e in response.json()["errors"]}
    assert editor_app.delete("/api/articles/lanekassen-stotte", headers=at(editor_app, "lanekassen-stotte", editor)).status_code == 409
    # A file broken by hand is reported, and publishing it is refused.
    broken = editor_app.content_dir / "nb" / "odelagt.md"
    broken.write_text("ingen front matter her\n", encoding="utf-8")
    before["nb/odelagt.md"] = broken.read_bytes()
    row = editor_app.get("/api/articles/odelagt", headers=editor).json()
    assert row["valid"] is False and row["errors"][0]["field"] == "front_matter"
    response = editor_app.post("/api/articles/odelagt/publish", headers=at(editor_app, "odelagt", editor))
    assert response.status_code == 422
    assert snapshot(editor_app.content_dir) == before


def test_malformed_json_is_refused(editor_app, editor):
    response = editor_app.post("/api/articles", content=b"{nope", headers={**editor, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert "detail" in response.json()


# -- index ------------------------------------------------------------------------------------
def test_rebuild_runs_in_the_background_one_at_a_time(editor_app, editor):
    status = editor_app.get("/api/index/status", headers=editor).json()
    assert status["state"] == "idle" and status["last_result"] is None
    started = editor_app.post("/api/index/rebuild", headers=editor)
    assert started.status_code == 202, started.text
    assert started.json()["state"] == "running"
    assert editor_app.post("/api/index/rebuild", headers=editor).status_code == 409
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status = editor_app.get("/api/index/status", headers=editor).json()
        if status["state"] != "running":
            break
        time.sleep(0.5)
    assert status["state"] == "done", status.get("error")
    assert status["chunks_total"] > 0 and status["chunks_done"] == status["chunks_total"]
    result = status["last_result"]
    assert result["articles"] == 8 and result["written"] is True and result["embedded"] == result["chunks"]
    assert (editor_app.knowledge_settings.index_dir / "current" / "manifest.json").exists()

    # Publishing the draft and rebuilding embeds only the new article.
    assert editor_app.post("/api/articles/utkast/publish", headers=at(editor_app, "utkast", editor)).status_code == 200
    assert editor_app.post("/api/index/rebuild", json={"force": False}, headers=editor).status_code == 202
    while editor_app.get("/api/index/status", headers=editor).json()["state"] == "running":
        time.sleep(0.5)
    result = editor_app.get("/api/index/status", headers=editor).json()["last_result"]
    assert result["added"] == ["utkast"] and result["embedded"] == 1 and result["articles"] == 9


# -- reports ----------------------------------------------------------------------------------
def test_unanswered_report_groups_similar_questions(editor_app, editor, redis_client):
    from knowledge.unanswered import make_entry, record

    now = dt.datetime.now(dt.timezone.utc)
    questions = [
        ("Hvordan søker jeg permisjon fra jobben?", "nb", ["søk", "permisjon", "jobb"], 3),
        ("hvordan søke permisjon fra jobb", "nb", ["søk", "permisjon", "jobb"], 2),
        ("Søke permisjon jobben, jeg heter Kari Nordmann, ring 91234567", "nb", ["søk", "permisjon", "jobb", "navn"], 1),
        ("Can I get a student visa?", "en", ["student", "visa"], 5),
        ("Gammelt spørsmål om fiske", "nb", ["gammel", "fiske"], 3 * 24 * 60),
    ]
    for text, language, terms, minutes_ago in questions:
        record(redis_client, make_entry(text, language, 0.2, terms, at=now - dt.timedelta(minutes=minutes_ago)))
    report = editor_app.get("/api/reports/unanswered", headers=editor).json()
    assert report["total"] == 5
    first = report["groups"][0]
    assert first["count"] == 3 and first["languages"] == ["nb"]
    assert first["question"] == "Søke permisjon jobben, jeg heter <navn>, ring <telefon>"  # the latest wording
    assert first["last_seen"] > first["first_seen"]
    assert len(first["examples"]) == 3
    assert not any("Kari" in e or "91234567" in e for e in json.dumps(report).split('"'))
    assert {g["count"] for g in report["groups"][1:]} == {1}
    recent = editor_app.get("/api/reports/unanswered", params={"days": 1}, headers=editor).json()
    assert recent["total"] == 4
    english = editor_app.get("/api/reports/unanswered", params={"language": "en"}, headers=editor).json()
    assert [g["question"] for g in english["groups"]] == ["Can I get a student visa?"]
    assert redis_client.llen(keys.UNANSWERED_QUESTIONS) == 5


def test_stale_report_lists_published_articles_past_review_by(editor_app, editor):
    today = dt.date.today()
    old = {**NEW, "id": "gammel", "status": "published", "reviewed": (today - dt.timedelta(days=400)).isoformat(),
           "review_by": (today - dt.timedelta(days=10)).isoformat()}
    draft = {**old, "id": "gammelt-utkast", "status": "draft"}
    soon = {**old, "id": "snart", "review_by": (today + dt.timedelta(days=5)).isoformat()}
    for article in (old, draft, soon):
        assert editor_app.post("/api/articles", json=article, headers=editor).status_code == 201
    rows = editor_app.get("/api/reports/stale", headers=editor).json()
    assert [r["id"] for r in rows] == ["gammel"]
    assert rows[0]["days_overdue"] in (9, 10, 11) and rows[0]["path"] == "nb/gammel.md"
    rows = editor_app.get("/api/reports/stale", params={"within_days": 30}, headers=editor).json()
    assert [r["id"] for r in rows] == ["gammel", "snart"]
