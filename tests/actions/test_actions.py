"""Actions run against tracker fixtures; the exact messages and events they return."""

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.centres import ActionCareerCentre
from actions.crisis import ActionCrisis
from actions.handover import ActionRequestHandover
from actions.language import ActionChangeLanguage, ValidateSlotMappings
from actions.places import load_places
from actions.triage import ActionOfferGuidance
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return [m["custom"] for m in dispatcher.messages], events


@pytest.mark.parametrize("language", ["nb", "nn", "en", "uk", "pl", "ar"])
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


def test_accepting_the_offer_is_a_reflective_handover():
    messages, _ = run(ActionRequestHandover(), tracker("ja", "affirm"))
    assert messages[0]["handover"]["need"] == "reflective"


def test_guidance_offer_has_the_three_ways_forward():
    messages, _ = run(ActionOfferGuidance(), tracker("Eg veit ikkje kva eg skal velje", "need_guidance", language="nn"))
    assert messages[0]["kind"] == "offer_counsellor" and "rettleiar" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_human", "/career_centre", "/deny"]


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


def test_career_centre_asks_where_when_no_place_is_given():
    messages, events = run(ActionCareerCentre(), tracker("Hvor finner jeg et karrieresenter?", "career_centre"))
    assert events == []
    assert messages[0]["kind"] == "clarify" and "fylke" in messages[0]["text"]


def test_career_centre_uses_the_place_entity():
    entities = [{"entity": "place", "value": "Bodø"}]
    _, events = run(ActionCareerCentre(), tracker("der", "give_place", entities=entities))
    assert SlotSet("county", "Nordland") in events


def test_places_know_every_municipality_and_county():
    places = load_places()
    assert places.county_for("Bærum") == "Akershus"
    assert places.county_for("tromso") == "Troms"
    assert places.county_for("Vestfold") == "Vestfold"
    assert places.county_for("Atlantis") is None


def test_language_slot_follows_the_gateway_and_a_switch_is_announced():
    validate = ValidateSlotMappings()
    result = asyncio.run(validate.extract_language(CollectingDispatcher(), tracker("hello", "greet", language="en"), {}))
    assert result == {"language": "en"}
    entities = [{"entity": "language", "value": "pl"}]
    messages, events = run(ActionChangeLanguage(), tracker("po polsku proszę", "change_language", entities=entities))
    assert events == [SlotSet("language", "pl")]
    assert messages[0]["set_language"] == "pl" and messages[0]["language"] == "pl"
