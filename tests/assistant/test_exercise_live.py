"""The reflection exercise and the entry points through the real stack (gateway, Rasa, actions,
knowledge base): a reflective need out of hours is offered the exercise beside the callback form;
the answers give a summary the citizen can keep, with articles; with consent the summary goes with
the handover (here after a long queue was offered the exercise first); a welcome button leads into
its topic with articles for the topic's audience."""

from pathlib import Path

import pytest

from actions.exercise import LABELS, QUESTIONS, SLOTS, TEXTS, TOPICS
from assistant import exercise_offer, welcome
from core import keys
from knowledge.articles import load_articles
from tests.conftest import citizen, make_client, staff_login

pytestmark = pytest.mark.integration
CONTENT = Path(__file__).resolve().parents[2] / "knowledge" / "content"

REFLECTIVE = "Jeg vet ikke hva jeg vil bli, og jeg er usikker på alt"
ANSWERS = [
    "Jeg går siste året på videregående og må velge hva jeg skal studere til høsten",
    "Jeg glemmer tiden når jeg tegner hus og bygger modeller av trebiter",
    "Jeg liker best å jobbe med ting og ideer, helst sammen med andre på et lag",
    "Jeg er god til å løse praktiske problemer, og vennene mine sier at jeg forklarer godt",
    "Det viktigste for meg er å skape noe som varer, og å ha en trygg jobb",
    "Jeg vil gjerne bo i nærheten av familien min i Bodø",
    "Jeg vurderer arkitekt, ingeniør eller tømrer, og denne uken kan jeg snakke med rådgiveren",
]


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def kinds(reply):
    return [m["kind"] for m in reply["messages"]]


def do_the_exercise(client, session_id, auth, start_payload):
    """Start with the offered button, answer every question; the last reply."""
    reply = say(client, session_id, auth, start_payload)
    for number, answer in enumerate(ANSWERS):
        question = reply["messages"][-1]
        assert (question["kind"], question["text"]) == ("clarify", QUESTIONS[SLOTS[number]]["nb"]), reply
        assert [b["payload"] for b in question["buttons"]] == ["/points_cancel"]  # the way out
        reply = say(client, session_id, auth, answer)
    return reply


def check_summary(reply):
    """The summary with every answer, the suggested articles and the consent question; the summary."""
    assert kinds(reply) == ["smalltalk", "answer", "clarify"], reply
    summary, articles, consent = reply["messages"]
    for slot, answer in zip(SLOTS, ANSWERS):
        assert f"• {LABELS[slot]['nb']}: {answer}" in summary["text"]
    assert 1 <= len(articles["sources"]) <= 3 and articles["text"] == TEXTS["articles_intro"]["nb"]
    assert consent["text"] == TEXTS["ask_consent"]["nb"]
    assert [b["payload"] for b in consent["buttons"]] == ["/affirm", "/deny"]
    return summary["text"], articles["sources"]


@pytest.fixture
def closed_app(redis_server, redis_client, rasa_stack):
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     opening_hours="never") as client:
        yield client


@pytest.fixture
def long_queue_app(redis_server, redis_client, rasa_stack):
    # One counsellor and the default handling time (600 s): any wait is "long" above 60 s.
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     exercise_offer_after_wait_s=60) as client:
        yield client


def test_out_of_hours_a_reflective_need_does_the_exercise_and_keeps_the_summary(closed_app, redis_client):
    session_id, auth = citizen(closed_app)
    assert "offer_counsellor" in kinds(say(closed_app, session_id, auth, REFLECTIVE))
    closed = say(closed_app, session_id, auth, "/request_human")["messages"][-1]
    assert closed["kind"] == "out_of_hours" and closed["callback"] is True  # the callback form stays
    assert closed["text"].endswith(exercise_offer.TEXTS["exercise_meanwhile"]["nb"])
    assert closed["buttons"][0] == exercise_offer.button("nb", "closed")

    summary, sources = check_summary(do_the_exercise(closed_app, session_id, auth, closed["buttons"][0]["payload"]))
    assert redis_client.hget(keys.session(session_id), "exercise_summary") in (None, "")  # not before consent

    shared = say(closed_app, session_id, auth, "/affirm")
    assert [(m["kind"], m["text"]) for m in shared["messages"]] == [("smalltalk", TEXTS["shared"]["nb"])]
    assert redis_client.hget(keys.session(session_id), "exercise_summary") == summary

    download = closed_app.get(f"/api/sessions/{session_id}/transcript?format=txt", headers=auth).text
    assert all(line in download for line in summary.splitlines())  # the citizen keeps it
    assert all(source["title"] in download for source in sources)


def test_stopping_the_exercise_midway_keeps_nothing_for_the_counsellor(closed_app, redis_client):
    session_id, auth = citizen(closed_app)
    say(closed_app, session_id, auth, REFLECTIVE)
    closed = say(closed_app, session_id, auth, "/request_human")["messages"][-1]
    reply = say(closed_app, session_id, auth, closed["buttons"][0]["payload"])
    reply = say(closed_app, session_id, auth, ANSWERS[0])
    assert reply["messages"][-1]["text"] == QUESTIONS["exercise_interests"]["nb"]
    stopped = say(closed_app, session_id, auth, "stopp")
    assert [(m["kind"], m["text"]) for m in stopped["messages"]] == [("smalltalk", TEXTS["stopped"]["nb"])]
    assert redis_client.hget(keys.session(session_id), "exercise_summary") in (None, "")


def test_a_long_queue_offers_the_exercise_and_the_counsellor_starts_from_the_summary(long_queue_app):
    anna = staff_login(long_queue_app, "anna", "anna-secret-1")
    session_id, auth = citizen(long_queue_app)
    say(long_queue_app, session_id, auth, REFLECTIVE)
    reply = say(long_queue_app, session_id, auth, "/request_human")
    assert reply["mode"] == "bot"  # not queued yet: offered the exercise first
    notice = reply["messages"][-1]
    assert (notice["kind"], notice["code"], notice["callback"]) == ("out_of_hours", "long_queue", True)
    assert notice["text"] == exercise_offer.TEXTS["long_queue"]["nb"].format(minutes=10)
    assert [b["payload"] for b in notice["buttons"]][:2] == [exercise_offer.button("nb", "long_queue")["payload"],
                                                              "/request_human"]

    summary, _ = check_summary(do_the_exercise(long_queue_app, session_id, auth, notice["buttons"][0]["payload"]))
    say(long_queue_app, session_id, auth, "/affirm")
    assert say(long_queue_app, session_id, auth, "/request_human")["mode"] == "queued"  # offered once only

    handover = next(h for h in long_queue_app.get("/api/handovers?status=waiting", headers=anna).json()
                    if h["session_id"] == session_id)
    detail = long_queue_app.get(f"/api/handovers/{handover['id']}", headers=anna).json()
    assert detail["view"] == "raw" and detail["exercise_summary"] == summary


@pytest.mark.parametrize("topic, language", [("lost_job", "en"), ("upper_secondary", "nb")])
def test_a_welcome_button_leads_into_its_topic_with_articles_for_its_audience(live_app, topic, language):
    session_id, auth = citizen(live_app)
    reply = say(live_app, session_id, auth, welcome.payload(topic, language))
    (message,) = [m for m in reply["messages"] if m["kind"] == "answer"]
    audience, intros = TOPICS[topic]
    assert (message["text"], message["language"]) == (intros[language], language)
    assert 2 <= len(message["sources"]) <= 3
    audiences = {a.meta.title: set(a.meta.audience) for a in load_articles(CONTENT)}
    assert all(audience in audiences[s["title"]] for s in message["sources"]), message["sources"]
    events = live_app.get(f"/api/sessions/{session_id}/transcript", headers=auth).json()["events"]
    assert events[0]["text"] == welcome.TOPIC_TITLES[topic][language]
