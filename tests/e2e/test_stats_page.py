"""The stats page in Debian's Chromium: only evaluators and admins get in; the tiles and the
charts (Chart.js, vendored) show the last 30 days; a bad range shows the API's error in
Norwegian; an empty range says so; every chart's numbers download as CSV. A screenshot of the
page is kept as an artefact (``stats-page.png`` in the test's tmp folder).

The app runs as a real server without Rasa (the page does not need it). Chats are seeded through
the citizen API (messages, closing, ratings); what needs Rasa or a counsellor (needs, counties,
waiting times, feedback) through the real recorder, ``core.metrics.Metrics``."""

import asyncio
import csv
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from playwright.sync_api import expect
from redis.asyncio import Redis

from core.metrics import Metrics
from knowledge.unanswered import make_entry, record
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e

VIEWPORT = {"width": 1366, "height": 900}


@pytest.fixture
def stats_server(redis_server, redis_client, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed,
           "HANDOVER_OPENING_HOURS": "mon-fri 08:30-22:00; sat-sun 15:00-22:00"}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/stats", timeout=5).status_code == 200, 60)
    yield url
    service.stop()


def seed(url: str, redis_server, redis_client) -> None:
    sessions = []
    with httpx.Client(base_url=url, timeout=30) as client:
        for n, (language, channel) in enumerate([("nb", "web"), ("nb", "web"), ("en", "web"), ("uk", "sms"),
                                                 ("pl", "web"), ("ar", "web"), ("nn", "telegram")]):
            created = client.post("/api/sessions", json={"language": language, "channel": channel}).json()
            auth = {"Authorization": f"Bearer {created['token']}"}
            for text in ["Hei"] * (n % 3 + 1):
                assert client.post(f"/api/sessions/{created['session_id']}/messages", json={"text": text},
                                   headers=auth).status_code == 200
            sessions.append((created["session_id"], auth))

        async def recorded():  # what Rasa and the counsellors would have added while the chats were open
            redis = Redis.from_url(redis_server.url, decode_responses=True)
            metrics = Metrics(redis)
            try:
                needs = ["information", "information", "reflective", "reflective", "reflective", "information", "crisis"]
                counties = ["Oslo", "Vestland", "Oslo", "Nordland", "Agder", "Oslo", "Troms"]
                for (session_id, _), need, county in zip(sessions, needs, counties):
                    await metrics.triage(session_id, need, county)
                for session_id, _ in sessions[5:]:
                    await metrics.handed_over(session_id)
                for waited in (40, 95, 260, 610):
                    await metrics.waited(waited)
                for kind in ("helpful", "helpful", "helpful", "unhelpful"):
                    await metrics.feedback(kind)
            finally:
                await redis.aclose()

        with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop in this one
            thread.submit(asyncio.run, recorded()).result()
        record(redis_client, make_entry("Hva koster en pizza?", "nb", 0.1))
        for (session_id, auth), rating in zip(sessions[:5], (5, 4, 4, 3, 5)):
            assert client.post(f"/api/sessions/{session_id}/close", headers=auth).status_code == 200
            assert client.post(f"/api/sessions/{session_id}/rating", headers=auth,
                               json={"rating": rating}).status_code == 201


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def login(page, url: str, username: str) -> None:
    page.goto(f"{url}/stats")
    page.fill("#username", username)
    page.fill("#password", "demo")
    page.press("#password", "Enter")


def test_stats_page(stats_server, browser, redis_server, redis_client, tmp_path):
    url = stats_server
    seed(url, redis_server, redis_client)
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Console errors too (a CSP violation shows there), except the refused range's own 422 below.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "status of 422" not in message.text else None)

    # A counsellor is turned away at the door.
    login(page, url, "demo-counsellor")
    expect(page.locator("#login-error")).to_contain_text("for evaluatorer og administratorer")
    expect(page.locator("#work-view")).to_be_hidden()

    # An evaluator sees the last 30 days at a glance.
    login(page, url, "demo-evaluator")
    expect(page.locator("#work-view")).to_be_visible()
    expect(page.locator("body[data-loaded]")).to_have_count(1)
    tiles = page.locator("#tiles .tile")
    expect(tiles).to_have_count(8)
    expect(page.locator("[data-tile=chats] dd")).to_contain_text("7")
    expect(page.locator("[data-tile=guidance] dd")).to_contain_text("50 % / 50 %")
    expect(page.locator("[data-tile=ratings] dd")).to_contain_text("4,2 av 5")
    figures = page.locator("#charts figure.card")
    assert figures.count() >= 12
    assert page.locator("#charts canvas").count() >= 12  # every chart with numbers is drawn
    assert page.evaluate("() => typeof window.Chart === 'function'")  # the vendored library, no CDN
    page.screenshot(path=str(tmp_path / "stats-page.png"), full_page=True)

    # Each chart's numbers download as CSV.
    languages = page.locator("figure[data-chart='sprak']")
    with page.expect_download() as download:
        languages.get_by_role("button", name="Last ned tallene for «Språk» som CSV").click()
    assert download.value.suggested_filename.startswith("veivalg-sprak-")
    rows = read_csv(download.value.path())
    assert rows[0] == ["Språk", "Samtaler"]
    assert dict(rows[1:]) == {"bokmål": "2", "engelsk": "1", "ukrainsk": "1", "polsk": "1", "arabisk": "1", "nynorsk": "1"}
    with page.expect_download() as download:
        page.locator("figure[data-chart='vurderinger'] button.csv").click()
    rows = read_csv(download.value.path())
    assert rows == [["Vurdering (1–5)", "Vurderinger"], ["1", "0"], ["2", "0"], ["3", "1"], ["4", "2"], ["5", "2"]]

    # A range the wrong way round: the API's code in Norwegian; an empty range says so.
    page.fill("#from", "2026-03-10")
    page.fill("#to", "2026-03-01")
    page.click("#range button[type=submit]")
    expect(page.locator("#range-error")).to_have_text("Fra-datoen må være før eller lik til-datoen.")
    page.fill("#from", "2020-01-01")
    page.fill("#to", "2020-01-31")
    page.click("#range button[type=submit]")
    expect(page.locator("body[data-loaded='2020-01-01/2020-01-31']")).to_have_count(1)
    expect(page.locator("[data-tile=chats] dd")).to_contain_text("0")
    expect(page.locator("figure[data-chart='sprak'] .empty")).to_have_text("Ingen tall i perioden.")
    page.get_by_role("button", name="Siste 30 dager").click()
    expect(page.locator("figure[data-chart='sprak'] canvas")).to_have_count(1)
    assert errors == []
