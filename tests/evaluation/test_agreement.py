"""Agreement between evaluators (evaluation.agreement): share agreeing per conversation, percent
agreement and Fleiss' kappa per question."""

from collections import Counter

import pytest

from evaluation.agreement import conversation_agreement, fleiss, sample_agreement

pytestmark = pytest.mark.unit

# Fleiss' worked example (10 subjects, 14 raters, 5 categories): P-bar 0.378, P_e 0.213, kappa 0.210
# (Fleiss 1971; https://www.liquisearch.com/fleiss_kappa, "Worked Example").
FLEISS_EXAMPLE = [
    (0, 0, 0, 0, 14), (0, 2, 6, 4, 2), (0, 0, 3, 5, 6), (0, 3, 9, 2, 0), (2, 2, 8, 1, 1),
    (7, 7, 0, 0, 0), (3, 2, 6, 3, 0), (2, 5, 3, 2, 2), (6, 5, 2, 1, 0), (0, 2, 2, 3, 7),
]


def test_fleiss_kappa_on_the_worked_example():
    items = [Counter({category: n for category, n in enumerate(row) if n}) for row in FLEISS_EXAMPLE]
    percent, kappa = fleiss(items)
    assert percent == pytest.approx(0.378, abs=0.001)
    assert kappa == pytest.approx(0.210, abs=0.001)


def test_kappa_is_undefined_without_two_rated_conversations_or_with_a_single_answer():
    assert fleiss([Counter({"yes": 2})]) == (1.0, None)
    assert fleiss([Counter({"yes": 2}), Counter({"yes": 3})]) == (1.0, None)  # P_e = 1
    assert fleiss([Counter({"yes": 1})]) == (None, None)  # one evaluator: nothing to compare


def test_per_conversation_and_per_sample():
    a = {"eva": {"need_recognised": "yes", "tone": "good"}, "ola": {"need_recognised": "yes", "tone": "poor"},
         "per": {"need_recognised": "no", "tone": "good"}}
    b = {"eva": {"need_recognised": "no"}, "ola": {"need_recognised": "no", "tone": "good"}}
    one = conversation_agreement(a.values())
    assert one["need_recognised"] == {"answers": {"no": 1, "yes": 2}, "share_agreeing": 0.667}
    assert one["answer_correct"] == {"answers": {}, "share_agreeing": None}
    result = sample_agreement({"a": a, "b": b, "c": {}})
    need = result["questions"]["need_recognised"]
    # a: pairs agreeing 1 of 3; b: 1 of 1 -> P-bar 2/3; answers yes 2, no 3 -> P_e 0.52
    assert need["conversations"] == 2 and need["answers"] == 5
    assert need["percent_agreement"] == pytest.approx(0.667, abs=0.001)
    assert need["fleiss_kappa"] == pytest.approx((2 / 3 - 0.52) / 0.48, abs=0.001)
    assert result["questions"]["tone"]["conversations"] == 1  # b has one answer on tone
    assert result["evaluators"] == 3 and result["conversations_reviewed"] == 2
    assert result["conversations_with_several_reviews"] == 2
