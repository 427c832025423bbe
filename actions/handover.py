"""Handing the conversation to a human: the action asks, the gateway queues (and checks the
opening hours)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import first_citizen_message, language_of, latest_intent
from core.vocabulary import HANDOVER_INTENT_NEEDS as NEEDS
from core.vocabulary import HANDOVER_REASONS



def handover_request(tracker: Tracker, reason_code: str, need: str, priority: str = "normal") -> dict[str, Any]:
    """The handover an action asks the gateway for; ``reason_code`` is a key of HANDOVER_REASONS."""
    return {
        "reason_code": reason_code,
        "reason": HANDOVER_REASONS[reason_code],
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
        reason = "accepted_offer" if intent == "affirm" else "asked"
        dispatcher.utter_message(json_message={"kind": "system", "text": "",
                                               "handover": handover_request(tracker, reason, need)})
        return []
