"""The crisis safety net: keyword and pattern checks in every supported language, run on every
citizen message independently of the NLU, so that one missing never hides the other."""

import re

_PATTERNS = {
    "nb": [r"\b(ta|tar|tok) livet (mitt|av meg)", r"\bskade meg selv", r"\bvil (ikke|ikkje) leve", r"\bselvmord",
           r"\bdrepe meg", r"\borker ikke (mer|å leve)", r"\bkutte(r)? meg", r"\bvil dø\b", r"\bhenge meg"],
    "nn": [r"\bskade meg sjølv", r"\btek livet mitt", r"\bvil ikkje leve", r"\borkar ikkje (meir|å leve)",
           r"\bsjølvmord", r"\bdrepe meg", r"\bvil døy"],
    "en": [r"\bkill(ing)? myself", r"\bsuicid", r"\bend (it all|my life)", r"\bhurt(ing)? myself",
           r"\bharm(ing)? myself", r"\bself[- ]harm", r"\bwant to die", r"\bdon'?t want to (live|be alive)",
           r"\bcut(ting)? myself"],
    "uk": [r"покінчити з собою", r"самогубств", r"не хочу жити", r"хочу померти", r"вбити себе", r"завдати собі шкоди"],
    "pl": [r"zabić się", r"samobójst", r"nie chcę żyć", r"chcę umrzeć", r"skończyć ze sobą", r"zrobić sobie krzywdę",
           r"okaleczam się"],
    "ar": [r"انتحار", r"أنتحر", r"اقتل نفسي", r"أقتل نفسي", r"لا أريد أن أعيش", r"أريد أن أموت", r"أؤذي نفسي"],
}
_COMPILED = [re.compile(p, re.IGNORECASE) for patterns in _PATTERNS.values() for p in patterns]


def signals_crisis(text: str) -> bool:
    """True when the text matches any crisis pattern, whatever its language."""
    return any(p.search(text) for p in _COMPILED)
