"""A citizen asks for a human in the chat page; a counsellor logs into the console, reads the
transcript, replies; the citizen sees the reply; the counsellor closes with an outcome."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_citizen_and_counsellor_in_the_browser(app_server, browser, redis_client):
    console = browser.new_page()
    console.goto(f"{app_server}/console")
    console.fill("#username", "demo-counsellor")
    console.fill("#password", "demo")
    console.click("#login button[type=submit]")
    expect(console.locator("#who")).to_contain_text("demo-counsellor")

    chat = browser.new_page(locale="nb-NO")  # the chat page starts in the browser's language
    chat.goto(f"{app_server}/")
    chat.fill("#text", "Hvordan regnes karakterpoeng ut?")
    chat.press("#text", "Enter")
    answer = chat.locator("li.msg.bot[data-kind=answer]").first
    expect(answer).to_be_visible(timeout=60_000)
    expect(answer.locator(".sources a")).to_have_count(1)
    expect(answer.locator(".sources")).to_contain_text("sist kontrollert")

    chat.fill("#text", "Kan jeg snakke med en veileder?")
    chat.click("#send")
    expect(chat.locator("li.msg[data-kind=handover_queued]")).to_be_visible(timeout=60_000)
    expect(chat.locator("#status")).to_contain_text("nummer 1 i køen")

    entry = console.locator("#waiting li button").first
    expect(entry).to_contain_text("Ønsker å snakke med et menneske", timeout=10_000)
    entry.click()
    expect(console.locator("#summary")).to_contain_text("Hvordan regnes karakterpoeng ut?")
    expect(console.locator("#events")).to_contain_text("Kan jeg snakke med en veileder?")

    console.fill("#reply-text", "Hei! Jeg heter Kari. Hva vil du snakke om?")
    console.click("#reply button[type=submit]")
    expect(chat.locator("li.msg.counsellor")).to_contain_text("Jeg heter Kari", timeout=30_000)

    chat.fill("#text", "Jeg vet ikke hva jeg skal studere.")
    chat.press("#text", "Enter")
    expect(console.locator("#events")).to_contain_text("Jeg vet ikke hva jeg skal studere.", timeout=10_000)

    console.click("#close-box summary")
    console.select_option("#outcome", "reflective")
    console.click("#close button[type=submit]")
    expect(chat.locator("li.msg.system").last).to_contain_text("avsluttet", timeout=30_000)
    expect(console.locator("#conversation")).to_be_hidden()
    closed = [key for key in redis_client.keys("vv:handover:*") if redis_client.hget(key, "status") == "closed"]
    assert len(closed) == 1 and redis_client.hget(closed[0], "outcome") == "reflective"
