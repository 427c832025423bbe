"""Northern Sami (``se``) in a citizen's message. lingua has no Sami, so a small model of our own:
character 1-4-grams of Sami against a background of the Latin-script languages Veivalg serves
(log-likelihood ratio per n-gram), and a list of frequent Sami words that never occur in the
background. The profile is built by ``scripts/build_sami_profile.py`` from GiellaLT's lang-sme
(GPL-3.0); see ``assistant/data/language/README.md``. Loaded on first use, not at import.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROFILE = Path(__file__).parent / "data" / "language" / "se_profile.json"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Letters of the Northern Sami alphabet that Norwegian, English and Polish do not use.
SAMI_LETTERS = re.compile(r"[čđŋšŧžČĐŊŠŦŽ]")
# Greetings too short and too spoken for the written corpus (REVIEW: needs a Sami speaker).
GREETINGS = frozenset({"bures", "buorre", "beaivi", "giitu", "ipmel", "atti", "dearvva", "dearvvuođat"})


@dataclass(frozen=True)
class SamiScore:
    ratio: float  # mean log-likelihood ratio per n-gram, Sami against the background
    words: int  # words that are frequent Sami and never in the background
    letters: int  # letters only Sami uses (č, đ, ŋ, š, ŧ, ž)
    length: int  # words in the text
    share: float  # share of the words that look more Sami than background on their own

    @property
    def sami(self) -> bool:
        if self.length == 0:
            return False
        if self.words and self.words * 2 >= self.length and (self.letters or self.ratio > 0.5):
            return True  # "Bures!", "Giitu ollu"
        if self.length == 1:
            return False  # one word, a place or a name ("Kárášjohka", "Guovdageaidnu"), not a message
        if self.share <= 0.5:
            return False  # a Sami place name in a Norwegian sentence ("Eg bur i Guovdageaidnu")
        if self.length <= 3:
            # "ja", "ok", "Diet lei": too short for the n-grams alone; a Sami letter or word must agree
            return self.ratio > 1.2 and (self.letters > 0 or self.words > 0)
        return self.ratio > 0.8 and (self.letters > 0 or self.words > 0 or self.ratio > 1.5)

    @property
    def confidence(self) -> float:
        return round(min(0.99, 0.5 + self.ratio / 4 + 0.1 * min(self.words, 3)), 2)


@dataclass(frozen=True)
class _Model:
    orders: tuple[int, ...]
    se: dict[int, tuple[dict[str, int], int]]
    background: dict[int, tuple[dict[str, int], int]]
    words: frozenset[str]


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = json.loads(PROFILE.read_text(encoding="utf-8"))

    def tables(side: dict) -> dict[int, tuple[dict[str, int], int]]:
        return {int(n): (table["counts"], table["total"]) for n, table in side.items()}

    return _Model(tuple(data["orders"]), tables(data["se"]), tables(data["background"]),
                  frozenset(data["words"]) | GREETINGS)


def warm_up() -> None:
    _model()


def _logp(table: tuple[dict[str, int], int], gram: str) -> float:
    counts, total = table
    return math.log((counts.get(gram, 0) + 0.5) / (total + 1.0))


def score(text: str) -> SamiScore:
    model = _model()
    words = [w.lower() for w in _WORD.findall(text)]
    ratio, grams, sami_like = 0.0, 0, 0
    for word in words:
        padded = f" {word} "
        own, own_grams = 0.0, 0
        for n in model.orders:
            for i in range(len(padded) - n + 1):
                gram = padded[i:i + n]
                own += _logp(model.se[n], gram) - _logp(model.background[n], gram)
                own_grams += 1
        ratio, grams = ratio + own, grams + own_grams
        sami_like += own > 0 or word in model.words
    return SamiScore(ratio=ratio / grams if grams else 0.0, words=sum(w in model.words for w in words),
                     letters=len(SAMI_LETTERS.findall(text)), length=len(words),
                     share=sami_like / len(words) if words else 0.0)
