"""The counsellor console at 1280x720 with three chats claimed, in Debian's Chromium: the
conversation gets most of the screen, the tools fold away, focus never lands on a claim button
by surprise, plain Norwegian labels, canned replies filled for the chat, the knowledge-base
search inserts an answer with its link, the citizen's presence, the sound switch, and axe-core
(vendored in tests/e2e/vendor) finds no serious or critical violation. Screenshots are kept in
the test's tmp folder (console-1280x720.png, console-tools.png, console-1024.png)."""

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from handover.canned import centre_name
from tests.e2e.test_console_features import citizen

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1280, "height": 720}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RAW_CODES = ("human_request", "køen for nb", "queue:", "reflective", "career_centre")


def console(browser, url: str, username: str):
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/console")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")
    expect(page.locator("#who")).to_contain_text(username)
    page.js_errors = errors
    return page


def events_height(page) -> float:
    return page.locator("#events").bounding_box()["height"]


def visible_events(page) -> int:
    """Transcript entries wholly inside the scrolled pane."""
    return page.evaluate("""() => {
        const pane = document.getElementById('events').getBoundingClientRect();
        return [...document.querySelectorAll('#events > li')].filter((li) => {
            const r = li.getBoundingClientRect();
            return r.top >= pane.top - 1 && r.bottom <= pane.bottom + 1;
        }).length;
    }""")


def axe_violations(page) -> list[dict]:
    # Evaluated through the driver: the console's Content Security Policy (rightly) refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    }""")
    return result


def test_three_chats_at_1280x720(app_server, browser, redis_client, tmp_path):
    kari = console(browser, app_server, "kari")  # on duty first: otherwise a request for a human is out of hours
    oslo_id, oslo_auth, reply = citizen(app_server, "Jeg bor i Oslo.", "Kan jeg snakke med en veileder?")
    assert reply["mode"] == "queued"
    second_id, second_auth, reply = citizen(app_server, "Kan jeg snakke med en veileder?")
    assert reply["mode"] == "queued"
    third_id, third_auth, reply = citizen(app_server, "Hvordan søker jeg studielån?", "Kan jeg snakke med en veileder?")
    assert reply["mode"] == "queued"

    queue = kari.locator("#waiting li")
    expect(queue).to_have_count(3, timeout=10_000)
    # Plain Norwegian labels, no raw codes; the button's accessible name holds its visible text.
    expect(queue.first).to_contain_text("Ønsker å snakke med et menneske")
    expect(queue.first).to_contain_text("bokmål")
    for code in RAW_CODES:
        assert code not in queue.first.inner_text()
    assert queue.first.locator("button").get_attribute("aria-label") is None

    # Claim with Enter on the first entry: focus goes to the reply box, not to the next entry.
    queue.first.locator("button").focus()
    kari.keyboard.press("Enter")
    expect(kari.locator("#reply-text")).to_be_focused()
    expect(kari.locator("#mine li")).to_have_count(1)
    # Two more with Alt+N: each time the reply box has the focus.
    kari.keyboard.press("Alt+N")
    expect(kari.locator("#mine li")).to_have_count(2)
    expect(kari.locator("#reply-text")).to_be_focused()
    kari.keyboard.press("Alt+N")
    expect(kari.locator("#mine li")).to_have_count(3)
    expect(kari.locator("#mine-count")).to_contain_text("3 av 3")
    expect(kari.locator("#reply-text")).to_be_focused()

    # A crisis arrives in the queue while kari types: the focus stays; Enter in an empty box claims nothing.
    _, _, crisis_reply = citizen(app_server, "Jeg orker ikke mer, jeg vil ta livet mitt")
    assert crisis_reply["mode"] == "queued"
    expect(kari.locator("#waiting li.crisis")).to_have_count(1, timeout=10_000)
    expect(kari.locator("#reply-text")).to_be_focused()
    kari.keyboard.press("Enter")
    expect(kari.locator("#mine li")).to_have_count(3)
    expect(kari.locator("#waiting li.crisis")).to_have_count(1)

    # Some conversation in each chat, so the panes have something to show.
    for session_id, auth in ((oslo_id, oslo_auth), (second_id, second_auth), (third_id, third_auth)):
        for n in range(1, 5):
            response = httpx.post(f"{app_server}/api/sessions/{session_id}/messages", json={"text": f"Melding {n}."},
                                  headers=auth, timeout=30)
            assert response.status_code == 200, response.text
    # Each conversation pane takes at least 55 % of the height and shows at least 6 entries.
    tabs = kari.locator("#mine li button")
    for index in range(3):
        tabs.nth(index).click()
        expect(kari.locator("#events")).to_contain_text("Melding 4.", timeout=10_000)
        assert events_height(kari) >= 0.55 * VIEWPORT["height"], events_height(kari)
        assert visible_events(kari) >= 6, visible_events(kari)
        for code in RAW_CODES:
            assert code not in kari.locator("#workspace").inner_text()
    kari.screenshot(path=str(tmp_path / "console-1280x720.png"))

    # Tools open and fold, one at a time; the pane gets its height back.
    full = events_height(kari)
    expect(kari.locator("#note-text")).to_be_hidden()
    kari.click("#note-box summary")
    expect(kari.locator("#note-text")).to_be_visible()
    expect(kari.locator("#note-text")).to_be_focused()
    kari.click("#close-box summary")
    expect(kari.locator("#close button[type=submit]")).to_be_visible()
    expect(kari.locator("#note-text")).to_be_hidden()
    kari.keyboard.press("Escape")
    expect(kari.locator("#close button[type=submit]")).to_be_hidden()
    assert abs(events_height(kari) - full) < 2
    # The summary and the back room fold out and away too.
    kari.click("#summary-toggle")
    expect(kari.locator("#summary")).to_be_visible()
    expect(kari.locator("#summary")).to_contain_text("Ønsker å snakke med et menneske")
    kari.click("#summary-toggle")
    expect(kari.locator("#summary")).to_be_hidden()
    expect(kari.locator("#backroom-panel")).to_be_hidden()
    kari.click("#backroom-toggle")
    expect(kari.locator("#backroom-panel")).to_be_visible()
    expect(kari.locator("#backroom-text")).to_be_focused()
    kari.click("#backroom-toggle")
    expect(kari.locator("#backroom-panel")).to_be_hidden()
    kari.click("#transfer-box summary")
    expect(kari.locator("#transfer-to")).to_contain_text("Køen for bokmål")
    kari.keyboard.press("Escape")

    # Canned replies in the chat's language, filled with the county.
    tabs.first.click()
    expect(kari.locator("#conv-heading")).to_contain_text("Oslo")
    kari.click("#canned button[data-canned=career_centre]")
    office = centre_name("Oslo") or "karrieresenteret"  # the main office's name when sourced in the data
    expect(kari.locator("#reply-text")).to_have_value(
        "Det kan være lurt å snakke med noen ansikt til ansikt. Du kan få gratis karriereveiledning hos "
        f"{office} i Oslo. Kontaktinformasjon finner du på karriereveiledning.no.")
    kari.fill("#reply-text", "")

    # The knowledge base: an answer with its source link goes into the reply box, to be edited.
    kari.keyboard.press("Alt+F")
    expect(kari.locator("#kb-query")).to_be_focused()
    kari.keyboard.type("Hvordan regnes karakterpoeng ut?")
    kari.keyboard.press("Enter")
    answer = kari.locator("#kb-results .kb-answer")
    expect(answer).to_be_visible(timeout=90_000)
    expect(answer.locator("a[href^='https://']")).to_have_count(1)
    kari.screenshot(path=str(tmp_path / "console-tools.png"))
    answer.locator("button.kb-insert").click()
    expect(kari.locator("#reply-text")).to_be_focused()
    value = kari.locator("#reply-text").input_value()
    assert "karakter" in value.lower() and "Kilde: " in value and "https://" in value
    kari.keyboard.type(" Si gjerne fra om noe er uklart.")
    assert kari.locator("#reply-text").input_value().endswith("Si gjerne fra om noe er uklart.")
    kari.fill("#reply-text", "")

    # Presence: the citizen types (the chat page's signal), then leaves.
    typed = httpx.post(f"{app_server}/api/sessions/{oslo_id}/typing", headers=oslo_auth, timeout=30)
    assert typed.status_code == 200 and typed.json()["typing"] is True
    expect(kari.locator("#presence")).to_contain_text("skriver", timeout=10_000)

    # The sound can be switched off, and the choice is remembered.
    expect(kari.locator("#alerts-toggle")).to_have_attribute("aria-pressed", "true")
    kari.click("#alerts-toggle")
    expect(kari.locator("#alerts-toggle")).to_have_attribute("aria-pressed", "false")
    assert kari.evaluate("localStorage.getItem('veivalg-console-sound')") == "off"

    # axe-core: no serious or critical violations on the console with three chats and a tool open.
    kari.click("#kb-box summary")
    violations = [v for v in axe_violations(kari) if v["impact"] in ("serious", "critical")]
    assert violations == [], violations
    kari.keyboard.press("Escape")

    # Closing: focus goes to the next chat's reply box, never to a claim button.
    httpx.post(f"{app_server}/api/sessions/{oslo_id}/close", headers=oslo_auth, timeout=30)
    expect(kari.locator("#presence")).to_contain_text("forlatt", timeout=10_000)
    for remaining in (2, 1):
        kari.click("#close-box summary")
        kari.click("#close button[type=submit]")
        expect(kari.locator("#mine li")).to_have_count(remaining)
        expect(kari.locator("#reply-text")).to_be_focused()
        assert not kari.evaluate("document.activeElement.closest('#waiting') !== null")
    kari.click("#close-box summary")
    submit = kari.locator("#close button[type=submit]")
    expect(submit).to_be_visible()
    for _ in range(20):  # the console redraws its lists every second; focus again if a redraw took it
        submit.focus()
        if submit.evaluate("el => el === document.activeElement"):
            break
        kari.wait_for_timeout(100)
    expect(submit).to_be_focused()
    kari.keyboard.press("Enter")
    expect(kari.locator("#mine li")).to_have_count(0)
    expect(kari.locator("#queue-heading")).to_be_focused()
    expect(kari.locator("#waiting li.crisis")).to_have_count(1)  # still waiting: nobody claimed it by mistake

    # Still fits at 1024 px: no horizontal scrolling, the reply box and tools in view.
    kari.set_viewport_size({"width": 1024, "height": 720})
    kari.keyboard.press("Alt+N")
    expect(kari.locator("#mine li")).to_have_count(1)
    assert kari.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for selector in ("#reply-text", "#close-box summary", "#reply button[type=submit]"):
        box = kari.locator(selector).bounding_box()
        assert box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 720, selector
    assert events_height(kari) >= 0.5 * 720
    kari.screenshot(path=str(tmp_path / "console-1024.png"))
    print(f"screenshots in {tmp_path}")
    assert kari.js_errors == []
