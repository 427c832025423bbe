"""The reflection exercise's actions and the entry points' topic answers: one question at a time
with a way out, "stopp" ends it with nothing kept, the summary (with articles found by the answers,
the nearest career centre out of hours, and the consent question), the consent itself, and a
welcome button answered with articles for the topic's audience (the real portal index)."""

import asyncio
import sys
from types import ModuleType, SimpleNamespace

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import exercise
from actions.exercise import (
    LABELS,
    QUESTIONS,
    SLOTS,
    STOP,
    TEXTS,
    TOPICS,
    ActionExerciseStopped,
    ActionExerciseSummary,
    ActionTopicIntro,
    AskChoice,
    AskInterests,
    AskLimits,
    AskNextStep,
    AskStrengths,
    AskValues,
    AskWays,
    ValidateExerciseForm,
)
from actions.triage import ActionReplyToOffer
from core.languages import LANGUAGES
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit

ANSWERS = {
    "exercise_choice": "Jeg går siste år på videregående og vet ikke hva jeg skal studere",
    "exercise_interests": "Jeg glemmer tiden når jeg tegner og bygger ting i verkstedet",
    "exercise_ways": "Med ting og ideer, helst sammen med andre",
    "exercise_strengths": "Jeg er god til å løse praktiske problemer og forklare ting",
    "exercise_values": "Å skape noe og å ha trygghet",
    "exercise_limits": "Jeg vil bo i nærheten av familien",
    "exercise_next_step": "Ingeniør, arkitekt eller snekker; jeg kan snakke med rådgiveren denne uken",
}


def run(action, track):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, track, {}))
    return [m["custom"] for m in dispatcher.messages], events


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture(scope="module")
def portal_kb():
    """The real knowledge base over the portal's articles (the index `make index` builds)."""
    from core.settings import KnowledgeSettings
    from knowledge.search import KnowledgeBase

    kb = KnowledgeBase(KnowledgeSettings())
    kb.warm_up()
    return kb


@pytest.fixture
def with_kb(monkeypatch, portal_kb):
    monkeypatch.setattr("actions.clients.knowledge.get_knowledge_base", lambda: portal_kb)
    return portal_kb


def audiences_by_title(kb) -> dict[str, set[str]]:
    return {c.title: set(c.audience) for c in kb.index.chunks}


def test_every_exercise_text_exists_in_all_six_languages():
    for table in (QUESTIONS, LABELS, TEXTS):
        for key, variants in table.items():
            assert set(variants) == set(LANGUAGES), key
    for topic, (_, intros) in TOPICS.items():
        assert set(intros) == set(LANGUAGES), topic
    assert set(QUESTIONS) == set(LABELS) == set(SLOTS) and 6 <= len(SLOTS) <= 8


@pytest.mark.parametrize("ask", [AskChoice, AskInterests, AskWays, AskStrengths, AskValues, AskLimits, AskNextStep])
@pytest.mark.parametrize("language", ["nb", "ar"])
def test_each_question_is_asked_alone_with_a_way_out(ask, language):
    messages, events = run(ask(), tracker("...", "nlu_fallback", language))
    assert ask().name() == f"action_ask_{ask.slot}"
    assert messages == [{"kind": "clarify", "text": QUESTIONS[ask.slot][language], "language": language,
                         "buttons": [{"title": TEXTS["button_stop"][language], "payload": STOP}]}]
    assert events == []


def test_a_new_exercise_starts_without_the_answers_of_an_earlier_one():
    messages, events = run(ValidateExerciseForm(), tracker("start øvelsen", "start_exercise", **ANSWERS))
    assert messages == [] and slots_of(events) == {slot: None for slot in SLOTS}


@pytest.mark.parametrize("text, language", [("stopp", "nb"), ("Avbryt!", "nn"), ("stop", "en"), ("стоп", "uk"),
                                            ("przerwij", "pl"), ("توقف", "ar")])
def test_stop_written_as_an_answer_ends_the_exercise_and_keeps_nothing(text, language):
    track = tracker(text, "goodbye", language, requested_slot="exercise_values",
                    exercise_choice=ANSWERS["exercise_choice"])
    messages, events = run(ValidateExerciseForm(), track)
    assert messages == [{"kind": "smalltalk", "text": TEXTS["stopped"][language], "language": language}]
    assert slots_of(events) == {**{slot: None for slot in SLOTS}, "requested_slot": None}


def test_an_answer_that_only_mentions_stopping_is_an_answer():
    assert not exercise.is_stop("jeg vil ikke stoppe med musikken")
    assert exercise.is_stop(" Stopp. ")


def test_the_stop_intent_outside_the_exercise_says_it_stopped_and_clears_the_answers():
    messages, events = run(ActionExerciseStopped(), tracker("avbryt", "points_cancel", **ANSWERS))
    assert messages == [{"kind": "smalltalk", "text": TEXTS["stopped"]["nb"], "language": "nb"}]
    assert slots_of(events) == {slot: None for slot in SLOTS}


def test_the_summary_has_every_answer_articles_and_asks_for_consent(with_kb):
    messages, events = run(ActionExerciseSummary(), tracker(ANSWERS["exercise_next_step"], "nlu_fallback", **ANSWERS))
    summary, articles, consent = messages
    assert summary["kind"] == "smalltalk" and summary["text"].startswith(TEXTS["summary_title"]["nb"])
    for slot, answer in ANSWERS.items():
        assert f"• {LABELS[slot]['nb']}: {answer}" in summary["text"]
    assert articles["kind"] == "answer" and articles["text"] == TEXTS["articles_intro"]["nb"]
    titles = [s["title"] for s in articles["sources"]]
    assert 1 <= len(titles) <= 3 and len(set(titles)) == len(titles)
    assert all(s["url"].startswith("http") and s["reviewed"] for s in articles["sources"])
    assert consent["kind"] == "clarify" and consent["text"] == TEXTS["ask_consent"]["nb"]
    assert [b["payload"] for b in consent["buttons"]] == ["/affirm", "/deny"]
    slots = slots_of(events)
    assert slots["exercise_summary"] == summary["text"] and slots["pending_offer"] == "exercise"
    assert slots["exercise_shared"] is None and all(slots[slot] is None for slot in SLOTS)
    assert [a["title"] for a in slots["shown_articles"]] == titles  # a handover lists them too


def test_a_stopped_exercise_gets_no_summary(with_kb):
    partial = {k: v for k, v in ANSWERS.items() if k != "exercise_values"}
    messages, events = run(ActionExerciseSummary(), tracker("x", "nlu_fallback", **partial))
    assert messages == [] and slots_of(events) == {slot: None for slot in SLOTS}


def nearest_office_module(calls):
    module = ModuleType("knowledge.centres")

    def nearest_office(municipality=None, county=None):
        calls.append((municipality, county))
        return SimpleNamespace(name="Karrieresenteret i Bodø", town="Bodø", address="Storgata 1",
                               phone="75 00 00 00", booking_url="https://example.org/bestill")

    module.nearest_office = nearest_office
    return module


def test_out_of_hours_the_summary_brings_the_nearest_career_centre(with_kb, monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "knowledge.centres", nearest_office_module(calls))
    track = tracker("x", "nlu_fallback", "en", exercise_offer="closed", county="Nordland", place="Bodø", **ANSWERS)
    messages, events = run(ActionExerciseSummary(), track)
    centre = next(m for m in messages if m["kind"] == "career_centre")
    assert calls == [("Bodø", "Nordland")]
    assert centre["career_centre"]["phone"] == "75 00 00 00"
    assert centre["career_centre"]["booking_url"] == "https://example.org/bestill"
    assert centre["text"].startswith(TEXTS["centre_intro"]["en"]) and "Storgata 1" in centre["text"]
    assert "https://example.org/bestill" in centre["text"] and "75 00 00 00" in centre["text"]
    assert slots_of(events)["exercise_offer"] is None


def test_without_the_centres_module_or_in_opening_hours_no_centre_is_shown(with_kb, monkeypatch):
    monkeypatch.setitem(sys.modules, "knowledge.centres", None)  # import fails as if absent
    closed = run(ActionExerciseSummary(), tracker("x", "nlu_fallback", exercise_offer="closed", **ANSWERS))[0]
    assert [m["kind"] for m in closed] == ["smalltalk", "answer", "clarify"]
    monkeypatch.setitem(sys.modules, "knowledge.centres", ModuleType("knowledge.centres"))
    module = sys.modules["knowledge.centres"]
    module.nearest_office = lambda municipality=None, county=None: None  # nobody known where the citizen lives
    unknown = run(ActionExerciseSummary(), tracker("x", "nlu_fallback", exercise_offer="closed", **ANSWERS))[0]
    assert [m["kind"] for m in unknown] == ["smalltalk", "answer", "clarify"]
    calls = []
    monkeypatch.setitem(sys.modules, "knowledge.centres", nearest_office_module(calls))
    open_now = run(ActionExerciseSummary(), tracker("x", "nlu_fallback", exercise_offer="long_queue", **ANSWERS))[0]
    assert [m["kind"] for m in open_now] == ["smalltalk", "answer", "clarify"] and calls == []


@pytest.mark.parametrize("intent, shared, key", [("affirm", True, "shared"), ("deny", False, "not_shared")])
def test_the_consent_decides_whether_the_counsellor_sees_the_summary(intent, shared, key):
    messages, events = run(ActionReplyToOffer(), tracker("ja", intent, "pl", pending_offer="exercise",
                                                         exercise_summary="..."))
    assert [(m["kind"], m["text"]) for m in messages] == [("smalltalk", TEXTS[key]["pl"])]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_human", "/career_centre"]
    assert slots_of(events) == {"exercise_shared": shared, "pending_offer": None}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_a_welcome_button_answers_with_articles_for_its_audience(with_kb, topic):
    audience, intros = TOPICS[topic]
    entities = [{"entity": "topic", "value": topic}, {"entity": "language", "value": "en"}]
    messages, events = run(ActionTopicIntro(), tracker(f'/choose_topic{{"topic":"{topic}"}}', "choose_topic", "en",
                                                       entities=entities))
    (message,) = messages
    assert (message["kind"], message["text"], message["topic"], message["audience"]) == (
        "answer", intros["en"], topic, audience)
    assert 2 <= len(message["sources"]) <= 3
    audiences = audiences_by_title(with_kb)
    assert all(audience in audiences[s["title"]] for s in message["sources"]), message["sources"]
    assert [a["title"] for a in slots_of(events)["shown_articles"]] == [s["title"] for s in message["sources"]]


def test_the_topics_lead_to_different_articles(with_kb):
    seen = {}
    for topic in TOPICS:
        message = run(ActionTopicIntro(), tracker("/choose_topic", "choose_topic", "nb",
                                                  entities=[{"entity": "topic", "value": topic}]))[0][0]
        seen[topic] = message["sources"][0]["title"]
    assert len(set(seen.values())) == len(TOPICS), seen


def test_an_unknown_topic_gets_no_articles(with_kb):
    messages, events = run(ActionTopicIntro(), tracker("/choose_topic", "choose_topic",
                                                       entities=[{"entity": "topic", "value": "astrology"}]))
    assert [m["kind"] for m in messages] == ["smalltalk"] and events == []
