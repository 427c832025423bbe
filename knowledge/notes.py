"""The fixed notices an answer carries, in the asked language: where the article comes from when
it is in another language, and when it is past its review date.

``compose_answer`` puts them on ``Answer.notes``; the action shows them under the answer text.
"""
from __future__ import annotations

import datetime as dt

# The name of each answer language, as written in each asked language (after "på", "in", ...).
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "nb": {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk", "uk": "ukrainsk", "pl": "polsk", "ar": "arabisk"},
    "nn": {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk", "uk": "ukrainsk", "pl": "polsk", "ar": "arabisk"},
    "en": {"nb": "Norwegian (Bokmål)", "nn": "Norwegian (Nynorsk)", "en": "English", "uk": "Ukrainian",
           "pl": "Polish", "ar": "Arabic"},
    "uk": {"nb": "норвезькою мовою (букмол)", "nn": "норвезькою мовою (нюношк)", "en": "англійською мовою",
           "uk": "українською мовою", "pl": "польською мовою", "ar": "арабською мовою"},
    "pl": {"nb": "norweskim (bokmål)", "nn": "norweskim (nynorsk)", "en": "angielskim", "uk": "ukraińskim",
           "pl": "polskim", "ar": "arabskim"},
    "ar": {"nb": "النرويجية (البوكمول)", "nn": "النرويجية (النينوشك)", "en": "الإنجليزية",
           "uk": "الأوكرانية", "pl": "البولندية", "ar": "العربية"},
}

OTHER_LANGUAGE_NOTE: dict[str, str] = {
    "nb": "Svaret kommer fra en artikkel på {language}.",
    "nn": "Svaret kjem frå ein artikkel på {language}.",
    "en": "This answer comes from an article in {language}.",
    "uk": "Відповідь взято зі статті {language}.",
    "pl": "Odpowiedź pochodzi z artykułu w języku {language}.",
    "ar": "هذه الإجابة مأخوذة من مقالة باللغة {language}.",
}

STALE_NOTE: dict[str, str] = {
    "nb": "Artikkelen ble sist kontrollert {date} og kan være utdatert. En veileder kan sjekke hva som gjelder nå.",
    "nn": "Artikkelen vart sist kontrollert {date} og kan vere utdatert. Ein rettleiar kan sjekke kva som gjeld no.",
    "en": "This article was last checked on {date} and may be out of date. A counsellor can check what applies now.",
    "uk": "Статтю востаннє перевіряли {date}, тож вона може бути застарілою. Консультант може перевірити актуальні правила.",
    "pl": "Artykuł był ostatnio sprawdzany {date} i może być nieaktualny. Doradca może sprawdzić, co obowiązuje teraz.",
    "ar": "تمت مراجعة هذه المقالة آخر مرة في {date} وقد لا تكون محدّثة. يمكن لمستشار أن يتحقق مما ينطبق الآن.",
}

FALLBACK_LANGUAGE = "nb"


def _table(table: dict[str, str], language: str) -> str:
    return table.get(language) or table[FALLBACK_LANGUAGE]


def other_language_note(asked: str, source: str) -> str:
    """"Svaret kommer fra en artikkel på engelsk." in the asked language."""
    names = LANGUAGE_NAMES.get(asked) or LANGUAGE_NAMES[FALLBACK_LANGUAGE]
    return _table(OTHER_LANGUAGE_NOTE, asked).format(language=names.get(source, source))


def stale_note(asked: str, reviewed: str) -> str:
    """The stale-article notice with the date it was last checked (dd.mm.yyyy; ISO when unreadable)."""
    try:
        date = dt.date.fromisoformat(reviewed).strftime("%d.%m.%Y")
    except ValueError:
        date = reviewed
    return _table(STALE_NOTE, asked).format(date=date)
