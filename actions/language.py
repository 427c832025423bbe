"""The language slot follows the gateway's detection (message metadata); the county slot
follows any place the citizen names. Runs after every user message (action_extract_slots)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk import Action

from actions import texts
from actions.base import LANGUAGES, language_of, send


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return {"language": language_of(tracker)}

    async def extract_county(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        from actions.centres import county_from

        county = county_from(tracker)
        return {"county": county} if county else {}


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        requested = None
        for entity in (tracker.latest_message or {}).get("entities") or []:
            if entity.get("entity") == "language" and entity.get("value") in LANGUAGES:
                requested = entity["value"]
        language = requested or language_of(tracker)
        send(dispatcher, "smalltalk", texts.text("language_changed", language), language,
             set_language=language)
        return [SlotSet("language", language)]
