"""Canned replies for the counsellor console: from handover/data/canned_replies.yml, or the set an
admin saved (``PUT /api/canned-replies``, kept in Redis), in the six languages, with placeholders
filled for one conversation ({county}, {centre}, {opening_hours}, {counsellor}).

A set is valid when every reply has a text in every language and uses only known placeholders;
``CannedInvalid`` names the first problem (``code``, ``detail``)."""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from redis.asyncio import Redis

from core import keys
from core.languages import LANGUAGES
from handover.hours import OpeningHours
from handover.hours_text import describe_week
from knowledge.centres import nearest_office

FILE = Path(__file__).parent / "data" / "canned_replies.yml"
PLACEHOLDERS = ("county", "centre", "opening_hours", "counsellor")
ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_REPLIES = 40
MAX_TEXT = 2000

# What a placeholder becomes when the conversation does not tell (see the file's header).
UNKNOWN_COUNTY = {"nb": "fylket ditt", "nn": "fylket ditt", "en": "your county", "uk": "вашому регіоні",
                  "pl": "Twoim regionie", "ar": "منطقتك"}
UNKNOWN_CENTRE = {"nb": "karrieresenteret", "nn": "karrieresenteret", "en": "the career centre",
                  "uk": "кар'єрний центр", "pl": "centrum kariery", "ar": "مركز التوجيه المهني"}
ALWAYS_OPEN = {"nb": "hele døgnet", "nn": "heile døgeret", "en": "around the clock", "uk": "цілодобово",
               "pl": "przez całą dobę", "ar": "على مدار الساعة"}
NORWEGIAN_TIME = {"nb": "norsk tid", "nn": "norsk tid", "en": "Norwegian time", "uk": "за норвезьким часом",
                  "pl": "czasu norweskiego", "ar": "بتوقيت النرويج"}


@dataclass
class CannedInvalid(Exception):
    code: str
    detail: str


def placeholders_of(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:  # a lone "{" or "}"
        return ["{"]


def validate(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The replies as ``[{id, label, texts: {language: text}}]``, or ``CannedInvalid``."""
    if not replies:
        raise CannedInvalid("canned_empty", "at least one canned reply is needed")
    if len(replies) > MAX_REPLIES:
        raise CannedInvalid("canned_too_many", f"at most {MAX_REPLIES} canned replies")
    seen: set[str] = set()
    clean = []
    for reply in replies:
        reply_id = str(reply.get("id", ""))
        if not ID.fullmatch(reply_id):
            raise CannedInvalid("canned_bad_id", f"reply id {reply_id!r}: lower-case letters, digits and _ only")
        if reply_id in seen:
            raise CannedInvalid("canned_duplicate_id", f"reply id {reply_id!r} is used twice")
        seen.add(reply_id)
        label = str(reply.get("label", "")).strip()
        if not label or len(label) > 60:
            raise CannedInvalid("canned_bad_label", f"reply {reply_id!r}: a label of 1 to 60 characters is needed")
        texts = reply.get("texts") or {}
        unknown_languages = sorted(set(texts) - set(LANGUAGES))
        if unknown_languages:
            raise CannedInvalid("canned_unknown_language",
                                f"reply {reply_id!r}: unknown language {unknown_languages[0]!r} "
                                f"(the languages are {', '.join(LANGUAGES)})")
        for language in LANGUAGES:
            text = str(texts.get(language) or "").strip()
            if not text:
                raise CannedInvalid("canned_language_missing", f"reply {reply_id!r} has no text in {language!r}")
            if len(text) > MAX_TEXT:
                raise CannedInvalid("canned_too_long", f"reply {reply_id!r} in {language!r}: at most {MAX_TEXT} characters")
            for name in placeholders_of(text):
                if name not in PLACEHOLDERS:
                    raise CannedInvalid("canned_unknown_placeholder",
                                        f"reply {reply_id!r} in {language!r}: unknown placeholder {{{name}}} "
                                        f"(known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
        clean.append({"id": reply_id, "label": label, "texts": {lang: str(texts[lang]).strip() for lang in LANGUAGES}})
    return clean


@lru_cache(maxsize=1)
def file_replies(path: Path = FILE) -> tuple[dict[str, Any], ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(validate(data.get("replies") or []))


def centre_name(county: str | None) -> str:
    """The name of the county's main career centre office (knowledge/data/career_centres.yml),
    "" when unknown or not sourced there (an unsourced name is never shown)."""
    if not county:
        return ""
    try:
        card = nearest_office(county=county)
    except (OSError, ValueError):  # no file, or one being edited into shape: say it in general words
        return ""
    return card.name if card else ""


def opening_hours_text(hours: OpeningHours, language: str) -> str:
    if hours.always:
        return ALWAYS_OPEN[language]
    week = describe_week(hours, language)
    return f"{week} ({NORWEGIAN_TIME[language]})" if week else ""


def values_for(language: str, *, county: str | None, counsellor: str, hours: OpeningHours) -> dict[str, str]:
    return {
        "county": county or UNKNOWN_COUNTY[language],
        "centre": centre_name(county) or UNKNOWN_CENTRE[language],
        "opening_hours": opening_hours_text(hours, language),
        "counsellor": counsellor,
    }


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(values)


class CannedReplies:
    """The current set: the admin's (Redis) if one was saved, else the file's."""

    def __init__(self, redis: Redis, path: Path = FILE) -> None:
        self.redis = redis
        self.path = path

    async def all(self) -> list[dict[str, Any]]:
        saved = await self.redis.get(keys.CANNED_REPLIES)
        if saved:
            return json.loads(saved)["replies"]
        return [dict(reply) for reply in file_replies(self.path)]

    async def replace(self, replies: list[dict[str, Any]], by: str, at: datetime) -> list[dict[str, Any]]:
        clean = validate(replies)  # raises before anything is stored
        await self.redis.set(keys.CANNED_REPLIES, json.dumps(
            {"replies": clean, "saved_by": by, "saved_at": at.isoformat(timespec="seconds")}, ensure_ascii=False))
        return clean
