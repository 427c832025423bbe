"""Reflective needs: say what a counsellor can help with and offer the ways forward."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, send


class ActionOfferGuidance(Action):
    def name(self) -> str:
        return "action_offer_guidance"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "offer_counsellor", texts.text("guidance_offer", language), language, buttons=[
            button(texts.text("button_counsellor", language), "/request_human"),
            button(texts.text("button_centre", language), "/career_centre"),
            button(texts.text("button_keep_asking", language), "/deny"),
        ])
        return []
