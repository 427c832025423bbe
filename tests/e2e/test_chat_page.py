"""The citizen chat page (web/chat, bundled into assistant/static/dist) in Debian's Chromium at 375 and
1280 px, with the real app, Rasa and the action server: the welcome with the service facts, an
answer with its source, the language switcher (nynorsk, Arabic right to left with the bubbles on
opposite sides), buttons retired once the chat moved on, the phone layout (input and status in view
after several answers), the transcript downloads, the crisis panel, axe-core; and a chat with a
counsellor: the place in the queue in the one status area, leaving the queue, the counsellor's
typing signal and first name, a reload, the closed composer keeping the typed text, erasing.

Screenshots are kept in each test's tmp folder; the key ones are copied to /tmp/fe-shots/."""

import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from core import keys

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path("/tmp/fe-shots")
WIDTHS = {375: {"width": 375, "height": 812}, 1280: {"width": 1280, "height": 800}}
INFO_QUESTION = "Hvordan regnes karakterpoeng ut?"
NORWEGIAN_MONTH = "(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)"
CRISIS = "Jeg orker ikke mer, jeg vil ta livet mitt"

# The page's own strings (not the conversation's): element, and what of it to read.
CHROME = [
    ("#send", "text"), ("#text", "placeholder"), ("label[for=text]", "text"), ("label[for=language]", "text"),
    (".tagline", "text"), ("#status", "text"), ("#download", "text"), ("#restart", "text"), ("#erase", "text"),
    ("#log li.msg.citizen .who", "text"), ("#log li.msg.bot .who", "text"), ("#log .sources .source-label", "text"),
    ("#log .sources .checked", "text"), ("#log", "aria-label"), ("#download-menu [data-format=txt]", "text"),
]
# Strings only bokmål has (nynorsk and the others word them differently).
BOKMAL_ONLY = ["Kilde:", "chatter med", "Din melding", "karriereveileder", "Svarene", "Velg", "valg."]


def shot(page, tmp_path: Path, name: str, keep: bool = False) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    if keep:
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def watched(page):
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "Content Security Policy" in m.text
            else None)
    page.on("dialog", lambda dialog: (problems.append("native dialog: " + dialog.message), dialog.dismiss()))
    page.problems = problems
    return page


def serious_axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")  # through the driver: the CSP refuses inline scripts
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    }""")
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def chrome_texts(page) -> dict[str, str]:
    return page.evaluate("""(chrome) => Object.fromEntries(chrome.map(([selector, what]) => {
        const node = document.querySelector(selector);
        if (!node) return [selector, null];
        return [selector, what === "text" ? node.textContent.trim() : node.getAttribute(what)];
    }))""", CHROME)


def write(page, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def ask(page, text: str) -> None:
    """Writes and waits for the reply: the assistant's typing line is gone (the reply has come) and
    the log has a new message from it."""
    before = page.locator("li.msg.bot").count()
    write(page, text)
    page.wait_for_function("(n) => document.querySelectorAll('li.msg.bot').length > n", arg=before, timeout=90_000)
    expect(page.locator("#typing")).to_be_hidden(timeout=90_000)


def box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
        const r = document.querySelector(selector).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    }""", selector)


def session_of(page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session'))")


def downloaded(page, fmt: str) -> bytes:
    page.click("#download")
    with page.expect_download() as info:
        page.click(f"#download-menu [data-format={fmt}]")
    download = info.value
    assert download.suggested_filename.startswith("veivalg-") and download.suggested_filename.endswith(f".{fmt}")
    return Path(download.path()).read_bytes()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_answers_languages_downloads_and_crisis(app_server, browser, redis_client, tmp_path, width):
    page = watched(browser.new_page(viewport=WIDTHS[width], locale="nb-NO"))
    page.goto(f"{app_server}/")

    # The welcome in the browser's language, with the facts from /api/service-info.
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#welcome-title")).to_have_text("Velkommen til Veivalg")
    expect(page.locator("#welcome-hours")).to_have_text("Karriereveilederne er på chatten hele døgnet.")  # always open
    expect(page.locator("#welcome-now")).to_contain_text("Ingen veileder er på chatten akkurat nå")  # nobody logged in
    expect(page.locator("#welcome-privacy")).to_contain_text("90 dager")
    expect(page.locator("#welcome-privacy")).to_contain_text("Slett samtalen")
    expect(page.locator("#welcome-buttons button")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]  # no sideways scroll
    assert in_viewport(page, "#text") and in_viewport(page, "#send")
    # Keyboard: Tab reaches the language switcher first, with a visible focus outline.
    page.keyboard.press("Tab")
    focus = page.evaluate("() => { const a = document.activeElement, s = getComputedStyle(a);"
                          " return [a.id, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert focus[0] == "language" and focus[1] == "solid" and focus[2] >= 2, focus
    shot(page, tmp_path, f"welcome-{width}-nb", keep=True)
    assert serious_axe_violations(page) == []

    # An information question: the answer with its source (title link, last checked).
    ask(page, INFO_QUESTION)
    answer = page.locator("li.msg.bot[data-kind=answer]").first
    expect(answer).to_be_visible()
    source = answer.locator(".sources li").first
    expect(source.locator("a")).to_have_attribute("href", re.compile(r"^https?://"))
    expect(source.locator(".source-label")).to_have_text("Kilde:")
    expect(source.locator(".checked")).to_contain_text(re.compile(r"sist kontrollert \d{1,2}\. \w+ \d{4}"))
    expect(page.locator("#status")).to_have_text("Du chatter med den digitale assistenten.")
    expect(page.locator("#welcome")).to_be_hidden()

    # More answers; then the first rows of buttons no longer work, and on a phone the input and the
    # status area are still on the screen.
    ask(page, "Hva er opptakskrav til sykepleie?")
    ask(page, "Hvordan søker jeg studielån?")
    first_turn = page.locator("li.msg.citizen").nth(1).evaluate(
        "(second) => [...document.querySelectorAll('#log li.msg.bot .buttons button')]"
        ".filter((b) => b.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING).map((b) => b.disabled)")
    assert first_turn and all(first_turn), "buttons of an earlier turn are retired"
    assert in_viewport(page, "#text") and in_viewport(page, "#send") and in_viewport(page, "#status")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    shot(page, tmp_path, f"chat-{width}-nb", keep=width == 375)  # chat-1280-nb: the counsellor test's

    # The language switcher: nynorsk changes the page's strings (not the conversation).
    nb = chrome_texts(page)
    assert all(nb.values()), nb
    page.select_option("#language", "nn")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator("#status")).to_have_text("Du chattar med den digitale assistenten.")
    nn = chrome_texts(page)
    assert nn["#log .sources .source-label"] == "Kjelde:" and nn["label[for=text]"] == "Meldinga di"
    assert nn[".tagline"] != nb[".tagline"] and nn["#status"] != nb["#status"]
    leftovers = [(k, v) for k, v in nn.items() for word in BOKMAL_ONLY if word in v]
    assert leftovers == [], leftovers
    assert page.evaluate("sessionStorage.getItem('veivalg-language')") == "nn"
    expect(source.locator(".checked")).to_contain_text(re.compile(rf"sist kontrollert \d{{1,2}}\. {NORWEGIAN_MONTH} \d{{4}}"))

    # English (for the screenshot), then Arabic: every string changes, and the page turns right to left.
    page.select_option("#language", "en")
    expect(page.locator("#send")).to_have_text("Send")
    expect(page.locator("#status")).to_have_text("You are chatting with the digital assistant.")
    if width == 375:
        shot(page, tmp_path, "chat-375-en", keep=True)
    ltr_citizen, ltr_bot = box(page, "li.msg.citizen >> nth=0"), box(page, "li.msg.bot[data-kind=answer] >> nth=0")
    assert ltr_citizen["x"] + ltr_citizen["width"] > ltr_bot["x"] + ltr_bot["width"] and ltr_citizen["x"] > ltr_bot["x"]
    page.select_option("#language", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    ar = chrome_texts(page)
    same = [k for k in nb if ar[k] == nb[k] and nb[k] != "Veivalg"]
    assert same == [], same
    leftovers = [(k, v) for k, v in ar.items() for word in BOKMAL_ONLY + ["sist kontrollert", "Last ned"] if word in v]
    assert leftovers == [], leftovers
    assert re.search(r"[\u0600-\u06FF]", ar["#send"]) and re.search(r"[\u0600-\u06FF]", ar["#status"])
    # The citizen's bubbles and the assistant's on opposite sides, mirrored from left to right.
    rtl_citizen, rtl_bot = box(page, "li.msg.citizen >> nth=0"), box(page, "li.msg.bot[data-kind=answer] >> nth=0")
    assert rtl_citizen["x"] < rtl_bot["x"] and rtl_citizen["x"] + rtl_citizen["width"] < rtl_bot["x"] + rtl_bot["width"]
    log_box = box(page, "#log")
    assert abs((rtl_bot["x"] + rtl_bot["width"]) - (log_box["x"] + log_box["width"])) < 40  # the assistant on the right
    # The source line: the Norwegian title isolated inside the Arabic line.
    expect(answer.locator(".sources li bdi a").first).to_be_visible()
    assert serious_axe_violations(page) == []
    shot(page, tmp_path, f"chat-{width}-ar", keep=True)
    page.select_option("#language", "nb")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert serious_axe_violations(page) == []

    # The transcript: text, JSON and PDF, with every message (the page shows each event once).
    events = json.loads(downloaded(page, "json"))["events"]
    page.wait_for_function("(n) => document.querySelectorAll('#log li.msg .text').length >= n", arg=len(events))
    shown = page.evaluate("() => [...document.querySelectorAll('#log li.msg .text')].map((n) => n.textContent)")
    assert len(shown) >= 6
    assert [flat(e["text"]) for e in events] == [flat(m) for m in shown]
    text = flat(downloaded(page, "txt").decode("utf-8"))
    missing = [m for m in shown if flat(m) not in text]
    assert missing == [], missing
    assert downloaded(page, "pdf").startswith(b"%PDF")

    # A crisis with nobody on duty: the panel with the numbers as tel: links, then out of hours.
    ask(page, CRISIS)
    crisis = page.locator("li.msg.crisis[data-kind=crisis]")
    expect(crisis).to_be_visible()
    alert = crisis.locator("[role=alert]")
    expect(alert.locator(".crisis-heading")).to_have_text("Ring for å snakke med noen nå")
    for href in ("tel:113", "tel:116123", "tel:22400040"):
        expect(alert.locator(f"a[href='{href}']")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Ingen karriereveileder er på chatten akkurat nå.", timeout=30_000)
    assert in_viewport(page, "li.msg.crisis a[href='tel:113']") and in_viewport(page, "#text")
    if width == 375:
        shot(page, tmp_path, "crisis-375", keep=True)
    assert page.problems == []


def staff(url: str, username: str) -> dict:
    response = httpx.post(f"{url}/api/auth/login", json={"username": username, "password": "demo"}, timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def waiting(url: str, auth: dict) -> list[dict]:
    response = httpx.get(f"{url}/api/handovers?status=waiting", headers=auth, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_nynorsk_dates_in_a_browser_without_nynorsk_locale_data(app_server, browser):
    # Chromium has no nynorsk locale data: in an English browser a nynorsk page said "sist kontrollert
    # October 26, 2026". Nynorsk dates take the bokmål month names.
    page = watched(browser.new_page(viewport=WIDTHS[375], locale="en-US"))
    page.goto(f"{app_server}/?lang=nn")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    ask(page, "Korleis blir karakterpoeng rekna ut?")
    checked = page.locator("li.msg.bot[data-kind=answer] .sources li .checked").first
    expect(checked).to_contain_text(re.compile(rf"sist kontrollert \d{{1,2}}\. {NORWEGIAN_MONTH} \d{{4}}"))
    page.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_queue_counsellor_reload_closed_composer_and_erase(app_server, browser, redis_client, tmp_path, width):
    kari = staff(app_server, "kari")  # on duty: a request for a person is queued
    page = watched(browser.new_page(viewport=WIDTHS[width], locale="nb-NO"))
    page.goto(f"{app_server}/")

    # Asking for a person: the place in the queue in the status area (one element, no queue messages).
    write(page, "Kan jeg snakke med en veileder?")
    expect(page.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=90_000)
    expect(page.locator("#status")).to_contain_text(re.compile(r"du er nummer 1 i køen \(ca\. \d+ min\)"))
    assert page.locator("[role=status]").count() == 1
    expect(page.locator("li.msg[data-kind=queue]")).to_have_count(0)
    expect(page.locator("#leave-queue")).to_be_visible()
    assert in_viewport(page, "#text") and in_viewport(page, "#status")
    assert len(waiting(app_server, kari)) == 1

    # Leaving the queue takes the chat off the counsellors' queue.
    page.click("#leave-queue")
    expect(page.locator("#status")).to_have_text("Du har forlatt køen. Du chatter med den digitale assistenten igjen.")
    expect(page.locator("#leave-queue")).to_be_hidden()
    assert waiting(app_server, kari) == []

    # Again; a counsellor takes it, types, answers: the page shows who (first name) and that a person writes.
    write(page, "Jeg vil snakke med et menneske")
    expect(page.locator("#status")).to_contain_text("nummer 1 i køen", timeout=90_000)
    [handover] = waiting(app_server, kari)
    assert httpx.post(f"{app_server}/api/handovers/{handover['id']}/claim", headers=kari, timeout=30).status_code == 200
    expect(page.locator("#status")).to_have_text("Du chatter med en karriereveileder.", timeout=30_000)
    typing = httpx.post(f"{app_server}/api/handovers/{handover['id']}/typing", headers=kari, timeout=30)
    assert typing.status_code == 200, typing.text
    expect(page.locator("#typing")).to_have_text("Kari skriver …", timeout=15_000)
    reply = httpx.post(f"{app_server}/api/handovers/{handover['id']}/messages", headers=kari, timeout=30,
                       json={"text": "Hei! Hva vil du snakke om?"})
    assert reply.status_code in (200, 201), reply.text
    said = page.locator("li.msg.counsellor").last
    expect(said).to_contain_text("Hei! Hva vil du snakke om?", timeout=30_000)
    expect(said.locator(".who")).to_have_text("Kari, karriereveileder")
    expect(page.locator("#typing")).to_be_hidden()
    expect(page.locator("#status")).to_have_text("Du chatter med Kari, karriereveileder.")
    assert "Kari Nordmann" not in page.locator("#log").inner_text() and "kari" not in json.dumps(session_of(page))
    shot(page, tmp_path, f"chat-{width}-counsellor")

    # A reload: the same conversation, the same state.
    count = page.locator("#log li.msg").count()
    page.reload()
    expect(page.locator("#log li.msg")).to_have_count(count, timeout=30_000)
    expect(page.locator("#status")).to_have_text("Du chatter med Kari, karriereveileder.")
    expect(page.locator("#end-chat")).to_be_visible()
    if width == 1280:
        shot(page, tmp_path, "chat-1280-nb", keep=True)

    # The counsellor closes while the citizen is typing: the composer says so, the text stays and
    # goes along into the new chat.
    page.fill("#text", "Takk, jeg skulle bare spørre om")
    closed = httpx.post(f"{app_server}/api/handovers/{handover['id']}/close", headers=kari, timeout=30,
                        json={"outcome": "information", "note": ""})
    assert closed.status_code == 200, closed.text
    expect(page.locator("#closed-bar")).to_be_visible(timeout=30_000)
    expect(page.locator("#closed-notice")).to_contain_text("Samtalen er avsluttet")
    expect(page.locator("#status")).to_have_text("Samtalen er avsluttet.")
    expect(page.locator("#text")).to_be_disabled()
    expect(page.locator("#text")).to_have_value("Takk, jeg skulle bare spørre om")
    assert in_viewport(page, "#new-chat")
    old = session_of(page)
    page.click("#new-chat")
    expect(page.locator("#text")).to_be_enabled()
    expect(page.locator("#text")).to_have_value("Takk, jeg skulle bare spørre om")
    expect(page.locator("#log li")).to_have_count(0)
    page.press("#text", "Enter")
    expect(page.locator("li.msg.citizen")).to_have_text(re.compile("Takk, jeg skulle bare spørre om"), timeout=30_000)
    expect(page.locator("li.msg.bot").first).to_be_visible(timeout=90_000)  # the assistant answers (in bokmål)
    expect(page.locator("#typing")).to_be_hidden(timeout=90_000)
    new = session_of(page)
    assert new["session_id"] != old["session_id"]

    # Erasing, after a confirmation in the page's language (an in-page dialog).
    page.select_option("#language", "pl")
    page.click("#erase")
    dialog = page.locator("#erase-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_have_text("Usunąć rozmowę?")
    expect(page.locator("#erase-no")).to_be_focused()
    page.click("#erase-yes")
    expect(page.locator("#status")).to_have_text("Rozmowa została usunięta.")
    expect(page.locator("#log li")).to_have_count(0)
    assert not redis_client.exists(keys.session(new["session_id"]))
    assert page.evaluate("sessionStorage.getItem('veivalg-session')") is None
    assert page.problems == []
