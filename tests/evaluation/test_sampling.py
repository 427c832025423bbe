"""Stratified, seeded sampling (evaluation.sampling), without Redis: allocation across strata,
each stratum represented, reproducible draws."""

from dataclasses import dataclass

import pytest

from evaluation.sampling import allocate, draw, matches

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class Facts:
    session_id: str
    need: str = "information"
    language: str = "nb"
    outcome: str = "no_handover"
    handed_over: bool = False
    channel: str = "web"


def population() -> list[Facts]:
    people = [Facts(f"nb-{i:02}") for i in range(40)]
    people += [Facts(f"uk-{i:02}", language="uk") for i in range(8)]
    people += [Facts(f"ar-{i:02}", language="ar", need="reflective", outcome="reflective", handed_over=True)
               for i in range(2)]
    return people


def test_proportional_allocation_follows_the_sizes_and_gives_every_stratum_one():
    sizes = {("nb",): 40, ("uk",): 8, ("ar",): 2}
    assert allocate(sizes, 10, "proportional", seed=1) == {("nb",): 8, ("uk",): 1, ("ar",): 1}
    assert allocate(sizes, 25, "proportional", seed=1) == {("nb",): 20, ("uk",): 4, ("ar",): 1}
    assert allocate({("a",): 97, ("b",): 1, ("c",): 1, ("d",): 1}, 4, "proportional", seed=3) == {
        ("a",): 1, ("b",): 1, ("c",): 1, ("d",): 1}  # the minimum of one beats the quota
    assert sum(allocate(sizes, 500, "proportional", seed=1).values()) == 50  # never more than there is


def test_equal_allocation_takes_the_same_from_each_stratum_as_far_as_each_holds():
    sizes = {("nb",): 40, ("uk",): 8, ("ar",): 2}
    assert allocate(sizes, 6, "equal", seed=1) == {("nb",): 2, ("uk",): 2, ("ar",): 2}
    assert sorted(allocate(sizes, 9, "equal", seed=1).values()) == [2, 3, 4]  # ar is out: the one left over
    assert allocate(sizes, 9, "equal", seed=1)[("ar",)] == 2                    # goes to nb or uk by the seed
    counts = allocate(sizes, 12, "equal", seed=7)
    assert counts[("ar",)] == 2 and sum(counts.values()) == 12 and abs(counts[("nb",)] - counts[("uk",)]) <= 1


def test_a_size_below_the_number_of_strata_takes_the_largest_strata():
    assert allocate({("a",): 5, ("b",): 9, ("c",): 1}, 2, "proportional", seed=0) == {("a",): 1, ("b",): 1, ("c",): 0}


def test_the_same_seed_draws_the_same_sample_whatever_the_order_of_the_data():
    people = population()
    first = draw(people, ["language", "handed_over"], 10, "proportional", seed=42)
    again = draw(list(reversed(people)), ["language", "handed_over"], 10, "proportional", seed=42)
    assert first.chosen == again.chosen and len(first.chosen) == 10 and len(set(first.chosen)) == 10
    assert {c[:2] for c in first.chosen} == {"nb", "uk", "ar"}  # every stratum represented
    assert [(s.values, s.population, s.drawn) for s in first.strata] == [
        ({"language": "ar", "handed_over": "yes"}, 2, 1), ({"language": "nb", "handed_over": "no"}, 40, 8),
        ({"language": "uk", "handed_over": "no"}, 8, 1)]
    others = {tuple(draw(people, ["language"], 10, "proportional", seed=s).chosen) for s in range(5)}
    assert len(others) > 1  # the seed matters


def test_filters_keep_only_the_allowed_values():
    people = population()
    assert {f.language for f in people if matches(f, {"language": ["uk", "ar"], "need": []})} == {"uk", "ar"}
    assert [f.session_id for f in people if matches(f, {"handed_over": ["yes"]})] == ["ar-00", "ar-01"]
    with pytest.raises(ValueError):
        draw(people, ["county"], 3, "equal", seed=1)
