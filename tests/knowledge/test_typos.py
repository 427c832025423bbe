"""A word typed one letter wrong is searched as the articles spell it ("permitert" → "permittert",
"dagpnger" → "dagpenger"): the lexical half of the search no longer misses the article."""
from __future__ import annotations

import pytest

from knowledge.lexical import LexicalIndex

pytestmark = pytest.mark.unit

VOCABULARY = LexicalIndex([["permitter", "arbeidsgiver", "varsel"], ["dagpeng", "søknad"], ["dagpeng", "meldekort"],
                           ["utdanningspermisjon", "arbeidsgiver"]])


@pytest.mark.parametrize("typed, meant", [
    ("permiter", "permitter"),  # a letter missing
    ("dagpng", "dagpeng"),  # a letter missing in a short stem
    ("meldekkort", "meldekort"),  # a letter too many
    ("søknat", "søknad"),  # a letter replaced
    ("utdaningspermisjon", "utdanningspermisjon"),
])
def test_a_word_one_letter_off_is_read_as_the_word_the_articles_use(typed, meant):
    assert VOCABULARY.corrected([typed, "varsel"]) == [meant, "varsel"]


@pytest.mark.parametrize("term", [
    "varsel",  # known: never changed
    "fisk",  # short: too likely another real word
    "traktor",  # unknown and nothing near it
    "2024",  # not a word
])
def test_known_short_and_far_words_stay_as_they_are(term):
    assert VOCABULARY.corrected([term]) == [term]


def test_the_commonest_near_word_wins():
    index = LexicalIndex([["lærling"], ["lærling"], ["lærlinger"]])
    assert index.corrected(["lærlin"]) == ["lærling"]


@pytest.mark.parametrize("language, question, article", [
    ("nb", "hvor lang tid i forveien må sjefen varsle premittering", "oppsagt-eller-permittert"),
    ("nb", "hvor gammel må man være for å gå på folkehøgskoole", "folkehogskole"),
    ("en", "when is the deadline to apply for universty in norway", "samordna-opptak-soknadsfrister-en"),
    ("nn", "kor lang tid tek ein bachelro", "bachelor-master-phd-nn"),
])
def test_a_question_with_a_typo_finds_the_article(portal_kb, language, question, article):
    # each went to another article with the typo as typed ("premittering" to utdanningspermisjon)
    answer = portal_kb.answer(question, language=language)
    assert answer.confident and answer.article_ids[0] == article
