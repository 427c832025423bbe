"""The app as a real HTTP server and Debian's Chromium driven by Playwright (never downloaded)."""

import os
import shutil
from pathlib import Path

import httpx
import pytest

from tests.processes import ROOT, Service, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def app_server(redis_server, redis_client, rasa_stack, tmp_path_factory):
    """A fresh app process per test, started after the test's Redis was flushed (it seeds the
    staff accounts at start)."""
    if not (ROOT / "assistant/static/dist/chat.js").exists():
        raise RuntimeError("the chat page is not built (assistant/static/dist/chat.js): run `make web` (make test does)")
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": rasa_stack["rasa_url"],
           "ASSISTANT_ACTIONS_URL": rasa_stack["actions_url"], "HANDOVER_OPENING_HOURS": "always",
           "HANDOVER_AWAY_GRACE_S": "2"}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env,
                      Path(tmp_path_factory.mktemp("app-logs")))
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/health", timeout=5).status_code == 200, 60)
    yield url
    service.stop()


@pytest.fixture
def browser():
    """Per test: Playwright's sync API keeps an event loop running while it is open."""
    if not os.path.exists(CHROMIUM):
        raise RuntimeError("Debian's chromium is not installed: run `make install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
