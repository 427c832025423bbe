"""How far evaluators agree, per question of the review form (pure: no Redis).

For one conversation and one question, among the evaluators who answered it:

- ``share_agreeing``: the share who gave the most common answer (1.0 = all the same).

Over a sample, for each question, counting only conversations with at least two answers:

- ``percent_agreement``: the mean over those conversations of the pairwise agreement
  P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)), i.e. the share of pairs of evaluators who gave
  the same answer (Fleiss' P-bar);
- ``fleiss_kappa``: Fleiss' kappa, (P-bar - P_e) / (1 - P_e) with P_e = sum_j p_j^2 and p_j the
  share of all answers that are j. When conversations have different numbers of evaluators,
  each P_i uses its own n_i (the usual extension). ``None`` when it is undefined (fewer than two
  conversations with two answers, or every answer the same, P_e = 1).

Kappa corrects the raw agreement for the agreement expected by chance given how often each
answer is used; with few conversations it is unstable, so both are shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from evaluation.reviews import QUESTIONS

METHOD = ("share_agreeing: share of a conversation's evaluators who gave its most common answer; "
          "percent_agreement: mean pairwise agreement over conversations with two or more answers (Fleiss' P-bar); "
          "fleiss_kappa: Fleiss' kappa over the same conversations (nominal answers)")


def answers(reviews: Iterable[Mapping[str, Any]], question: str) -> Counter:
    return Counter(r.get(question) for r in reviews if r.get(question) is not None)


def share_agreeing(counts: Counter) -> float | None:
    total = sum(counts.values())
    return round(max(counts.values()) / total, 3) if total else None


def conversation_agreement(reviews: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """question -> {answers: {answer: count}, share_agreeing} for one conversation's reviews."""
    reviews = list(reviews)
    result = {}
    for question in QUESTIONS:
        counts = answers(reviews, question)
        result[question] = {"answers": dict(sorted(counts.items())), "share_agreeing": share_agreeing(counts)}
    return result


def fleiss(items: list[Counter]) -> tuple[float | None, float | None]:
    """(percent agreement P-bar, Fleiss' kappa) over items each rated by two or more raters."""
    items = [c for c in items if sum(c.values()) >= 2]
    if not items:
        return None, None
    agreement = []
    for counts in items:
        n = sum(counts.values())
        agreement.append(sum(k * (k - 1) for k in counts.values()) / (n * (n - 1)))
    p_bar = sum(agreement) / len(agreement)
    totals: Counter = Counter()
    for counts in items:
        totals.update(counts)
    all_answers = sum(totals.values())
    p_e = sum((k / all_answers) ** 2 for k in totals.values())
    kappa = None if len(items) < 2 or p_e >= 1 else (p_bar - p_e) / (1 - p_e)
    return round(p_bar, 3), None if kappa is None else round(kappa, 3)


def sample_agreement(reviews_by_conversation: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Per question over a sample: conversations with two or more answers, percent agreement and
    Fleiss' kappa. ``reviews_by_conversation``: conversation -> {evaluator: review}."""
    questions = {}
    for question in QUESTIONS:
        items = [answers(reviews.values(), question) for reviews in reviews_by_conversation.values()]
        rated = [c for c in items if sum(c.values()) >= 2]
        percent, kappa = fleiss(rated)
        questions[question] = {"conversations": len(rated), "answers": sum(sum(c.values()) for c in rated),
                               "percent_agreement": percent, "fleiss_kappa": kappa}
    evaluators = {name for reviews in reviews_by_conversation.values() for name in reviews}
    return {"method": METHOD, "evaluators": len(evaluators),
            "conversations_reviewed": sum(1 for reviews in reviews_by_conversation.values() if reviews),
            "conversations_with_several_reviews": sum(1 for reviews in reviews_by_conversation.values()
                                                      if len(reviews) >= 2),
            "questions": questions}
