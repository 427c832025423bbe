"""The career centres page (/editor/centres) in Debian's Chromium: an editor opens an office, a
phone without a source is refused beside the field (nothing written), with a source it is saved to
the configured data folder (a tmp copy, ``KNOWLEDGE_DATA_DIR``), never the repo's file. A
screenshot is kept (``editor-centres.png`` in the test's tmp folder)."""

import shutil

import httpx
import pytest
import yaml
from playwright.sync_api import expect

from core.settings import KNOWLEDGE_DIR
from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def centres_server(redis_server, redis_client, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(KNOWLEDGE_DIR / "data", data)
    closed = f"http://127.0.0.1:{free_port()}"
    port = free_port()
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": closed, "ASSISTANT_ACTIONS_URL": closed,
           "HANDOVER_OPENING_HOURS": "always", "KNOWLEDGE_DATA_DIR": str(data),
           "KNOWLEDGE_INDEX_DIR": str(tmp_path / "index")}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "logs")
    url = f"http://127.0.0.1:{port}"
    service.start(lambda: httpx.get(f"{url}/editor/centres", timeout=5).status_code == 200, 60)
    yield url, data
    service.stop()


def test_an_editor_adds_a_sourced_phone_and_an_unsourced_one_is_refused(centres_server, browser, tmp_path):
    url, data = centres_server
    repo_file = (KNOWLEDGE_DIR / "data" / "career_centres.yml").read_bytes()
    before = (data / "career_centres.yml").read_bytes()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}/editor/centres")
    page.fill("#username", "demo-editor")
    page.fill("#password", "demo")
    page.press("#password", "Enter")
    expect(page.locator("#work-view")).to_be_visible(timeout=30_000)
    options = page.locator("#office-list option")
    expect(options).to_have_count(24)
    page.select_option("#office-list", label="Troms: Karriere Troms, Tromsø – må kontrolleres")
    expect(page.locator("#o-id")).to_have_value("troms")
    expect(page.locator("#o-town-value")).to_have_value("Tromsø")

    page.fill("#o-phone-value", "77 00 00 00")
    page.click("#save")
    expect(page.locator("#err-phone")).to_contain_text("kilde")
    expect(page.locator("#notice")).to_contain_text("Karrieresentrene har feil")
    assert (data / "career_centres.yml").read_bytes() == before

    page.fill("#o-phone-source_url", "https://example.org/kontakt")
    page.fill("#o-phone-checked", "2026-11-30")
    page.click("#save")
    expect(page.locator("#notice")).to_have_text("Lagret.")
    expect(page.locator("#err-phone")).to_be_empty()
    saved = yaml.safe_load((data / "career_centres.yml").read_text(encoding="utf-8"))
    troms = next(o for o in saved["offices"] if o["id"] == "troms")
    assert troms["phone"] == {"value": "77 00 00 00", "source_url": "https://example.org/kontakt",
                              "checked": "2026-11-30"}
    assert (KNOWLEDGE_DIR / "data" / "career_centres.yml").read_bytes() == repo_file
    page.screenshot(path=str(tmp_path / "editor-centres.png"))

    card = httpx.get(f"{url}/api/career-centres/nearest?municipality=Troms%C3%B8").json()["career_centre"]
    assert card["phone_uri"] == "tel:+4777000000"
    assert errors == []
