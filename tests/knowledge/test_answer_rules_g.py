"""Answer rules from the dev5 questions (issue 11, seventh round):

- Spoken Arabic (Levantine, Gulf, Egyptian) asks with its own words: "قديش" (how much / how
  long), "وين" (where), "مين" (who), "شو بيصير" (what happens), "في مشكلة؟" (is that a
  problem?), "بقدر" / "فيني" (can I). Citizens write the way they speak; the kind of fact asked
  for is read from these as from the written forms (``answer_types.question_types``).
- A Ukrainian or Polish question with the verb "last" ("може тривати", "może trwać") asks for a
  duration even when "how much" and "at most" stand between ("скільки максимум може тривати").
"""
from __future__ import annotations

import pytest

from knowledge.answer_types import question_types

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
    ("بدي حط 12 برنامج بطلب samordna opptak، في مشكلة؟", "condition"),
    ("فيني اشتغل وأنا عم أدرس؟", "condition"),
])
def test_spoken_arabic_question_words_say_what_is_asked(question, expected):
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
