"""Rasa's output -> the contract's BotMessages, and what Rasa understood -> the triage's need.

A crisis message always carries ``emergency`` (the numbers as ``{"label", "number"}``): the
action's own list when it sent a well-formed one, otherwise the gateway's (``core.texts``).
"""

from typing import Any

from core import texts
from core.vocabulary import INTENT_NEEDS, MESSAGE_KINDS

MESSAGE_KIND_SET = set(MESSAGE_KINDS)


def need_for(intent: str | None, kinds: list[str], previous: str | None) -> str:
    if "crisis" in kinds:
        return "crisis"
    need = INTENT_NEEDS.get(intent or "", "smalltalk")
    if need == "smalltalk" and previous:
        return previous  # "takk" or "ja" does not undo what the conversation is about
    return need


def bot_message(raw: dict[str, Any], language: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One Rasa output message -> (BotMessage, handover request or None)."""
    custom = raw.get("custom") if isinstance(raw.get("custom"), dict) else {}
    kind = custom.get("kind") or ("fallback" if not custom else "system")
    if kind not in MESSAGE_KIND_SET:
        kind = "system"
    buttons = custom.get("buttons") or raw.get("buttons") or []
    message: dict[str, Any] = {
        "kind": kind,
        "text": str(custom.get("text") or raw.get("text") or ""),
        "language": custom.get("language") or language,
        "sources": [_source(s) for s in custom.get("sources") or [] if isinstance(s, dict)],
        "buttons": [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons],
    }
    if custom.get("note"):
        message["note"] = custom["note"]
    if custom.get("stale") is True:
        message["stale"] = True  # quoted from an article past its review date (see its note)
    if custom.get("confidence") is not None:
        message["confidence"] = custom["confidence"]
    if isinstance(custom.get("career_centre"), dict):
        message["career_centre"] = custom["career_centre"]
    if isinstance(custom.get("career_centres"), list):
        message["career_centres"] = custom["career_centres"]
    if kind == "crisis":
        message["emergency"] = _emergency(custom.get("emergency")) or texts.emergency(message["language"])
    handover = custom.get("handover") if isinstance(custom.get("handover"), dict) else None
    return message, handover


def _source(source: dict[str, Any]) -> dict[str, Any]:
    """A cited article: title, url, last checked; the quoted section and a stale mark when known."""
    shaped: dict[str, Any] = {"title": str(source.get("title") or ""), "url": str(source.get("url") or ""),
                              "reviewed": str(source.get("reviewed") or "")}
    if source.get("section"):
        shaped["section"] = str(source["section"])
    if source.get("stale") is True:
        shaped["stale"] = True
    return shaped


def _emergency(numbers: Any) -> list[dict[str, str]]:
    """The action's emergency numbers, when every entry has a label and a number."""
    if not isinstance(numbers, list) or not numbers:
        return []
    shaped = [{"label": str(n.get("label") or ""), "number": str(n.get("number") or "")}
              for n in numbers if isinstance(n, dict)]
    return shaped if len(shaped) == len(numbers) and all(n["label"] and n["number"] for n in shaped) else []
