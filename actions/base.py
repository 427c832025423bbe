"""Shared plumbing for Veivalg's actions: the citizen's language and message shapes.

Every message an action sends is a ``json_message`` (Rasa's ``custom``) with a ``kind`` the
gateway passes on to the citizen, and optionally a ``handover`` request the gateway acts on.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from core.languages import LANGUAGES



def language_of(tracker: Tracker) -> str:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    language = metadata.get("language") or tracker.get_slot("language") or "nb"
    return language if language in LANGUAGES else "en"


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def first_citizen_message(tracker: Tracker) -> str:
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            return event["text"]
    return latest_text(tracker)


def send(dispatcher: CollectingDispatcher, kind: str, text: str, language: str, **fields: Any) -> None:
    dispatcher.utter_message(json_message={"kind": kind, "text": text, "language": language, **fields})


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}
