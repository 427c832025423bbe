"""Career centres: the county comes from the message or from career_centre_form (which asks for
the county or town); then the centre(s) for that county are presented."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_intent, latest_text, send
from actions.places import load_centres, load_places


def county_in_message(tracker: Tracker) -> str | None:
    """The county of a place named in the latest message, or None. The text is searched first,
    longest name first, so "Mo i Rana" is not read as the entities "Mo" and "Rana"; the entities
    (which carry synonyms such as old names) come next."""
    places = load_places()
    county = places.find_in_text(latest_text(tracker))
    if county:
        return county
    for entity in (tracker.latest_message or {}).get("entities") or []:
        county = places.county_for(str(entity.get("value") or ""))
        if county:
            return county
    return None


def county_from(tracker: Tracker) -> str | None:
    return county_in_message(tracker) or tracker.get_slot("county")


def centre_cards(county: str) -> list[dict[str, str]]:
    return [{"name": c.get("name", ""), "county": county, "address": c.get("address", ""),
             "phone": c.get("phone", ""), "url": c.get("url", "")} for c in load_centres().get(county, [])]


class ActionCareerCentre(Action):
    def name(self) -> str:
        return "action_career_centre"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        counsellor = [button(texts.text("button_counsellor", language), "/request_human")]
        county = county_from(tracker)
        if county is None:
            key = "place_not_found" if latest_intent(tracker) == "give_place" else "ask_place"
            send(dispatcher, "clarify", texts.text(key, language), language, buttons=counsellor)
            return []
        cards = centre_cards(county)
        if not cards:
            send(dispatcher, "career_centre", texts.text("no_centre", language, county=county), language,
                 buttons=counsellor)
            return [SlotSet("county", county)]
        lines = [texts.text("centres_intro", language, county=county)]
        for card in cards:
            lines.append(" · ".join(v for v in (card["name"], card["address"], card["phone"], card["url"]) if v))
        send(dispatcher, "career_centre", "\n".join(lines), language,
             career_centre=cards[0], career_centres=cards)
        return [SlotSet("county", county)]


class ActionAskCounty(Action):
    """career_centre_form's question: where do you live?"""

    def name(self) -> str:
        return "action_ask_county"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "clarify", texts.text("ask_place", language), language,
             buttons=[button(texts.text("button_counsellor", language), "/request_human")])
        return []
