"""Reading the points form's answers from what a citizen writes, in any of the six languages.

Pure functions; each returns the canonical value or None when the text cannot be read:
``grade_average("4,56") == 4.56``, ``subjects("R1, R2 og fysikk 1")`` gives
(("math_r1", "math_r2", "physics_1"), ()), ``extra_items("folkehøgskole")``,
``year("2025")``, ``diploma("ja")`` gives "first_time", "other" or "rule_23_5".
"""

from __future__ import annotations

import re

NONE_WORDS = re.compile(
    r"^\s*(ingen|ingenting|nei|nope|none|no|nothing|n/a|-|0|inga|ikkje noko|ikke noe|"
    r"немає|ні|нічого|brak|nie|żadne|żadnych|nic|لا|لا شيء|لا يوجد)\s*[.!]?\s*$",
    re.IGNORECASE)

# (pattern, subject key): checked on the lower-cased text; the first group of a subject decides.
SCIENCE = [
    (r"\b(matte|matematikk|math(s|ematics)?|математика|matematyka|رياضيات)?\s*r\s?2\b", "math_r2"),
    (r"\b(matte|matematikk|math(s|ematics)?|математика|matematyka|رياضيات)?\s*r\s?1\b", "math_r1"),
    (r"\b(matte|matematikk|math(s|ematics)?|математика|matematyka|رياضيات)?\s*s\s?2\b", "math_s2"),
    (r"\b(matte|matematikk|math(s|ematics)?|математика|matematyka|رياضيات)?\s*s\s?1\b", "math_s1"),
    (r"(fysikk|physics|фізика|fizyka|فيزياء)\s*(2|ii)\b", "physics_2"),
    (r"(fysikk|physics|фізика|fizyka|فيزياء)\s*(1|i)?\b", "physics_1"),
    (r"(kjemi|chemistry|хімія|chemia|كيمياء)\s*(2|ii)\b", "chemistry_2"),
    (r"(kjemi|chemistry|хімія|chemia|كيمياء)\s*(1|i)?\b", "chemistry_1"),
    (r"(biologi|biology|біологія|biologia|أحياء)\s*(2|ii)\b", "biology_2"),
    (r"(biologi|biology|біологія|biologia|أحياء)\s*(1|i)?\b", "biology_1"),
    (r"(geofag|geoscience|geology)\s*(2|ii)\b", "geoscience_2"),
    (r"(geofag|geoscience|geology)\s*(1|i)?\b", "geoscience_1"),
    (r"\b(it|informasjonsteknologi|information technology)\s*(2|ii)\b", "it_2"),
    (r"\b(it|informasjonsteknologi|information technology)\s*(1|i)\b", "it_1"),
    (r"(teknologi og forskningslære|tof)\s*(2|ii)\b", "technology_research_2"),
    (r"(teknologi og forskningslære|tof)\s*(1|i)?\b", "technology_research_1"),
    (r"naturbruk", "vg3_naturbruk"),
]
LANGUAGE = [
    (r"(niv[aå]|level|рівень|poziom)\s*(3|iii)\b|\b(spansk|tysk|fransk|spanish|german|french|"
     r"іспанська|німецька|французька|hiszpański|niemiecki|francuski|الإسبانية|الألمانية|الفرنسية)\s*(3|iii)\b",
     "foreign_language_level_3"),
    (r"programfag|programme subject|program subject|профільн|rozszerzon", "foreign_language_programme_subject"),
    (r"\blatin|латин|łacin|اللاتينية", "latin"),
    (r"\bgresk|\bgreek|грецьк|grecki|اليونانية", "greek"),
]
EXTRA = [
    (r"folkeh[øo]g?sk[ou]l|folk high school|народн|uniwersytet ludowy|المدرسة الشعبية", "folk_high_school"),
    (r"milit|f[øo]rstegang(s|s)?tjeneste|verneplikt|military|army|військов|wojsk|عسكري", "military_service"),
    (r"sivil(tjeneste)?|civilian service|цивільн|cywiln|مدني", "civilian_service"),
    (r"fagsk[ou]l|vocational college|фахов|szko[łl]a zawodow|كلية مهنية", "vocational_college"),
    (r"studiepoeng|credits|ects|кредит|punkt(y|ów) ects|høg(a|e)re utdanning|høyere utdanning|university|"
     r"universitet|higher education|вища освіта|studia|جامعة|تعليم عال", "higher_education"),
]
YES = re.compile(r"^\s*(ja|jo|yes|yeah|yep|так|tak|نعم|ja,? f[øo]rstegang\w*|f[øo]rstegang\w*|first[- ]time\w*)\b",
                 re.IGNORECASE)
NO = re.compile(r"^\s*(nei|no|nope|ні|nie|لا|other|annet|anna)\b", re.IGNORECASE)
RULE_23_5 = re.compile(r"23\s*/\s*5", re.IGNORECASE)


def grade_average(text: str) -> float | None:
    match = re.search(r"(?<![\d.,])([1-6])(?:[.,](\d{1,3}))?(?![\d])", text or "")
    if not match:
        return None
    value = float(f"{match.group(1)}.{match.group(2) or 0}")
    return value if 1.0 <= value <= 6.0 else None


def _matches(table: list[tuple[str, str]], text: str) -> list[str]:
    found: list[str] = []
    remaining = text.lower()
    for pattern, key in table:
        match = re.search(pattern, remaining, re.IGNORECASE)
        if match and key not in found:
            found.append(key)
            remaining = remaining[:match.start()] + " " + remaining[match.end():]  # "fysikk 2" is not also "fysikk 1"
    return found


def is_none(text: str) -> bool:
    return bool(NONE_WORDS.match(text or ""))


def subjects(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(science subjects, language subjects); ((), ()) for "none"; None when nothing is recognised."""
    if is_none(text):
        return (), ()
    languages = _matches(LANGUAGE, text)
    science = _matches(SCIENCE, text)
    if not science and not languages:
        return None
    return tuple(science), tuple(languages)


def extra_items(text: str) -> tuple[str, ...] | None:
    """Tilleggspoeng items; credits (studiepoeng) or fagskole points decide 30 or 60; () for "none"."""
    if is_none(text):
        return ()
    found = _matches(EXTRA, text)
    if not found:
        return None
    numbers = [int(n) for n in re.findall(r"\b(\d{2,3})\b", text)]
    level = "60" if any(n >= 60 for n in numbers) else "30" if any(30 <= n < 60 for n in numbers) else None
    items: list[str] = []
    for key in found:
        if key in ("higher_education", "vocational_college"):
            if level is None:
                return None  # how many credits decides the points: ask again
            items.append(f"{key}_{level}")
        else:
            items.append(key)
    return tuple(items)


def year(text: str, low: int = 1920, high: int = 2100) -> int | None:
    match = re.search(r"\b(19\d\d|20\d\d)\b", text or "")
    if not match:
        return None
    value = int(match.group(1))
    return value if low <= value <= high else None


def diploma(text: str) -> str | None:
    """"first_time" (førstegangsvitnemål), "other" or "rule_23_5"; None when unclear."""
    if RULE_23_5.search(text or ""):
        return "rule_23_5"
    if YES.match(text or ""):
        return "first_time"
    if NO.match(text or ""):
        return "other"
    return None
