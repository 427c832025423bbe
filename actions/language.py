"""Slots that follow every user message (action_extract_slots runs this validation action):
the language from the gateway's detection (message metadata), the county from any place the
citizen names, whether a yes/no question is still open, and a one-time note when the citizen
writes a language Veivalg does not serve (detected as itself: ``ru``, ``de``, ... or ``other``).
Also the explicit switch of language."""

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions import texts
from actions.base import (
    LANGUAGES,
    button,
    language_of,
    latest_intent,
    latest_text,
    send,
)
from core.languages import counsellor_only, unserved

# Typed names of languages (any of the six languages) -> code, for a switch the NLU did not tag.
LANGUAGE_NAMES = {
    "nb": r"\b(bokm[åa]l|norsk|norwegian)\b|норвезьк|\bpo norwesku\b|النرويجي",
    "nn": r"\bnynorsk\b",
    "en": r"\b(engelsk|english)\b|англійськ|\bpo angielsku\b|الإنجليزي|الانجليزي",
    "uk": r"\b(ukrainsk|ukrainian)\b|українськ|\bpo ukraińsku\b|الأوكراني",
    "pl": r"\b(polsk|polish)\b|польськ|\bpo polsku\b|البولندي",
    "ar": r"\b(arabisk|arabic)\b|арабськ|\bpo arabsku\b|العربي|عربي",
}
NATIVE_NAMES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English", "uk": "Українська",
                "pl": "Polski", "ar": "العربية"}


def requested_language(tracker: Tracker) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in LANGUAGES:
            return entity["value"]
    text = latest_text(tracker)
    for code in ("nn", "nb", "en", "uk", "pl", "ar"):  # nynorsk before "norsk"
        if re.search(LANGUAGE_NAMES[code], text, re.IGNORECASE):
            return code
    return None


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return {"language": language_of(tracker)}

    async def extract_county(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        """Only a place named in this message: an earlier county stays as it is."""
        from actions.centres import county_in_message

        county = county_in_message(tracker)
        return {"county": county} if county else {}

    async def extract_pending_offer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict) -> dict:
        """A yes/no question stays open only for a plain yes or no right after it."""
        if latest_intent(tracker) in ("affirm", "deny") or tracker.get_slot("pending_offer") is None:
            return {}
        return {"pending_offer": None}

    async def extract_other_language_noted(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: dict) -> dict:
        """Once per conversation: a language we do not serve (Russian, "other", ...) gets English and a
        counsellor. Northern Sami is greeted by the gateway and never gets here (it is answered in
        bokmål, see assistant.language_notice)."""
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        detected = metadata.get("detected_language")
        if not unserved(detected) or counsellor_only(detected) or tracker.get_slot("other_language_noted"):
            return {}
        send(dispatcher, "offer_counsellor", texts.text("other_language", "en"), "en",
             buttons=[button(texts.text("button_counsellor", "en"), "/request_human")])
        return {"other_language_noted": True}


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = requested_language(tracker)
        if language is None:
            current = language_of(tracker)
            send(dispatcher, "clarify", texts.text("choose_language", current), current, buttons=[
                button(NATIVE_NAMES[code], f'/change_language{{"language": "{code}"}}') for code in LANGUAGES])
            return []
        send(dispatcher, "smalltalk", texts.text("language_changed", language), language,
             set_language=language)
        return [SlotSet("language", language)]
