"""Handing the conversation to a human: the action asks, the gateway queues (and checks the
opening hours)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import first_citizen_message, language_of, latest_intent
from core.vocabulary import HANDOVER_INTENT_NEEDS as NEEDS



def handover_request(tracker: Tracker, reason: str, need: str, priority: str = "normal") -> dict[str, Any]:
    return {
        "reason": reason,
        "need": need,
        "priority": priority,
        "language": language_of(tracker),
        "county": tracker.get_slot("county"),
        "articles": list(tracker.get_slot("shown_articles") or []),
        "first_message": first_citizen_message(tracker),
    }


class ActionRequestHandover(Action):
    def name(self) -> str:
        return "action_request_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        intent = latest_intent(tracker)
        need = NEEDS.get(intent or "", "human_request")
        reason = ("the citizen accepted the offer of a counsellor" if intent == "affirm"
                  else "the citizen asked for a counsellor")
        dispatcher.utter_message(json_message={"kind": "system", "text": "",
                                               "handover": handover_request(tracker, reason, need)})
        return []
