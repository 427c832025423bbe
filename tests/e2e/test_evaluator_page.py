"""The evaluator page in Debian's Chromium: a counsellor is turned away; an evaluator makes a
seeded, stratified sample, steps through it with the keyboard, sees only anonymised text, reviews
a conversation, sees the agreement, and downloads the reviews as CSV. It fits at 1280 and 375 px.

The page needs neither Rasa nor the action server, so they are not started (the fixture waits for
the page, not for /health); citizens' messages are stored while Rasa is down."""

import csv
import io

import httpx
import pytest
from playwright.sync_api import expect

from tests.evaluation.test_samples_api import SECRETS, TEXT, closed
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def evaluate_server(redis_server, redis_client, tmp_path):
    closed_port = f"http://127.0.0.1:{free_port()}"  # no Rasa, no action server
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed_port, "ASSISTANT_ACTIONS_URL": closed_port,
           "HANDOVER_OPENING_HOURS": "always"}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/evaluate", timeout=5).status_code == 200, 60)
    yield url
    service.stop()


def login(page, url: str, username: str) -> None:
    page.goto(f"{url}/evaluate")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")


@pytest.fixture
def conversations(evaluate_server, redis_server):
    """Three closed conversations, made before Playwright's event loop runs (``closed`` uses asyncio)."""
    with httpx.Client(base_url=evaluate_server, timeout=30) as client:
        closed(client, redis_server, text=TEXT, outcome="information")
        closed(client, redis_server, language="uk", channel="sms", text="Як отримати фагбрев у Норвегії?")
        closed(client, redis_server, need="reflective", outcome="reflective", text="Jeg vet ikke hva jeg vil bli.")


def test_evaluator_page(evaluate_server, conversations, browser, tmp_path):
    url = evaluate_server

    page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    login(page, url, "demo-counsellor")
    expect(page.locator("#login-error")).to_contain_text("bare for evaluatorer")
    expect(page.locator("#work-view")).to_be_hidden()

    login(page, url, "demo-evaluator")
    expect(page.locator("#work-view")).to_be_visible()
    expect(page.locator("#saved-samples")).to_contain_text("Ingen lagrede utvalg")
    expect(page.locator("#new-sample-box")).to_have_attribute("open", "")  # no sample yet: the form is open
    page.get_by_label("Antall samtaler").fill("3")
    page.get_by_label("Frø (seed)").fill("99")
    page.get_by_label("Like mange fra hvert stratum").check()
    page.get_by_role("button", name="Lag utvalg").click()
    expect(page.locator("#notice")).to_contain_text("Utvalget er laget: 3 av 3 samtaler (frø 99)")
    # (the server's first anonymisation loads spaCy's name patterns: allow it a while)
    expect(page.locator("#sample-title")).to_be_focused(timeout=60_000)
    expect(page.locator("#position")).to_have_text("Samtale 1 av 3")
    expect(page.locator("#sample-meta")).to_contain_text("like mange fra hvert")
    expect(page.locator("#saved-samples option")).to_have_count(2)

    # Only anonymised text, and never a session id, anywhere on the page.
    page.get_by_role("button", name="Neste →").focus()
    texts = []
    for position in (2, 3):
        page.keyboard.press("Enter")
        expect(page.locator("#position")).to_have_text(f"Samtale {position} av 3")
        texts.append(page.locator("#events").inner_text())
    expect(page.locator("#conversation-heading")).to_be_focused()
    page.get_by_role("button", name="← Forrige").click()
    page.get_by_role("button", name="← Forrige").click()
    texts.append(page.locator("#events").inner_text())
    body = page.locator("body").inner_text()
    assert not [s for s in SECRETS if s in body + "".join(texts)]
    assert "<navn>" in body + "".join(texts)  # the anonymised message is among them

    # Review the conversation on screen with the keyboard: the required question first.
    reference = page.locator("#facts dd").last.inner_text()
    page.get_by_role("button", name="Lagre vurdering").click()
    expect(page.locator("#review-error")).to_have_text("Svar på om behovet ble gjenkjent.")
    page.locator('input[name="need_recognised"][value="yes"]').focus()
    page.keyboard.press("Space")
    page.locator("#q-answer_correct").get_by_label("Delvis").check()
    page.locator("#q-tone").get_by_label("God").check()
    page.get_by_label("Kommentar (valgfritt)").fill("Manglet lenke til kilden")
    page.get_by_role("button", name="Lagre vurdering").click()
    expect(page.locator("#notice")).to_have_text("Vurderingen er lagret.")
    expect(page.locator("#answers")).to_contain_text("Behov gjenkjent: Ja 1 – 100 % enige")
    expect(page.locator("#reviewers")).to_contain_text("1 vurdering: demo-evaluator")
    expect(page.locator("#agreement-summary")).to_contain_text("1 evaluator har vurdert 1 samtale")
    page.screenshot(path=str(tmp_path / "evaluate-1280.png"))

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Vurderinger (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-reviews.csv")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [(r["conversation"], r["evaluator"], r["need_recognised"], r["answer_correct"], r["tone"], r["comment"])
            for r in rows] == [(reference, "demo-evaluator", "yes", "partly", "good", "Manglet lenke til kilden")]
    expect(page.locator("#notice")).to_contain_text("lastet ned (CSV)")

    # A phone: everything stacks, nothing is wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.get_by_role("button", name="Lagre vurdering")).to_be_visible()
    page.screenshot(path=str(tmp_path / "evaluate-375.png"), full_page=True)
    assert errors == []
