"""The crisis safety net: keyword and pattern checks in every supported language, run on every
citizen message independently of the NLU, so that one missing never hides the other.

Recall is what matters: direct words (suicide, self-harm) and the indirect ways people say it
(not wanting to wake up, everyone better off without me, no point in living, pills taken,
goodbye letters). The patterns are written so that ordinary career questions stay out ("I'm
dying to study medicine", "orker ikke mer matte", "end my contract"); bench/nlu.py measures
both on bench/data/crisis_messages.jsonl.
"""

import re

_PATTERNS = {
    "nb": [
        r"\bselvmord", r"\b(ta|tar|tok|tatt)( jeg)? (livet (mitt|av meg)|mitt eget liv)\b", r"\bskade meg selv",
        r"\bgjøre meg selv noe", r"\b(vil|ønsker) (ikke|ikkje) (å )?leve", r"\bvet (jeg )?ikke om jeg vil leve",
        r"\borker ikke (å leve|livet|mer av livet|mer\s*$|mer[.,!])", r"\bdrepe meg", r"\bkutte[r]? meg\b",
        r"\b(vil|lyst til å|ønsker å) (bare )?dø\b", r"\bhenge meg", r"\b(ikke|aldri) våkne",
        r"\bbedre uten meg", r"\bingen (vits|grunn|mening) (i|til|med) å leve", r"\bvits i å leve",
        r"\bingen utvei", r"\bgjøre det slutt\b", r"\bavslutte (alt|livet)", r"\bforsvinne for (alltid|godt)",
        r"\bavskjedsbrev", r"\b(tatt|tok|svelget) (en haug|masse|mange|alle)( med)? (piller|tabletter)",
        r"\bsamlet (på )?(piller|tabletter)", r"\bhoppe (fra|foran|ut fra) (en |ei )?(bro|brua|toget|taket)",
        r"\bbyrde for (alle|familien)", r"\bsmerten (skal|kan) ta slutt", r"\bvære her (lenger|mer)\b",
        r"\bom jeg ikke fantes", r"\bmed vilje\b.*\b(kjøre|hoppe)|\b(kjøre|hoppe)\b.*\bmed vilje",
        r"\bingen (kommer til å|vil) savne meg", r"\bvet (jeg )?ikke om jeg vil leve", r"\bmer av (dette )?livet",
        r"\b(best|bedre|enklere) (om jeg dør|å dø)", r"\bvil ikke være her\b", r"\blivet er meningsløst",
        r"\borker ikke å fortsette", r"\blyst til å skade meg", r"\bbro(a|en)?\b.*\bhoppe\b|\bhoppe\b.*\bbro(a|en)?\b",
    ],
    "nn": [
        r"\bsjølvmord", r"\b(ta|tek|tok|teke) livet mitt", r"\bskad(e|ar|a) meg sjølv", r"\bvil ikkje leve",
        r"\borkar ikkje (å leve|meir\s*$|meir[.,!])", r"\b(vil|lyst til å) (berre )?døy", r"\bikkje vak(ne|nar)",
        r"\bbetre utan meg", r"\bom eg ikkje (var her|fanst)", r"\bkuttar meg", r"\bgjere slutt på (alt|livet)",
        r"\bikkje vere her lenger", r"\bingen veg ut", r"\bbyrde for alle", r"\bvits i å leve",
        r"\b(teke|tatt) mange (tablettar|pillar)", r"\bvekk for godt",
    ],
    "en": [
        r"\bkill(ing)? myself", r"\bsuicid", r"\bend(ing)? (it all|my life)", r"\bhurt(ing)? myself",
        r"\bharm(ing)? myself", r"\bself[- ]?harm", r"\bwant(ed)? to die\b", r"\bwish i (was|were) dead",
        r"\bdon'?t want to (live|be alive|be here|exist)", r"\bcut(ting)? myself", r"\bbetter off without me",
        r"\b(no|any|the) (point|reason) (in|to) (living|live|going on)", r"\bcan'?t go on (like this|anymore|living)",
        r"\b(not|never) wake up", r"\btake my (own )?life", r"\bgoodbye (letters?|notes?)",
        r"\b(took|taken|swallowed) (all|a lot of|too many|loads of) (my )?(pills|tablets)", r"\boverdose",
        r"\bjump(ing)? (off|in front of) (a |the )?(bridge|train|building|roof)", r"\bburden to everyone",
        r"\bdisappear (forever|for good)", r"\bpain to stop for good", r"\bdone with life",
        r"\bnobody would miss me", r"\bif i (was|were) gone",
        r"\bpills\b.*\b(take|swallow) them",
    ],
    "uk": [
        r"покінчити (з собою|з життям)", r"накласти на себе руки", r"самогубств", r"суїцид",
        r"не хочу (більше )?жити", r"хочу померти", r"вбити себе", r"(завдати|заподіяти) собі шкоди",
        r"завдаю собі шкоди", r"ріжу себе", r"не прокинутися", r"краще без мене", r"краще б мене не було",
        r"сенсу жити", r"тягар для всіх", r"зникнути назавжди",
        r"хочу все закінчити", r"навіщо жити", r"собі шкоду", r"(прийняв|прийняла|випив|випила) багато таблеток",
    ],
    "pl": [
        r"zabić się", r"się zabić", r"wszystko skończyć", r"ciężarem dla", r"dla wszystkich tylko ciężarem", r"samobój", r"nie chcę (już |dłużej )?żyć", r"chcę umrzeć", r"skończyć ze sobą",
        r"odebrać sobie życie", r"(zrobić )?sobie krzywdę", r"okaleczam się", r"\btnę się", r"\bsię tnę", r"nie obudzić",
        r"lepiej beze mnie", r"gdyby mnie nie było", r"sensu żyć", r"mam dość życia", r"zniknąć na zawsze",
        r"(połknąłem|połknęłam|wziąłem|wzięłam) (dużo|wszystkie) tabletek",
    ],
    "ar": [
        r"انتحار", r"انتحاري", r"أنتحر", r"[أا]قتل نفسي", r"لا أريد أن أعيش", r"أريد أن أموت", r"[أا]ؤذي نفسي",
        r"أجرح نفسي", r"أنهي حياتي", r"إنهاء حياتي", r"معنى للحياة", r"أفضل بدوني", r"ولا أستيقظ",
        r"عبء على الجميع", r"الموت أفضل", r"ينتهي كل شيء", r"لقتل نفسي",
        r"لا أرى أي مخرج", r"تعبت من الحياة", r"بلعت .{0,20}(حبوب|أقراص)",
    ],
}
_COMPILED = [re.compile(p, re.IGNORECASE | re.MULTILINE) for patterns in _PATTERNS.values() for p in patterns]


def signals_crisis(text: str) -> bool:
    """True when the text matches any crisis pattern, whatever its language."""
    return any(p.search(text) for p in _COMPILED)


def matching_patterns(text: str) -> list[str]:
    """The patterns a text matches (for tests and the bench)."""
    return [p.pattern for p in _COMPILED if p.search(text)]
