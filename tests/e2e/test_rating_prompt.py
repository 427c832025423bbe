"""The rating prompt on the chat page in Debian's Chromium: when the counsellor ends the chat, the
page asks for 1-5 and an optional comment, sends it once, thanks the citizen, and does not ask
again after a reload. A screenshot is kept (``chat-rating.png`` in the test's tmp folder).

The app runs as a real server without Rasa; the session is queued the way the handover tests do
it (``HandoverStore.create``), a counsellor claims and closes it through the API."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import expect
from redis.asyncio import Redis

from core import keys
from handover.queue import HandoverRequest, HandoverStore
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e


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


def queued(redis_url: str, session_id: str) -> dict:
    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language="nb"))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop in this one
        return thread.submit(asyncio.run, work()).result()


def test_the_citizen_rates_a_chat_the_counsellor_ended(chat_server, browser, redis_server, redis_client, tmp_path):
    url = chat_server
    page = browser.new_page(viewport={"width": 480, "height": 860}, locale="nb-NO")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.url.endswith("/rating") and response.status >= 400 else None)
    page.goto(url)
    page.fill("#text", "Kan jeg snakke med en veileder?")
    page.press("#text", "Enter")
    expect(page.locator("#log li.citizen")).to_have_count(1, timeout=60_000)  # the first message warms up language detection
    session_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('veivalg-session')).session_id")
    handover = queued(redis_server.url, session_id)

    with httpx.Client(base_url=url, timeout=30) as api:
        token = api.post("/api/auth/login", json={"username": "demo-counsellor", "password": "demo"}).json()["token"]
        counsellor = {"Authorization": f"Bearer {token}"}
        assert api.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor).status_code == 200
        assert api.post(f"/api/handovers/{handover['id']}/close", headers=counsellor,
                        json={"outcome": "information", "note": ""}).status_code == 200

    prompt = page.locator("#log li.rating")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("Hvordan var samtalen?")
    expect(page.locator("#log li.msg.system").last).to_contain_text("avsluttet")  # the prompt is not a notice
    send = prompt.get_by_role("button", name="Send vurdering")
    expect(send).to_be_disabled()  # a number first
    prompt.get_by_role("button", name="4 av 5").click()
    expect(prompt.get_by_role("button", name="4 av 5")).to_have_attribute("aria-pressed", "true")
    prompt.locator("textarea").fill("Veilederen var hjelpsom")
    page.screenshot(path=str(tmp_path / "chat-rating.png"))
    send.click()
    expect(prompt).to_contain_text("Takk for vurderingen!", timeout=60_000)  # the anonymiser's first use warms up
    stored = json.loads(redis_client.get(keys.rating(session_id)))
    assert stored["rating"] == 4 and stored["comment"] == "Veilederen var hjelpsom"

    page.reload()
    expect(page.locator("#log li.msg").first).to_be_visible()
    expect(page.locator("#log li.msg.system").last).to_contain_text("avsluttet")  # the close notice stays the last notice
    expect(page.locator("#log li.rating")).to_have_count(0)  # rated once: not asked again
    assert errors == []
