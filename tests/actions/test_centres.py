"""The career centre card (actions/centres.py): one card for the nearest office, the centre named
once, only verified fields, a tel: link and the booking link when known."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.centres import TEXTS as CENTRE_TEXTS
from actions.centres import ActionCareerCentre, card_message
from knowledge.centres import CentreCard, centre_payload
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit

LANGS = ("nb", "nn", "en", "uk", "pl", "ar")


def run(action, tracker_):
    import asyncio

    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return [m["custom"] for m in dispatcher.messages], events


def test_alta_gets_one_card_for_the_alta_office():
    messages, events = run(ActionCareerCentre(), tracker("Jeg bor i Alta", "career_centre"))
    assert len(messages) == 1 and messages[0]["kind"] == "career_centre"
    card = messages[0]["career_centre"]
    assert card["id"] == "finnmark-alta" and card["county"] == "Finnmark" and card["town"] == "Alta"
    assert card["name"] == "Karriere Finnmark, Alta"
    assert messages[0]["text"].count("Karriere Finnmark") == 1  # named once
    assert "career_centres" not in messages[0]  # one card, not a list
    assert SlotSet("county", "Finnmark") in events


def test_a_name_that_contains_the_town_is_not_repeated():
    messages, _ = run(ActionCareerCentre(), tracker("Where is the career centre in Oslo?", "career_centre", language="en"))
    assert messages[0]["career_centre"]["name"] == "Karriere Oslo"
    assert messages[0]["text"].count("Oslo") == 1


def test_a_town_in_the_message_finds_its_municipalitys_office():
    messages, _ = run(ActionCareerCentre(), tracker("Eg bur i Knarvik", "give_place", language="nn"))
    assert messages[0]["career_centre"]["id"] == "vestland-knarvik"
    assert messages[0]["career_centre"]["town"] == "Knarvik"


def test_the_card_has_the_booking_link_when_one_is_verified():
    messages, _ = run(ActionCareerCentre(), tracker("karrieresenter i Ålesund", "career_centre", language="en"))
    card = messages[0]["career_centre"]
    assert card["booking_url"] == "https://mrfylke.no/utdanning-og-karriere/karriere-moere-og-romsdal"
    assert card["phone"] == "" and "alternative_url" not in card
    assert messages[0]["text"].startswith("The nearest public career centre for you is Karriere Møre og Romsdal, Ålesund.")


def test_an_office_without_a_verified_name_or_contact_is_described_not_invented():
    messages, _ = run(ActionCareerCentre(), tracker("Jeg bor i Bodø", "career_centre"))
    card = messages[0]["career_centre"]
    assert card["id"] == "nordland" and card["name"] == "karrieresenteret i Nordland"
    assert card["phone"] == "" and card["booking_url"] == "" and card["address"] == ""
    assert card["alternative_url"] == "https://karriereveiledning.no/"
    assert "karriereveiledning.no" in messages[0]["text"]


def test_a_close_button_payload_leads_to_the_county_card():
    payload = centre_payload("Finnmark")
    entities = [{"entity": "county", "value": "Finnmark"}]
    messages, events = run(ActionCareerCentre(), tracker(payload, "career_centre", entities=entities))
    assert messages[0]["career_centre"]["id"] == "finnmark-vadso"  # the county's main office
    with_place = centre_payload("Finnmark", "Hammerfest")
    messages, _ = run(ActionCareerCentre(), tracker(with_place, "career_centre", entities=entities + [
        {"entity": "place", "value": "Hammerfest"}]))
    assert messages[0]["career_centre"]["id"] == "finnmark-alta"


def test_a_phone_is_a_tel_link_and_the_name_is_said_once():
    card = CentreCard(id="x", name="Karriere Troms", town="Tromsø", address="Storgata 1, 9008 Tromsø",
                      phone="77 00 00 00", booking_url="https://example.org/bestill", url="", county="Troms",
                      needs_verification=False)
    for language in LANGS:
        text, data = card_message(card, language)
        assert text.count("Karriere Troms") == 1
        assert data["phone_uri"] == "tel:+4777000000" and data["address"] == "Storgata 1, 9008 Tromsø"
        assert data["booking_url"] == "https://example.org/bestill" and "alternative_url" not in data
    unverified = CentreCard(**{**card.__dict__, "needs_verification": True})
    assert CENTRE_TEXTS["unverified"]["nb"] in card_message(unverified, "nb")[0]


def test_every_card_text_exists_in_six_languages():
    for key, table in CENTRE_TEXTS.items():
        assert set(table) == set(LANGS), key
        assert all(value.strip() for value in table.values()), key


def test_a_broken_centres_file_does_not_break_the_chat(tmp_path, monkeypatch):
    from core.settings import KnowledgeSettings

    (tmp_path / "career_centres.yml").write_text(yaml.safe_dump({"offices": []}), encoding="utf-8")
    (tmp_path / "municipalities.csv").write_text("municipality_number,municipality,county_number,county,also_known_as\n"
                                                 "0301,Oslo,03,Oslo,\n", encoding="utf-8")
    monkeypatch.setenv("KNOWLEDGE_DATA_DIR", str(tmp_path))
    assert KnowledgeSettings().data_dir == tmp_path
    messages, _ = run(ActionCareerCentre(), tracker("Jeg bor i Oslo", "career_centre"))
    assert messages[0]["kind"] == "career_centre" and "career_centre" not in messages[0]
    assert messages[0]["buttons"][0]["payload"] == "/request_human"
