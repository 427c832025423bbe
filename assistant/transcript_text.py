"""The citizen's transcript as a document: labels in the citizen's language, one entry per message.

``transcript_document`` turns the citizen's view of a transcript (``assistant.api.citizen``
``_citizen_view``: no staff-only kinds, counsellors by first name) into a small, format-free
shape; ``as_text`` writes it as plain text, ``assistant.transcript_pdf`` as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from core.languages import ANSWERED_IN, FALLBACK_LANGUAGE, LANGUAGES

TIMEZONE = ZoneInfo("Europe/Oslo")

LABELS: dict[str, dict[str, str]] = {
    "heading": {"nb": "Samtale med Veivalg", "nn": "Samtale med Veivalg", "en": "Conversation with Veivalg",
                "uk": "Розмова з Veivalg", "pl": "Rozmowa z Veivalg", "ar": "محادثة مع Veivalg"},
    "citizen": {"nb": "Du", "nn": "Du", "en": "You", "uk": "Ви", "pl": "Ty", "ar": "أنت"},
    "bot": {"nb": "Veivalg", "nn": "Veivalg", "en": "Veivalg", "uk": "Veivalg", "pl": "Veivalg", "ar": "Veivalg"},
    "counsellor": {"nb": "Veileder", "nn": "Rettleiar", "en": "Counsellor", "uk": "Консультант",
                   "pl": "Doradca", "ar": "المستشار"},
    # "{name} (counsellor)": a person, named by first name
    "counsellor_named": {"nb": "{name} (veileder)", "nn": "{name} (rettleiar)", "en": "{name} (counsellor)",
                         "uk": "{name} (консультант)", "pl": "{name} (doradca)", "ar": "{name} (المستشار)"},
    "source": {"nb": "Kilde", "nn": "Kjelde", "en": "Source", "uk": "Джерело", "pl": "Źródło", "ar": "المصدر"},
    "last_checked": {"nb": "sist kontrollert", "nn": "sist kontrollert", "en": "last checked",
                     "uk": "востаннє перевірено", "pl": "ostatnio sprawdzono", "ar": "آخر مراجعة"},
    "empty": {"nb": "Samtalen har ingen meldinger.", "nn": "Samtalen har ingen meldingar.",
              "en": "The conversation has no messages.", "uk": "У розмові немає повідомлень.",
              "pl": "Rozmowa nie zawiera wiadomości.", "ar": "لا توجد رسائل في هذه المحادثة."},
}


def label_language(language: str) -> str:
    """One of the six for a session's language (Northern Sami is answered in bokmål; others in English)."""
    language = ANSWERED_IN.get(language, language)
    return language if language in LANGUAGES else FALLBACK_LANGUAGE


def label(key: str, language: str, **values: str) -> str:
    return LABELS[key][label_language(language)].format(**values)


@dataclass(frozen=True)
class SourceLine:
    title: str
    url: str
    section: str
    reviewed: str


@dataclass(frozen=True)
class Entry:
    time: str  # HH:MM, Europe/Oslo
    speaker: str
    sender: str  # citizen | bot | counsellor | system
    text: str
    sources: list[SourceLine] = field(default_factory=list)


@dataclass(frozen=True)
class TranscriptDocument:
    language: str
    heading: str
    day: str  # the conversation's first day (today when it has no messages)
    entries: list[Entry]


def _local(at: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(TIMEZONE) if moment.tzinfo else moment


def format_day(moment: datetime, language: str) -> str:
    """30.11.2026 (nb, nn, uk, pl), 2026-11-30 (en, ar: unambiguous)."""
    if label_language(language) in ("en", "ar"):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%d.%m.%Y")


def speaker(event: dict, language: str) -> str:
    sender = event.get("from", "")
    if sender == "counsellor":
        name = event.get("counsellor_name") or ""
        return label("counsellor_named", language, name=name) if name else label("counsellor", language)
    if sender == "citizen":
        return label("citizen", language)
    return label("bot", language)  # the assistant and Veivalg's own notices


def transcript_document(events: list[dict], language: str, today: datetime) -> TranscriptDocument:
    """The document of ``events`` (the citizen's view) with labels in ``language``."""
    entries = []
    first: datetime | None = None
    for event in events:
        moment = _local(event.get("at", ""))
        first = first or moment
        sources = [SourceLine(title=str(s.get("title", "")), url=str(s.get("url", "")),
                              section=str(s.get("section", "") or ""), reviewed=str(s.get("reviewed", "") or ""))
                   for s in event.get("sources") or []]
        entries.append(Entry(time=moment.strftime("%H:%M") if moment else "", speaker=speaker(event, language),
                             sender=event.get("from", ""), text=event.get("text", ""), sources=sources))
    day = format_day(first or today.astimezone(TIMEZONE), language)
    return TranscriptDocument(language=label_language(language), heading=f"{label('heading', language)}, {day}",
                              day=(first or today.astimezone(TIMEZONE)).strftime("%Y-%m-%d"), entries=entries)


def source_line(source: SourceLine, language: str) -> str:
    """"Kilde: Title, section (https://..., sist kontrollert 2026-01-05)"."""
    title = f"{source.title}, {source.section}" if source.section else source.title
    details = ", ".join(part for part in (
        source.url, f"{label('last_checked', language)} {source.reviewed}" if source.reviewed else "") if part)
    return f"{label('source', language)}: {title}" + (f" ({details})" if details else "")


def as_text(document: TranscriptDocument) -> str:
    lines = [document.heading, "=" * len(document.heading), ""]
    if not document.entries:
        lines.append(label("empty", document.language))
    for entry in document.entries:
        prefix = f"[{entry.time}] " if entry.time else ""
        text_lines = entry.text.split("\n")
        lines.append(f"{prefix}{entry.speaker}: {text_lines[0]}")
        lines.extend(f"    {line}" for line in text_lines[1:])
        lines.extend(f"    {source_line(source, document.language)}" for source in entry.sources)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
