"""The whole path through real processes: gateway -> Rasa -> actions -> knowledge base, and the
handover to a counsellor and back to the citizen. Needs the trained model and the built index
(`make test` builds both first)."""

import threading

import httpx
import pytest

from tests.conftest import citizen, staff_login

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_information_question_gets_a_cited_answer(live_app):
    session_id, auth = citizen(live_app)
    reply = say(live_app, session_id, auth, "Hva er fristen for å søke studier via Samordna opptak?")
    answers = [m for m in reply["messages"] if m["kind"] == "answer"]
    assert answers, reply
    answer = answers[0]
    assert "april" in answer["text"].lower()
    source = answer["sources"][0]
    assert source["url"].startswith("https://") and source["title"]
    assert len(source["reviewed"]) == 10 and source["reviewed"].startswith("20")
    assert reply["triage"]["need"] == "information" and reply["triage"]["language"] == "nb"
    assert "county" in reply["triage"] and "career_centre" not in answer
    assert reply["mode"] == "bot" and reply["queue"] is None


def test_handover_to_a_counsellor_and_back_to_the_citizen(live_app, rasa_stack):
    anna = staff_login(live_app, "anna", "anna-secret-1")  # on duty from login
    bjorn = staff_login(live_app, "bjorn", "bjorn-secret-1")
    session_id, auth = citizen(live_app)
    say(live_app, session_id, auth, "Hvordan søker jeg stipend og lån?")
    reply = say(live_app, session_id, auth, "Kan jeg snakke med en veileder?")
    assert reply["mode"] == "queued"
    assert reply["messages"][-1]["kind"] == "handover_queued"
    assert reply["queue"]["position"] == 1 and reply["queue"]["estimated_wait_s"] > 0
    assert reply["triage"]["need"] == "human_request"

    # While queued the bot stays silent and Rasa never sees the message.
    tracker_url = f"{rasa_stack['rasa_url']}/conversations/{session_id}/tracker"
    before = len(httpx.get(tracker_url).json()["events"])
    quiet = say(live_app, session_id, auth, "Hallo? Er det noen der?")
    assert quiet["messages"] == [] and quiet["mode"] == "queued"
    assert len(httpx.get(tracker_url).json()["events"]) == before

    waiting = live_app.get("/api/handovers?status=waiting", headers=anna).json()
    assert [h["session_id"] for h in waiting] == [session_id]
    handover = waiting[0]
    assert handover["need"] == "human_request" and handover["language"] == "nb"
    assert "Hvordan søker jeg stipend og lån?" in handover["summary"]

    results = {}

    def claim(name, headers):
        results[name] = live_app.post(f"/api/handovers/{handover['id']}/claim", headers=headers).status_code

    threads = [threading.Thread(target=claim, args=(n, h)) for n, h in (("anna", anna), ("bjorn", bjorn))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [200, 409]
    winner, loser = (anna, bjorn) if results["anna"] == 200 else (bjorn, anna)

    detail = live_app.get(f"/api/handovers/{handover['id']}", headers=winner).json()
    texts = [e["text"] for e in detail["events"]]
    assert "Hvordan søker jeg stipend og lån?" in texts and "Hallo? Er det noen der?" in texts
    assert any(e["from"] == "bot" and e["kind"] == "answer" for e in detail["events"])

    last_seq = detail["events"][-1]["seq"]
    assert live_app.post(f"/api/handovers/{handover['id']}/messages", json={"text": "Hei!"},
                         headers=loser).status_code == 409
    sent = live_app.post(f"/api/handovers/{handover['id']}/messages",
                         json={"text": "Hei, jeg heter Kari og er karriereveileder. Hva lurer du på?"}, headers=winner)
    assert sent.status_code == 200
    events = live_app.get(f"/api/sessions/{session_id}/events?after={last_seq}&wait=5", headers=auth).json()["events"]
    assert [(e["from"], e["text"]) for e in events] == [
        ("counsellor", "Hei, jeg heter Kari og er karriereveileder. Hva lurer du på?")]

    assert say(live_app, session_id, auth, "Jeg lurer på om jeg får stipend.")["mode"] == "human"
    closed = live_app.post(f"/api/handovers/{handover['id']}/close",
                           json={"outcome": "information", "note": "Mangler artikkel om borteboerstipend"},
                           headers=winner)
    assert closed.status_code == 200
    assert live_app.get("/api/handovers?status=closed", headers=winner).json()[0]["outcome"] == "information"
    events = live_app.get(f"/api/sessions/{session_id}/events?after={last_seq + 2}", headers=auth).json()["events"]
    assert events[-1]["from"] == "system" and "avsluttet" in events[-1]["text"]
    assert live_app.post(f"/api/handovers/{handover['id']}/close", json={"outcome": "information"},
                         headers=winner).status_code == 409
    assert live_app.post(f"/api/handovers/{handover['id']}/close", json={"outcome": "lost"},
                         headers=winner).status_code == 422


def test_words_that_ask_for_a_person_are_honoured_when_the_nlu_is_unsure(live_app):
    """The NLU reads this one as nlu_fallback (the topic pulls it towards the articles); the words
    ask for a person, so the citizen is queued. A message it is unsure of without such words is
    not."""
    staff_login(live_app, "demo-counsellor", "demo")
    session_id, auth = citizen(live_app, language="en")
    reply = say(live_app, session_id, auth, "I want to talk to a person about studying in Norway")
    assert reply["mode"] == "queued" and reply["messages"][-1]["kind"] == "handover_queued"
    assert reply["triage"]["need"] == "human_request"
    other, other_auth = citizen(live_app, language="en")
    unsure = say(live_app, other, other_auth, "blue window seven")
    assert unsure["mode"] == "bot"


def test_crisis_gives_emergency_numbers_and_goes_first_in_the_queue(live_app):
    counsellor = staff_login(live_app, "demo-counsellor", "demo")
    first, first_auth = citizen(live_app)
    assert say(live_app, first, first_auth, "Jeg vil snakke med en person")["mode"] == "queued"
    session_id, auth = citizen(live_app)
    reply = say(live_app, session_id, auth, "Jeg tenker på å skade meg selv.")
    crisis = [m for m in reply["messages"] if m["kind"] == "crisis"]
    assert crisis and "113" in crisis[0]["text"] and "116 123" in crisis[0]["text"]
    assert reply["triage"]["need"] == "crisis"
    assert reply["mode"] == "queued" and reply["queue"]["position"] == 1
    waiting = live_app.get("/api/handovers?status=waiting", headers=counsellor).json()
    assert [h["session_id"] for h in waiting] == [session_id, first]


def test_out_of_hours_the_citizen_is_told_when_the_chat_opens(redis_server, redis_client, rasa_stack):
    from tests.conftest import make_client

    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     opening_hours="never") as client:
        session_id, auth = citizen(client)
        reply = say(client, session_id, auth, "Connect me to a counsellor")
        assert reply["mode"] == "bot"
        notice = reply["messages"][-1]
        assert notice["kind"] == "out_of_hours" and notice["language"] == "en"
        assert [b["payload"] for b in notice["buttons"]] == ["/career_centre", "/greet"]
        assert notice["callback"] is True  # the widget offers to leave a question
        assert redis_client.zcard("vv:handovers:waiting") == 0


def test_with_nobody_on_duty_the_citizen_can_leave_a_question(live_app, redis_client):
    session_id, auth = citizen(live_app)
    reply = say(live_app, session_id, auth, "Jeg vil snakke med en person")
    assert reply["mode"] == "bot"
    assert reply["messages"][-1]["kind"] == "out_of_hours" and "Ingen" in reply["messages"][-1]["text"]
    assert redis_client.zcard("vv:handovers:waiting") == 0
    left = live_app.post(f"/api/sessions/{session_id}/callback", headers=auth,
                         json={"question": "Hvordan får jeg fagbrev som voksen?", "email": "ola@example.no"})
    assert left.status_code == 201 and "ola@example.no" in left.json()["text"]
    counsellor = staff_login(live_app, "demo-counsellor", "demo")
    callbacks = live_app.get("/api/callbacks", headers=counsellor).json()
    assert [(c["question"], c["email"]) for c in callbacks] == [("Hvordan får jeg fagbrev som voksen?", "ola@example.no")]
