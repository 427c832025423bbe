"""What backs an answer beyond the vectors (knowledge/evidence.py), and two analysis rules that let
a question's words meet the article's: compounds on "-år" and American spelling in English."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from knowledge.analysis import Analyzer, CompoundSplitter, build_vocabulary
from knowledge.answer import compose_answer
from knowledge.evidence import ArticleTerms, article_coverage, distinctiveness, has_word, penalty
from knowledge.lexical import LexicalIndex
from tests.knowledge.test_results import hit, retrieval

pytestmark = pytest.mark.unit


# -- the question's words in the article -------------------------------------------------------
def article_terms(documents: list[list[str]], rows: dict[str, list[int]]) -> tuple[LexicalIndex, ArticleTerms]:
    lexical = LexicalIndex(documents)
    return lexical, ArticleTerms(lexical, rows)


def test_a_word_counts_as_found_when_the_article_has_a_word_that_starts_like_it():
    _, terms = article_terms([["водій", "права"], ["норвегі", "курс"]], {"a": [0, 1]})
    article = terms.of("a")
    assert has_word("норвегі", *article)  # the same term
    assert has_word("правами", *article)  # the same first five letters: inflection the stemmer left
    assert has_word("курс", *article)  # a four-letter stem
    assert not has_word("податков", *article)  # nothing like it: the question is about something else


def test_coverage_counts_every_section_of_the_article_and_weighs_rare_words():
    documents = [["deadline", "april"], ["grant", "loan"], ["deadline", "june"], ["weather"], ["bus"]]
    lexical, terms = article_terms(documents, {"deadlines": [0, 2], "loans": [1]})
    assert article_coverage(lexical, ["deadline", "june"], terms.of("deadlines")) == 1.0  # "june" is in a later section
    partly = article_coverage(lexical, ["deadline", "driving", "licence"], terms.of("deadlines"))
    assert 0.0 < partly < 0.4  # the rare words the question is about are not there
    assert article_coverage(lexical, [], terms.of("loans")) == 1.0  # no words to judge by: no doubt


def test_distinctiveness_is_how_far_the_article_stands_out_from_the_median_article():
    # six chunks: articles 0 (two chunks), 1, 2, 3 in one language, article 4 in another
    article_index = np.array([0, 0, 1, 2, 3, 4])
    in_language = np.array([True, True, True, True, True, False])
    peaked = np.array([0.80, 0.92, 0.81, 0.80, 0.79, 0.99], dtype=np.float32)
    flat = np.array([0.85, 0.84, 0.84, 0.85, 0.84, 0.99], dtype=np.float32)
    assert distinctiveness(peaked, article_index, in_language, 0) == pytest.approx(0.92 - 0.805, abs=1e-5)
    assert distinctiveness(flat, article_index, in_language, 0) < 0.01  # about as close to every article
    assert distinctiveness(flat, article_index, np.array([True, False, False, False, False, True]), 0) == 1.0  # too few to tell


def test_the_penalty_grows_with_missing_evidence_and_is_zero_with_it():
    assert penalty(1.0, 0.2) == 0.0 and penalty(None, None) == 0.0
    assert penalty(0.0, 0.2) > penalty(0.3, 0.2) > 0.0
    assert penalty(1.0, 0.0) > penalty(1.0, 0.02) > 0.0


def test_an_answer_without_evidence_is_not_confident_and_one_with_it_keeps_its_confidence():
    found = retrieval("How long is parental leave?", (
        hit("intro#1", "The introduction programme lasts up to two years. It is full time.", 0.75),
    ))
    backed = compose_answer(dataclasses.replace(found, article_coverage=0.9, distinctiveness=0.08),
                            threshold=0.5, max_sentences=3)
    unknown = compose_answer(found, threshold=0.5, max_sentences=3)
    doubtful = compose_answer(dataclasses.replace(found, article_coverage=0.1, distinctiveness=0.005),
                              threshold=0.5, max_sentences=3)
    assert backed.confident and backed.confidence == unknown.confidence
    assert not doubtful.confident and doubtful.text == backed.text  # the same sentences, without the confidence


def test_retrieve_measures_the_evidence_of_the_top_article(answer_kb):
    inside = answer_kb.retrieve("Hvor lenge varer introduksjonsprogrammet?", "nb")
    outside = answer_kb.retrieve("Hvordan fornyer jeg passet mitt?", "nb")
    assert inside.article_coverage is not None and inside.article_coverage > 0.8
    assert outside.article_coverage is not None and outside.article_coverage < inside.article_coverage
    assert inside.distinctiveness is not None and inside.distinctiveness > outside.distinctiveness


# -- analysis rules ----------------------------------------------------------------------------
def test_compounds_on_ar_split_after_a_long_known_first_part():
    splitter = CompoundSplitter(build_vocabulary([("folkehøgskole, skole, opptak, best og år", "nb")]))
    assert splitter.split("folkehøgskoleår") == ("folkehøgskole", "år")
    assert splitter.split("skoleår") == ("skole", "år")
    assert splitter.split("opptaksår") == ("opptak", "år")  # with a linking -s-
    assert splitter.split("består") == ()  # "best" is too short a first part: a verb, not a compound


def test_a_question_on_a_folkehogskolear_meets_the_folkehogskole_article():
    splitter = CompoundSplitter(build_vocabulary([("Et år på folkehøgskole varer fra august til mai.", "nb")]))
    terms = set(Analyzer("nb", splitter).terms("hvor lenge varer et folkehøgskoleår"))
    assert set(Analyzer("nb", splitter).terms("folkehøgskole")) <= terms


@pytest.mark.parametrize(("american", "british"), [
    ("introduction program", "introduction programme"),
    ("career center", "career centre"),
    ("driver's license", "driver's licence"),
    ("recognized", "recognised"),
    ("labor market", "labour market"),
])
def test_american_spelling_meets_the_british_spelling_of_the_articles(american, british):
    analyzer = Analyzer("en")
    assert analyzer.terms(american) == analyzer.terms(british)


def test_terms_are_kept_per_vocabulary_and_are_the_same_as_analysed_afresh():
    splitter = CompoundSplitter(build_vocabulary([("Søknaden har en frist.", "nb")]))
    text = "Søknadsfristen er 15. april."
    first = Analyzer("nb", splitter).terms(text)
    first.append("changed by the caller")
    again = Analyzer("nb", splitter).terms(text)  # another analyser over the same index vocabulary
    assert again == first[:-1] and text in splitter.terms_cache("nb")
    fresh = CompoundSplitter(build_vocabulary([("Søknaden har en frist.", "nb")]))
    assert fresh.terms_cache("nb") == {} and Analyzer("nb", fresh).terms(text) == again


def test_a_follow_up_is_judged_with_the_earlier_turn(answer_kb):
    alone = answer_kb.retrieve("Hvor lenge varer det?", "nb")
    followed = answer_kb.retrieve("Hvor lenge varer det?", "nb", context="Hva er introduksjonsprogrammet?")
    assert followed.hits[0].article_id == "introprogram"
    assert followed.article_coverage is not None and followed.article_coverage >= (alone.article_coverage or 0.0)
    assert followed.article_coverage > 0.8


def test_the_build_keeps_the_terms_of_every_sentence_and_heading(built_kb):
    index = built_kb.index
    chunk = next(c for c in index.chunks if c.language == "nb" and len(c.sentences) > 1 and c.heading)
    cache = index.compounds.terms_cache("nb")
    assert all(text in cache for text in (*chunk.sentences, chunk.heading))
    afresh = Analyzer("nb", CompoundSplitter(index.compounds.vocabulary))  # a new vocabulary object: nothing cached
    assert all(list(cache[text]) == afresh.terms(text) for text in chunk.sentences)
