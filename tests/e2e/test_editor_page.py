"""The editor page in Debian's Chromium: only editors get in; a new article with a wrong field
shows the API's error next to that field and keeps what was typed; fixed, it is saved as a
draft, published and found in the list; articles overdue for review are marked; the index is
rebuilt with progress; the two reports show what to write next.

The app runs as a real server on a copy of the test corpus in a tmp folder
(``KNOWLEDGE_CONTENT_DIR`` / ``KNOWLEDGE_INDEX_DIR``), so nothing lands in knowledge/content/ or
var/knowledge/ of the repo. The page needs neither Rasa nor the action server, so they are not
started (the fixture waits for the page, not for /health)."""

import datetime as dt
import json
import re

import httpx
import pytest
from playwright.sync_api import expect

from core import keys
from knowledge.articles import split_front_matter
from core.settings import KNOWLEDGE_DIR as PACKAGE_DIR
from knowledge.unanswered import make_entry, record
from tests.knowledge.conftest import write_corpus
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1366, "height": 768}
NEW_ID = "fagbrev-for-voksne"


@pytest.fixture
def editor_server(redis_server, redis_client, tmp_path):
    content = write_corpus(tmp_path / "content")
    index = tmp_path / "index"
    closed = f"http://127.0.0.1:{free_port()}"  # no Rasa, no action server: the editor page does not need them
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed,
           "HANDOVER_OPENING_HOURS": "always", "KNOWLEDGE_CONTENT_DIR": str(content), "KNOWLEDGE_INDEX_DIR": str(index)}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/editor", timeout=5).status_code == 200, 60)
    yield {"url": url, "content": content, "index": index}
    service.stop()


def login(page, url: str, username: str) -> None:
    page.goto(f"{url}/editor")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")


def test_editor_page(editor_server, browser, redis_client, tmp_path):
    url, content = editor_server["url"], editor_server["content"]
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # A counsellor is turned away with a clear message.
    login(page, url, "demo-counsellor")
    expect(page.locator("#login-error")).to_contain_text("bare for redaktører")
    expect(page.locator("#work-view")).to_be_hidden()

    # An article overdue for review, and what the reports will show.
    token = httpx.post(f"{url}/api/auth/login", json={"username": "demo-editor", "password": "demo"}, timeout=30).json()["token"]
    today = dt.date.today()
    overdue = {"id": "gammel-artikkel", "title": "Gammel artikkel om fagskole", "language": "nb", "audience": ["adults"],
               "topics": ["fagskole"], "source_url": "https://www.fagskole.no/", "status": "published",
               "reviewed": (today - dt.timedelta(days=400)).isoformat(),
               "review_by": (today - dt.timedelta(days=12)).isoformat(), "body": "Fagskole er høyere yrkesfaglig utdanning.\n"}
    created = httpx.post(f"{url}/api/articles", json=overdue, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert created.status_code == 201, created.text
    for minutes in (5, 3):
        record(redis_client, make_entry("Hvordan søker jeg permisjon fra jobben?", "nb", 0.2,
                                        ["søk", "permisjon", "jobb"],
                                        at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)))
    redis_client.lpush(keys.CONTENT_GAPS, json.dumps({
        "at": "2026-11-20T10:00:00+00:00", "counsellor": "per", "handover_id": "h1", "language": "nb",
        "need": "reflective", "note": "Mangler en artikkel om realfagskrav til ingeniørstudier"}, ensure_ascii=False))

    # The editor gets in and sees the list, the overdue article marked.
    login(page, url, "demo-editor")
    expect(page.locator("#who")).to_contain_text("demo-editor")
    rows = page.locator("#articles tbody tr")
    expect(rows.filter(has_text="Søknadsfrister i Samordna opptak")).to_have_count(1)
    stale = rows.filter(has_text="Gammel artikkel om fagskole")
    expect(stale).to_contain_text(re.compile(r"Forfalt \((11|12|13) dager\)"))
    expect(stale).to_have_class("stale")
    page.check("#f-stale")
    expect(rows).to_have_count(1)
    page.uncheck("#f-stale")

    # A new article with a wrong source URL: the error is next to the field, nothing is lost or written.
    page.click("#new")
    expect(page.locator("#a-title")).to_be_focused()
    page.fill("#a-title", "Fagbrev for voksne")
    expect(page.locator("#a-id")).to_have_value(NEW_ID)  # suggested from the title
    page.get_by_label("Voksne", exact=True).check()
    page.locator("#a-topics").get_by_label("Fagbrev", exact=True).check()
    page.fill("#a-source_url", "vilbli")
    body = "Voksne kan ta fagbrev som praksiskandidat.\n\n## Hvem kan bli praksiskandidat?\n\nDu trenger fem års allsidig praksis.\n"
    page.fill("#a-body", body)
    page.click("#save")
    expect(page.locator("#err-source_url")).to_contain_text("nettadresse")
    expect(page.locator("#a-source_url")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#a-source_url")).to_be_focused()
    expect(page.locator("#form-error")).to_contain_text("ble ikke lagret")
    expect(page.locator("#err-title")).to_be_hidden()
    expect(page.locator("#a-title")).to_have_value("Fagbrev for voksne")
    expect(page.locator("#a-body")).to_have_value(body)
    assert not (content / "nb" / f"{NEW_ID}.md").exists()
    page.screenshot(path=str(tmp_path / "editor-error.png"))

    # Fixed and saved: a draft.
    page.fill("#a-source_url", "https://www.vilbli.no/")
    page.press("#a-source_url", "Enter")
    expect(page.locator("#notice")).to_contain_text("opprettet som utkast")
    expect(page.locator("#form-status")).to_have_text("Utkast")
    expect(page.locator("#err-source_url")).to_be_hidden()
    expect(page.locator("#a-id")).to_have_attribute("readonly", "")
    path = content / "nb" / f"{NEW_ID}.md"
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert meta["status"] == "draft" and meta["audience"] == ["adults"] and meta["source_url"] == "https://www.vilbli.no/"

    # Published, and found in the list by its title.
    page.click("#publish")
    expect(page.locator("#form-status")).to_have_text("Publisert")
    expect(page.locator("#unpublish")).to_be_visible()
    assert split_front_matter(path.read_text(encoding="utf-8"))[0]["status"] == "published"
    page.select_option("#f-status", "published")
    page.fill("#f-q", "voksne")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Fagbrev for voksne")
    expect(rows.first).to_contain_text("Publisert")
    expect(rows.first).to_have_attribute("aria-current", "true")

    # Rebuild the index and follow it to the end.
    page.click("#rebuild")
    expect(page.locator("#index-status")).to_contain_text("Bygger indeksen")
    expect(page.locator("#rebuild")).to_be_disabled()
    expect(page.locator("#index-status")).to_contain_text("ferdig bygget", timeout=300_000)
    expect(page.locator("#index-status")).to_contain_text("10 artikler")
    expect(page.locator("#rebuild")).to_be_enabled()
    assert (editor_server["index"] / "current" / "manifest.json").exists()
    page.screenshot(path=str(tmp_path / "editor-articles.png"))

    # What to write next: the unanswered questions (grouped) and the counsellors' notes.
    page.click("#tab-unanswered")
    expect(page.locator("#panel-articles")).to_be_hidden()
    first = page.locator("#unanswered tbody tr").first
    expect(first).to_contain_text("Hvordan søker jeg permisjon fra jobben?")
    expect(first.locator("td.num")).to_have_text("2")
    page.keyboard.press("ArrowRight")  # tabs move with the arrow keys
    expect(page.locator("#tab-gaps")).to_be_focused()
    expect(page.locator("#gaps tbody tr")).to_contain_text("Mangler en artikkel om realfagskrav til ingeniørstudier")
    expect(page.locator("#gaps tbody tr")).to_contain_text("per")
    page.screenshot(path=str(tmp_path / "editor-gaps.png"))

    # Delete the overdue article, after a confirmation.
    page.click("#tab-articles")
    page.select_option("#f-status", "")
    page.fill("#f-q", "")
    page.locator("#articles button", has_text="Gammel artikkel om fagskole").click()
    expect(page.locator("#form-heading")).to_have_text("Rediger: Gammel artikkel om fagskole")
    expect(page.locator("#form-heading")).to_be_focused()
    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.click("#delete")
    expect(page.locator("#notice")).to_contain_text("er slettet")
    expect(rows.filter(has_text="Gammel artikkel om fagskole")).to_have_count(0)
    expect(page.locator("#article-form")).to_be_hidden()
    assert "Gammel artikkel om fagskole" in dialogs[0]
    assert not (content / "nb" / "gammel-artikkel.md").exists()

    # Nothing was written to the repository's own content.
    assert not list((PACKAGE_DIR / "content").rglob(f"{NEW_ID}.md"))
    assert not list((PACKAGE_DIR / "content").rglob("gammel-artikkel.md"))
    assert errors == []
