"""Career centres: the place comes from the message (a municipality, town or county, also in a
button payload such as ``/career_centre{"county": "Finnmark", "place": "Alta"}``) or from
career_centre_form (which asks for it); then ONE card for the nearest office is sent.

The card (``career_centre`` on a message of kind ``career_centre``) carries the office's name,
town, address, phone (and its ``tel:`` link), booking link and web page, each only when it is
verified (knowledge/centres.py); the text names the centre once.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_intent, latest_text, send
from actions.places import load_places
from knowledge.centre_card import TEXTS, card_message, display_name  # noqa: F401 (re-exported for other actions)
from knowledge.centres import CentresInvalid, nearest_office


def place_in_message(tracker: Tracker) -> tuple[str | None, str | None]:
    """(municipality, county) named in the latest message. The text is searched first, longest
    name first, so "Mo i Rana" is not read as the entities "Mo" and "Rana"; the entities (which
    carry synonyms such as old names, and a button payload's values) come next."""
    places = load_places()
    message = latest_text(tracker)
    municipality = places.find_municipality_in_text(message)
    county = places.find_in_text(message)
    for entity in (tracker.latest_message or {}).get("entities") or []:
        value = str(entity.get("value") or "")
        municipality = municipality or places.municipality_for(value)
        county = county or places.county_for(value)
    return municipality, county


def county_in_message(tracker: Tracker) -> str | None:
    return place_in_message(tracker)[1]


def county_from(tracker: Tracker) -> str | None:
    return county_in_message(tracker) or tracker.get_slot("county")


class ActionCareerCentre(Action):
    def name(self) -> str:
        return "action_career_centre"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        counsellor = [button(texts.text("button_counsellor", language), "/request_human")]
        municipality, county = place_in_message(tracker)
        county = county or tracker.get_slot("county")
        if county is None and municipality is None:
            key = "place_not_found" if latest_intent(tracker) == "give_place" else "ask_place"
            send(dispatcher, "clarify", texts.text(key, language), language, buttons=counsellor)
            return []
        try:
            card = nearest_office(municipality=municipality, county=county)
        except (CentresInvalid, FileNotFoundError):
            card = None
        if card is None:
            send(dispatcher, "career_centre", texts.text("no_centre", language, county=county or municipality),
                 language, buttons=counsellor)
            return [SlotSet("county", county)] if county else []
        body, data = card_message(card, language)
        send(dispatcher, "career_centre", body, language, career_centre=data, buttons=counsellor)
        return [SlotSet("county", card.county)]


class ActionAskCounty(Action):
    """career_centre_form's question: where do you live?"""

    def name(self) -> str:
        return "action_ask_county"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "clarify", texts.text("ask_place", language), language,
             buttons=[button(texts.text("button_counsellor", language), "/request_human")])
        return []
