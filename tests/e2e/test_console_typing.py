"""The console's typing signal in Debian's Chromium: while the counsellor writes a reply, the
citizen's events say "Kari is typing" (first name, never the username), throttled (not one signal
per key), and the reply itself arrives with the counsellor's first name."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import expect
from redis.asyncio import Redis

from core import keys
from handover.queue import HandoverRequest, HandoverStore

pytestmark = pytest.mark.e2e


def queued_citizen(url: str, redis_url: str) -> tuple[str, dict]:
    """A citizen waiting for a counsellor, queued as the gateway does after Rasa's handover request."""
    created = httpx.post(f"{url}/api/sessions", json={"language": "nb"}, timeout=30).json()
    session_id = created["session_id"]

    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language="nb", county=None,
                priority="normal", first_message="Kan jeg snakke med noen?"))
            await redis.hset(keys.session(session_id), "mode", "queued")
        finally:
            await redis.aclose()

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop running here
        thread.submit(asyncio.run, work()).result()
    return session_id, {"Authorization": f"Bearer {created['token']}"}


def test_the_citizen_sees_the_counsellor_typing(app_server, browser, redis_server, redis_client):
    session_id, auth = queued_citizen(app_server, redis_server.url)
    listener = redis_client.pubsub()
    listener.subscribe(keys.session_typing_channel(session_id))
    assert listener.get_message(timeout=2)["type"] == "subscribe"

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_server}/console")
    page.fill("#username", "kari")
    page.fill("#password", "demo")
    page.press("#password", "Enter")
    expect(page.locator("#who")).to_contain_text("kari")
    expect(page.locator("#waiting li button")).to_have_count(1, timeout=15_000)
    page.click("#next")
    expect(page.locator("#conversation")).to_be_visible()

    reply = "Hei! Jeg ser på spørsmålet ditt nå."
    page.locator("#reply-text").press_sequentially(reply)
    # The console posts the signal asynchronously: wait until it has been published (the key is
    # set in the same transaction), then ask for the events the citizen's page polls.
    first = listener.get_message(ignore_subscribe_messages=True, timeout=10)
    assert first is not None, "no typing signal within 10 s"
    events = httpx.get(f"{app_server}/api/sessions/{session_id}/events", headers=auth, timeout=30).json()
    assert events["typing"] == {"from": "counsellor", "name": "Kari"}
    signals = [json.loads(first["data"])]
    while (message := listener.get_message(ignore_subscribe_messages=True, timeout=1)) is not None:
        signals.append(json.loads(message["data"]))
    listener.close()
    assert signals and all(signal == {"from": "counsellor", "name": "Kari"} for signal in signals)
    assert len(signals) < len(reply) // 4  # throttled: not a signal per key

    page.press("#reply-text", "Enter")
    expect(page.locator("#events")).to_contain_text(reply)
    seen = httpx.get(f"{app_server}/api/sessions/{session_id}/events", headers=auth, timeout=30)
    counsellor = [e for e in seen.json()["events"] if e["kind"] == "counsellor"]
    assert [(e["text"], e["counsellor_name"]) for e in counsellor] == [(reply, "Kari")]
    assert '"kari"' not in seen.text
    assert errors == []
