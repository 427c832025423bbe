"""Career centres: find the citizen's county (from the message or by asking) and present them."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_text, send
from actions.places import load_centres, load_places


def county_from(tracker: Tracker) -> str | None:
    places = load_places()
    for entity in (tracker.latest_message or {}).get("entities") or []:
        county = places.county_for(str(entity.get("value") or ""))
        if county:
            return county
    return places.find_in_text(latest_text(tracker)) or tracker.get_slot("county")


class ActionCareerCentre(Action):
    def name(self) -> str:
        return "action_career_centre"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        county = county_from(tracker)
        if county is None:
            send(dispatcher, "clarify", texts.text("ask_place", language), language)
            return []
        centres = load_centres().get(county, [])
        if not centres:
            send(dispatcher, "career_centre", texts.text("no_centre", language, county=county), language,
                 buttons=[button(texts.text("button_counsellor", language), "/request_human")])
            return [SlotSet("county", county)]
        cards = [{"name": c.get("name", ""), "county": county, "address": c.get("address", ""),
                  "phone": c.get("phone", ""), "url": c.get("url", "")} for c in centres]
        lines = [texts.text("centres_intro", language, county=county)]
        for card in cards:
            lines.append(" · ".join(v for v in (card["name"], card["address"], card["phone"], card["url"]) if v))
        send(dispatcher, "career_centre", "\n".join(lines), language,
             career_centre=cards[0], career_centres=cards)
        return [SlotSet("county", county)]
