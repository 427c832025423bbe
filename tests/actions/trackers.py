"""Tracker fixtures for action tests, built the way Rasa sends them to the action server."""

from rasa_sdk import Tracker

DOMAIN_SLOTS = {"language": "nb", "county": None, "place": None, "last_question": None, "shown_articles": [],
                "unhelpful_answers": 0, "pending_offer": None, "offer_need": None,
                "other_language_noted": False, "requested_slot": None}


def tracker(text: str, intent: str, language: str = "nb", entities: list | None = None, history: list = (),
            bot_kinds: list[str] = (), metadata: dict | None = None, **slots) -> Tracker:
    """A tracker whose latest user message is ``text`` (classified as ``intent``), after the user
    messages in ``history``; ``bot_kinds`` are messages the bot has sent since that message (in
    this turn), as Rasa's BotUttered events with a ``custom`` payload.

    An entry of ``history`` is the text of an earlier message, or ``(text, question, intent)``:
    ``question`` is what the answer action took it to mean (the ``last_question`` it set in that
    turn, None if it did not run) and ``intent`` what the NLU made of it."""
    metadata = {"language": language, **(metadata or {})}
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.97}, "entities": entities or [],
              "metadata": metadata}
    events = []
    for entry in history:
        earlier, question, earlier_intent = (entry, None, None) if isinstance(entry, str) else entry
        parse = {"intent": {"name": earlier_intent, "confidence": 0.9}} if earlier_intent else {}
        events.append({"event": "user", "text": earlier, "parse_data": parse})
        if question is not None:
            events.append({"event": "slot", "name": "last_question", "value": question})
    events.append({"event": "user", "text": text, "parse_data": latest, "metadata": metadata})
    for kind in bot_kinds:
        events.append({"event": "bot", "text": None, "data": {"custom": {"kind": kind, "text": "...",
                                                                        "language": language}}})
    return Tracker("session-1", {**DOMAIN_SLOTS, "language": language, **slots}, latest, events, False, None,
                   {}, "action_listen")
