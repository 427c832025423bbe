"""Crisis in every state, through the real stack (gateway, Rasa, actions, Redis): the citizen gets the
emergency numbers at once, in the bot's hands, in the queue, with a counsellor and out of hours; a
waiting handover goes to the front; the counsellor and the back room are alerted; the alert stays
with the staff."""

import httpx
import pytest

from core import keys, texts
from handover.flow import CRISIS_ALERT_HELD, CRISIS_ALERT_WAITING
from tests.conftest import citizen, make_client, staff_login

pytestmark = pytest.mark.integration

NUMBERS = ["113", "116 123", "22 40 00 40"]


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def events(client, session_id, auth, after=0):
    return client.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json()["events"]


def queue_for_counsellor(client, text="Jeg vil snakke med en person"):
    session_id, auth = citizen(client)
    assert say(client, session_id, auth, text)["mode"] == "queued"
    return session_id, auth


def assert_crisis_reply(message, language="nb"):
    assert message["kind"] == "crisis" and message["language"] == language
    assert [n["number"] for n in message["emergency"]] == NUMBERS
    assert message["emergency"] == texts.emergency(language) and all(n["label"] for n in message["emergency"])
    for number in NUMBERS:
        assert number in message["text"]


def test_crisis_in_the_bots_hands_has_the_numbers_and_goes_first_in_the_queue(live_app):
    counsellor = staff_login(live_app, "anna", "anna-secret-1")
    queue_for_counsellor(live_app)
    session_id, auth = citizen(live_app, language="en")
    reply = say(live_app, session_id, auth, "I want to end my life")
    assert [m["kind"] for m in reply["messages"]] == ["crisis", "handover_queued"]
    assert_crisis_reply(reply["messages"][0], "en")
    assert reply["mode"] == "queued" and reply["queue"]["position"] == 1 and reply["triage"]["need"] == "crisis"
    # The numbers are kept in the transcript too (a reload shows them), the staff-only alert is not shown.
    seen = events(live_app, session_id, auth)
    assert [e["kind"] for e in seen if e["from"] != "citizen"][:2] == ["crisis", "handover_queued"]
    assert next(e for e in seen if e["kind"] == "crisis")["emergency"] == texts.emergency("en")
    assert "crisis_alert" not in [e["kind"] for e in seen]
    transcript = live_app.get(f"/api/sessions/{session_id}/transcript", headers=auth).json()["events"]
    assert "crisis_alert" not in [e["kind"] for e in transcript]
    waiting = live_app.get("/api/handovers?status=waiting", headers=counsellor).json()
    assert waiting[0]["session_id"] == session_id and waiting[0]["priority"] == "crisis"
    detail = live_app.get(f"/api/handovers/{waiting[0]['id']}", headers=counsellor).json()
    assert "crisis_alert" in [e["kind"] for e in detail["events"]]
    posts = live_app.get("/api/backroom", headers=counsellor).json()["messages"]
    assert [p["from"] for p in posts] == ["system"] and waiting[0]["id"] in posts[0]["text"]


@pytest.fixture
def roomy_app(redis_server, redis_client, rasa_stack):
    """The live app with room for more than three waiting from the test client's one address."""
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     max_waiting_per_address=10) as client:
        yield client


def test_crisis_while_queued_escalates_to_the_front_without_asking_rasa(roomy_app, rasa_stack, redis_client):
    live_app = roomy_app
    counsellor = staff_login(live_app, "anna", "anna-secret-1")
    ahead = [queue_for_counsellor(live_app) for _ in range(3)]
    session_id, auth = queue_for_counsellor(live_app)
    waiting = live_app.get("/api/handovers?status=waiting", headers=counsellor).json()
    assert [h["session_id"] for h in waiting][-1] == session_id
    handover_id = waiting[-1]["id"]
    tracker_url = f"{rasa_stack['rasa_url']}/conversations/{session_id}/tracker"
    before = len(httpx.get(tracker_url).json()["events"])
    last_seq = events(live_app, session_id, auth)[-1]["seq"]

    reply = say(live_app, session_id, auth, "jeg vil ta livet mitt")
    assert len(httpx.get(tracker_url).json()["events"]) == before  # Rasa never saw it
    [message] = reply["messages"]
    assert_crisis_reply(message)
    assert message["text"] == texts.text("crisis_queued", "nb")
    assert reply["mode"] == "queued" and reply["queue"]["position"] == 1 and reply["triage"]["need"] == "crisis"

    waiting = live_app.get("/api/handovers?status=waiting", headers=counsellor).json()
    assert [h["session_id"] for h in waiting] == [session_id] + [s for s, _ in ahead]
    assert waiting[0]["priority"] == "crisis"
    new = events(live_app, session_id, auth, last_seq)
    assert [(e["from"], e["kind"]) for e in new] == [("citizen", "message"), ("system", "crisis"), ("system", "queue")]
    assert new[1]["emergency"] == texts.emergency("nb") and new[2]["queue"]["position"] == 1
    for other, other_auth in ahead:  # the others hear that they moved back
        assert events(live_app, other, other_auth)[-1]["kind"] == "queue"
    staff_view = live_app.get(f"/api/handovers/{handover_id}", headers=counsellor).json()["events"]
    alerts = [e for e in staff_view if e["kind"] == "crisis_alert"]
    assert [(a["from"], a["text"]) for a in alerts] == [("system", CRISIS_ALERT_WAITING)]
    posts = live_app.get("/api/backroom", headers=counsellor).json()["messages"]
    assert posts[-1]["from"] == "system" and handover_id in posts[-1]["text"] and "KRISE" in posts[-1]["text"]
    assert redis_client.hget(keys.handover(handover_id), "priority") == "crisis"


def test_crisis_with_a_counsellor_alerts_the_counsellor_who_holds_it(live_app):
    anna = staff_login(live_app, "anna", "anna-secret-1")
    session_id, auth = queue_for_counsellor(live_app)
    handover_id = live_app.get("/api/handovers?status=waiting", headers=anna).json()[0]["id"]
    assert live_app.post(f"/api/handovers/{handover_id}/claim", headers=anna).status_code == 200
    live_app.post(f"/api/handovers/{handover_id}/messages", json={"text": "Hei, jeg heter Anna."}, headers=anna)

    reply = say(live_app, session_id, auth, "Jeg tenker på å skade meg selv.")
    [message] = reply["messages"]
    assert_crisis_reply(message)
    assert message["text"] == texts.text("crisis_with_counsellor", "nb") and reply["mode"] == "human"

    detail = live_app.get(f"/api/handovers/{handover_id}", headers=anna).json()
    assert detail["priority"] == "crisis" and detail["session_mode"] == "human"
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[-3:] == ["message", "crisis", "crisis_alert"]
    alert = detail["events"][-1]
    assert (alert["from"], alert["text"], alert["counsellor"]) == ("system", CRISIS_ALERT_HELD, "anna")
    assert "crisis_alert" not in [e["kind"] for e in events(live_app, session_id, auth)]
    [post] = live_app.get("/api/backroom", headers=anna).json()["messages"]
    assert post["mentions_me"] and handover_id in post["text"]


@pytest.mark.parametrize("opening_hours, on_duty", [("never", False), ("always", False)])
def test_out_of_hours_the_numbers_come_first_then_the_callback(redis_server, redis_client, rasa_stack,
                                                               opening_hours, on_duty):
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     opening_hours=opening_hours) as client:
        session_id, auth = citizen(client, language="pl")
        reply = say(client, session_id, auth, "Myślę o samobójstwie")
        assert [m["kind"] for m in reply["messages"]] == ["crisis", "out_of_hours"]
        crisis, notice = reply["messages"]
        assert_crisis_reply(crisis, "pl")
        assert notice["text"] == texts.text("crisis_out_of_hours", "pl")
        assert notice["callback"] is True and notice["buttons"] == []  # no career-centre button
        assert reply["mode"] == "bot" and redis_client.zcard(keys.HANDOVERS_WAITING) == 0
        stored = [e for e in events(client, session_id, auth) if e["from"] != "citizen"]
        assert [e["kind"] for e in stored] == ["crisis", "out_of_hours"]
        assert stored[1]["callback"] is True and "buttons" not in stored[1]
        left = client.post(f"/api/sessions/{session_id}/callback", headers=auth,
                           json={"question": "Proszę o telefon", "phone": "+4791234567"})
        assert left.status_code == 201


def test_when_rasa_is_down_a_crisis_still_gets_the_numbers_and_the_queue(offline_app, redis_client):
    anna = staff_login(offline_app, "anna", "anna-secret-1")
    session_id, auth = citizen(offline_app)
    reply = say(offline_app, session_id, auth, "jeg vil ta livet mitt")
    assert [m["kind"] for m in reply["messages"]] == ["crisis", "handover_queued"]
    assert_crisis_reply(reply["messages"][0])
    assert reply["mode"] == "queued" and reply["queue"]["position"] == 1 and reply["triage"]["need"] == "crisis"
    [waiting] = offline_app.get("/api/handovers?status=waiting", headers=anna).json()
    assert waiting["priority"] == "crisis" and waiting["reason_code"] == "crisis"
