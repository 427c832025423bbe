"""Languages beyond the six through the gateway, against a real Redis (Rasa unreachable): a Northern
Sami message is greeted in Sami with the offer of a Sami-speaking counsellor and never reaches Rasa,
the session goes on in bokmål; a Russian message is Russian and answered in English."""

import json

import pytest

from core import keys
from tests.conftest import citizen

pytestmark = pytest.mark.integration

SAMI = "Bures! Mun háliidan ságastallat olbmuin."


def send(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_sami_message_is_greeted_in_sami_with_a_sami_speaking_counsellor_on_offer(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    reply = send(offline_app, session_id, auth, SAMI)
    [message] = reply["messages"]  # answered by the gateway: Rasa (down here) is not asked
    assert message["kind"] == "offer_counsellor" and message["language"] == "se"
    assert message["text"].startswith("Bures!") and "dárogillii" in message["text"]  # Sami: answers in Norwegian
    assert "svarer deg på norsk (bokmål)" in message["text"] and "samisktalende veileder" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/request_human", "/greet"]
    assert message["buttons"][0]["title"] == "Sámegielat ráđđeaddi / Samisktalende veileder"
    assert reply["triage"]["language"] == "se"
    assert redis_client.hget(keys.session(session_id), "language") == "nb"  # the assistant writes bokmål
    events = offline_app.get(f"/api/sessions/{session_id}/events", headers=auth).json()["events"]
    assert [(e["from"], e["kind"]) for e in events] == [("citizen", "message"), ("bot", "offer_counsellor")]

    again = send(offline_app, session_id, auth, "Mun lean Kárášjogas.")
    [reminder] = again["messages"]  # greeted once; later Sami messages get the short reminder
    assert reminder["kind"] == "offer_counsellor" and "Bures" not in reminder["text"]
    assert "Skriv gjerne på norsk" in reminder["text"]

    norwegian = send(offline_app, session_id, auth, "Hva er en fagskole?")
    [notice] = norwegian["messages"]  # Norwegian goes to Rasa as always (down here: the notice, in bokmål)
    assert notice["language"] == "nb" and "assistenten svarer ikke" in notice["text"]


def test_the_sami_counsellor_button_is_on_offer(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    stale = send(offline_app, session_id, auth, "/request_human")  # not on offer yet: a stale button
    assert "knappen er ikke lenger i bruk" in stale["messages"][0]["text"]
    send(offline_app, session_id, auth, SAMI)
    # On offer: a request for a person, which reaches the queue even with Rasa down (here nobody
    # is on duty, so the answer is the callback offer, not the stale-button notice).
    offered = send(offline_app, session_id, auth, "/request_human")
    [notice] = offered["messages"]
    assert "knappen" not in notice["text"] and notice["kind"] == "out_of_hours"


@pytest.mark.parametrize("text", ["Как получить работу в Норвегии?", "Можно поговорить с консультантом?"])
def test_russian_is_russian_and_answered_in_english(offline_app, redis_client, text):
    session_id, auth = citizen(offline_app)
    reply = send(offline_app, session_id, auth, text)
    stored = json.loads(redis_client.lindex(keys.transcript(session_id), 0))  # the citizen's message
    assert stored["language"] == "ru"  # not Ukrainian (Rasa is asked in English; down here)
    [notice] = reply["messages"]
    assert notice["language"] == "en" and notice["text"].startswith("Sorry, the assistant is not answering")
    assert redis_client.hget(keys.session(session_id), "language") == "en"


def test_a_crisis_in_a_sami_session_still_gets_the_numbers(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    send(offline_app, session_id, auth, SAMI)
    reply = send(offline_app, session_id, auth, "Jeg vil ta livet mitt")
    assert reply["messages"][0]["kind"] == "crisis" and reply["messages"][0]["emergency"]


def test_a_language_nobody_names_is_other_and_answered_in_english(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    reply = send(offline_app, session_id, auth, "ሰላም እንዴት ነህ")
    assert json.loads(redis_client.lindex(keys.transcript(session_id), 0))["language"] == "other"
    assert reply["messages"][0]["language"] == "en"
