"""The career centre card on the chat page in Debian's Chromium: name, address, a tel: link and the
booking link, all as text; and the button under the close notice when a counsellor referred the
citizen to a career centre, which shows the county's card under the closed chat. Screenshots are
kept (``chat-centre-card.png``, ``chat-centre-after-close.png`` in the test's tmp folder).

The app runs as a real server without Rasa; the card event is written the way the gateway records
an action's message (``TranscriptStore.append``)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import expect
from redis.asyncio import Redis

from core import keys
from core.transcripts import TranscriptStore
from handover.queue import HandoverRequest, HandoverStore
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e

CARD = {"id": "troms", "name": "Karriere Troms <img src=x onerror=alert(1)>", "town": "Tromsø",
        "address": "Storgata 1, 9008 Tromsø", "phone": "77 00 00 00", "phone_uri": "tel:+4777000000",
        "booking_url": "https://example.org/bestill", "url": "", "county": "Troms", "needs_verification": False}


@pytest.fixture
def chat_server(redis_server, redis_client, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed,
           "HANDOVER_OPENING_HOURS": "always"}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/", timeout=5).status_code == 200, 60)
    yield url
    service.stop()


def in_thread(work):
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop in this one
        return thread.submit(asyncio.run, work()).result()


def record_card(redis_url: str, session_id: str) -> None:
    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            await TranscriptStore(redis).append(session_id, "bot", "Nærmeste offentlige karrieresenter for deg er "
                                                "Karriere Troms, Tromsø.", "career_centre", career_centre=CARD)
        finally:
            await redis.aclose()

    in_thread(work)


def queued(redis_url: str, session_id: str) -> dict:
    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="reflective", language="nb", county="Troms"))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return in_thread(work)


def test_the_card_links_the_phone_and_booking_and_the_close_button_starts_a_new_chat(
        chat_server, browser, redis_server, redis_client, tmp_path):
    url = chat_server
    page = browser.new_page(viewport={"width": 480, "height": 860}, locale="nb-NO")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.goto(url)
    page.fill("#text", "Hvor er karrieresenteret i Tromsø?")
    page.press("#text", "Enter")
    expect(page.locator("#log li.citizen")).to_have_count(1, timeout=60_000)
    session_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).session_id")
    record_card(redis_server.url, session_id)

    card = page.locator("#log .centre-card")
    expect(card).to_have_count(1, timeout=30_000)
    expect(card).to_contain_text("Karriere Troms <img src=x onerror=alert(1)>")  # as text, never markup
    assert card.locator("img").count() == 0
    expect(card).to_contain_text("Storgata 1, 9008 Tromsø")
    phone = card.get_by_role("link", name="77 00 00 00")
    expect(phone).to_have_attribute("href", "tel:+4777000000")
    booking = card.get_by_role("link", name="Bestill time")
    expect(booking).to_have_attribute("href", "https://example.org/bestill")
    page.screenshot(path=str(tmp_path / "chat-centre-card.png"))

    handover = queued(redis_server.url, session_id)
    with httpx.Client(base_url=url, timeout=30) as api:
        token = api.post("/api/auth/login", json={"username": "demo-counsellor", "password": "demo"}).json()["token"]
        counsellor = {"Authorization": f"Bearer {token}"}
        assert api.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor).status_code == 200
        assert api.post(f"/api/handovers/{handover['id']}/close", headers=counsellor,
                        json={"outcome": "referred_career_centre", "note": ""}).status_code == 200

    # The last one: the assistant-down notice before offers one too (retired once the chat moved on).
    button = page.get_by_role("button", name="Finn et karrieresenter").last
    expect(button).to_be_visible(timeout=30_000)
    expect(button).to_be_enabled()
    before = redis_client.llen(keys.transcript(session_id))
    button.click()
    # The closed chat stays as it is (still downloadable); the card for Troms is shown under it.
    expect(card).to_have_count(2, timeout=30_000)
    second = card.nth(1)
    expect(second).to_contain_text("Karriere Troms, Tromsø")  # the real data: the name and town, said once
    assert second.get_by_role("link").count() == 1  # no verified phone or booking yet: only karriereveiledning.no
    expect(second.get_by_role("link", name="karriereveiledning.no")).to_have_attribute("href", "https://karriereveiledning.no/")
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).session_id") == session_id
    assert redis_client.llen(keys.transcript(session_id)) == before
    page.screenshot(path=str(tmp_path / "chat-centre-after-close.png"))
    assert errors == []
