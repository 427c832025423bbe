"""Live updates over the WebSocket in Debian's Chromium: a chat with a counsellor survives a reload
(the page opens /ws/sessions/{id} again, shows every earlier message once, and a counsellor reply sent
after the reload arrives by push, with no long-poll), and a dropped socket (closed from the page)
resumes without duplicates or gaps: the page falls back to the long-poll and then reconnects."""

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Records every WebSocket the page opens, so the test can drop one (a test hook in the test only).
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
})();
"""


def staff(url: str) -> dict:
    response = httpx.post(f"{url}/api/auth/login", json={"username": "demo-counsellor", "password": "demo"}, timeout=30)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def claim_for(url: str, counsellor: dict, session_id: str) -> str:
    waiting = httpx.get(f"{url}/api/handovers", headers=counsellor, timeout=30).json()
    handover = next(h for h in waiting if h["session_id"] == session_id)
    assert httpx.post(f"{url}/api/handovers/{handover['id']}/claim", headers=counsellor, timeout=30).status_code == 200
    return handover["id"]


def reply(url: str, counsellor: dict, handover_id: str, text: str) -> None:
    response = httpx.post(f"{url}/api/handovers/{handover_id}/messages", headers=counsellor, json={"text": text},
                          timeout=30)
    assert response.status_code == 200, response.text


def seqs(page) -> list[int]:
    return [int(s) for s in page.eval_on_selector_all("#log li[data-seq]", "(items) => items.map((i) => i.dataset.seq)")]


def test_reload_and_a_dropped_socket_resume_without_duplicates(app_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(RECORD_SOCKETS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sockets: list[dict] = []  # every socket the page opened: its url and the frames it received

    def on_socket(ws):
        record = {"url": ws.url, "frames": [], "closed": False}
        ws.on("framereceived", lambda payload: record["frames"].append(payload))
        ws.on("close", lambda _: record.update(closed=True))
        sockets.append(record)

    page.on("websocket", on_socket)
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if "/events?" in request.url else None)

    page.goto(f"{app_server}/")
    page.fill("#text", "Hvordan regnes karakterpoeng ut?")
    page.press("#text", "Enter")
    expect(page.locator("li.msg.bot[data-kind=answer]").first).to_be_visible(timeout=60_000)
    counsellor = staff(app_server)  # on duty (a login counts as a heartbeat)
    httpx.post(f"{app_server}/api/counsellors/me/heartbeat", headers=counsellor, timeout=30)
    page.fill("#text", "Kan jeg snakke med en veileder?")
    page.press("#text", "Enter")
    expect(page.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=60_000)
    session_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).session_id")
    handover_id = claim_for(app_server, counsellor, session_id)
    reply(app_server, counsellor, handover_id, "Hei, jeg er her nå.")
    expect(page.locator("li.msg.counsellor")).to_contain_text("jeg er her nå", timeout=30_000)
    before = seqs(page)
    assert len(before) == len(set(before)) and before == sorted(before)

    # ---- reload mid-conversation: the page continues over the WebSocket
    opened_before_reload = len(sockets)
    page.reload()
    page.wait_for_function("() => window.__sockets.some((s) => s.url.includes('/ws/sessions/') && s.readyState === 1)")
    assert len(sockets) > opened_before_reload and f"/ws/sessions/{session_id}" in sockets[-1]["url"]
    live = sockets[-1]
    expect(page.locator("li.msg.counsellor")).to_have_count(1, timeout=30_000)
    page.wait_for_function("(n) => document.querySelectorAll('#log li[data-seq]').length >= n", arg=len(before))
    assert seqs(page) == before  # every earlier message, once
    expect(page.locator("#log li.msg.citizen", has_text="Hvordan regnes karakterpoeng ut?")).to_have_count(1)
    # the token never goes into the URL
    token = page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).token")
    assert token not in live["url"]

    polls.clear()
    reply(app_server, counsellor, handover_id, "Hva vil du snakke om?")
    expect(page.locator("li.msg.counsellor")).to_have_count(2, timeout=30_000)
    expect(page.locator("li.msg.counsellor").last).to_contain_text("Hva vil du snakke om?")
    assert any("Hva vil du snakke om?" in frame for frame in live["frames"])  # it came by push
    assert polls == [], polls  # and no long-poll ran

    # ---- the socket drops: the page falls back, reconnects and resumes from its last seq
    opened = len(sockets)
    page.evaluate("() => window.__sockets.filter((s) => s.readyState === 1).forEach((s) => s.close())")
    page.wait_for_function("() => window.__sockets.every((s) => s.readyState !== 1)")
    reply(app_server, counsellor, handover_id, "Er du der fortsatt?")  # while the socket is down
    expect(page.locator("li.msg.counsellor")).to_have_count(3, timeout=30_000)
    assert any("wait=20" in url for url in polls), polls  # it fell back to the long-poll
    page.wait_for_function("""() => window.__sockets.some((s) => s.url.includes('/ws/sessions/') && s.readyState === 1)""",
                           timeout=30_000)
    assert len(sockets) > opened  # a new socket
    resumed = sockets[-1]
    reply(app_server, counsellor, handover_id, "Jeg venter på svaret ditt.")
    expect(page.locator("li.msg.counsellor")).to_have_count(4, timeout=30_000)
    expect(page.locator("li.msg.counsellor").last).to_contain_text("Jeg venter på svaret ditt.")
    assert any("Jeg venter på svaret ditt." in frame for frame in resumed["frames"])
    # the new socket resumed after the last seq: it did not send the conversation again
    assert not any("Hvordan regnes karakterpoeng ut?" in frame for frame in resumed["frames"])
    after = seqs(page)
    assert len(after) == len(set(after)) and after == sorted(after)
    assert set(before) < set(after)
    for text in ("Hei, jeg er her nå.", "Hva vil du snakke om?", "Er du der fortsatt?", "Jeg venter på svaret ditt."):
        expect(page.locator("li.msg.counsellor", has_text=text)).to_have_count(1)
    assert errors == [], errors


def test_without_a_websocket_the_page_long_polls(app_server, browser):
    """A network that refuses WebSockets (every attempt closed at once): the page keeps working on
    the long-poll, and a counsellor's reply still arrives, once."""
    page = browser.new_page(viewport={"width": 375, "height": 740})
    attempts: list[str] = []

    def refuse(ws):
        attempts.append(ws.url)
        ws.close(code=1011, reason="no websockets here")

    page.route_web_socket(lambda url: "/ws/sessions/" in url, refuse)
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if "/events?" in request.url else None)
    counsellor = staff(app_server)
    page.goto(f"{app_server}/")
    page.fill("#text", "Kan jeg snakke med en veileder?")
    page.press("#text", "Enter")
    expect(page.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=60_000)
    session_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).session_id")
    handover_id = claim_for(app_server, counsellor, session_id)
    reply(app_server, counsellor, handover_id, "Hei! Dette kommer uten WebSocket.")
    expect(page.locator("li.msg.counsellor")).to_contain_text("uten WebSocket", timeout=40_000)
    expect(page.locator("li.msg.counsellor")).to_have_count(1)
    assert attempts and all(f"/ws/sessions/{session_id}" in url for url in attempts)
    assert any("wait=20" in url and session_id in url for url in polls), polls
    shown = seqs(page)
    assert len(shown) == len(set(shown)) and shown == sorted(shown)
