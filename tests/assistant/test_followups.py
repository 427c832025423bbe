"""Conversations over more than one message: a follow-up is answered in the light of the earlier
turns, a new topic starts fresh, and the "was this helpful?" prompt (kind ``feedback``) works once:
a button the session no longer offers is never sent to Rasa as words."""

import json

import httpx
import pytest

from assistant.conversation import STALE_BUTTON, looks_like_payload
from core import keys
from core.languages import LANGUAGES
from tests.conftest import citizen

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def events(client, session_id, auth):
    return client.get(f"/api/sessions/{session_id}/events", headers=auth).json()["events"]


# ---- buttons that are no longer on offer (Rasa is unreachable here: nothing may try to reach it)

@pytest.mark.unit
@pytest.mark.parametrize("text, payload", [
    ("/feedback_helpful", True), ("feedback_helpful", True), ("/feedback_unhelpful", True),
    ("/request_human", True), ('/change_language{"language": "nb"}', True), ("/greet", True),
    ("Ja, det hjalp", False), ("/ hei", False), ("greet", False), ("hva er feedback_helpful?", False),
])
def test_what_a_button_sends_is_told_from_words(text, payload):
    assert looks_like_payload(text) is payload


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("stale", ["/feedback_helpful", "feedback_helpful"])
def test_a_button_no_longer_on_offer_gets_a_notice_and_never_reaches_rasa(offline_app, redis_client, language,
                                                                         stale):
    session_id, auth = citizen(offline_app, language=language)
    reply = say(offline_app, session_id, auth, stale)
    assert reply["mode"] == "bot"
    assert [(m["kind"], m["text"], m["language"]) for m in reply["messages"]] == [
        ("system", STALE_BUTTON["stale_button"][language], language)]
    # Not sent to Rasa (it is down: that would have said the assistant is unavailable), not a question.
    stored = events(offline_app, session_id, auth)
    assert [(e["from"], e["text"]) for e in stored] == [("system", STALE_BUTTON["stale_button"][language])]
    assert redis_client.hget(keys.session(session_id), "language") == language


def test_a_button_on_offer_still_works_and_is_shown_by_its_title(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    redis_client.hset(keys.session(session_id), "buttons",
                      json.dumps({"/feedback_helpful": "Ja, det hjalp", "/feedback_unhelpful": "Nei, ikke egentlig"}))
    reply = say(offline_app, session_id, auth, "/feedback_helpful")
    assert "lagret" in reply["messages"][0]["text"]  # it went on to Rasa (down here)
    citizen_event = events(offline_app, session_id, auth)[0]
    assert (citizen_event["from"], citizen_event["text"]) == ("citizen", "Ja, det hjalp")


def test_a_crisis_hidden_in_a_payload_still_gets_the_numbers(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    reply = say(offline_app, session_id, auth, '/greet{"text": "jeg vil ta livet mitt"}')
    assert reply["messages"][0]["kind"] == "crisis" and "113" in reply["messages"][0]["text"]


# ---- the whole stack: gateway -> Rasa -> actions -> knowledge base

def test_a_follow_up_is_answered_about_the_earlier_topic(live_app):
    session_id, auth = citizen(live_app)
    first = say(live_app, session_id, auth, "Hva er en fagskole?")
    assert any(m["kind"] == "answer" for m in first["messages"])
    reply = say(live_app, session_id, auth, "Hvor lenge varer det?")
    answers = [m for m in reply["messages"] if m["kind"] == "answer"]
    assert answers, reply
    assert "år" in answers[0]["text"]  # a duration ...
    assert any("agsk" in s["title"].lower() or "agsk" in s["url"].lower() for s in answers[0]["sources"])  # ... of fagskole
    assert "introduksjonsprogram" not in answers[0]["text"].lower()


def test_a_new_topic_starts_fresh(live_app):
    session_id, auth = citizen(live_app)
    say(live_app, session_id, auth, "Når er søknadsfristen for videregående?")
    reply = say(live_app, session_id, auth, "Hvordan registrerer jeg meg som arbeidssøker?")
    answers = [m for m in reply["messages"] if m["kind"] == "answer"]
    assert answers and "nav" in answers[0]["text"].lower()
    assert "1. mars" not in answers[0]["text"]


def test_the_feedback_prompt_works_once(live_app, rasa_stack):
    session_id, auth = citizen(live_app, language="en")
    reply = say(live_app, session_id, auth, "What is a folk high school?")
    prompt = reply["messages"][-1]
    assert prompt["kind"] == "feedback" and prompt["language"] == "en"
    assert [b["payload"] for b in prompt["buttons"]] == ["/feedback_helpful", "/feedback_unhelpful"]

    thanks = say(live_app, session_id, auth, "/feedback_helpful")
    assert [m["kind"] for m in thanks["messages"]] == ["smalltalk"]
    assert thanks["messages"][0]["language"] == "en" and "help" in thanks["messages"][0]["text"].lower()

    tracker_url = f"{rasa_stack['rasa_url']}/conversations/{session_id}/tracker"
    before = len(httpx.get(tracker_url).json()["events"])
    again = say(live_app, session_id, auth, "/feedback_helpful")
    assert [(m["kind"], m["text"]) for m in again["messages"]] == [("system", STALE_BUTTON["stale_button"]["en"])]
    assert len(httpx.get(tracker_url).json()["events"]) == before  # Rasa never saw it
