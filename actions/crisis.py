"""Crisis: emergency numbers first, then a priority handover."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import language_of, send
from actions.handover import handover_request


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "crisis", texts.text("crisis", language), language,
             handover=handover_request(tracker, "crisis", "crisis", "crisis"))
        return []
