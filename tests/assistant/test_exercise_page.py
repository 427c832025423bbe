"""The chat page's welcome in Debian's Chromium (real app server, Rasa and actions): the starting
points in the browser's language, as text; a click leads into the topic with articles, and the
welcome gives way to the conversation. A screenshot is kept (``chat-welcome.png`` in tmp)."""

import pytest
from playwright.sync_api import expect

from actions.exercise import TOPICS
from assistant import welcome
from tests.e2e.conftest import app_server, browser  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


def test_the_welcome_offers_starting_points_and_a_click_leads_into_the_topic(app_server, browser, tmp_path):
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(app_server)
    box = page.locator("#welcome")
    expect(box).to_be_visible()
    expect(box.locator("h2")).to_have_text("Welcome to Veivalg")
    expect(box.locator("#welcome-topics")).to_have_text("Where are you now?")
    titles = [welcome.TOPIC_TITLES[t]["en"] for t in ("upper_secondary", "higher_education", "career_change",
                                                       "lost_job", "foreign_education")]
    expect(box.locator("#welcome-buttons button")).to_have_text(titles)
    page.screenshot(path=str(tmp_path / "chat-welcome.png"))

    box.get_by_role("button", name="I have lost my job").click()
    expect(page.locator("li.msg.citizen")).to_have_text("You" + "I have lost my job", timeout=60_000)
    answer = page.locator("li.msg.bot").filter(has_text=TOPICS["lost_job"][1]["en"])
    expect(answer).to_be_visible(timeout=60_000)
    assert 2 <= answer.locator(".sources a").count() <= 3
    expect(box).to_be_hidden()


def test_the_welcome_in_arabic_reads_right_to_left(app_server, browser):
    page = browser.new_context(locale="ar").new_page()
    page.goto(app_server)
    box = page.locator("#welcome")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")  # the whole page, not only the welcome
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(box.locator("#welcome-buttons button").first).to_have_text(welcome.TOPIC_TITLES["upper_secondary"]["ar"])
