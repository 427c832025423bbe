"""What a question combines besides its topic: the level it is about (upper secondary or higher
education) and who is asking (someone from abroad, an adult, a parent), matched against an
article's topics and audience.

``query_conditions("vi har nettopp kommet til norge, når må sønnen min søke videregående?", "nb")``
gives level ``upper_secondary`` and audience ``("immigrants", "parents")``. Search nudges chunks of
articles that agree up and those that contradict down, so "the deadline for university" is not
answered from the upper-secondary article. Cues are per language, lower-cased regular expressions.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from knowledge.origin import generic_origin

LEVEL_TOPICS = {
    "higher": frozenset({"samordna-opptak", "hoyere-utdanning"}),
    "upper_secondary": frozenset({"videregaende", "fagbrev"}),
}
ABROAD_TOPICS = frozenset({"utenlandsk-utdanning", "innvandrere"})

_LEVEL_CUES: dict[str, dict[str, str]] = {
    "nb": {
        "higher": r"høyere utdanning|universitet\w*|høyskole\w*|høgskole\w*|\bstudi(er|et|um)\b|\bstudere\b|bachelor\w*|master\w*|samordna|\bph\.?d|studieplass\w*|studiepoeng",
        # "karakterene fra videregående" in a question about university admission names no level,
        # nor does what the person lacks ("ikke fullført videregående", "uten vgs")
        "upper_secondary": r"(?<!fra )(?<!fullført )(?<!uten )(?<!har )videregående|(?<!fullført )(?<!uten )(?<!har )\bvgs\b|\bvg[123]\b|læreplass\w*|lærling\w*|ungdomsskole\w*|yrkesfag\w*|studieforberedende",
    },
    "nn": {
        "higher": r"høgare utdanning|høgre utdanning|universitet\w*|høgskul\w*|\bstudi(um|et)\b|\bstudere\b|bachelor\w*|master\w*|samordna|studieplass\w*|studiepoeng",
        "upper_secondary": r"(?<!frå )(?<!fullført )(?<!utan )(?<!har )vidaregåande|(?<!fullført )(?<!utan )(?<!har )videregåande|(?<!fullført )(?<!utan )(?<!har )\bvgs\b|\bvg[123]\b|læreplass\w*|lærling\w*|ungdomsskul\w*|yrkesfag\w*",
    },
    "en": {
        "higher": r"universit\w*|college\w*|bachelor\w*|master\w*|\bdegree\b|samordna|\bph\.?d|higher education|study programme",
        "upper_secondary": r"(?<!finished )(?<!finish )(?<!finishing )(?<!without )(?<!completed )(?<!complete )(?<!without a )(?<!finished a )(?<!have )(?<!have an )(?<!have a )(?:upper secondary|high school)|(?<!upper )(?<!lower )secondary school|\bvg[123]\b|apprentice\w*|lower secondary|videregående",
    },
    "uk": {
        "higher": r"університет\w*|коледж\w*|бакалавр\w*|магістр\w*|вищ\w* осві\w*|samordna|навчання в університ",
        "upper_secondary": r"videregående|середн\w* школ\w*|старш\w* школ\w*|\bшкол\w*|учн\w*|ліце\w*",
    },
    "pl": {
        "higher": r"uczelni\w*|uniwersytet\w*|\bstudi\w*|licencjat\w*|magist\w*|samordna|szkoł\w* wyższ\w*",
        "upper_secondary": r"videregående|szkoł\w* średni\w*|liceum|technikum|\bszkoł\w*",
    },
    "ar": {
        "higher": r"الجامعة|الجامعات|جامعي\w*|الكلية|البكالوريوس|الماجستير|samordna|التعليم العالي",
        "upper_secondary": r"الثانوية|المدرسة الثانوية|videregående|المدرسة",
    },
}

_AUDIENCE_CUES: dict[str, dict[str, str]] = {
    "nb": {
        "immigrants": r"fra utlandet|utenlandsk\w*|fra et annet land|i et annet land|kommet til norge|flyktning\w*|innvandr\w*|\bfra (polen|ukraina|syria|iran|irak|somalia|eritrea|afghanistan)\b",
        "adults": r"\bvoksen\b|\bvoksne\b|\bsom voksen\b|\bjeg er (2[5-9]|[3-6]\d)\b",
        "parents": r"sønn\w*|datter\w*|dattera|barnet mitt|barna mine|ungdommen min|min sønn|mitt barn",
    },
    "nn": {
        "immigrants": r"frå utlandet|utanlandsk\w*|frå eit anna land|kome til noreg|flyktning\w*|innvandr\w*",
        "adults": r"\bvaksen\b|\bvaksne\b",
        "parents": r"son\b|sonen|dotter\w*|dottera|barnet mitt|borna mine",
    },
    "en": {
        "immigrants": r"from abroad|foreign|another country|came to norway|moved to norway|refugee\w*|immigrant\w*|\beu citizen|\beea citizen",
        "adults": r"\badults?\b|\bas an adult\b|\bgrown-up",
        "parents": r"\bmy (son|daughter|child|kid|children)\b",
    },
    "uk": {
        "immigrants": r"з-за кордону|з іншої країни|іноземн\w*|закордон\w*|з україни|біжен\w*|приїхали до норвегії",
        "adults": r"доросл\w*",
        "parents": r"\bсин\w*|дочк\w*|донь\w*|дитин\w*",
    },
    "pl": {
        "immigrants": r"z zagranicy|zagraniczn\w*|z innego kraju|z polski|uchodźc\w*|imigrant\w*|obywatel\w* ue",
        "adults": r"doros\w*",
        "parents": r"\bsyn\w*|córk\w*|dzieck\w*|dzieci",
    },
    "ar": {
        "immigrants": r"من الخارج|أجنبي\w*|من بلد آخر|لاجئ\w*|وصلنا|من سوريا|مهاجر\w*",
        "adults": r"بالغ\w*|الكبار",
        "parents": r"ابني|ابنتي|طفلي|أطفالي|أولادي",
    },
}


@dataclass(frozen=True)
class Conditions:
    level: str | None = None  # "higher" or "upper_secondary" when the question names one (and not both)
    audience: tuple[str, ...] = ()  # from the question's cues and the triage

    @property
    def empty(self) -> bool:
        return self.level is None and not self.audience


@functools.lru_cache(maxsize=16)
def _compiled(table_name: str, language: str) -> dict[str, re.Pattern]:
    table = _LEVEL_CUES if table_name == "level" else _AUDIENCE_CUES
    cues = table.get(language) or table["en"]
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in cues.items()}


def query_conditions(query: str, language: str, audience: str | None = None) -> Conditions:
    """The level and audience a question names; ``audience`` from the triage is added. "From
    <country>" is read as the articles say it, "from abroad" (``knowledge.origin``): someone whose
    degree is "from Iran" asks as someone from abroad, in every language."""
    text = " ".join(generic_origin(query, language).lower().split())
    levels = [name for name, pattern in _compiled("level", language).items() if pattern.search(text)]
    people = [name for name, pattern in _compiled("audience", language).items() if pattern.search(text)]
    if audience and audience not in people:
        people.append(audience)
    return Conditions(levels[0] if len(levels) == 1 else None, tuple(people))


def agreement(conditions: Conditions, topics: tuple[str, ...], audience: tuple[str, ...]) -> float:
    """-1..1: how well an article (its topics and audience) fits what the question combines."""
    if conditions.empty:
        return 0.0
    score = 0.0
    if conditions.level is not None:
        levels = {name for name, names in LEVEL_TOPICS.items() if names & set(topics)}
        if conditions.level in levels:
            score += 1.0
        elif levels:
            score -= 1.0
    for person in conditions.audience:
        fits = person in audience or (person == "immigrants" and bool(ABROAD_TOPICS & set(topics)))
        score += 0.5 if fits else -0.5
    return max(-1.0, min(1.0, score))
