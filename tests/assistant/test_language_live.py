"""Languages beyond the six through the real processes (gateway -> Rasa -> actions): a Sami speaker
is greeted in Sami and, with the counsellor button, queued for a Sami-speaking counsellor while the
assistant goes on in bokmål; a Russian speaker is told, in English, that answers come in English,
offered a counsellor and answered in English."""

import json
from dataclasses import asdict

import pytest

from core import keys
from handover.counsellors import CounsellorProfile
from tests.conftest import citizen, staff_login

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_sami_speaker_is_greeted_in_sami_and_routed_to_a_sami_speaking_counsellor(live_app, redis_client):
    redis_client.set(keys.counsellor("anna"), json.dumps(asdict(CounsellorProfile("anna", languages=["nb", "se"]))))
    anna = staff_login(live_app, "anna", "anna-secret-1")  # speaks Sami, on duty from login
    bjorn = staff_login(live_app, "bjorn", "bjorn-secret-1")  # bokmål, nynorsk, English
    session_id, auth = citizen(live_app)
    greeting = say(live_app, session_id, auth, "Bures! Mun háliidan ságastallat olbmuin.")
    [message] = greeting["messages"]
    assert message["kind"] == "offer_counsellor" and message["text"].startswith("Bures!")

    reply = say(live_app, session_id, auth, "/request_human")  # the Sami-speaking counsellor button
    assert reply["mode"] == "queued", reply
    queued = reply["messages"][-1]
    assert queued["kind"] == "handover_queued" and queued["language"] == "nb"  # told in bokmål

    [for_bjorn] = live_app.get("/api/handovers?status=waiting", headers=bjorn).json()
    assert for_bjorn["language"] == "se" and for_bjorn["eligible"] is False
    assert for_bjorn["routing"] == [{"code": "kept_for_language", "language": "se"}]
    [for_anna] = live_app.get("/api/handovers?status=waiting", headers=anna).json()
    assert for_anna["eligible"] is True
    assert live_app.post(f"/api/handovers/{for_anna['id']}/claim", headers=anna).status_code == 200


def test_a_russian_speaker_is_answered_in_english_and_offered_a_counsellor(live_app, redis_client):
    session_id, auth = citizen(live_app)
    reply = say(live_app, session_id, auth, "Как получить работу в Норвегии?")
    assert reply["triage"]["language"] == "ru"
    assert reply["messages"] and {m["language"] for m in reply["messages"]} == {"en"}, reply["messages"]
    note = reply["messages"][0]
    assert note["kind"] == "offer_counsellor" and "I will answer in English" in note["text"]
    assert "/request_human" in [b["payload"] for b in note["buttons"]]
