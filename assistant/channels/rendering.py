"""A transcript event as a channel message: its text with sources as short links, the career
centre's details, the emergency numbers, the counsellor's first name, and its buttons.

Text only, never markup: Telegram messages are sent without a parse mode, SMS are plain text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.channels import texts
from assistant.channels.shortlinks import ShortLinks
from core.languages import LANGUAGES, answer_language


@dataclass(frozen=True)
class Outgoing:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)  # {"title", "payload"}
    language: str = "nb"


def language_of(event: dict[str, Any], fallback: str) -> str:
    language = event.get("language") or fallback
    return language if language in LANGUAGES else answer_language(language)


async def render(event: dict[str, Any], fallback_language: str, links: ShortLinks) -> Outgoing:
    language = language_of(event, fallback_language)
    lines: list[str] = []
    body = (event.get("text") or "").strip()
    if event.get("from") == "counsellor":
        name = (event.get("counsellor_name") or "").strip() or texts.text("counsellor", language)
        body = f"{name}: {body}"
    if body:
        lines.append(body)
    if event.get("note"):
        lines.append(str(event["note"]).strip())
    for number in event.get("emergency") or []:
        if number.get("number") and number["number"] not in body:
            lines.append(f"{number.get('label', '')}: {number['number']}".strip(": "))
    for source in event.get("sources") or []:
        title = source.get("title", "")
        if source.get("section"):
            title = f"{title} – {source['section']}"
        checked = f" ({texts.text('last_checked', language, date=source['reviewed'])})" if source.get("reviewed") else ""
        link = await links.shorten(source["url"]) if source.get("url") else ""
        lines.append(f"{texts.text('source', language)}: {title}{checked} {link}".rstrip())
    centres = list(event.get("career_centres") or [])
    if event.get("career_centre"):
        centres.insert(0, event["career_centre"])
    for centre in centres:
        lines.extend(await _centre_lines(centre, language, links))
    if event.get("mode") == "closed":
        lines.append(texts.text("write_to_start_again", language))
    buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
               for b in event.get("buttons") or [] if b.get("payload")]
    return Outgoing("\n".join(lines), buttons, language)


async def _centre_lines(centre: dict[str, Any], language: str, links: ShortLinks) -> list[str]:
    lines = [centre.get("name", "")]
    if centre.get("address"):
        lines.append(centre["address"])
    if centre.get("phone"):
        lines.append(f"{texts.text('phone', language)}: {centre['phone']}")
    if centre.get("booking_url"):
        lines.append(f"{texts.text('booking', language)}: {await links.shorten(centre['booking_url'])}")
    for url in (centre.get("url"), centre.get("alternative_url")):
        if url:
            lines.append(await links.shorten(url))
    return [line for line in lines if line]


def choices_text(buttons: list[dict[str, str]], language: str) -> str:
    """SMS: the buttons as numbered choices ("Svar med tallet:" 1 ..., 2 ...)."""
    lines = [texts.text("choose_by_number", language)]
    lines += [f"{number} {button['title']}" for number, button in enumerate(buttons, start=1)]
    return "\n".join(lines)
