"""An answer leads with the general case, not an exception to it (knowledge/answer.py,
``GENERAL_CASE`` and ``EXCEPTION_OPENER``): "Når er søknadsfristen?" got the earlier deadline for
some applicants first ("Søker du om fortrinnsrett ..., er søknadsfristen 1. februar"), which reads
as the deadline. A question that names the condition still gets the exception."""
from __future__ import annotations

import pytest

from tests.knowledge.conftest import corpus_kb

pytestmark = pytest.mark.unit

ARTICLES = [
    (
        {"id": "frister-vgs", "title": "Søknadsfrister til videregående skole", "language": "nb",
         "topics": ["videregaende"]},
        """Søker du om fortrinnsrett eller individuell behandling, er søknadsfristen til videregående 1. februar. Den ordinære søknadsfristen til videregående skole er 1. mars.

## Læreplass

Søknadsfristen for læreplass er også 1. mars.
""",
    ),
    (
        {"id": "frister-uni", "title": "Søknadsfrister til universitet", "language": "en",
         "topics": ["hoyere-utdanning"]},
        """Some study programmes with entrance tests have an application deadline of 1 March. Most applicants to universities and university colleges have an application deadline of 15 April.

## Late applications

Vacant places are advertised in July.
""",
    ),
]


@pytest.fixture(scope="module")
def deadlines_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("general-case"), ARTICLES, e5)


@pytest.mark.parametrize("question, language, lead", [
    ("Når er søknadsfristen til videregående?", "nb", "Den ordinære søknadsfristen"),
    ("When is the application deadline for university?", "en", "Most applicants"),
])
def test_the_general_case_leads(deadlines_kb, question, language, lead):
    answer = deadlines_kb.answer(question, language=language)
    assert answer.confident
    assert answer.text.startswith(lead), answer.text


def test_a_question_that_names_the_condition_gets_the_exception_first(deadlines_kb):
    answer = deadlines_kb.answer("Når er søknadsfristen hvis jeg søker om fortrinnsrett til videregående?", language="nb")
    assert answer.confident
    assert answer.text.startswith("Søker du om fortrinnsrett"), answer.text


@pytest.mark.parametrize("sentence, leans", [
    ("Det er gratis.", True),
    ("Dette gjelder også for voksne.", True),
    ("Den kan ta flere måneder.", True),
    ("This takes about three years.", True),
    # Norwegian double definiteness opens a sentence of its own
    ("Den ordinære søknadsfristen til videregående skole er 1. mars.", False),
    ("Det høyeste antallet karakterpoeng du kan få, er 60.", False),
    ("De fleste folkehøgskoler har en nedre aldersgrense på 18 år.", False),
    ("Den nye ordninga gjeld frå hausten.", False),
])
def test_a_sentence_that_leans_on_the_one_before(sentence, leans):
    from knowledge.answer import refers_back

    assert refers_back(sentence) is leans
