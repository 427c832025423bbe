"""The /points page in Debian's Chromium (Playwright) at a phone's width (375 px): the form, the
explained result as text with source links, a refused field, and the page language."""

import os
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def points_server(redis_server, redis_client, tmp_path_factory):
    """The app as a real HTTP server; the page needs neither Rasa nor the action server."""
    port, closed = free_port(), f"http://127.0.0.1:{free_port()}"
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env,
                      Path(tmp_path_factory.mktemp("points-app-logs")))
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/points", timeout=5).status_code == 200, 60)
    yield url
    service.stop()


@pytest.fixture
def phone(points_server):
    if not os.path.exists(CHROMIUM):
        raise RuntimeError("Debian's chromium is not installed: run `make install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 375, "height": 740})
        yield page
        browser.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_works_out_their_points_on_a_phone(phone, points_server):
    phone.goto(f"{points_server}/points")
    phone.wait_for_selector("#applying_year option[value='2025']", state="attached")
    assert phone.locator("h1").inner_text() == "Regn ut poengene dine"
    phone.select_option("#applying_year", "2025")
    phone.fill("#birth_year", "2005")
    phone.fill("#grade_average", "4,8")
    phone.check("input[name=science_subjects][value=math_r1]")
    phone.check("input[name=extra_items][value=folk_high_school]")
    assert fits(phone)
    phone.click("#submit")
    result = phone.locator("#result")
    result.wait_for(state="visible")
    text = result.inner_text()
    assert "Skolepoeng (teller i kvote for førstegangsvitnemål): 48,5" in text
    assert "Konkurransepoeng (teller i ordinær kvote): 52,5" in text
    assert "Samordna opptak" in text
    links = phone.locator("#result a").evaluate_all("links => links.map(a => a.href)")
    assert any("samordnaopptak.no" in href for href in links)
    assert fits(phone)


def test_a_refused_field_is_named_and_nothing_is_shown(phone, points_server):
    phone.goto(f"{points_server}/points")
    phone.wait_for_selector("#applying_year option[value='2025']", state="attached")
    phone.select_option("#applying_year", "2025")
    phone.fill("#birth_year", "2005")
    phone.fill("#grade_average", "4")
    phone.check("input[name=diploma][value=rule_23_5]")  # turns 20: too young for 23/5
    phone.click("#submit")
    error = phone.locator("#error")
    error.wait_for(state="visible")
    assert "rule_23_5" in error.inner_text()
    assert phone.locator("#result").is_hidden()


def test_the_page_speaks_the_asked_language(phone, points_server):
    phone.goto(f"{points_server}/points?lang=ar")
    phone.wait_for_selector("#applying_year option[value='2025']", state="attached")
    assert phone.evaluate("document.documentElement.lang") == "ar"
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.locator("h1").inner_text() == "احسب نقاطك"
    assert fits(phone)
