"""Words the analysis used to lose: hyphenated compounds, quotes and slashes inside a token, and
"sett" (a set in a match) that spaCy's news stop list drops."""
from __future__ import annotations

import pytest

from knowledge.analysis import Analyzer, CompoundSplitter, build_vocabulary
from knowledge.lexical import LexicalIndex

pytestmark = pytest.mark.unit

DOCS = [
    ("Metoo-bevegelsen viste hvor stort problemet er.", "nb"),
    ("Bevegelse og trening er bra for helsen.", "nb"),
    ("Du finner NAV-kontoret i kommunen din.", "nb"),
    ("Kontoret har åpent hver dag.", "nb"),
]


def _splitter() -> CompoundSplitter:
    return CompoundSplitter(build_vocabulary(DOCS))


def test_a_hyphenated_compound_gets_the_lemma_of_its_head_and_its_pieces_as_parts():
    analyzer = Analyzer("nb", _splitter())
    terms, parts = analyzer.analyse("NAV-kontoret")
    assert terms == analyzer.analyse("NAV-kontor")[0]  # every form of it is one term
    assert "nav" in parts and analyzer.analyse("kontor")[0][0] in parts
    terms, parts = analyzer.analyse("Metoo-bevegelsen")
    assert analyzer.analyse("bevegelsen")[0][0] in parts


def test_a_word_of_a_hyphenated_compound_finds_it():
    splitter = _splitter()
    analyzer = Analyzer("nb", splitter)
    analysed = [analyzer.analyse(text) for text, _ in DOCS]
    index = LexicalIndex([t for t, _ in analysed], [p for _, p in analysed])
    scores = index.scores(*analyzer.analyse("Hva viste bevegelsen?"))
    assert scores.argmax() == 0  # "viser" and "bevegelse" both meet the first document
    assert index.scores(*analyzer.analyse("kontoret til NAV"))[2] > 0


def test_quotes_and_slashes_inside_a_token_separate_words():
    analyzer = Analyzer("nb", _splitter())
    terms, _ = analyzer.analyse('Hva viste "me too"-bevegelsen?')
    assert not any('"' in t for t in terms)
    assert analyzer.analyse("bevegelsen")[0][0] in terms
    assert Analyzer("nb").terms("Vg1/Vg2") == ["vg1", "vg2"]
    assert Analyzer("nb").terms("«Ny Giv»-prosjektet") == ["ny", "giv", "prosjekt"]


def test_a_set_in_a_match_is_a_content_word():
    analyzer = Analyzer("nb")
    assert sorted(analyzer.terms("Hvordan endte andre sett i kampen?")) == ["end", "kamp", "sett"]
    assert "sett" in analyzer.terms("Settet endte 21-17.")
