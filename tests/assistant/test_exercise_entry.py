"""The gateway's side of the entry points and the reflection exercise, without Rasa: the welcome's
payloads are always on offer (recorded as the button's title in the page's language), anything
else shaped like them is a stale button; the exercise offer's texts; and the shared summary in
the handover detail (a crisis handover, the one the gateway makes without Rasa)."""

import pytest

from assistant import exercise_offer, welcome
from core import keys
from core.languages import LANGUAGES
from tests.conftest import citizen, staff_login

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def transcript(client, session_id, auth):
    return client.get(f"/api/sessions/{session_id}/transcript", headers=auth).json()["events"]


def test_every_welcome_and_offer_text_exists_in_all_six_languages():
    for topic, titles in welcome.TOPIC_TITLES.items():
        assert set(titles) == set(LANGUAGES), topic
    for key, variants in exercise_offer.TEXTS.items():
        assert set(variants) == set(LANGUAGES), key
    assert set(welcome.LANGUAGES) == set(LANGUAGES)


@pytest.mark.parametrize("topic", sorted(welcome.TOPIC_TITLES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_welcome_payload_reads_back_as_its_topic_and_language(topic, language):
    assert welcome.parse(welcome.payload(topic, language)) == (topic, language)
    assert welcome.parse(f'/choose_topic{{"topic": "{topic}", "language": "{language}"}}') == (topic, language)


@pytest.mark.parametrize("text", [
    '/choose_topic{"topic":"astrology","language":"nb"}', '/choose_topic{"topic":"lost_job","language":"sv"}',
    '/choose_topic{"topic":"lost_job"}', '/choose_topic{"topic":"lost_job","language":"nb","x":1}',
    '/choose_topic{not json}', "/choose_topic", 'choose_topic{"topic":"lost_job","language":"nb"}',
    "jeg har mistet jobben",
])
def test_anything_else_is_not_a_welcome_payload(text):
    assert welcome.parse(text) is None


def test_the_exercise_button_says_why_it_was_offered():
    assert exercise_offer.button("en", "closed") == {
        "title": exercise_offer.TEXTS["button_exercise"]["en"],
        "payload": '/start_exercise{"exercise_offer":"closed"}'}


def test_a_welcome_button_is_always_on_offer_and_recorded_in_the_pages_language(offline_app):
    session_id, auth = citizen(offline_app)
    payload = welcome.payload("foreign_education", "uk")
    reply = say(offline_app, session_id, auth, payload)
    # Rasa is down here: the notice comes in the button's language, so the payload was taken as a button.
    assert [m["language"] for m in reply["messages"]] == ["uk"]
    first = transcript(offline_app, session_id, auth)[0]
    assert (first["from"], first["text"], first["language"]) == ("citizen", "Освіта з-за кордону", "uk")


def test_a_payload_that_is_no_welcome_button_is_a_stale_button(offline_app):
    session_id, auth = citizen(offline_app)
    reply = say(offline_app, session_id, auth, '/choose_topic{"topic":"astrology","language":"nb"}')
    assert [m["kind"] for m in reply["messages"]] == ["system"]
    assert [e["from"] for e in transcript(offline_app, session_id, auth)] == ["system"]  # nothing stored from it
    assert reply["messages"][0]["text"].startswith("Den knappen er ikke lenger i bruk")


def test_the_handover_detail_carries_the_shared_summary_and_nothing_when_none_was_shared(offline_app, redis_client):
    anna = staff_login(offline_app, "anna", "anna-secret-1")
    shared, shared_auth = citizen(offline_app)
    redis_client.hset(keys.session(shared), "exercise_summary", "Oppsummering av øvelsen din:\n• Valget ditt: sykepleie")
    plain, plain_auth = citizen(offline_app)
    for session_id, auth in ((shared, shared_auth), (plain, plain_auth)):
        assert say(offline_app, session_id, auth, "jeg vil ta livet mitt")["mode"] == "queued"  # crisis: queued
    waiting = {h["session_id"]: h["id"] for h in offline_app.get("/api/handovers?status=waiting", headers=anna).json()}
    detail = offline_app.get(f"/api/handovers/{waiting[shared]}", headers=anna).json()
    assert detail["view"] == "raw"
    assert detail["exercise_summary"] == "Oppsummering av øvelsen din:\n• Valget ditt: sykepleie"
    assert offline_app.get(f"/api/handovers/{waiting[plain]}", headers=anna).json()["exercise_summary"] == ""
