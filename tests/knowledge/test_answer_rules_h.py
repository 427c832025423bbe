"""Answer rules from the follow-up conversations (issue 11, eighth round):

- "Tel deltidsjobb med?" / "does part-time work count?" asks whether something counts; the
  sentence that says how it counts ("Deltidsarbeid tel forholdsmessig ...", "Part-time work
  counts proportionally") answers it, so "count" is a condition cue in a sentence as it is in a
  question (``answer_types``).
- "Kan jeg søke på 12 studier?", "بدي حط 12 برنامج ... في مشكلة؟": a count of things the person
  wants, asked as "can I / is that a problem", is answered by the most that is allowed ("inntil ti
  studieønsker"), not by the first rule of the article (``answer_types.question_types``).
- "Hva betyr REALFA?": the sentence that names REALFA and what it stands for is the answer. A
  sentence naming what the question names is usually a restatement (the ``entity`` feature), but
  not when the question asks what that thing means (``answer.ASKS_MEANING``).
"""
from __future__ import annotations

import pytest

from knowledge.answer_types import match, question_types

from tests.knowledge.conftest import corpus_kb
from tests.knowledge.test_answer_rules_e import RULES_ARTICLES

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("language, question, sentence", [
    ("nn", "tel deltidsjobb med 23/5-regelen?",
     "Deltidsarbeid tel forholdsmessig etter 23/5-regelen, slik at to år i halv stilling tel som eitt år."),
    ("nb", "teller deltidsjobb for 23/5-regelen?",
     "Deltidsarbeid teller forholdsmessig, slik at to år i halv stilling teller som ett år."),
    ("en", "does part-time work count for the 23/5 rule?",
     "Part-time work counts proportionally, so two years at half time count as one year."),
    ("pl", "czy praca na pół etatu liczy się do zasady 23/5?",
     "Praca w niepełnym wymiarze liczy się proporcjonalnie."),
])
def test_a_sentence_that_says_how_something_counts_answers_whether_it_counts(language, question, sentence):
    assert question_types(question, language) == ("condition",)
    assert match(("condition",), sentence, language, question) == 1.0


@pytest.mark.parametrize("language, question", [
    ("nb", "kan jeg søke på 12 studier i samordna opptak?"),
    ("en", "can I put 12 programmes in my application?"),
    ("uk", "чи можна вказати 12 програм у заяві?"),
    ("ar", "بدي حط 12 برنامج مختلف بطلب samordna opptak عشان زيد فرصي، في مشكلة؟"),
])
def test_a_count_of_things_asked_about_asks_for_the_most_allowed(language, question):
    assert question_types(question, language) == ("maximum", "condition")


@pytest.mark.parametrize("language, question", [
    ("nb", "jeg er 25 år, kan jeg søke?"),  # an age
    ("en", "im 25 and my school diploma from abroad is not enough for university, what can i do"),
    ("nn", "har jobba 50 % i butikk i seks år, tel det?"),  # a share
    ("nb", "kan jeg få 3 uker fri?"),  # a duration
    ("ar", "ابني قبل مكان Vg3 بالمدرسة، هل لسا بيقدر يدوّر على læreplass بشركة؟"),  # a level's name
])
def test_ages_shares_durations_and_level_names_are_no_count_of_things(language, question):
    assert "maximum" not in question_types(question, language)


SAMORDNA = [(
    {"id": "samordna-opptak-slik-soker-du", "title": "Slik søker du gjennom Samordna opptak", "language": "nb",
     "topics": ["hoyere-utdanning"]},
    """Du søker de fleste bachelorstudier gjennom Samordna opptak. Hvis du vil søke både universitet eller høyskole og fagskole gjennom Samordna opptak, må du registrere to separate søknader.

## Studieønsker

I Samordna opptak kan du føre opp inntil ti studieønsker. Rekkefølgen på studieønskene er viktig, fordi du får tilbud på det høyeste ønsket du kommer inn på.
""",
)]


@pytest.fixture(scope="module")
def samordna_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("rules-h-samordna"), SAMORDNA, e5)


def test_whether_twelve_study_choices_are_allowed_is_answered_with_the_maximum(samordna_kb):
    answer = samordna_kb.answer("kan jeg søke på 12 studier i samordna opptak?", language="nb")
    assert answer.text.startswith("I Samordna opptak kan du føre opp inntil ti studieønsker.")


REQUIREMENTS = [(
    {"id": "spesiell-studiekompetanse", "title": "Spesiell studiekompetanse", "language": "nb",
     "topics": ["hoyere-utdanning"]},
    """Spesiell studiekompetanse betyr at et studium krever bestemte fag eller karakterer i tillegg til generell studiekompetanse.

## Opptakskrav

Mange ingeniørstudier krever matematikk R1 og R2 og fysikk 1. De spesielle opptakskravene har egne kravkoder, for eksempel REALFA, som står for realfagskrav. Opptakskravene kan endre seg fra år til år, så du bør alltid sjekke kravene for det året du søker.
""",
)]


@pytest.fixture(scope="module")
def requirements_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("rules-h-meaning"), REQUIREMENTS, e5)


@pytest.mark.parametrize("language, question", [
    ("nb", "hva betyr REALFA?"),
    ("nb", "hva står REALFA for under opptakskravene?"),
    ("en", "what does REALFA mean?"),
])
def test_what_a_named_thing_means_is_answered_by_the_sentence_that_names_it(requirements_kb, language, question):
    answer = requirements_kb.answer(question, language=language)
    assert answer.text.startswith("De spesielle opptakskravene har egne kravkoder, for eksempel REALFA")


@pytest.mark.parametrize("sentence", [
    "NOKUT fører tilsyn med kvaliteten i fagskuleutdanninga.",
    "Studentsamskipnaden tilbyr samtaler med psykolog.",
])
def test_bodies_named_by_acronym_or_office_are_organisations(sentence):
    # "kven kontrollerer at fagskulane held god nok kvalitet?" is answered by the sentence naming NOKUT
    assert match(("organisation",), sentence, "nn") == 1.0


@pytest.mark.parametrize("language, question", [
    ("nb", "vil ta permisjon fra jobben for å studere fra august. hvor tidlig bør jeg si fra til sjefen?"),
    ("nn", "kor tidleg bør eg seie frå til sjefen?"),
    ("en", "how early do I have to tell my boss about study leave?"),
    ("uk", "як рано треба повідомити роботодавця про освітню відпустку?"),
    ("pl", "jak wcześnie muszę powiedzieć szefowi o urlopie szkoleniowym?"),
])
def test_how_early_asks_for_a_duration_not_a_place(language, question):
    # "hvor tidlig" is no "hvor" (where): the answer is "more than six months before"
    assert question_types(question, language)[0] == "duration"


CV = [(
    {"id": "skrive-cv", "title": "Slik skriver du en CV", "language": "nb", "topics": ["arbeid"]},
    """En CV er en kort oversikt over utdanningen, arbeidserfaringen og ferdighetene dine. Skriv CV-en på norsk når du søker jobb i Norge, og skriv hvilken norsk grad utdanningen din svarer til.

## Verktøy

På arbeidsplassen.no kan du lage og lagre CV-en din på nett. Karrieresentrene hjelper deg gratis med CV-en.
""",
)]


@pytest.fixture(scope="module")
def cv_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("rules-h-focus"), CV + RULES_ARTICLES, e5)


def test_a_follow_up_after_a_statement_is_answered_by_its_own_words(cv_kb):
    # "where can I make it online?" after "I want to write my CV in Norwegian": the search uses
    # both, the sentence is chosen by the question (``focus``), not by the statement's words
    question = "hvor kan jeg lage den? jeg vil skrive CV-en min på norsk"
    whole = cv_kb.answer(question, language="nb")
    focused = cv_kb.answer(question, language="nb", focus="hvor kan jeg lage den?")
    assert whole.article_ids[0] == focused.article_ids[0] == "skrive-cv"
    assert not whole.text.startswith("På arbeidsplassen.no")  # the statement's words pick "Skriv CV-en på norsk"
    assert focused.text.startswith("På arbeidsplassen.no kan du lage og lagre CV-en din på nett.")
