"""The counsellor console in Debian's Chromium: two counsellors side by side, internal notes that
the citizen never sees, transfer to a colleague, back-room mentions, close with an outcome and a
note on missing portal content, callbacks shown first, crisis first, language routing notes,
keyboard use, hand back to the bot."""

import re

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1366, "height": 768}


def citizen(url: str, *texts: str) -> tuple[str, dict, dict]:
    """A citizen session through the real gateway (and Rasa); returns the last reply."""
    created = httpx.post(f"{url}/api/sessions", json={}, timeout=30).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    reply: dict = {}
    for text in texts:
        response = httpx.post(f"{url}/api/sessions/{created['session_id']}/messages", json={"text": text},
                              headers=auth, timeout=90)
        assert response.status_code == 200, response.text
        reply = response.json()
    return created["session_id"], auth, reply


def citizen_events(url: str, session_id: str, auth: dict) -> list[dict]:
    response = httpx.get(f"{url}/api/sessions/{session_id}/events", headers=auth, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["events"]


def staff(url: str, username: str) -> dict:
    response = httpx.post(f"{url}/api/auth/login", json={"username": username, "password": "demo"}, timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def console(browser, url: str, username: str):
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/console")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")
    expect(page.locator("#who")).to_contain_text(username)
    page.js_errors = errors  # checked at the end of each test
    return page


def test_two_counsellors_note_transfer_backroom_and_close(app_server, browser, redis_client):
    kari = console(browser, app_server, "kari")
    per = console(browser, app_server, "per")
    expect(kari.locator("#on-duty")).to_contain_text("per", timeout=15_000)

    session_id, auth, reply = citizen(app_server, "Hvordan regnes karakterpoeng ut?", "Kan jeg snakke med en veileder?")
    assert reply["mode"] == "queued"

    # The queue is live in both consoles, without reload.
    entry = kari.locator("#waiting li button").first
    expect(entry).to_contain_text("Ønsker å snakke med et menneske", timeout=10_000)
    expect(per.locator("#waiting li button").first).to_contain_text("Ønsker å snakke med et menneske", timeout=10_000)
    kari.click("#next")
    expect(kari.locator("#conversation")).to_be_visible()
    expect(kari.locator("#summary")).to_contain_text("Hvordan regnes karakterpoeng ut?")
    expect(kari.locator("#summary")).to_contain_text("Slik regnes karakterpoeng ut")  # the article the bot showed
    expect(kari.locator("#events")).to_contain_text("Kan jeg snakke med en veileder?")
    expect(kari.locator("#mine li button")).to_have_count(1)
    expect(per.locator("#waiting li")).to_have_count(0, timeout=10_000)

    # An internal note: visibly different for counsellors, never in the citizen's events.
    kari.click("#note-box summary")
    kari.fill("#note-text", "Virker usikker på studievalg, spør om interesser.")
    kari.press("#note-text", "Enter")
    note = kari.locator("#events li.internal")
    expect(note).to_contain_text("Virker usikker på studievalg")
    expect(note).to_contain_text("Bare for veiledere")
    assert "Virker usikker" not in " ".join(e["text"] for e in citizen_events(app_server, session_id, auth))

    # The back room: per sees the mention highlighted and counted; kari's own line is not highlighted.
    kari.click("#backroom-toggle")  # folded at 1366 px
    kari.fill("#backroom-text", "@per kan du ta over en samtale om studievalg?")
    kari.press("#backroom-text", "Enter")
    expect(kari.locator("#backroom li.own")).to_contain_text("kan du ta over")
    expect(kari.locator("#backroom li.mention-me")).to_have_count(0)
    mention = per.locator("#backroom li.mention-me")
    expect(mention).to_contain_text("@per kan du ta over", timeout=10_000)
    expect(mention).to_contain_text("nevner deg")
    expect(per.locator("#mention-count")).to_have_text("1 omtale")
    per.keyboard.press("Alt+B")
    expect(per.locator("#backroom-text")).to_be_focused()
    expect(per.locator("#mention-count")).to_be_hidden()

    # Transfer to the colleague, with a note.
    kari.click("#transfer-box summary")
    kari.select_option("#transfer-to", "c:per")
    kari.fill("#transfer-note", "Studievalg, har lest om karakterpoeng.")
    kari.click("#transfer button[type=submit]")
    expect(kari.locator("#conversation")).to_be_hidden()
    expect(kari.locator("#notice")).to_contain_text("overført til per")
    expect(kari.locator("#mine li")).to_have_count(0)

    expect(per.locator("#mine li button")).to_have_count(1, timeout=10_000)
    expect(per.locator("#notice")).to_contain_text("overført til deg")
    per.locator("#mine li button").first.click()
    expect(per.locator("#events li.internal")).to_have_count(2)
    expect(per.locator("#events")).to_contain_text("Virker usikker på studievalg")
    expect(per.locator("#events")).to_contain_text("Studievalg, har lest om karakterpoeng.")

    # A canned greeting in bokmål with per's name, sent with Enter.
    per.click("#canned button[data-canned=greeting]")
    expect(per.locator("#reply-text")).to_have_value(
        "Hei, jeg heter Per og er karriereveileder. Jeg har lest det du har skrevet så langt. "
        "Hva vil du at vi skal snakke om?")
    expect(per.locator("#reply-text")).to_be_focused()
    per.press("#reply-text", "Enter")
    expect(per.locator("#events li.counsellor:not(.internal)")).to_contain_text("jeg heter Per")
    texts = [e["text"] for e in citizen_events(app_server, session_id, auth)]
    assert any("jeg heter Per" in t for t in texts)
    assert not any("Studievalg, har lest" in t or "Virker usikker" in t for t in texts)

    # The citizen writes back; per sees it.
    httpx.post(f"{app_server}/api/sessions/{session_id}/messages", json={"text": "Jeg liker <b>realfag</b>."},
               headers=auth, timeout=30)
    citizen_line = per.locator("#events li.citizen").last
    expect(citizen_line).to_contain_text("Jeg liker <b>realfag</b>.")  # shown as text, not markup
    expect(per.locator("#events li.citizen b")).to_have_count(0)

    # Close with an outcome and a note on missing portal content.
    per.click("#close-box summary")
    per.select_option("#outcome", "referred_career_centre")
    per.fill("#close-note", "Henvist til karrieresenteret")
    per.fill("#missing-content", "Mangler en artikkel om realfagskrav til ingeniørstudier")
    per.click("#close button[type=submit]")
    expect(per.locator("#conversation")).to_be_hidden()
    expect(per.locator("#notice")).to_contain_text("henvist til karrieresenter")
    handover_keys = [k for k in redis_client.keys("vv:handover:*") if redis_client.hget(k, "session_id") == session_id]
    assert len(handover_keys) == 1
    assert redis_client.hget(handover_keys[0], "outcome") == "referred_career_centre"
    assert redis_client.hget(handover_keys[0], "closed_by") == "per"

    editor = staff(app_server, "demo-editor")
    gaps = httpx.get(f"{app_server}/api/reports/content-gaps", headers=editor, timeout=30).json()
    assert [g["note"] for g in gaps] == ["Mangler en artikkel om realfagskrav til ingeniørstudier"]
    assert gaps[0]["counsellor"] == "per"
    assert any(e["kind"] == "system" and "avsluttet" in e["text"] for e in citizen_events(app_server, session_id, auth))
    assert kari.js_errors == [] and per.js_errors == []


def test_callbacks_first_crisis_first_language_notes_keyboard_and_hand_back(app_server, browser, redis_client):
    # A question left for a callback, a normal handover, a crisis, and a Ukrainian citizen.
    olena = staff(app_server, "olena")  # on duty (login counts as a heartbeat): uk is kept for her
    session_id, auth, _ = citizen(app_server, "Hei")
    question = "Kan noen ringe meg om omskolering? <img src=x onerror=alert(1)>"
    created = httpx.post(f"{app_server}/api/sessions/{session_id}/callback", headers=auth, timeout=30,
                         json={"question": question, "phone": "99887766"})
    assert created.status_code == 201, created.text
    normal_id, normal_auth, _ = citizen(app_server, "Kan jeg snakke med en veileder?")
    crisis_id, crisis_auth, crisis_reply = citizen(app_server, "Jeg orker ikke mer, jeg vil ta livet mitt")
    assert crisis_reply["mode"] == "queued"
    _, _, uk_reply = citizen(app_server, "Я хочу поговорити з консультантом")
    assert uk_reply["mode"] == "queued"

    httpx.post(f"{app_server}/api/counsellors/me/heartbeat", headers=olena, timeout=30)
    kari = console(browser, app_server, "kari")
    # Callbacks are first on the page and take the focus when the counsellor comes on duty.
    panel = kari.locator("#callbacks-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(question)
    expect(panel.locator("img")).to_have_count(0)
    expect(panel.locator("a[href='tel:99887766']")).to_be_visible()
    expect(kari.locator("#callbacks-heading")).to_be_focused()
    assert panel.bounding_box()["y"] < kari.locator("#queue-panel").bounding_box()["y"]
    expect(kari.locator("#notice")).to_contain_text("Ta dem først")

    # Crisis first and highlighted; the Ukrainian citizen is kept for olena, with a note.
    expect(kari.locator("#waiting li")).to_have_count(3, timeout=10_000)
    first = kari.locator("#waiting li").first
    expect(first).to_have_class(re.compile(r"\bcrisis\b"))
    expect(first).to_contain_text("KRISE")
    uk_entry = kari.locator("#waiting li", has_text="ukrainsk")
    expect(uk_entry).to_contain_text("Holdes for en kollega som snakker ukrainsk")
    expect(uk_entry.locator("button")).to_be_disabled()

    # olena goes off duty: the Ukrainian citizen is open to anyone, with a note.
    httpx.post(f"{app_server}/api/counsellors/me/off-duty", headers=olena, timeout=30)
    expect(uk_entry).to_contain_text("Ingen på vakt snakker ukrainsk", timeout=10_000)
    expect(uk_entry.locator("button")).to_be_enabled()

    # Mark the callback as followed up.
    panel.locator("input").fill("Ringte tilbake kl. 10")
    panel.locator("button[type=submit]").click()
    expect(panel).to_be_hidden()
    assert httpx.get(f"{app_server}/api/callbacks", headers=olena, timeout=30).json() == []

    # Keyboard: Alt+N takes the crisis first, Alt+S goes to the reply box, Enter sends.
    kari.keyboard.press("Alt+N")
    expect(kari.locator("#summary")).to_contain_text("KRISE")
    expect(kari.locator("#mine li.crisis")).to_have_count(1)
    kari.keyboard.press("Alt+S")
    expect(kari.locator("#reply-text")).to_be_focused()
    kari.keyboard.type("Hei, jeg er her nå. Er du trygg akkurat nå?")
    kari.keyboard.press("Enter")
    expect(kari.locator("#events li.counsellor")).to_contain_text("Er du trygg")
    assert any("Er du trygg" in e["text"] for e in citizen_events(app_server, crisis_id, crisis_auth))

    # A second conversation at once; both stay in "Mine samtaler", switch with Alt+PageDown.
    kari.keyboard.press("Alt+N")
    expect(kari.locator("#mine li")).to_have_count(2)
    expect(kari.locator("#mine-count")).to_contain_text("2 av 3")
    expect(kari.locator("#summary")).to_contain_text("Kan jeg snakke med en veileder?")
    httpx.post(f"{app_server}/api/sessions/{crisis_id}/messages", json={"text": "Ja, jeg er trygg."},
               headers=crisis_auth, timeout=30)
    expect(kari.locator("#mine li.crisis .unread")).to_have_text("1 ny", timeout=10_000)
    kari.keyboard.press("Alt+PageDown")
    expect(kari.locator("#events")).to_contain_text("Ja, jeg er trygg.")
    expect(kari.locator("#mine li.crisis .unread")).to_be_hidden()
    kari.keyboard.press("Alt+PageDown")
    expect(kari.locator("#summary")).to_contain_text("Kan jeg snakke med en veileder?")

    # Hand the normal one back to the bot with a reason.
    kari.click("#release-box summary")
    kari.fill("#release-text", "Bare et informasjonsspørsmål")
    kari.click("#release button[type=submit]")
    expect(kari.locator("#notice")).to_contain_text("gitt tilbake til assistenten")
    expect(kari.locator("#mine li")).to_have_count(1)
    expect(kari.locator("#summary")).to_contain_text("KRISE")  # the remaining conversation opens
    reply = httpx.post(f"{app_server}/api/sessions/{normal_id}/messages", json={"text": "Hva er karakterpoeng?"},
                       headers=normal_auth, timeout=90).json()
    assert reply["mode"] == "bot"

    # Escape closes an open form; the shortcuts are documented on the page.
    kari.click("#transfer-box summary")
    kari.keyboard.press("Escape")
    expect(kari.locator("#transfer")).to_be_hidden()
    kari.click("#help summary")
    expect(kari.locator("#help")).to_contain_text("Ta neste fra køen")
    assert kari.js_errors == []


def test_logout_and_roles(app_server, browser, redis_client):
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{app_server}/console")
    page.fill("#username", "kari")
    page.fill("#password", "feil")
    page.click("#login button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("Feil brukernavn eller passord.")
    page.fill("#password", "demo")
    page.click("#login button[type=submit]")
    expect(page.locator("#who")).to_contain_text("kari")
    expect(page.locator("#duty")).to_have_text("På vakt")
    per = staff(app_server, "per")
    on_duty = lambda: {c["username"] for c in httpx.get(f"{app_server}/api/counsellors/on-duty", headers=per).json()}
    assert "kari" in on_duty()
    page.click("#duty-toggle")
    expect(page.locator("#duty")).to_have_text("Av vakt")
    assert "kari" not in on_duty()
    page.click("#duty-toggle")
    expect(page.locator("#duty")).to_have_text("På vakt")
    assert "kari" in on_duty()
    page.click("#logout")
    expect(page.locator("#login-view")).to_be_visible()
    assert "kari" not in on_duty()

    page.fill("#username", "demo-editor")
    page.fill("#password", "demo")
    page.click("#login button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("for veiledere")
    expect(page.locator("#work-view")).to_be_hidden()
