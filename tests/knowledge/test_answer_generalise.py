"""Answers to questions nobody tuned on (issue 11, the second tuning set in
bench/data/answer_questions.jsonl): each rule here was found on a miss of that set and is
general, not about one question's words.

- Arabic writes "and" onto the article ("والطلاب"): the word still meets "الطلاب", and "ولا"
  (and not) is a negation like "لا".
- A short whole Arabic sentence ("وتخضع dagpenger للضريبة.") is a sentence, not a list fragment.
- "What do I do first / before X" asks for a step; the step before X is the sentence that says
  "before X"; "as soon as possible", "on the first day" mark a first step.
- "Який строк ..." (what period) asks for a duration; "how many weeks" for weeks, not months.
- "Who sets X" is answered by the agreement or law that sets it when no body does.
- A number the person states ("jeg er 16") picks the rule that names it.
- A Norwegian name that no article in the asked language holds ("Y-veien") is answered from the
  article in another language that does.
"""
from __future__ import annotations

import pytest

from knowledge.analysis import Analyzer
from knowledge.answer_types import holds, match, question_types

from tests.knowledge.conftest import corpus_kb

pytestmark = pytest.mark.unit


# -- Arabic clitics -------------------------------------------------------------------------------
def test_arabic_and_the_meets_the():
    analyzer = Analyzer("ar")
    assert analyzer.terms("والطلاب") == analyzer.terms("الطلاب")
    assert analyzer.terms("والمنطقة") == analyzer.terms("المنطقة")
    assert analyzer.terms("وطن") == analyzer.terms("وطن")  # a word that starts with و keeps it


def test_arabic_and_not_is_a_condition():
    assert holds("condition", "ولا يحصل التلاميذ والطلاب في العادة على dagpenger.", "ar")
    assert holds("condition", "أما مواطنو دول الاتحاد الأوروبي فليس لهم حق في هذا التعليم.", "ar")
    assert not holds("condition", "وتخضع dagpenger للضريبة.", "ar")


def test_a_short_arabic_sentence_is_a_whole_sentence():
    from knowledge.answer import _whole_sentence

    assert _whole_sentence("وتخضع dagpenger للضريبة.")
    assert not _whole_sentence("الضريبة")  # a fragment: one word, no full stop


# -- steps ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, language", [
    ("hva bør jeg gjøre før jeg sender en åpen søknad", "nb"),
    ("kva må eg gjere no", "nn"),
    ("i lost my job, what should i do", "en"),
    ("мене звільнили, що робити в першу чергу", "uk"),
    ("straciłem pracę, co mam zrobić?", "pl"),
    ("فقدت عملي، ماذا يجب أن أفعل؟", "ar"),
])
def test_what_should_i_do_asks_for_a_step(question, language):
    assert question_types(question, language)[0] == "step"


def test_before_x_the_step_that_comes_before_x_matches():
    question = "hva bør jeg gjøre før jeg sender en åpen søknad"
    assert match(("step",), "Ring kontaktpersonen før du sender søknaden.", "nb", question) == 1.0
    assert match(("step",), "Les stillingsannonsen før intervjuet.", "nb", question) == 0.0
    assert match(("step",), "Legg ved en oppdatert CV.", "nb", question) == 0.0


@pytest.mark.parametrize("sentence, language", [
    ("Зареєструйтеся на nav.no в перший день без роботи.", "uk"),
    ("Søk om dagpenger med en gang.", "nb"),
    ("Zarejestruj się na nav.no jak najszybciej.", "pl"),
    ("قدّم الطلب على nav.no فور فقدانك العمل.", "ar"),
])
def test_as_soon_as_possible_marks_a_first_step(sentence, language):
    assert holds("step", sentence, language)


# -- durations ------------------------------------------------------------------------------------
def test_what_period_asks_for_a_duration_in_ukrainian():
    assert question_types("який строк попередження при звільненні", "uk")[0] == "duration"


def test_how_many_weeks_prefers_weeks():
    question = "скільки тижнів триває навчання у folkehøgskole"
    in_weeks = match(("duration",), "A school year usually lasts about 33 weeks, from August to May.", "en", question)
    in_months = match(("duration",), "Et skoleår på folkehøgskole varer vanligvis fra august til mai.", "nb", question)
    assert in_weeks == 1.0 and 0 < in_months < in_weeks
    # a question that names no unit takes either
    assert match(("duration",), "Et skoleår varer fra august til mai.", "nb", "hvor lenge varer et år på folkehøgskole") == 1.0


# -- who decides ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, language", [
    ("Apprentice pay is usually set in the collective agreement (tariffavtale) for the trade.", "en"),
    ("Lønnen står i tariffavtalen for bransjen.", "nb"),
    ("Retten følger av opplæringsloven.", "nb"),
])
def test_an_agreement_or_a_law_answers_who_sets_it(sentence, language):
    assert holds("organisation", sentence, language)


# -- the composed answers ---------------------------------------------------------------------------
GENERALISE_ARTICLES = [
    (
        {"id": "folkehogskule", "title": "Folkehøgskole", "language": "nb", "topics": ["folkehogskole"]},
        """Folkehøgskole er et skoleår uten eksamen og karakterer, der du bor på skolen. Du velger en linje, for eksempel friluftsliv eller musikk.

## Hvem kan gå på folkehøgskole

Skolene tar imot elever fra hele landet. De fleste skolene tar opp elever fra 18 år, men noen tar opp elever fra 16 år. Det er ingen øvre aldersgrense.

## Økonomi

Elevene betaler selv for kost og losji. Du kan få lån og stipend fra Lånekassen.
""",
    ),
    (
        {"id": "y-veien", "title": "Y-veien og forkurs", "language": "nb", "topics": ["hoyere-utdanning"]},
        """Y-veien er en vei inn til ingeniørutdanning for deg som har et relevant fagbrev. Forkurs gjør deg kvalifisert hvis du mangler realfag.

## Y-veien

Y-veien krever ikke generell studiekompetanse. Y-veien tar vanligvis tre år.
""",
    ),
    (
        {"id": "generell-studiekompetanse", "title": "Generell studiekompetanse", "language": "nb",
         "topics": ["studiekompetanse"]},
        """Generell studiekompetanse er det vanlige kravet for å begynne på universitet og høyskole. Du får generell studiekompetanse når du har fullført og bestått videregående.

## Fagene

For å ha generell studiekompetanse må du ha bestått fellesfagene norsk, engelsk, matematikk og historie. Mange studier krever generell studiekompetanse og bestemte fag i tillegg.
""",
    ),
    (
        {"id": "studiekompetanse-ar", "title": "الكفاءة الدراسية العامة", "language": "ar",
         "translation_of": None, "topics": ["hoyere-utdanning"]},
        """الكفاءة الدراسية العامة (generell studiekompetanse) شرط أساسي للقبول في الجامعات والكليات في النرويج. تحصل عليها بعد إكمال المدرسة الثانوية.

## المواد المطلوبة

يجب أن تنجح في المواد العامة مثل النرويجية والإنجليزية والرياضيات. وتجد القواعد على موقع samordnaopptak.no.
""",
    ),
]


@pytest.fixture(scope="module")
def generalise_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("generalise"), GENERALISE_ARTICLES, e5)


def test_the_age_the_person_states_picks_the_rule_that_names_it(generalise_kb):
    answer = generalise_kb.answer("jeg er 16, kan jeg gå på folkehøgskole?", language="nb")
    assert answer.confident and answer.article_ids[0] == "folkehogskule"
    assert "16 år" in answer.text


def test_a_norwegian_name_no_arabic_article_holds_is_answered_from_the_article_that_does(generalise_kb):
    answer = generalise_kb.answer("هل أحتاج generell studiekompetanse للدراسة في Y-veien", language="ar")
    assert answer.article_ids[0] == "y-veien"
    assert "krever ikke generell studiekompetanse" in answer.text
    assert answer.other_language


# -- which chunk leads ----------------------------------------------------------------------------
def test_a_far_more_relevant_hit_leads_the_answer():
    """"Who approves my nursing degree from the Philippines?": the fused ranking put the credits
    article first (it shares "degree" and "approves"), the authorisation article that answers an
    editor's question for it was third with a far higher relevance."""
    from types import SimpleNamespace

    from knowledge.search import KnowledgeBase

    credits = SimpleNamespace(article_id="studiepoeng-en", relevance=0.56, other_language=False)
    recognition = SimpleNamespace(article_id="godkjenning-en", relevance=0.42, other_language=False)
    authorisation = SimpleNamespace(article_id="autorisasjon-helsepersonell-en", relevance=0.95, other_language=False)
    assert KnowledgeBase._most_relevant_first([credits, recognition, authorisation])[0] is authorisation
    close = SimpleNamespace(article_id="x", relevance=0.7, other_language=False)
    assert KnowledgeBase._most_relevant_first([credits, close]) == [credits, close]  # not far enough ahead
    other = SimpleNamespace(article_id="y", relevance=0.95, other_language=True)
    assert KnowledgeBase._most_relevant_first([credits, other]) == [credits, other]  # another language: search decided
