"""Tracker fixtures for action tests, built the way Rasa sends them to the action server."""

from rasa_sdk import Tracker

DOMAIN_SLOTS = {"language": "nb", "county": None, "place": None, "last_question": None, "shown_articles": [],
                "unhelpful_answers": 0}


def tracker(text: str, intent: str, language: str = "nb", entities: list | None = None, history: list[str] = (),
            **slots) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.97}, "entities": entities or [],
              "metadata": {"language": language}}
    events = [{"event": "user", "text": t, "parse_data": {}} for t in history]
    events.append({"event": "user", "text": text, "parse_data": latest, "metadata": {"language": language}})
    return Tracker("session-1", {**DOMAIN_SLOTS, "language": language, **slots}, latest, events, False, None,
                   {}, "action_listen")
