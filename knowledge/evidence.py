"""What backs an answer beyond the vectors: the question's own words in the article it is taken
from, and how clearly that article stands out from the others in its language.

A question the portal has no article for ("how do I get a driving licence", "how long is parental
leave") still lands *somewhere*: e5 puts every question about life in Norway fairly close to every
article about it, most of all in Ukrainian, Polish and Arabic, where a language has only a few
articles and the light stemming rarely lets a word meet. Two checks tell such a landing from a
real answer (bench/answers.py counts questions of both kinds):

- ``article_coverage``: the share of the question's idf mass whose words occur anywhere in the
  article (every section, not just the quoted chunk). A word counts as found when the article
  has a word that starts the same way (five letters; four for a four-letter stem), so inflection
  the light stemmers leave ("водійськ" / "водій", "prawo" / "prawa") still meets. A question
  whose rarest words are nowhere in the article asks about something else.
- ``distinctiveness``: the article's best chunk cosine minus the median of every article's best
  chunk cosine in the same language. A question about the article stands out from the rest;
  a question about something else is about as close to every article.

``penalty`` turns both into what is taken off the answer's confidence.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

PREFIX = 5  # letters of a word that must agree for "the article has this word" (inflection aside)
SHORT_PREFIX = 4  # a four-letter stem meets a word that starts with it
COVERAGE_FLOOR = 0.4  # below this share of the question's idf mass in the article ...
COVERAGE_PENALTY = 0.5  # ... this much confidence per unit missing is taken off
DISTINCT_FLOOR = 0.03  # cosine above the median article; below it ...
DISTINCT_PENALTY = 5.0  # ... this much confidence per unit missing is taken off


class ArticleTerms:
    """Per article: its terms, and the prefixes its words start with (built once per index)."""

    def __init__(self, lexical, article_rows: dict[str, list[int]]):
        self._lexical = lexical
        self._article_rows = article_rows
        self._cache: dict[str, tuple[set[str], set[str], set[str]]] = {}

    def of(self, article_id: str) -> tuple[set[str], set[str], set[str]]:
        found = self._cache.get(article_id)
        if found is None:
            terms: set[str] = set()
            for row in self._article_rows.get(article_id, []):
                terms |= self._lexical.terms_of(row)
            found = (terms, {t[:PREFIX] for t in terms if len(t) >= PREFIX},
                     {t[:SHORT_PREFIX] for t in terms if len(t) >= SHORT_PREFIX})
            self._cache[article_id] = found
        return found


def has_word(term: str, terms: set[str], prefixes: set[str], short_prefixes: set[str]) -> bool:
    """Whether the article has the term, or a word that starts like it."""
    if term in terms:
        return True
    if len(term) >= PREFIX:
        return term[:PREFIX] in prefixes
    return len(term) == SHORT_PREFIX and term in short_prefixes


def article_coverage(lexical, query_terms: Sequence[str], article: tuple[set[str], set[str], set[str]]) -> float:
    """Share (0..1) of the query's idf mass whose words the article has (see ``has_word``)."""
    unique = list(dict.fromkeys(t for t in query_terms if t))
    if not unique:
        return 1.0
    weights = [lexical.idf(t) for t in unique]
    total = sum(weights)
    if not total:
        return 1.0
    found = sum(w for t, w in zip(unique, weights) if has_word(t, *article))
    return found / total


def distinctiveness(similarities: np.ndarray, article_index: np.ndarray, in_language: np.ndarray, article: int) -> float:
    """The article's best chunk cosine minus the median best-chunk cosine of the articles of the
    same language (``in_language`` masks the chunks of that language)."""
    rows = np.flatnonzero(in_language)
    if rows.size == 0:
        return 1.0
    best = np.full(int(article_index.max()) + 1, -np.inf, dtype=np.float32)
    np.maximum.at(best, article_index[rows], similarities[rows])
    present = best[np.isfinite(best)]
    if present.size < 3 or not np.isfinite(best[article]):
        return 1.0  # too few articles to tell what "about as close as any" is
    return float(best[article] - np.median(present))


def penalty(coverage: float | None, distinct: float | None) -> float:
    """What is taken off an answer's confidence (0 when the evidence is there; None: unknown)."""
    taken = 0.0
    if coverage is not None:
        taken += COVERAGE_PENALTY * max(0.0, COVERAGE_FLOOR - coverage)
    if distinct is not None:
        taken += DISTINCT_PENALTY * max(0.0, DISTINCT_FLOOR - distinct)
    return taken
