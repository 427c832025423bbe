"""A Norwegian word in a question asked in Ukrainian, Polish or Arabic ("Коли закінчується
søknadsfristen?") is evidence for the Norwegian article that uses it: it counts in that chunk's
relevance (and so in the answer's confidence) like the terms of a Norwegian question do, while
the ranking across languages still compares the hits without it."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit

NAMED = "Коли закінчується søknadsfristen?"  # uk, naming the Norwegian thing asked about


def test_a_named_norwegian_word_counts_for_the_norwegian_article(built_kb):
    hit = built_kb.retrieve(NAMED, "uk", k=3).hits[0]
    assert hit.article_id == "soknadsfrister" and hit.language == "nb" and hit.other_language
    # The article holds every Norwegian word named: relevance is half dense, half that coverage.
    assert hit.dense < 0.9
    assert hit.relevance == pytest.approx(0.5 * hit.dense + 0.5, abs=0.01)
    assert built_kb.answer(NAMED, language="uk").confidence >= hit.relevance - 0.01


def test_without_a_named_word_a_fallback_hit_has_its_dense_similarity_only(built_kb):
    for question, language in (("Kiedy mija termin składania wniosków?", "pl"), ("ما هو الموعد النهائي للتقديم؟", "ar")):
        hits = built_kb.retrieve(question, language, k=3).hits
        assert hits[0].language == "nb"
        assert all(h.relevance == pytest.approx(h.dense, abs=1e-3) for h in hits)


def test_a_named_word_does_not_lift_an_english_article(built_kb):
    hits = built_kb.retrieve("Ile pieniędzy daje Lånekassen?", "pl", k=3).hits
    english = [h for h in hits if h.language == "en"]
    norwegian = [h for h in hits if h.language == "nb"]
    assert english and norwegian
    assert all(h.relevance == pytest.approx(h.dense, abs=1e-3) for h in english)
    assert all(h.relevance > h.dense for h in norwegian)


def test_the_ranking_across_languages_compares_without_the_named_words(built_kb):
    index = built_kb.index
    signals = built_kb._signals(index, NAMED, "uk", None)
    hit = built_kb.retrieve(NAMED, "uk", k=1).hits[0]
    row = index.rows[hit.chunk_id]
    assert built_kb.relevance(signals, row) == pytest.approx(hit.relevance, abs=1e-3)
    assert built_kb.relevance(signals, row, named=False) == pytest.approx(hit.dense, abs=1e-3)


def test_named_words_do_not_reorder_the_hits_across_languages(built_kb):
    # Polish and Ukrainian words can coincide with Norwegian ones ("studia"): the lift is for the
    # confidence only. Here it would put a second bokmål chunk before the Ukrainian article.
    hits = built_kb.search("Хто визнає іноземну освіту для Samordna opptak?", "uk", k=3)
    assert [h.article_id for h in hits][:2] == ["soknadsfrister", "godkjenning-uk"]
    assert hits[1].relevance < hits[2].relevance  # ranked by the comparison without the lift
