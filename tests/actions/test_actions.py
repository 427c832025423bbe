"""Every action run against tracker fixtures: the exact messages and events it returns."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions.base import LANGUAGES
from actions.centres import ActionAskCounty, ActionCareerCentre
from actions.crisis import ActionCrisis
from actions.handover import ActionRequestHandover
from actions.language import ActionChangeLanguage, ValidateSlotMappings
from actions.places import load_places
from actions.reflection import REFLECTIONS, reflect, situation_of
from actions.texts import TEXTS
from actions.triage import (ActionCoreFallback, ActionFeedback, ActionFollowUpAnswer, ActionOfferGuidance,
                            ActionReplyToOffer)
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return [m["custom"] for m in dispatcher.messages], events


def extract(method, tracker_):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(method(dispatcher, tracker_, {}))
    return result, [m["custom"] for m in dispatcher.messages]


# ---- every fixed text exists in all six languages

def test_every_action_text_exists_in_all_six_languages():
    for key, variants in TEXTS.items():
        assert set(variants) >= set(LANGUAGES), key
    for situation, variants in REFLECTIONS.items():
        assert set(variants) >= set(LANGUAGES), situation


# ---- crisis and handover

@pytest.mark.parametrize("language", LANGUAGES)
def test_crisis_gives_every_emergency_number_and_asks_for_a_priority_handover(language):
    messages, events = run(ActionCrisis(), tracker("...", "crisis", language=language, history=["hei"]))
    assert len(messages) == 1 and events == []
    message = messages[0]
    assert message["kind"] == "crisis" and message["language"] == language
    for number in ("113", "116 123", "22 40 00 40"):
        assert number in message["text"]
    assert message["handover"]["priority"] == "crisis"
    assert message["handover"]["need"] == "crisis"
    assert message["handover"]["first_message"] == "hei"


def test_handover_request_carries_what_the_bot_showed():
    shown = [{"id": "fagskole", "title": "Fagskole", "url": "https://utdanning.no"}]
    messages, _ = run(ActionRequestHandover(),
                      tracker("kan jeg snakke med noen?", "request_human", county="Vestland", shown_articles=shown,
                              history=["Hva er en fagskole?"]))
    handover = messages[0]["handover"]
    assert messages[0]["text"] == ""
    assert handover["need"] == "human_request" and handover["priority"] == "normal"
    assert handover["articles"] == shown and handover["county"] == "Vestland"
    assert handover["first_message"] == "Hva er en fagskole?"


# ---- reflective need: reflect, explain, offer

@pytest.mark.parametrize("text, language, situation", [
    ("Jeg har mistet jobben og vet ikke hva jeg skal gjøre nå", "nb", "lost_job"),
    ("Eg vart oppsagd i haust og veit ikkje kva eg skal gjere", "nn", "lost_job"),
    ("I got laid off and feel lost", "en", "lost_job"),
    ("Втратила роботу і не розумію, що робити далі", "uk", "lost_job"),
    ("Straciłem pracę i nie wiem, co dalej", "pl", "lost_job"),
    ("فقدت عملي ولا أعرف ماذا أفعل", "ar", "lost_job"),
    ("Foreldrene mine vil at jeg skal bli lege", "nb", "parents"),
    ("my dad keeps pushing me towards medicine", "en", "parents"),
    ("Rodzice naciskają, żebym poszła na prawo", "pl", "parents"),
    ("Jeg går i 10. klasse og vet ikke hva jeg skal velge", "nb", "after_lower_secondary"),
    ("snart ferdig på vidaregåande og ingen anelse", "nn", "after_upper_secondary"),
    # An adult who never finished is not about to finish: not "after upper secondary".
    ("Jeg er 26 og har ikke fullført videregående", "nb", "no_upper_secondary"),
    ("Eg har aldri fullført vidaregåande", "nn", "no_upper_secondary"),
    ("I'm 30 and never finished high school", "en", "no_upper_secondary"),
    ("Мені 28, я не закінчив школу", "uk", "no_upper_secondary"),
    ("Mam 27 lat i nie skończyłam liceum", "pl", "no_upper_secondary"),
    ("عمري ٢٧ سنة ولم أكمل الثانوية", "ar", "no_upper_secondary"),
    ("Eg er redd for å velje feil utdanning", "nn", "fear_wrong_choice"),
    ("I'm scared of making the wrong choice", "en", "fear_wrong_choice"),
    ("Jeg trives ikke i jobben lenger", "nb", "unhappy_at_work"),
    ("I hate my job", "en", "unhappy_at_work"),
    ("Jeg var lærer i hjemlandet mitt, men her vasker jeg", "nb", "foreign_education"),
    ("I was an engineer back home but here I drive a taxi", "en", "foreign_education"),
    ("كنت مهندساً في سوريا", "ar", "foreign_education"),
    ("Jeg vurderer å bytte karriere", "nb", "career_change"),
    # choosing *at* upper secondary is before it, not after it ("nearing the end of upper secondary")
    ("jeg vet ikke hva jeg skal velge på vgs", "nb", "after_lower_secondary"),
    ("eg veit ikkje kva eg skal velje på vidaregåande", "nn", "after_lower_secondary"),
    ("thinking about a career change", "en", "career_change"),
])
def test_reflective_situations_are_recognised_in_every_language(text, language, situation):
    assert situation_of(text) == situation
    found, sentence = reflect(text, language)
    assert found == situation and sentence == REFLECTIONS[situation][language]


def test_an_unrecognised_need_is_reflected_by_quoting_the_citizen():
    situation, sentence = reflect("aner ikke hva jeg vil bli?", "nb")
    assert situation is None
    assert sentence.startswith("Du skriver: «aner ikke hva jeg vil bli»")


def test_guidance_offer_reflects_explains_and_offers_the_three_ways_forward():
    messages, events = run(ActionOfferGuidance(),
                           tracker("Foreldra mine vil at eg skal ta over garden", "need_guidance", language="nn"))
    message = messages[0]
    assert message["kind"] == "offer_counsellor" and message["language"] == "nn"
    assert message["text"].startswith(REFLECTIONS["parents"]["nn"])
    assert TEXTS["guidance_offer"]["nn"] in message["text"]
    assert message["situation"] == "parents"
    assert [b["payload"] for b in message["buttons"]] == ["/request_human", "/career_centre", "/deny"]
    assert events == [SlotSet("pending_offer", "counsellor"), SlotSet("offer_need", "reflective")]


class SureKnowledgeBase:
    """Answers every question from one article with the given confidence; records the questions."""

    def __init__(self, confidence: float):
        self.confidence, self.asked = confidence, []

    def answer(self, question, language, audience=None, county=None):
        self.asked.append(question)
        source = SimpleNamespace(article_id="pabygg-til-generell-studiekompetanse-nn", title="Påbygg",
                                 url="https://www.vilbli.no/", reviewed="2026-11-01", section="", stale=False)
        return SimpleNamespace(text="Fyller du minst 23 år og har fem års arbeid, kan 23/5-regelen vere eit alternativ til påbygging.",
                               confident=self.confidence >= 0.5, confidence=self.confidence, sources=[source],
                               notes=(), stale=False)


@pytest.mark.parametrize("confidence, answered", [(0.9, True), (0.6, False)])
def test_a_reflective_message_that_asks_a_question_the_portal_answers_gets_the_answer_first(monkeypatch, confidence, answered):
    # The NLU reads "eg er 25 og har jobba i seks år, må eg ta påbygg for å studere" as a need for
    # guidance; the rule it asks about is in an article, so it is answered before the offer.
    kb = SureKnowledgeBase(confidence)
    monkeypatch.setattr("actions.triage.get_knowledge_base", lambda: kb)
    text = "eg er 25 og har jobba i seks år, må eg ta påbygg for å studere"
    messages, events = run(ActionOfferGuidance(), tracker(text, "need_guidance", language="nn"))
    assert kb.asked == [text]
    assert [m["kind"] for m in messages] == (["answer", "offer_counsellor"] if answered else ["offer_counsellor"])
    assert (SlotSet("last_question", text) in events) is answered
    if answered:
        assert messages[0]["sources"][0]["url"] == "https://www.vilbli.no/"
    assert events[-2:] == [SlotSet("pending_offer", "counsellor"), SlotSet("offer_need", "reflective")]


def test_the_offer_goes_out_when_the_search_fails(monkeypatch):
    def broken():
        raise RuntimeError("index missing")
    monkeypatch.setattr("actions.triage.get_knowledge_base", broken)
    messages, events = run(ActionOfferGuidance(), tracker("straciłem pracę, co zrobić najpierw", "need_guidance", language="pl"))
    assert [m["kind"] for m in messages] == ["offer_counsellor"]
    assert events == [SlotSet("pending_offer", "counsellor"), SlotSet("offer_need", "reflective")]


def test_a_reflective_statement_is_not_searched(monkeypatch):
    kb = SureKnowledgeBase(0.95)
    monkeypatch.setattr("actions.triage.get_knowledge_base", lambda: kb)
    messages, _ = run(ActionOfferGuidance(), tracker("ble nettopp oppsagt og er helt usikker på veien videre", "need_guidance"))
    assert kb.asked == [] and [m["kind"] for m in messages] == ["offer_counsellor"]


# ---- yes and no in context

def test_yes_to_the_offer_of_a_counsellor_hands_over_as_reflective():
    messages, events = run(ActionReplyToOffer(), tracker("ja", "affirm", pending_offer="counsellor",
                                                         offer_need="reflective", history=["jeg er usikker"]))
    assert messages[0]["kind"] == "system" and messages[0]["handover"]["need"] == "reflective"
    assert messages[0]["handover"]["first_message"] == "jeg er usikker"
    assert events == [SlotSet("pending_offer", None)]


def test_no_to_the_offer_keeps_the_assistant():
    messages, events = run(ActionReplyToOffer(), tracker("nei takk", "deny", pending_offer="counsellor"))
    assert messages == [{"kind": "smalltalk", "text": TEXTS["anything_else"]["nb"], "language": "nb"}]
    assert events == [SlotSet("pending_offer", None)]


def test_yes_with_nothing_open_does_not_hand_over():
    messages, _ = run(ActionReplyToOffer(), tracker("yes", "affirm", language="en"))
    assert "handover" not in messages[0] and messages[0]["text"] == TEXTS["anything_else"]["en"]


def test_yes_and_no_answer_the_feedback_question():
    helpful, _ = run(ActionReplyToOffer(), tracker("ja", "affirm", pending_offer="feedback"))
    assert helpful[0]["text"] == TEXTS["feedback_thanks"]["nb"]
    unhelpful, events = run(ActionReplyToOffer(), tracker("nei", "deny", pending_offer="feedback"))
    assert unhelpful[0]["kind"] == "clarify" and SlotSet("unhelpful_answers", 1.0) in events


# ---- answers: topic, feedback, low confidence, never a loop

class FakeKnowledgeBase:
    def __init__(self, confident=True):
        self.confident = confident
        self.calls = []

    def answer(self, question, language, topic_hint=None, audience=None, county=None, focus=None):
        self.calls.append((question, language, topic_hint))
        self.known = {"audience": audience, "county": county}
        source = SimpleNamespace(article_id="a1", title="Fagskole", url="https://example.org/fagskole",
                                 reviewed="2026-05-01", section="", stale=False)
        return SimpleNamespace(text="Svar.", confident=self.confident, confidence=0.8 if self.confident else 0.1,
                               sources=[source], other_language=False, notes=(), stale=False)


def test_a_follow_up_question_is_answered_with_the_conversation_topic(monkeypatch):
    kb = FakeKnowledgeBase()
    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    earlier = ("Hva er en fagskole?", "Hva er en fagskole?", "ask_information")
    messages, events = run(answer_module.ActionAnswerQuestion(),
                           tracker("hvor lenge varer det?", "ask_information", history=[earlier]))
    assert kb.calls == [("hvor lenge varer det fagskole?", "nb", "Hva er en fagskole?")]
    assert messages[0]["kind"] == "answer" and messages[0]["sources"][0]["reviewed"] == "2026-05-01"
    assert SlotSet("last_question", "hvor lenge varer det fagskole?") in events


def test_an_answer_is_followed_by_feedback_buttons():
    messages, events = run(ActionFollowUpAnswer(), tracker("Hva er en fagskole?", "ask_information",
                                                           language="en", bot_kinds=["answer"]))
    assert messages[0]["kind"] == "feedback" and messages[0]["text"] == TEXTS["ask_feedback"]["en"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/feedback_helpful", "/feedback_unhelpful"]
    assert events == [SlotSet("pending_offer", "feedback")]


def test_a_low_confidence_answer_leaves_the_counsellor_open_for_a_plain_yes():
    messages, events = run(ActionFollowUpAnswer(), tracker("blabla", "nlu_fallback", bot_kinds=["fallback"],
                                                           unhelpful_answers=1))
    assert messages == []
    assert events == [SlotSet("pending_offer", "counsellor"), SlotSet("offer_need", "information")]


def test_the_second_miss_offers_a_counsellor_outright():
    messages, events = run(ActionFollowUpAnswer(), tracker("blabla", "nlu_fallback", language="nn",
                                                           bot_kinds=["fallback"], unhelpful_answers=2))
    assert messages[0]["kind"] == "offer_counsellor" and messages[0]["text"] == TEXTS["unhelpful_offer"]["nn"]
    assert SlotSet("unhelpful_answers", 0.0) in events and SlotSet("pending_offer", "counsellor") in events


def test_feedback_helpful_thanks():
    messages, events = run(ActionFeedback(), tracker("/feedback_helpful", "feedback_helpful", language="pl"))
    assert messages[0]["text"] == TEXTS["feedback_thanks"]["pl"] and events == [SlotSet("pending_offer", None)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_either_feedback_button_gets_a_short_acknowledgement_in_the_citizens_language(language):
    thanks, _ = run(ActionFeedback(), tracker("/feedback_helpful", "feedback_helpful", language=language))
    sorry, _ = run(ActionFeedback(), tracker("/feedback_unhelpful", "feedback_unhelpful", language=language))
    assert [m["language"] for m in thanks + sorry] == [language, language]
    assert thanks[0]["text"] == TEXTS["feedback_thanks"][language]
    assert sorry[0]["text"] == TEXTS["feedback_sorry"][language]
    assert all(m["kind"] != "feedback" for m in thanks + sorry)  # no new "was this helpful?"
    assert len(thanks[0]["text"]) < 60 and not thanks[0].get("buttons")


def test_two_unhelpful_answers_offer_a_counsellor():
    first, events = run(ActionFeedback(), tracker("/feedback_unhelpful", "feedback_unhelpful"))
    assert first[0]["kind"] == "clarify" and [b["payload"] for b in first[0]["buttons"]] == ["/request_human"]
    assert SlotSet("unhelpful_answers", 1.0) in events
    second, events = run(ActionFeedback(), tracker("/feedback_unhelpful", "feedback_unhelpful", language="ar",
                                                   unhelpful_answers=1))
    assert second[0]["kind"] == "offer_counsellor" and second[0]["language"] == "ar"
    assert [b["payload"] for b in second[0]["buttons"]] == ["/request_human", "/career_centre", "/deny"]
    assert SlotSet("offer_need", "information") in events


def test_core_fallback_offers_a_counsellor_the_second_time():
    first, events = run(ActionCoreFallback(), tracker("??", "greet"))
    assert first[0]["kind"] == "fallback" and events[0] == UserUtteranceReverted()
    assert SlotSet("unhelpful_answers", 1.0) in events
    second, events = run(ActionCoreFallback(), tracker("??", "greet", unhelpful_answers=1))
    assert second[0]["kind"] == "offer_counsellor" and SlotSet("pending_offer", "counsellor") in events


# ---- career centres

@pytest.mark.parametrize("text, county", [
    ("Jeg bor i Trondheim, hvor kan jeg møte en karriereveileder?", "Trøndelag"),
    ("Finnes det karrieresenter i Stavanger?", "Rogaland"),
    ("Where is the career centre in Oslo?", "Oslo"),
    ("bor i more og romsdal", "Møre og Romsdal"),
    ("Eg bur i Guovdageaidnu", "Finnmark"),
])
def test_career_centre_finds_the_county_in_the_message(text, county):
    messages, events = run(ActionCareerCentre(), tracker(text, "career_centre"))
    assert SlotSet("county", county) in events
    assert messages[0]["kind"] == "career_centre"
    assert county in messages[0]["text"]
    assert messages[0]["career_centre"]["county"] == county and messages[0]["career_centre"]["name"]


def test_career_centre_uses_the_county_the_form_collected():
    messages, events = run(ActionCareerCentre(), tracker("Tromsø", "give_place", county="Troms"))
    assert messages[0]["kind"] == "career_centre" and SlotSet("county", "Troms") in events


def test_career_centre_asks_where_when_no_place_is_known():
    messages, events = run(ActionCareerCentre(), tracker("Hvor finner jeg et karrieresenter?", "career_centre"))
    assert events == []
    assert messages[0]["kind"] == "clarify" and "fylke" in messages[0]["text"]


def test_an_unknown_place_is_said_so_with_a_way_out():
    messages, _ = run(ActionCareerCentre(), tracker("jeg bor i Atlantis", "give_place", language="en"))
    assert messages[0]["text"] == TEXTS["place_not_found"]["en"]
    assert messages[0]["buttons"][0]["payload"] == "/request_human"


def test_the_form_asks_for_the_county_in_the_citizens_language():
    messages, events = run(ActionAskCounty(), tracker("career centre", "career_centre", language="uk"))
    assert messages[0]["kind"] == "clarify" and messages[0]["text"] == TEXTS["ask_place"]["uk"] and events == []


def test_career_centre_uses_the_place_entity():
    entities = [{"entity": "place", "value": "Bodø"}]
    _, events = run(ActionCareerCentre(), tracker("der", "give_place", entities=entities))
    assert SlotSet("county", "Nordland") in events


@pytest.mark.parametrize("text, county", [
    ("jeg vil ha hjelp i nærheten", None),  # "ha" is not Hå
    ("jeg har en time i morgen", None),  # "time" is not Time
    ("jeg bor i Time", "Rogaland"),
    ("Hå kommune", "Rogaland"),
    ("jeg bor i Mo i Rana", "Nordland"),  # the whole name, not "Mo" and "Rana"
])
def test_everyday_words_are_not_read_as_places(text, county):
    assert load_places().find_in_text(text) == county


def test_the_longest_place_name_in_the_text_beats_partial_entities():
    entities = [{"entity": "place", "value": "Mo"}, {"entity": "place", "value": "Rana"}]
    _, events = run(ActionCareerCentre(), tracker("jeg bor i Mo i Rana", "give_place", entities=entities))
    assert SlotSet("county", "Nordland") in events


def test_places_know_every_municipality_and_county():
    places = load_places()
    assert places.county_for("Bærum") == "Akershus"
    assert places.county_for("tromso") == "Troms"
    assert places.county_for("Vestfold") == "Vestfold"
    assert places.county_for("Atlantis") is None


# ---- slots that follow every message, and the switch of language

def test_language_slot_follows_the_gateway():
    result, _ = extract(ValidateSlotMappings().extract_language, tracker("hello", "greet", language="en"))
    assert result == {"language": "en"}


def test_county_comes_only_from_the_current_message():
    validate = ValidateSlotMappings()
    assert extract(validate.extract_county, tracker("bor i Bodø", "give_place"))[0] == {"county": "Nordland"}
    assert extract(validate.extract_county, tracker("hei", "greet", county="Nordland"))[0] == {}


def test_an_open_question_closes_unless_the_reply_is_yes_or_no():
    validate = ValidateSlotMappings()
    assert extract(validate.extract_pending_offer, tracker("ja", "affirm", pending_offer="counsellor"))[0] == {}
    assert extract(validate.extract_pending_offer,
                   tracker("hva er fagbrev?", "ask_information", pending_offer="counsellor"))[0] == \
        {"pending_offer": None}


def test_a_language_we_do_not_serve_gets_english_and_a_counsellor_once():
    validate = ValidateSlotMappings()
    other = {"detected_language": "other"}
    result, messages = extract(validate.extract_other_language_noted,
                               tracker("Habari, nataka kusoma", "ask_information", language="en", metadata=other))
    assert result == {"other_language_noted": True}
    assert messages[0]["kind"] == "offer_counsellor" and messages[0]["language"] == "en"
    assert "English" in messages[0]["text"] and messages[0]["buttons"][0]["payload"] == "/request_human"
    again, messages = extract(validate.extract_other_language_noted,
                              tracker("asante", "thanks", language="en", metadata=other, other_language_noted=True))
    assert again == {} and messages == []


def test_a_switch_of_language_is_announced_in_the_new_language():
    entities = [{"entity": "language", "value": "pl"}]
    messages, events = run(ActionChangeLanguage(), tracker("po polsku proszę", "change_language", entities=entities))
    assert events == [SlotSet("language", "pl")]
    assert messages[0]["set_language"] == "pl" and messages[0]["language"] == "pl"
    messages, events = run(ActionChangeLanguage(), tracker("kan du skrive nynorsk", "change_language"))
    assert events == [SlotSet("language", "nn")]


def test_a_switch_without_a_language_asks_which_one():
    messages, events = run(ActionChangeLanguage(), tracker("kan du bytte språk", "change_language"))
    assert events == [] and messages[0]["kind"] == "clarify"
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/change_language{"language": "nb"}'
    assert len(messages[0]["buttons"]) == 6


# ---- opening hours come from the handover service's settings

def test_opening_hours_follow_the_handover_settings(monkeypatch):
    from actions.hours import ActionOpeningHours

    monkeypatch.setenv("HANDOVER_OPENING_HOURS", "mon-fri 09:00-15:00")
    messages, events = run(ActionOpeningHours(), tracker("når er dere åpne?", "opening_hours", language="nn"))
    assert events == [] and messages[0]["kind"] == "smalltalk" and messages[0]["language"] == "nn"
    assert "måndag–fredag 09.00–15.00" in messages[0]["text"]
    monkeypatch.setenv("HANDOVER_OPENING_HOURS", "always")
    messages, _ = run(ActionOpeningHours(), tracker("when are you open?", "opening_hours", language="en"))
    assert "around the clock" in messages[0]["text"]


# ---- what an answer carries: notes, stale marking, the quoted section, the triage's audience and county

class NotedKnowledgeBase(FakeKnowledgeBase):
    """The real result types, an article in English past its review date, quoted from a section."""

    def answer(self, question, language, topic_hint=None, audience=None, county=None, focus=None):
        from knowledge.notes import other_language_note, stale_note
        from knowledge.results import Answer, Source
        self.known = {"audience": audience, "county": county}
        source = Source(title="Recognition", url="https://example.org/nokut", reviewed="2024-01-10",
                        article_id="rec-en", language="en", section="Processing time",
                        review_by="2025-01-10", stale=True)
        return Answer(text="It takes about four months.", sources=(source,), confidence=0.8, other_language=True,
                      article_ids=("rec-en",), language=language, source_language="en", stale=True,
                      reviewed="2024-01-10",
                      notes=(other_language_note(language, "en"), stale_note(language, "2024-01-10")))


def test_an_answer_from_another_language_and_past_its_review_says_so_and_offers_a_counsellor(monkeypatch):
    kb = NotedKnowledgeBase()
    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    messages, _ = run(answer_module.ActionAnswerQuestion(), tracker("hvor lang tid tar godkjenning?", "ask_information"))
    answer = messages[0]
    assert answer["kind"] == "answer"
    assert "Svaret kommer fra en artikkel på engelsk." in answer["note"]
    assert "sist kontrollert 10.01.2024" in answer["note"]
    assert answer["stale"] is True and answer["buttons"][0]["payload"] == "/request_human"
    assert answer["sources"][0] == {"title": "Recognition", "url": "https://example.org/nokut",
                                    "reviewed": "2024-01-10", "section": "Processing time", "stale": True}


def test_a_current_answer_has_no_stale_mark_and_no_buttons(monkeypatch):
    kb = FakeKnowledgeBase()
    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    messages, _ = run(answer_module.ActionAnswerQuestion(), tracker("hva er fagskole?", "ask_information"))
    assert "stale" not in messages[0] and "buttons" not in messages[0] and "note" not in messages[0]


def test_the_situation_and_county_the_citizen_gave_steer_the_search(monkeypatch):
    kb = FakeKnowledgeBase()
    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    run(answer_module.ActionAnswerQuestion(),
        tracker("hva er fristen for å søke?", "ask_information", county="Nordland",
                history=["Jeg har utdanning fra utlandet og bor i Bodø"]))
    assert kb.known == {"audience": "immigrants", "county": "Nordland"}
    run(answer_module.ActionAnswerQuestion(), tracker("hva er fristen for å søke?", "ask_information"))
    assert kb.known == {"audience": None, "county": None}
