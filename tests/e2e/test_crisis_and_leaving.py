"""Crisis and leaving in Debian's Chromium, on a phone-sized chat page and the counsellor console:
the emergency numbers as tel: links in every mode (the numbers before the callback form), the
console's crisis alerts, leaving the queue, ending the chat, "Ny samtale" and closing the page."""

import re

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1366, "height": 768}
CRISIS_NB = "Jeg orker ikke mer, jeg vil ta livet mitt"
CRISIS_AR = "أريد أن أموت"
NUMBERS = [("113", "tel:113"), ("116 123", "tel:116123"), ("22 40 00 40", "tel:22400040")]


def watched(page):
    """Collects script errors and Content Security Policy violations (checked at the end)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "Content Security Policy" in m.text
            else None)
    page.problems = problems
    return page


def chat_page(browser, url: str):
    page = watched(browser.new_page(viewport=PHONE, locale="nb-NO"))
    page.goto(f"{url}/")
    return page


def console(browser, url: str, username: str):
    page = watched(browser.new_page(viewport=LAPTOP))
    page.goto(f"{url}/console")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")
    expect(page.locator("#who")).to_contain_text(username)
    return page


def staff(url: str, username: str) -> dict:
    """A counsellor logged in through the API (the login counts as a heartbeat: on duty)."""
    response = httpx.post(f"{url}/api/auth/login", json={"username": username, "password": "demo"}, timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def write(page, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def waiting(url: str, auth: dict) -> list[dict]:
    return httpx.get(f"{url}/api/handovers?status=waiting", headers=auth, timeout=30).json()


def session_of(page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session'))")


def in_view(page, selector: str) -> bool:
    """The element is wholly inside the visible part of the chat log (or of the window, outside it)."""
    return page.evaluate("""(selector) => {
        const node = document.querySelector(selector);
        const box = node.getBoundingClientRect();
        const log = document.getElementById("log");
        const frame = log.contains(node) ? log.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
        return box.height > 0 && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
    }""", selector)


def expect_numbers(block) -> None:
    alert = block.locator("[role=alert]")
    expect(alert).to_be_visible()
    for number, href in NUMBERS:
        link = alert.locator(f"a[href='{href}']")
        expect(link).to_be_visible()
        expect(link.locator(".number")).to_have_text(number)
        expect(link.locator(".label")).not_to_be_empty()


def test_crisis_in_bot_mode_numbers_as_links_before_the_callback_form(app_server, browser, redis_client):
    # Nobody on duty: the assistant answers the crisis with the numbers, then the callback form.
    chat = chat_page(browser, app_server)
    write(chat, CRISIS_NB)
    crisis = chat.locator("li.msg.crisis[data-kind=crisis]")
    expect(crisis).to_be_visible(timeout=90_000)
    expect_numbers(crisis)
    expect(crisis).to_have_attribute("lang", "nb")
    callback = chat.locator("li.msg[data-kind=out_of_hours] form.callback")
    expect(callback).to_be_attached()
    assert chat.evaluate("""() => {
        const crisis = document.querySelector("li.msg.crisis"), form = document.querySelector("form.callback");
        return !!(crisis.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
    }"""), "the numbers come before the callback form"
    # On a phone the numbers stay in view (the callback form does not push them away) and so does the input.
    assert in_view(chat, "li.msg.crisis a[href='tel:113']")
    assert in_view(chat, "li.msg.crisis a[href='tel:22400040']")
    assert in_view(chat, "#text") and in_view(chat, "#send")
    # Not a bubble like the others.
    style = chat.evaluate("""() => {
        const look = (node) => { const s = getComputedStyle(node); return [s.borderTopWidth, s.backgroundColor, node.offsetWidth]; };
        return { crisis: look(document.querySelector("li.msg.crisis")), other: look(document.querySelector("li.msg[data-kind=out_of_hours]")) };
    }""")
    assert style["crisis"][0] != style["other"][0] and style["crisis"][1] != style["other"][1]
    assert chat.locator("#leave-queue").is_hidden() and chat.locator("#end-chat").is_hidden()

    # "Ny samtale" closes this session first; in Arabic the crisis block reads right to left.
    first = session_of(chat)
    chat.click("#restart")
    expect(chat.locator("#log li")).to_have_count(0)
    again = httpx.post(f"{app_server}/api/sessions/{first['session_id']}/messages", json={"text": "Hei"},
                       headers={"Authorization": f"Bearer {first['token']}"}, timeout=30)
    assert again.status_code == 409 and again.json()["code"] == "session_closed"
    write(chat, CRISIS_AR)
    arabic = chat.locator("li.msg.crisis[data-kind=crisis]")
    expect(arabic).to_be_visible(timeout=90_000)
    expect_numbers(arabic)
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(arabic).to_have_attribute("lang", "ar")
    expect(arabic.locator("a[href='tel:22400040'] .number")).to_have_attribute("dir", "ltr")  # 22 40 00 40, not 40 00 40 22
    # ... and so are the numbers inside the Arabic sentences (each digit group run isolated left to right).
    expect(arabic.locator("bdi[dir=ltr]", has_text="22 40 00 40").first).to_be_visible()
    assert session_of(chat)["session_id"] != first["session_id"]
    assert chat.problems == []


def test_leave_the_queue_back_to_the_assistant(app_server, browser, redis_client):
    kari = staff(app_server, "kari")
    chat = chat_page(browser, app_server)
    write(chat, "Kan jeg snakke med en veileder?")
    expect(chat.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=90_000)
    expect(chat.locator("#status")).to_contain_text("nummer 1 i køen")
    expect(chat.locator("#leave-queue")).to_be_visible()
    expect(chat.locator("#end-chat")).to_be_visible()
    assert in_view(chat, "#leave-queue") and in_view(chat, "#text")
    assert len(waiting(app_server, kari)) == 1

    chat.click("#leave-queue")
    expect(chat.locator("#leave-queue")).to_be_hidden()
    expect(chat.locator("#end-chat")).to_be_hidden()
    expect(chat.locator("#status")).to_contain_text("forlatt køen")
    assert waiting(app_server, kari) == []

    # The assistant answers again.
    write(chat, "Hvordan regnes karakterpoeng ut?")
    expect(chat.locator("li.msg.bot[data-kind=answer]")).to_be_visible(timeout=90_000)
    assert chat.problems == []


def test_crisis_while_queued_and_with_a_counsellor_alerts_the_console(app_server, browser, redis_client):
    kari = console(browser, app_server, "kari")
    chat = chat_page(browser, app_server)
    write(chat, "Kan jeg snakke med en veileder?")
    expect(chat.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=90_000)

    # Queued: the numbers at once, still in the queue (now first, as a crisis).
    write(chat, CRISIS_NB)
    crisis = chat.locator("li.msg.crisis[data-kind=crisis]")
    expect(crisis).to_be_visible(timeout=30_000)
    expect_numbers(crisis)
    assert in_view(chat, "li.msg.crisis a[href='tel:113']") and in_view(chat, "#text")
    expect(chat.locator("#leave-queue")).to_be_visible()
    entry = kari.locator("#waiting li").first
    expect(entry).to_have_class(re.compile(r"\bcrisis\b"), timeout=10_000)
    expect(entry).to_contain_text("KRISE")

    # The counsellor takes it: a red banner at the top of the conversation, the alert in the transcript.
    kari.click("#next")
    banner = kari.locator("#crisis-banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("KRISE")
    expect(kari.locator("#events li.kind-crisis_alert")).to_have_count(1)
    expect(kari.locator("#mine li.crisis")).to_have_count(1)
    expect(chat.locator("#status")).to_contain_text("chatter med en karriereveileder", timeout=30_000)
    expect(chat.locator("#leave-queue")).to_be_hidden()
    expect(chat.locator("#end-chat")).to_be_visible()
    assert not any(e["kind"] == "crisis_alert" for e in chat.evaluate(
        "async () => { const s = JSON.parse(sessionStorage.getItem('veivalg-session'));"
        " const r = await fetch(`/api/sessions/${s.session_id}/events`, {headers: {Authorization: `Bearer ${s.token}`}});"
        " return (await r.json()).events; }"))

    # A second conversation is open when the first citizen writes a crisis again: a console-wide notice
    # names the first one and opens it.
    other = httpx.post(f"{app_server}/api/sessions", json={}, timeout=30).json()
    reply = httpx.post(f"{app_server}/api/sessions/{other['session_id']}/messages", json={"text": "Kan jeg snakke med en veileder?"},
                       headers={"Authorization": f"Bearer {other['token']}"}, timeout=90).json()
    assert reply["mode"] == "queued"
    kari.click("#next")
    expect(kari.locator("#mine li")).to_have_count(2)
    expect(kari.locator("#crisis-banner")).to_be_hidden()
    write(chat, "Jeg vil ikke leve lenger")
    expect(chat.locator("li.msg.crisis[data-kind=crisis]")).to_have_count(2, timeout=30_000)
    expect_numbers(chat.locator("li.msg.crisis[data-kind=crisis]").last)
    notice = kari.locator("#crisis-notice")
    expect(notice).to_be_visible(timeout=10_000)
    expect(notice).to_contain_text("KRISE")
    expect(notice).to_contain_text("bokmål")
    expect(kari.locator("#mine li.alert")).to_have_count(1)
    expect(kari).to_have_title(re.compile("KRISE"))
    notice.locator("button").click()
    expect(kari.locator("#crisis-banner")).to_be_visible()
    expect(kari.locator("#events li.kind-crisis_alert")).to_have_count(2)
    expect(notice).to_be_hidden()
    expect(kari.locator("#mine li.alert")).to_have_count(0)

    # The citizen ends the chat (with a confirm step); the counsellor sees it and can only close.
    chat.click("#end-chat")
    expect(chat.locator("#end-confirm")).to_be_visible()
    expect(chat.locator("#end-no")).to_be_focused()
    chat.click("#end-yes")
    expect(chat.locator("#status")).to_contain_text("avsluttet")
    expect(chat.locator("#text")).to_be_disabled()
    expect(chat.locator("#end-chat")).to_be_hidden()
    expect(kari.locator("#events")).to_contain_text("Innbyggeren har forlatt samtalen", timeout=10_000)
    expect(kari.locator("#citizen-left")).to_be_visible()
    expect(kari.locator("#reply-text")).to_be_disabled()
    expect(kari.locator("#mine li.left")).to_have_count(1)
    kari.click("#close-box summary")
    kari.click("#close button[type=submit]")
    expect(kari.locator("#mine li")).to_have_count(1)
    expect(kari.locator("#reply-text")).to_be_enabled()  # the other conversation opens
    assert chat.problems == [] and kari.problems == []


def test_new_chat_and_closing_the_page_end_a_queued_chat(app_server, browser, redis_client):
    kari = staff(app_server, "kari")
    chat = chat_page(browser, app_server)
    write(chat, "Kan jeg snakke med en veileder?")
    expect(chat.locator("#leave-queue")).to_be_visible(timeout=90_000)
    assert len(waiting(app_server, kari)) == 1
    chat.click("#restart")  # "Ny samtale": the queued chat is closed first
    expect(chat.locator("#log li")).to_have_count(0)
    expect(chat.locator("#leave-queue")).to_be_hidden()
    assert waiting(app_server, kari) == []

    write(chat, "Kan jeg snakke med en veileder?")
    expect(chat.locator("#leave-queue")).to_be_visible(timeout=90_000)
    assert len(waiting(app_server, kari)) == 1
    chat.reload()  # a reload keeps the place in the queue (the page comes back within the away grace)
    expect(chat.locator("#leave-queue")).to_be_visible(timeout=30_000)
    chat.wait_for_timeout(4_000)  # longer than the away grace (2 s) and a sweep (every 2 s)
    assert len(waiting(app_server, kari)) == 1
    chat.goto("about:blank")  # leaving the page says so (keepalive) on pagehide; the sweep closes it
    for _ in range(75):
        if not waiting(app_server, kari):
            break
        chat.wait_for_timeout(200)
    assert waiting(app_server, kari) == []
    assert chat.problems == []
