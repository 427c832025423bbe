"""The gateway's answers while the assistant is down, without starting Rasa (nothing listens where
Rasa and the action server should be): the notice and its two buttons, the career centre of the
county already known, the counsellor button out of hours. The whole stack stopped and started
again is in test_parts_down.py."""

import pytest

from core import texts
from tests.conftest import citizen

pytestmark = pytest.mark.integration


def say(client, session, text):
    session_id, auth = session
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def test_the_notice_offers_a_counsellor_and_a_career_centre_in_the_citizens_language(offline_app):
    for language, question in [("nb", "Hvordan søker jeg fagskole?"), ("uk", "Як вступити до університету?"),
                               ("ar", "كيف أتقدم للجامعة في النرويج؟")]:
        session = citizen(offline_app, language=language)
        [notice] = say(offline_app, session, question)
        assert notice["kind"] == "system" and notice["language"] == language
        assert notice["text"] == texts.text("assistant_unavailable", language)
        assert [(b["title"], b["payload"]) for b in notice["buttons"]] == [
            (texts.text("button_counsellor", language), "/request_human"),
            (texts.text("button_career_centre", language), "/career_centre")]


def test_the_career_centre_button_names_the_centre_of_the_county_already_known(offline_app):
    session = citizen(offline_app, language="nb")
    triage = {"need": "information", "language": "nb", "county": "Vestland", "confidence": 0.9}
    offline_app.portal.call(lambda: offline_app.app.state.sessions.update(session[0], triage=triage))
    say(offline_app, session, "Hvor kan jeg få veiledning?")
    [centre] = say(offline_app, session, "/career_centre")
    assert centre["kind"] == "career_centre" and centre["career_centre"]["county"] == "Vestland"
    assert "Bergen" in centre["text"]
    assert [b["payload"] for b in centre["buttons"]] == ["/request_human"]


def test_the_counsellor_button_with_nobody_on_duty_offers_the_callback_form(offline_app):
    session = citizen(offline_app, language="en")
    say(offline_app, session, "How do I apply?")
    [notice] = say(offline_app, session, "/request_human")
    assert notice["kind"] == "out_of_hours" and notice["callback"] is True
    assert notice["text"] == texts.text("nobody_on_duty", "en")
