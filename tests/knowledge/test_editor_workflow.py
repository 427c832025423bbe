"""The editors' workflow against the real app and a real Redis, on a temporary copy of the
content: history with diffs and authors, optimistic locking (428 without a version, 409 with
the other editor's name), the optional review step, and closing unanswered-question groups and
content-gap notes."""

from __future__ import annotations

import json

import pytest

from core import keys
from core.settings import KnowledgeSettings
from knowledge.api.deps import get_knowledge_settings
from knowledge.unanswered import make_entry
from tests.conftest import staff_login
from tests.knowledge.conftest import write_corpus

pytestmark = pytest.mark.integration


def _app(offline_app, tmp_path, review_required: bool):
    content = write_corpus(tmp_path / "content")
    settings = KnowledgeSettings(content_dir=content, index_dir=tmp_path / "index", review_required=review_required)
    offline_app.app.dependency_overrides[get_knowledge_settings] = lambda: settings
    offline_app.content_dir = content
    return offline_app


@pytest.fixture
def app(offline_app, tmp_path):
    yield _app(offline_app, tmp_path, False)
    offline_app.app.dependency_overrides.clear()


@pytest.fixture
def review_app(offline_app, tmp_path):
    yield _app(offline_app, tmp_path, True)
    offline_app.app.dependency_overrides.clear()


def login(client, user):
    return staff_login(client, user, "demo")


def load(client, headers, article_id="laereplass"):
    response = client.get(f"/api/articles/{article_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["etag"]


def writable(article):
    return {k: article[k] for k in ("title", "language", "audience", "topics", "counties", "source_url", "reviewed",
                                    "review_by", "status", "body", "questions")}


# -- versions and history ---------------------------------------------------------------------
def test_every_article_carries_its_version_and_questions(app):
    editor = login(app, "demo-editor")
    article, etag = load(app, editor)
    assert etag == f'"{article["version"]}"' and len(article["version"]) == 16
    rows = app.get("/api/articles", headers=editor).json()
    row = next(r for r in rows if r["id"] == "laereplass")
    assert row["version"] == article["version"] and "questions" in row and isinstance(row["questions"], list)
    assert article["review"]["state"] == "published" and article["review"]["required"] is False


def test_a_review_step_without_a_version_is_428_and_writes_nothing(app):
    editor = login(app, "demo-editor")
    article, _ = load(app, editor)
    path = app.content_dir / "nb" / "laereplass.md"
    before = path.read_bytes()
    for action in ("submit-review", "approve", "request-changes"):
        response = app.post(f"/api/articles/laereplass/{action}", headers=editor)
        assert response.status_code == 428 and response.json()["code"] == "article_version_required", (action, response.text)
    assert path.read_bytes() == before
    assert app.get("/api/articles/laereplass/history", headers=editor).json() == []


def test_a_client_of_the_contract_that_sends_no_version_still_changes_and_is_recorded(app):
    """../shared/API.md's PUT/DELETE never asked for a version: such a client keeps working (no
    lock protects it); the change is recorded with its author. An unknown article is still 404."""
    editor = login(app, "demo-editor")
    article, _ = load(app, editor)
    response = app.put("/api/articles/laereplass", json={**writable(article), "title": "Ny tittel"}, headers=editor)
    assert response.status_code == 200 and response.json()["title"] == "Ny tittel"
    history = app.get("/api/articles/laereplass/history", headers=editor).json()
    assert history[0]["author"] == "demo-editor"
    assert app.put("/api/articles/finnes-ikke", json=writable(article), headers=editor).status_code == 404
    assert app.delete("/api/articles/finnes-ikke", headers=editor).status_code == 404


def test_history_records_who_changed_what_with_a_diff(app):
    editor, admin = login(app, "demo-editor"), login(app, "demo-admin")
    article, etag = load(app, editor)
    response = app.put("/api/articles/laereplass", json={**writable(article), "title": "Læreplass: slik får du en"},
                       headers={**editor, "If-Match": etag})
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["changed_by"] == "demo-editor" and saved["version"] != article["version"]
    assert response.headers["etag"] == f'"{saved["version"]}"'
    # The second change sends the version in the body instead of If-Match.
    response = app.post("/api/articles/laereplass/unpublish", json={"version": saved["version"]}, headers=admin)
    assert response.status_code == 200 and response.json()["changed_by"] == "demo-admin"

    history = app.get("/api/articles/laereplass/history", headers=editor).json()
    assert [(h["revision"], h["author"], h["action"]) for h in history] == [
        (3, "demo-admin", "unpublished"), (2, "demo-editor", "updated"), (1, None, "outside_editor")]
    assert history[2]["version"] == article["version"]
    revision = app.get("/api/articles/laereplass/history/2", headers=editor).json()
    assert revision["previous"] == 1 and revision["author"] == "demo-editor"
    assert f"-title: {article['title']}" in revision["diff"]
    assert "+title: 'Læreplass: slik får du en'" in revision["diff"] or "+title: Læreplass: slik får du en" in revision["diff"]
    assert "body" not in revision["diff"] and revision["text"].startswith("---\n")
    third = app.get("/api/articles/laereplass/history/3", headers=editor).json()
    assert "-status: published" in third["diff"] and "+status: draft" in third["diff"]
    assert app.get("/api/articles/laereplass/history/9", headers=editor).json()["code"] == "revision_not_found"
    assert app.get("/api/articles/finnes-ikke/history", headers=editor).status_code == 404
    # The history is files beside the content: a new app (a restart) reads the same.
    assert (app.content_dir / ".history" / "laereplass.jsonl").read_text(encoding="utf-8").count("\n") == 3


def test_a_new_article_starts_its_history_and_a_delete_is_the_last_revision(app):
    editor = login(app, "demo-editor")
    article, _ = load(app, editor)
    created = app.post("/api/articles", json={**writable(article), "id": "ny-laereplass", "status": "draft"},
                       headers=editor)
    assert created.status_code == 201, created.text
    assert created.json()["revision"] == 1 and created.json()["changed_by"] == "demo-editor"
    assert app.delete("/api/articles/ny-laereplass", headers={**editor, "If-Match": created.headers["etag"]}).status_code == 204
    history = app.get("/api/articles/ny-laereplass/history", headers=editor).json()
    assert [h["action"] for h in history] == ["deleted", "created"]
    assert app.get("/api/articles/ny-laereplass/history/2", headers=editor).json()["diff"].startswith("--- ny-laereplass r1")


def test_a_stale_save_is_409_with_the_other_editors_name(app):
    first, second = login(app, "demo-editor"), login(app, "demo-admin")
    article, etag = load(app, first)
    _, same_etag = load(app, second)
    assert etag == same_etag
    ok = app.put("/api/articles/laereplass", json={**writable(article), "title": "Først lagret"},
                 headers={**first, "If-Match": etag})
    assert ok.status_code == 200
    path = app.content_dir / "nb" / "laereplass.md"
    saved = path.read_bytes()
    late = app.put("/api/articles/laereplass", json={**writable(article), "title": "Sist lagret"},
                   headers={**second, "If-Match": etag})
    assert late.status_code == 409
    body = late.json()
    assert body["code"] == "article_version_conflict" and body["changed_by"] == "demo-editor"
    assert body["current_version"] == ok.json()["version"] and body["changed_at"] == ok.json()["changed_at"]
    assert path.read_bytes() == saved  # the first editor's text is kept
    for action in ("publish", "unpublish"):
        response = app.post(f"/api/articles/laereplass/{action}", headers={**second, "If-Match": etag})
        assert response.status_code == 409 and response.json()["changed_by"] == "demo-editor"
    assert app.delete("/api/articles/laereplass", params={"version": article["version"]}, headers=second).status_code == 409
    assert path.exists()


def test_a_change_by_hand_on_disk_is_a_conflict_too(app):
    editor = login(app, "demo-editor")
    article, etag = load(app, editor)
    path = app.content_dir / "nb" / "laereplass.md"
    path.write_text(path.read_text(encoding="utf-8").replace(article["title"], "Endret for hånd"), encoding="utf-8")
    response = app.put("/api/articles/laereplass", json=writable(article), headers={**editor, "If-Match": etag})
    assert response.status_code == 409 and response.json()["changed_by"] is None
    assert "Endret for hånd" in path.read_text(encoding="utf-8")


# -- review -----------------------------------------------------------------------------------
def test_review_flow_with_a_second_editor(review_app):
    app = review_app
    author, reviewer = login(app, "demo-editor"), login(app, "demo-admin")
    article, etag = load(app, author, "utkast")
    assert article["review"] == {**article["review"], "state": "draft", "required": True}
    # Publishing without an approval is refused, and so is creating an article as published.
    response = app.post("/api/articles/utkast/publish", headers={**author, "If-Match": etag})
    assert response.status_code == 409 and response.json()["code"] == "review_required"
    created = app.post("/api/articles", json={**writable(article), "id": "rett-ut", "status": "published"},
                       headers=author)
    assert created.status_code == 409 and created.json()["code"] == "review_required"
    assert not (app.content_dir / "nb" / "rett-ut.md").exists()
    # The reviewer cannot approve a draft nobody submitted.
    assert app.post("/api/articles/utkast/approve", headers={**reviewer, "If-Match": etag}).json()["code"] == "review_not_pending"

    submitted = app.post("/api/articles/utkast/submit-review", headers={**author, "If-Match": etag})
    assert submitted.status_code == 200, submitted.text
    review = submitted.json()["review"]
    assert review["state"] == "in_review" and review["submitted_by"] == "demo-editor"
    assert app.post("/api/articles/utkast/submit-review", headers={**author, "If-Match": etag}).json()["code"] == \
        "review_already_pending"
    # The author cannot approve their own change.
    refused = app.post("/api/articles/utkast/approve", headers={**author, "If-Match": etag})
    assert refused.status_code == 403 and refused.json()["code"] == "review_self_approval"

    # Changes requested, then a new version, submitted again and approved by the other editor.
    back = app.post("/api/articles/utkast/request-changes", json={"version": article["version"], "comment": "Kilde?"},
                    headers=reviewer)
    assert back.status_code == 200 and back.json()["review"]["state"] == "changes_requested"
    assert back.json()["review"]["comment"] == "Kilde?" and back.json()["review"]["decided_by"] == "demo-admin"
    edited = app.put("/api/articles/utkast", json={**writable(article), "title": "Utkast med kilde"},
                     headers={**author, "If-Match": etag}).json()
    assert edited["review"]["state"] == "draft"  # a new version needs a new review
    etag = f'"{edited["version"]}"'
    app.post("/api/articles/utkast/submit-review", headers={**author, "If-Match": etag})
    approved = app.post("/api/articles/utkast/approve", headers={**reviewer, "If-Match": etag})
    assert approved.status_code == 200 and approved.json()["review"]["state"] == "approved"
    assert approved.json()["review"]["decided_by"] == "demo-admin"
    published = app.post("/api/articles/utkast/publish", headers={**author, "If-Match": etag})
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["review"]["state"] == "published"


def test_an_approval_of_an_older_version_does_not_count(review_app):
    app = review_app
    author, reviewer = login(app, "demo-editor"), login(app, "demo-admin")
    article, etag = load(app, author, "utkast")
    app.post("/api/articles/utkast/submit-review", headers={**author, "If-Match": etag})
    assert app.post("/api/articles/utkast/approve", headers={**reviewer, "If-Match": etag}).status_code == 200
    changed = app.put("/api/articles/utkast", json={**writable(article), "body": article["body"] + "\nMer tekst.\n"},
                      headers={**author, "If-Match": etag}).json()
    response = app.post("/api/articles/utkast/publish", headers={**author, "If-Match": f'"{changed["version"]}"'})
    assert response.status_code == 409 and response.json()["code"] == "review_required"


def test_without_the_review_setting_publishing_needs_no_approval(app):
    editor = login(app, "demo-editor")
    _, etag = load(app, editor, "utkast")
    assert app.post("/api/articles/utkast/publish", headers={**editor, "If-Match": etag}).status_code == 200


# -- reports: closing questions and notes -----------------------------------------------------
def _questions(redis_client):
    for text in ("Hvordan får jeg læreplass som voksen?", "Hvordan får jeg læreplass når jeg er voksen?",
                 "Kan jeg studere i Polen med lån?"):
        redis_client.lpush(keys.UNANSWERED_QUESTIONS, json.dumps(make_entry(text, "nb", 0.2), ensure_ascii=False))


def test_an_unanswered_group_is_closed_as_answered_by_an_article(app, redis_client):
    editor = login(app, "demo-editor")
    _questions(redis_client)
    report = app.get("/api/reports/unanswered", headers=editor).json()
    assert report["total"] == 3
    group = next(g for g in report["groups"] if "læreplass" in g["question"])
    assert group["count"] == 2 and group["id"] and group["resolution"] is None

    bad = app.post(f"/api/reports/unanswered/{group['id']}/resolve",
                   json={"resolution": "answered", "article_id": "finnes-ikke"}, headers=editor)
    assert bad.status_code == 422 and bad.json()["code"] == "resolution_article_unknown"
    bad = app.post(f"/api/reports/unanswered/{group['id']}/resolve", json={"resolution": "wont_answer"}, headers=editor)
    assert bad.status_code == 422 and bad.json()["code"] == "resolution_reason_required"
    bad = app.post(f"/api/reports/unanswered/{group['id']}/resolve", json={"resolution": "kanskje"}, headers=editor)
    assert bad.status_code == 422
    assert redis_client.hlen(keys.UNANSWERED_CLOSED) == 0  # nothing stored from bad input

    done = app.post(f"/api/reports/unanswered/{group['id']}/resolve",
                    json={"resolution": "answered", "article_id": "laereplass"}, headers=editor)
    assert done.status_code == 200, done.text
    assert done.json()["resolution"]["article_id"] == "laereplass" and done.json()["resolution"]["by"] == "demo-editor"
    open_report = app.get("/api/reports/unanswered", headers=editor).json()
    assert open_report["total"] == 1 and all("læreplass" not in g["question"] for g in open_report["groups"])
    closed = app.get("/api/reports/unanswered", params={"status": "closed"}, headers=editor).json()
    assert closed["total"] == 2 and len(closed["groups"]) == 1
    assert closed["groups"][0]["resolution"]["resolution"] == "answered" and closed["groups"][0]["count"] == 2
    again = app.post(f"/api/reports/unanswered/{group['id']}/resolve",
                     json={"resolution": "answered", "article_id": "laereplass"}, headers=editor)
    assert again.status_code == 404 and again.json()["code"] == "question_group_not_found"


def test_a_content_gap_is_closed_as_wont_answer(app, redis_client):
    editor = login(app, "demo-editor")
    for note in ("Mangler noe om fagskole i Finnmark", "Ingenting om lærlinglønn"):
        redis_client.lpush(keys.CONTENT_GAPS, json.dumps({"at": "2026-11-30T10:00:00+01:00", "counsellor": "anna",
                                                          "handover_id": "h1", "language": "nb", "need": "information",
                                                          "note": note}, ensure_ascii=False))
    gaps = app.get("/api/reports/content-gaps", headers=editor).json()
    assert len(gaps) == 2 and all(g["id"] and g["resolution"] is None for g in gaps)
    target = next(g for g in gaps if "Finnmark" in g["note"])
    bad = app.post(f"/api/reports/content-gaps/{target['id']}/resolve", json={"resolution": "wont_answer", "reason": "  "},
                   headers=editor)
    assert bad.status_code == 422 and bad.json()["code"] == "resolution_reason_required"
    assert app.post("/api/reports/content-gaps/ukjent/resolve", json={"resolution": "wont_answer", "reason": "x"},
                    headers=editor).json()["code"] == "content_gap_not_found"
    assert redis_client.hlen(keys.CONTENT_GAPS_CLOSED) == 0
    done = app.post(f"/api/reports/content-gaps/{target['id']}/resolve",
                    json={"resolution": "wont_answer", "reason": "Dekkes av fylkets egne sider"}, headers=editor)
    assert done.status_code == 200 and done.json()["resolution"]["reason"] == "Dekkes av fylkets egne sider"
    assert [g["note"] for g in app.get("/api/reports/content-gaps", headers=editor).json()] == ["Ingenting om lærlinglønn"]
    closed = app.get("/api/reports/content-gaps", params={"status": "closed"}, headers=editor).json()
    assert [g["note"] for g in closed] == ["Mangler noe om fagskole i Finnmark"]
    assert closed[0]["resolution"]["resolution"] == "wont_answer"
    other = next(g for g in gaps if g["id"] != target["id"])
    done = app.post(f"/api/reports/content-gaps/{other['id']}/resolve",
                    json={"resolution": "answered", "article_id": "laereplass"}, headers=editor)
    assert done.status_code == 200 and app.get("/api/reports/content-gaps", headers=editor).json() == []


@pytest.mark.parametrize("method, path", [
    ("get", "/api/articles/laereplass/history"),
    ("get", "/api/articles/laereplass/history/1"),
    ("post", "/api/articles/laereplass/submit-review"),
    ("post", "/api/articles/laereplass/approve"),
    ("post", "/api/articles/laereplass/request-changes"),
    ("post", "/api/reports/unanswered/x/resolve"),
    ("post", "/api/reports/content-gaps/x/resolve"),
])
def test_only_editors_reach_the_workflow(app, method, path):
    body = {"json": {"resolution": "wont_answer", "reason": "x"}} if "resolve" in path else {}
    assert getattr(app, method)(path, **body).status_code == 401
    for user in ("demo-counsellor", "demo-evaluator"):
        response = getattr(app, method)(path, headers=login(app, user), **body)
        assert response.status_code == 403, (user, path)
