"""Answer rules from the follow-up conversations (issue 11, eighth round):

- "Tel deltidsjobb med?" / "does part-time work count?" asks whether something counts; the
  sentence that says how it counts ("Deltidsarbeid tel forholdsmessig ...", "Part-time work
  counts proportionally") answers it, so "count" is a condition cue in a sentence as it is in a
  question (``answer_types``).
"""
from __future__ import annotations

import pytest

from knowledge.answer_types import match, question_types

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
