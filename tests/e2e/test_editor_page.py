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


def serve(redis_server, tmp_path, **extra_env):
    content = write_corpus(tmp_path / "content")
    index = tmp_path / "index"
    closed = f"http://127.0.0.1:{free_port()}"  # no Rasa, no action server: the editor page does not need them
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed,
           "HANDOVER_OPENING_HOURS": "always", "KNOWLEDGE_CONTENT_DIR": str(content), "KNOWLEDGE_INDEX_DIR": str(index),
           **extra_env}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/editor", timeout=5).status_code == 200, 60)
    return service, {"url": url, "content": content, "index": index}


@pytest.fixture
def editor_server(redis_server, redis_client, tmp_path):
    service, server = serve(redis_server, tmp_path)
    yield server
    service.stop()


@pytest.fixture
def review_server(redis_server, redis_client, tmp_path):
    """The same, with the review step on (publishing needs a second editor's approval)."""
    service, server = serve(redis_server, tmp_path, KNOWLEDGE_REVIEW_REQUIRED="true")
    yield server
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


def open_article(page, title: str) -> None:
    page.locator("#articles button", has_text=title).click()
    expect(page.locator("#form-heading")).to_have_text(f"Rediger: {title}")


def no_horizontal_overflow(page) -> None:
    """Neither the page nor any visible element reaches past the right edge (the tables and the
    diff scroll inside their own box, so what is inside those is left out)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    outside = page.evaluate("""() => [...document.querySelectorAll('body *')].filter((node) => {
        if (node.closest('.table-wrap > *, .diff > *, .sr-only, datalist, option')) return false;
        const box = node.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.right > window.innerWidth + 1;
      }).map((node) => `${node.tagName}#${node.id}.${node.className} right=${Math.round(node.getBoundingClientRect().right)}`)""")
    assert outside == [], outside


def test_two_editors_the_second_save_gets_the_conflict_and_keeps_the_typed_text(editor_server, browser, tmp_path):
    url, content = editor_server["url"], editor_server["content"]
    errors: list[str] = []
    first, second = browser.new_page(viewport=VIEWPORT), browser.new_page(viewport=VIEWPORT)
    for page, user in ((first, "demo-editor"), (second, "demo-admin")):
        page.on("pageerror", lambda error: errors.append(str(error)))
        login(page, url, user)
        open_article(page, "Læreplass og fagbrev")

    first.fill("#a-title", "Læreplass og fagbrev for voksne")
    first.click("#save")
    expect(first.locator("#notice")).to_contain_text("er lagret")

    typed = "Ny innledning skrevet av den andre redaktøren.\n\n## Mer\n\nMer tekst.\n"
    second.fill("#a-body", typed)
    second.click("#save")
    conflict = second.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("«demo-editor» endret artikkelen")
    expect(conflict).to_contain_text("Endringene dine er ikke lagret")
    expect(second.locator("#a-body")).to_have_value(typed)  # nothing typed is lost
    meta, body = split_front_matter((content / "nb" / "laereplass.md").read_text(encoding="utf-8"))
    assert meta["title"] == "Læreplass og fagbrev for voksne" and "den andre redaktøren" not in body
    second.screenshot(path=str(tmp_path / "editor-conflict.png"))

    # Load the newer version: the form shows the first editor's title, the typed text is kept aside ...
    second.click("#conflict-load")
    expect(second.locator("#a-title")).to_have_value("Læreplass og fagbrev for voksne")
    expect(second.locator("#mine-body")).to_have_value(typed)
    # ... and goes back in on top of it; the save now keeps both changes.
    second.click("#mine-use")
    expect(second.locator("#a-body")).to_have_value(typed)
    expect(second.locator("#a-title")).to_have_value("Læreplass og fagbrev for voksne")
    second.click("#save")
    expect(second.locator("#notice")).to_contain_text("er lagret")
    meta, body = split_front_matter((content / "nb" / "laereplass.md").read_text(encoding="utf-8"))
    assert meta["title"] == "Læreplass og fagbrev for voksne" and "den andre redaktøren" in body

    # The history shows who changed what, with the diff.
    second.locator("#history summary").click()
    items = second.locator("#history-list li")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("demo-admin")
    expect(items.nth(1)).to_contain_text("demo-editor")
    items.nth(1).locator("button").click()
    expect(second.locator("#history-diff")).to_contain_text("+title: Læreplass og fagbrev for voksne")
    second.screenshot(path=str(tmp_path / "editor-history.png"))
    assert errors == []


def test_review_flow_in_the_page(review_server, browser, tmp_path):
    url, content = review_server["url"], review_server["content"]
    errors: list[str] = []
    author, reviewer = browser.new_page(viewport=VIEWPORT), browser.new_page(viewport=VIEWPORT)
    for page, user in ((author, "demo-editor"), (reviewer, "demo-admin")):
        page.on("pageerror", lambda error: errors.append(str(error)))
        login(page, url, user)

    open_article(author, "Utkast om permisjon")
    expect(author.locator("#review-info")).to_contain_text("En annen redaktør må godkjenne")
    expect(author.locator("#publish")).to_be_hidden()
    author.click("#submit-review")
    expect(author.locator("#form-review")).to_have_text("Venter på godkjenning")
    expect(author.locator("#approve")).to_be_hidden()  # not one's own change

    open_article(reviewer, "Utkast om permisjon")
    expect(reviewer.locator("#review-info")).to_contain_text("Sendt til godkjenning av demo-editor")
    reviewer.click("#approve")
    expect(reviewer.locator("#form-review")).to_have_text("Godkjent")
    expect(reviewer.locator("#review-info")).to_contain_text("Godkjent av demo-admin")
    reviewer.click("#publish")
    expect(reviewer.locator("#form-status")).to_have_text("Publisert")
    assert split_front_matter((content / "nb" / "utkast.md").read_text(encoding="utf-8"))[0]["status"] == "published"
    reviewer.screenshot(path=str(tmp_path / "editor-review.png"))
    assert errors == []


def test_the_page_fits_a_375px_phone(editor_server, browser, redis_client, tmp_path):
    url = editor_server["url"]
    redis_client.lpush(keys.CONTENT_GAPS, json.dumps({
        "at": "2026-11-20T10:00:00+00:00", "counsellor": "per", "handover_id": "h1", "language": "nb",
        "need": "reflective", "note": "Mangler en artikkel om realfagskrav"}, ensure_ascii=False))
    page = browser.new_page(viewport={"width": 375, "height": 740})
    login(page, url, "demo-editor")
    expect(page.locator("#who")).to_contain_text("demo-editor")
    no_horizontal_overflow(page)
    open_article(page, "Læreplass og fagbrev")
    page.locator("#history summary").click()
    expect(page.locator("#history-list li, #history-empty").first).to_be_visible()
    no_horizontal_overflow(page)
    page.screenshot(path=str(tmp_path / "editor-375.png"), full_page=True)
    # Close the counsellor's note as "won't answer": it leaves the open list.
    page.click("#tab-gaps")
    row = page.locator("#gaps tbody tr").first
    expect(row).to_contain_text("realfagskrav")
    row.get_by_role("button", name="Lukk: Mangler en artikkel om realfagskrav").click()
    no_horizontal_overflow(page)
    row.locator("select").select_option("wont_answer")
    row.get_by_label("Hvorfor det ikke skal besvares").fill("Dekkes av utdanning.no")
    row.get_by_role("button", name="Lukk", exact=True).click()
    expect(page.locator("#gaps tbody tr")).to_have_count(0)
    page.select_option("#g-status", "closed")
    expect(page.locator("#gaps tbody tr").first).to_contain_text("Skal ikke besvares: Dekkes av utdanning.no")
    no_horizontal_overflow(page)
    page.screenshot(path=str(tmp_path / "editor-375-gaps.png"), full_page=True)



@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 1280, "height": 800}], ids=["375", "1280"])
def test_axe_finds_nothing_serious_on_the_editor(editor_server, browser, tmp_path, viewport):
    """axe-core (vendored in tests/e2e/vendor) on the login form, the article list with an open
    article, and the reports: no serious or critical violation."""
    from tests.e2e.test_console_layout import axe_violations

    page = browser.new_page(viewport=viewport)
    page.goto(f"{editor_server['url']}/editor")
    expect(page.locator("#username")).to_be_visible()
    found = {"login": axe_violations(page)}
    login(page, editor_server["url"], "demo-editor")
    expect(page.locator("#who")).to_contain_text("demo-editor")
    open_article(page, "Læreplass og fagbrev")
    found["article"] = axe_violations(page)
    page.click("#tab-gaps")
    found["reports"] = axe_violations(page)
    page.screenshot(path=str(tmp_path / f"editor-axe-{viewport['width']}.png"), full_page=True)
    page.goto(f"{editor_server['url']}/editor/centres")
    expect(page.locator("#work-view")).to_be_visible(timeout=30_000)
    found["centres"] = axe_violations(page)
    serious = {where: [v for v in violations if v["impact"] in ("serious", "critical")]
               for where, violations in found.items()}
    assert serious == {"login": [], "article": [], "reports": [], "centres": []}, serious
