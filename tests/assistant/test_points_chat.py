"""The points calculator through the gateway with the real Rasa model and action server: a citizen
asks "har jeg nok poeng?", is asked one thing at a time, and gets the explained sum; a wrong answer
is asked again; "Avbryt" ends the form and the chat carries on."""

import pytest

from tests.conftest import citizen

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def question(messages) -> dict:
    assert messages and messages[-1]["kind"] == "clarify", messages
    return messages[-1]


def test_a_citizen_works_out_their_points_in_the_chat(live_app):
    session_id, auth = citizen(live_app)
    first = question(say(live_app, session_id, auth, "har jeg nok poeng?"))
    assert "Hvilket år skal du søke opptak" in first["text"]
    payloads = [b["payload"] for b in first["buttons"]]
    assert "2025" in payloads and payloads[-1] == "/points_cancel"

    asked = question(say(live_app, session_id, auth, "2025"))  # the year's button
    assert "født" in asked["text"]
    asked = question(say(live_app, session_id, auth, "2005"))
    assert "førstegangsvitnemål" in asked["text"]
    asked = question(say(live_app, session_id, auth, "ja"))
    assert "karaktersnittet" in asked["text"]

    again = say(live_app, session_id, auth, "7,5")  # not a grade average: refused and asked again
    assert "mellom 1 og 6" in again[0]["text"] and "karaktersnittet" in question(again)["text"]

    asked = question(say(live_app, session_id, auth, "4,8"))
    assert "realfag" in asked["text"]
    asked = question(say(live_app, session_id, auth, "R1"))
    assert "tilleggspoeng" in asked["text"]
    result = say(live_app, session_id, auth, "folkehøgskole")
    answer = next(m for m in result if m["kind"] == "answer")
    assert "Karakterpoeng: snittet ditt 4,8 × 10 = 48" in answer["text"]
    assert "Skolepoeng (teller i kvote for førstegangsvitnemål): 48,5" in answer["text"]
    assert "Konkurransepoeng (teller i ordinær kvote): 52,5" in answer["text"]
    assert answer["text"].rstrip().endswith("https://www.samordnaopptak.no/info/opptak/opptak-uhg/poengberegning/")
    assert "Samordna opptak" in answer["text"] and "note" not in answer
    assert any("samordnaopptak.no" in s["url"] for s in answer["sources"])


def test_cancel_ends_the_form_and_the_chat_carries_on(live_app):
    session_id, auth = citizen(live_app, language="en")
    asked = question(say(live_app, session_id, auth, "can you calculate my points?"))
    assert asked["language"] == "en" and "applying" in asked["text"]
    stopped = say(live_app, session_id, auth, "/points_cancel")  # the Stop button
    assert [m["kind"] for m in stopped] == ["smalltalk"] and "stopped" in stopped[0]["text"]
    after = say(live_app, session_id, auth, "What is a fagbrev?")
    assert any(m["kind"] == "answer" for m in after), after


def test_a_year_not_settled_is_not_guessed(live_app):
    session_id, auth = citizen(live_app)
    question(say(live_app, session_id, auth, "kan du regne ut poengene mine?"))
    result = say(live_app, session_id, auth, "2027")
    answer = next(m for m in result if m["kind"] == "answer")
    assert "2027" in answer["text"] and "ikke avklart" in answer["text"]
