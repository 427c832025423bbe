"""Crisis: the emergency numbers first (in the text and as ``emergency``, which the page shows as
links that call them), then a priority handover. The words and numbers are ``core.texts``'s, the
same the gateway's safety net sends while a citizen is queued or with a counsellor."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, send
from actions.handover import handover_request
from core import texts


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "crisis", texts.text("crisis", language), language, emergency=texts.emergency(language),
             handover=handover_request(tracker, "crisis", "crisis", "crisis"))
        return []
