from __future__ import annotations

import dataclasses

import pytest

from knowledge.answer import Answer
from knowledge.chunking import split_sentences

pytestmark = pytest.mark.unit


def test_matching_question_gets_a_confident_cited_answer(built_kb):
    answer = built_kb.answer("Når er søknadsfristen i Samordna opptak?", language="nb")
    assert isinstance(answer, Answer)
    assert "15. april" in answer.text
    assert answer.confident and answer.confidence >= 0.7
    assert answer.article_ids[0] == "soknadsfrister"
    source = answer.sources[0]
    assert (source.title, source.url, source.reviewed, source.language) == (
        "Søknadsfrister i Samordna opptak", "https://www.samordnaopptak.no/", "2026-10-15", "nb")
    assert not answer.other_language
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.text = "x"


def test_answer_is_sentences_not_the_whole_article(built_kb):
    answer = built_kb.answer("Når må vitnemålet være lastet opp?", language="nb")
    assert "1. juli" in answer.text
    assert "15. april" not in answer.text  # the deadline sentence answers another question
    assert 1 <= len(split_sentences(answer.text)) <= 3


@pytest.mark.parametrize(
    "question, language",
    [
        ("Hvem vant fotballkampen i går?", "nb"),
        ("Hvordan blir været i morgen?", "nb"),
        ("Who won the football match last night?", "en"),
        ("What is the weather forecast for tomorrow?", "en"),
    ],
)
def test_unrelated_questions_get_low_confidence(built_kb, question, language):
    answer = built_kb.answer(question, language=language)
    assert answer.confidence < built_kb.settings.answer_threshold
    assert not answer.confident


def test_confidence_orders_matching_above_unrelated(built_kb):
    good = built_kb.answer("Hvor mye av lånet kan bli gjort om til stipend?", language="nb")
    bad = built_kb.answer("Hvor mye koster en pizza?", language="nb")
    assert "40 prosent" in good.text
    assert good.confidence - bad.confidence > 0.3


def test_topic_hint_answers_a_follow_up(built_kb):
    answer = built_kb.answer("og hva med fristen?", language="nb", topic_hint="Hvordan søker jeg Samordna opptak?")
    assert answer.article_ids[0] == "soknadsfrister"
    assert "15. april" in answer.text
    assert answer.confident


def test_fallback_answer_is_flagged(built_kb):
    answer = built_kb.answer("Як отримати кредит від Lånekassen для навчання?", language="uk")
    assert answer.other_language
    assert answer.sources[0].language in {"nb", "en"}


def test_threshold_comes_from_settings(built_kb):
    answer = built_kb.answer("Når er søknadsfristen?", language="nb")
    assert answer.threshold == built_kb.settings.answer_threshold
    assert Answer("tekst", (), 0.49, False, (), threshold=0.5).confident is False
    assert Answer("tekst", (), 0.5, False, (), threshold=0.5).confident is True
    assert Answer("", (), 0.9, False, (), threshold=0.5).confident is False


def test_empty_question_gives_an_empty_answer(built_kb):
    answer = built_kb.answer("   ", language="nb")
    assert answer.text == "" and answer.confidence == 0.0 and answer.sources == ()
