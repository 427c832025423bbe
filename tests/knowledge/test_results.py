"""The search -> answer boundary: ``KnowledgeBase.retrieve`` hands over a frozen ``Retrieval``
and ``compose_answer`` builds the answer from it alone."""
from __future__ import annotations

import dataclasses

import pytest

from knowledge.answer import compose_answer
from knowledge.lexical import LexicalIndex
from knowledge.results import Answer, Hit, Retrieval, same_analysis

pytestmark = pytest.mark.unit


class WordAnalyzer:
    """Lowercased words as terms: enough to compose an answer without spaCy or an index."""

    def __init__(self, language: str):
        self.language = language

    def terms(self, text: str) -> list[str]:
        return [w.strip(".,?!").lower() for w in text.split() if w.strip(".,?!")]


def hit(chunk_id: str, text: str, relevance: float, language: str = "en", other_language: bool = False) -> Hit:
    article_id = chunk_id.split("#")[0]
    return Hit(chunk_id=chunk_id, article_id=article_id, title=article_id.title(), heading="", text=text,
               language=language, source_url=f"https://example.org/{article_id}", reviewed="2026-01-01",
               score=relevance, relevance=relevance, other_language=other_language, topics=("study",))


def retrieval(query: str, hits: tuple[Hit, ...], lead: Hit | None = None, language: str = "en") -> Retrieval:
    analyzers = tuple(WordAnalyzer(lang) for lang in dict.fromkeys([language, *(h.language for h in hits)]))
    documents = [analyzers[0].terms(h.text) for h in hits] + [["unrelated", "words"]] * 5
    return Retrieval(query=query, language=language, hits=hits, lead=lead,
                     query_terms=tuple(analyzers[0].terms(query)), analyzers=analyzers,
                     lexical=LexicalIndex(documents))


def test_an_answer_is_composed_from_the_retrieval_alone():
    found = retrieval("When is the application deadline?", (
        hit("deadlines#1", "Apply early. The application deadline is 15 April. Late applications are not read.", 0.8),
        hit("loans#0", "The loan can become a grant when you pass your exams.", 0.3),
    ))
    answer = compose_answer(found, threshold=0.5, max_sentences=3)
    assert isinstance(answer, Answer)
    assert answer.text.startswith("The application deadline is 15 April.")
    assert answer.article_ids == ("deadlines",)
    assert answer.sources[0].url == "https://example.org/deadlines" and answer.sources[0].topics == ("study",)
    assert answer.threshold == 0.5 and 0.0 < answer.confidence <= 1.0


def test_the_lead_of_the_best_article_competes():
    lead = hit("deadlines#0", "The application deadline for most studies is 15 April.", 0.8)
    found = retrieval("What is the application deadline?", (hit("deadlines#3", "Some studies have other rules.", 0.8),),
                      lead=lead)
    answer = compose_answer(found, threshold=0.5, max_sentences=3)
    assert answer.text.startswith("The application deadline for most studies is 15 April.")


def test_max_sentences_caps_the_answer():
    text = "Grants are paid monthly. Grants are paid by the fund. Grants are paid to students."
    found = retrieval("Are grants paid?", (hit("grants#0", text, 0.9),))
    one = compose_answer(found, threshold=0.5, max_sentences=1).text
    assert one in ("Grants are paid monthly.", "Grants are paid by the fund.", "Grants are paid to students.")


def test_nothing_found_gives_an_empty_answer():
    answer = compose_answer(Retrieval("   ", "nb"), threshold=0.4, max_sentences=3)
    assert answer == Answer("", (), 0.0, False, (), 0.4)
    assert not answer.confident


def test_terms_meet_only_within_one_analysis():
    found = retrieval("deadline", (hit("a#0", "deadline", 0.5, language="nn"), hit("b#0", "deadline", 0.5, language="en")),
                      language="nb")
    assert [found.terms_meet(h) for h in found.hits] == [True, False]
    assert same_analysis("nb", "nn") and not same_analysis("en", "nb")
    assert not Retrieval("?", "nb", hits=found.hits).terms_meet(found.hits[0])  # no query terms
    with pytest.raises(KeyError):
        found.analyzer("ar")


def test_retrieve_hands_the_answer_everything_from_one_search(built_kb):
    question = "Når må vitnemålet være lastet opp?"
    found = built_kb.retrieve(question, "nb", k=3)
    assert list(found.hits) == built_kb.search(question, "nb", k=3)
    assert found.lead == built_kb.lead_hit(found.hits[0])
    assert found.query_terms == tuple(built_kb.analyzer("nb").terms(question))
    assert found.lexical is built_kb.index.lexical
    assert {h.language for h in found.hits} | {"nb"} <= {a.language for a in found.analyzers}
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.hits = ()
    settings = built_kb.settings
    assert built_kb.answer(question, language="nb") == compose_answer(
        found, threshold=settings.answer_threshold, max_sentences=settings.answer_max_sentences)


def test_retrieve_with_an_empty_query_finds_nothing(built_kb):
    assert built_kb.retrieve("  ", "nb") == Retrieval("  ", "nb")
