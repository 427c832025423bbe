"""Answer rules from the dev5 questions (issue 11, seventh round):

- Spoken Arabic (Levantine, Gulf, Egyptian) asks with its own words: "قديش" (how much / how
  long), "وين" (where), "مين" (who), "شو بيصير" (what happens), "في مشكلة؟" (is that a
  problem?), "بقدر" / "فيني" (can I). Citizens write the way they speak; the kind of fact asked
  for is read from these as from the written forms (``answer_types.question_types``).
- A Ukrainian or Polish question with the verb "last" ("може тривати", "może trwać") asks for a
  duration even when "how much" and "at most" stand between ("скільки максимум може тривати").
- A citizen of the EU/EEA ("z Polski", "jestem Polakiem", "Swedish citizen", "جنسية سويدية") gets
  the sentence that names the EU/EEA, where the rule for them is (``origin.from_eu_eea``; the
  sentence feature ``eu_eea`` in ``answer``): "czy muszę się gdzieś rejestrować?" from a Pole is
  answered with the registration after three months, not with registering at NAV.
"""
from __future__ import annotations

import pytest

from knowledge.answer_types import question_types

from tests.knowledge.conftest import corpus_kb
from tests.knowledge.test_answer_rules_e import RULES_ARTICLES

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("question, expected", [
    # "I want to take educational leave next year, how long before must I tell the boss?"
    ("بدي آخد utdanningspermisjon من شغلي السنة الجاية، قديش لازم أخبر المدير قبل؟", "duration"),
    ("قديش سنة بتاخد الدراسة؟", "duration"),
    ("قديش بتكلف الدورة؟", "amount"),
    ("وين بقدم على læreplass؟", "place"),
    ("مين بيقرر إذا شهادتي بتنحسب؟", "organisation"),
    ("إيمتى آخر موعد للتقديم؟", "date"),
    ("نسيت أقدّم على Lånekassen، شو بيصير بالدعم تبعي؟", "step"),
    ("في مشكلة إذا قدمت على برنامج واحد بس بطلب samordna opptak؟", "condition"),
    ("فيني اشتغل وأنا عم أدرس؟", "condition"),
])
def test_spoken_arabic_question_words_say_what_is_asked(question, expected):
    # (with a count of things, "12 برنامج ... في مشكلة؟" asks for the maximum: test_answer_rules_h)
    assert question_types(question, "ar")[0] == expected


def test_written_arabic_is_read_as_before():
    assert question_types("كم تكلفة الدورة؟", "ar") == ("amount",)
    assert question_types("أين أقدم الطلب؟", "ar") == ("place",)
    assert question_types("لماذا رُفض طلبي؟", "ar") == ("reason",)


@pytest.mark.parametrize("question, language", [
    ("скільки максимум може тривати introduksjonsprogram у комуні?", "uk"),
    ("а скільки це триває?", "uk"),
    ("ile maksymalnie może trwać urlop szkoleniowy?", "pl"),
    ("a ile to trwa?", "pl"),
])
def test_the_verb_last_asks_for_a_duration(question, language):
    assert "duration" in question_types(question, language)


def test_a_lasting_thing_is_no_duration_question():
    # "trwały" (permanent) is an adjective, not the verb
    assert "duration" not in question_types("czy to jest trwały kontrakt?", "pl")


# -- a citizen of the EU/EEA ------------------------------------------------------------------------
@pytest.mark.parametrize("text, language, expected", [
    ("Jestem z Polski i chcę przyjechać do pracy w Norwegii", "pl", True),
    ("jestem Polakiem i pracuję tu na budowie", "pl", True),
    ("pracowałem 5 lat w Polsce, a w Norwegii pół roku", "pl", True),
    ("أنا سوري بس معي جنسية سويدية", "ar", True),  # a Syrian with Swedish citizenship
    ("I'm a Swedish citizen moving to Bergen", "en", True),
    ("jeg er fra Litauen", "nb", True),
    ("jeg er fra Syria", "nb", False),
    ("я з України", "uk", False),
    ("I studied in Norway", "en", False),
])
def test_who_is_a_citizen_of_the_eu_eea(text, language, expected):
    from knowledge.origin import from_eu_eea

    assert from_eu_eea(text, language) is expected


EU_ARTICLES = [
    (
        {"id": "praca-w-norwegii-pl", "title": "Praca w Norwegii dla imigrantów", "language": "pl",
         "topics": ["innvandrere", "arbeid"], "audience": ["immigrants"]},
        """Aby pracować w Norwegii, musisz mieć prawo do pracy w tym kraju i kartę podatkową (skattekort). Obywatele innych krajów potrzebują zezwolenia na pobyt (oppholdstillatelse), które daje prawo do pracy.

## Rejestracja

Każdy, kto przebywa w Norwegii legalnie, może zarejestrować się w NAV jako osoba poszukująca pracy i dostać pomoc w szukaniu pracy. Obywatele UE/EOG mogą pracować w Norwegii bez zezwolenia na pracę, ale muszą zarejestrować się na policji, jeśli zostają dłużej niż trzy miesiące.
""",
    ),
]


@pytest.fixture(scope="module")
def eu_kb(tmp_path_factory, e5):
    return corpus_kb(tmp_path_factory.mktemp("rules-g-eu"), EU_ARTICLES + RULES_ARTICLES, e5)


def test_a_citizen_of_the_eu_eea_gets_the_rule_for_them(eu_kb):
    # "I'm from Poland and want to come to work in Norway, do I have to register anywhere?"
    answer = eu_kb.answer("Jestem z Polski i chcę przyjechać do pracy w Norwegii, czy muszę się gdzieś rejestrować?",
                          language="pl")
    assert answer.confident
    assert answer.text.startswith("Obywatele UE/EOG"), answer.text  # the rule for them leads
    # From outside the EU/EEA, that sentence does not lead.
    other = eu_kb.answer("Jestem z Syrii i chcę pracować w Norwegii, czy muszę się gdzieś rejestrować?", language="pl")
    assert not other.text.startswith("Obywatele UE/EOG"), other.text


# -- the level a person has is their background, not what they ask about ---------------------------
@pytest.mark.parametrize("question, language, level", [
    ("Jeg har videregående fra Syria. Når er søknadsfristen for å søke høyskole?", "nb", "higher"),
    ("eg har vidaregåande frå Irak, når er fristen for å søkje høgskule?", "nn", "higher"),
    ("I have upper secondary from Eritrea. When is the deadline to apply for university?", "en", "higher"),
    ("Når er søknadsfristen for videregående?", "nb", "upper_secondary"),
    ("when is the deadline for upper secondary school?", "en", "upper_secondary"),
])
def test_the_level_a_person_has_is_not_the_level_asked_about(question, language, level):
    from knowledge.conditions import query_conditions

    assert query_conditions(question, language).level == level


# -- an age range is no maximum --------------------------------------------------------------------
def test_an_age_range_does_not_answer_how_long_at_most():
    from knowledge.answer_types import match

    question = "скільки максимум може тривати introduksjonsprogram у комуні?"  # how long at most
    kinds = question_types(question, "uk")
    ages = "Право мають біженці віком від 18 до 55 років, яких поселили в комуні."
    duration = "Програма може тривати від трьох місяців до чотирьох років."
    assert match(kinds, duration, "uk", question) > match(kinds, ages, "uk", question)
    assert match(kinds, duration, "uk", question) == 1.0  # "до чотирьох років" is a maximum in words
