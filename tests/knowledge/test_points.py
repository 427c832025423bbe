"""The points calculator against worked examples from the official pages (each test cites its page)."""

import pytest

from knowledge.points import (
    PointsInput,
    PointsInputError,
    age_points,
    available_years,
    calculate,
    calculate_for_year,
    load_rules,
)
from knowledge.points_explain import explain

REALFAG = "https://www.samordnaopptak.no/info/opptak/opptak-uhg/poengberegning/legge-til-poeng/realfagspoeng/index.html"
ALDER = "https://www.samordnaopptak.no/info/opptak/opptak-uhg/poengberegning/legge-til-poeng/alderspoeng/index.html"


def points(**fields):
    base = dict(applying_year=2025, birth_year=2006, grade_average=4.5)
    return calculate_for_year(PointsInput(**{**base, **fields}))


def line(result, rule):
    return next(l for l in result.lines if l.rule == rule)


def test_grade_points_are_the_average_times_ten():
    # samordnaopptak.no/info/opptak/opptak-uhg/poengberegning/23-5-regelen/: "Har du for eksempel en
    # gjennomsnittskarakter på 4,5, har du 45 karakterpoeng."
    result = points(grade_average=4.5)
    assert line(result, "grade_points").points == 45.0
    assert result.school_points == 45.0


def test_grade_average_is_taken_with_two_decimals():
    # vilbli.no (poengberegning): "gjennomsnittet av samtlige tallkarakterer (med to desimaler) multiplisert med 10"
    assert line(points(grade_average=4.567), "grade_points").points == 45.7


def test_science_points_s1_s2_r2_give_one_and_a_half():
    # The realfagspoeng page: "Du får for eksempel 1,5 realfagspoeng for kombinasjonen S1 + S2 + R2."
    result = points(science_subjects=("math_s1", "math_s2", "math_r2"))
    science = line(result, "science_points")
    assert science.points == 1.5
    assert science.source == REALFAG
    assert science.detail["capped_groups"] == ["math"]


def test_r2_and_physics_2_give_one_point_each():
    # The realfagspoeng page's table: Matematikk R2 1, Fysikk 2 1, Fysikk 1 0,5, Matematikk R1 0,5.
    result = points(science_subjects=("math_r1", "math_r2", "physics_1", "physics_2"))
    assert line(result, "science_points").points == 3.0


def test_science_and_language_points_are_capped_at_four():
    # The realfagspoeng page: "Du kan få inntil 4 språk- og realfagspoeng til sammen."
    result = points(grade_average=5.0,
                    science_subjects=("math_r1", "math_r2", "physics_1", "physics_2", "chemistry_1", "chemistry_2"),
                    language_subjects=("foreign_language_level_3",))
    assert line(result, "science_and_language_cap").points == -1.0  # math 1.5 + physics 1.5 + chemistry 1 + language 1 = 5 -> 4
    assert result.school_points == 54.0


def test_language_level_three_gives_one_point():
    # The språkpoeng page: "Fremmedspråk nivå III 1", programme subject of 140 hours 0,5.
    result = points(language_subjects=("foreign_language_level_3", "foreign_language_programme_subject"))
    assert line(result, "language_points").points == 1.5


def test_extra_points_are_at_most_two_in_total():
    # The tilleggspoeng page: "Du kan ikke få mer enn 2 tilleggspoeng til sammen."
    result = points(birth_year=2003, extra_items=("folk_high_school", "military_service"))
    extra = line(result, "extra_points")
    assert extra.points == 2.0 and extra.detail["before_cap"] == 4.0
    assert extra.quotas == ("ordinary",)


def test_thirty_credits_give_one_point_sixty_give_two():
    # Samordna opptak on ung.no (18.7.2025): "60 studiepoeng eller mer, vil du få 2 tilleggspoeng.
    # ... mellom 30 og 59 studiepoeng, vil du få 1 tilleggspoeng."
    assert line(points(birth_year=2003, extra_items=("higher_education_30",)), "extra_points").points == 1.0
    assert line(points(birth_year=2003, extra_items=("higher_education_60",)), "extra_points").points == 2.0


@pytest.mark.parametrize("born, expected", [(2001, 2), (2000, 4), (1999, 6), (1998, 8), (1980, 8), (2002, 0)])
def test_age_points_follow_the_official_table(born, expected):
    # The alderspoeng page's table for studies starting autumn 2021: born 2001: 2, 2000: 4, 1999: 6,
    # 1998 or earlier: 8 (the rule, 2 a year from the year you turn 20, is the same in 2025's data).
    assert age_points(born, 2021, load_rules(2025)) == expected


@pytest.mark.parametrize("born, expected", [(1997, 2), (1996, 4), (1995, 6), (1994, 8), (1998, 0)])
def test_age_points_under_23_5_start_the_year_you_turn_24(born, expected):
    # The alderspoeng page's 23/5 table for autumn 2021: born 1997: 2, 1996: 4, 1995: 6, 1994 or earlier: 8.
    assert age_points(born, 2021, load_rules(2025), rule_23_5=True) == expected


def test_age_points_table_for_2024():
    # Akademiet's table for studies starting autumn 2024: born 2004: 2, 2003: 4, 2002: 6, 2001: 8.
    rules = load_rules(2024)
    assert [age_points(b, 2024, rules) for b in (2004, 2003, 2002, 2001)] == [2, 4, 6, 8]


def test_first_time_quota_counts_no_age_or_extra_points():
    # utdanning.no (slik bereknar du poeng): in the first-time quota "får du ikkje med eventuelle
    # tilleggspoeng, alderspoeng"; skolepoeng + alderspoeng + tilleggspoeng = konkurransepoeng.
    result = points(birth_year=2005, grade_average=4.8, science_subjects=("math_r1",),
                    extra_items=("folk_high_school",), first_time_diploma=True)
    assert result.first_time_quota is True and result.first_time_reason == "eligible"
    assert result.school_points == 48.5
    assert result.competition_points == 48.5 + 2 + 2  # turns 20 in 2025: 2 age points
    assert line(result, "age_points").quotas == ("ordinary",)


def test_turning_22_leaves_the_first_time_quota():
    # utdanning.no: the diploma counts as first-time when you are "21 år eller yngre i opptaksåret".
    assert points(birth_year=2004, first_time_diploma=True).first_time_quota is True  # turns 21
    older = points(birth_year=2003, first_time_diploma=True)  # turns 22
    assert older.first_time_quota is False and older.first_time_reason == "too_old"


def test_23_5_applicant_ranked_in_the_ordinary_quota_with_age_points_from_24():
    result = points(birth_year=2000, grade_average=4.0, rule_23_5=True)  # turns 25 in 2025
    assert result.first_time_reason == "rule_23_5"
    assert line(result, "age_points").points == 4.0
    assert result.competition_points == 44.0


def test_23_5_needs_the_applicant_to_turn_23():
    with pytest.raises(PointsInputError) as error:
        points(birth_year=2004, rule_23_5=True)
    assert error.value.field == "rule_23_5"


@pytest.mark.parametrize("fields, field", [
    ({"grade_average": 6.5}, "grade_average"), ({"grade_average": 0.9}, "grade_average"),
    ({"birth_year": 2020}, "birth_year"), ({"science_subjects": ("astrology",)}, "science_subjects"),
    ({"extra_items": ("sports",)}, "extra_items"), ({"science_subjects": ("math_r2", "math_r2")}, "science_subjects"),
])
def test_inputs_the_rules_cannot_use_are_refused_by_field(fields, field):
    with pytest.raises(PointsInputError) as error:
        points(**fields)
    assert error.value.field == field


@pytest.mark.parametrize("year", [2026, 2027, 2031])
def test_unsettled_years_are_not_guessed(year):
    result = calculate_for_year(PointsInput(applying_year=year, birth_year=2000, grade_average=4.0))
    assert result.settled is False and result.lines == () and result.competition_points == 0
    assert str(year) in explain(result, "nb").text and "ikke avklart" in explain(result, "nb").text


def test_every_rule_of_a_settled_year_names_its_source():
    for year in available_years():
        rules = load_rules(year)
        if rules.settled:
            assert all(str(rule["source"]).startswith("https://") for rule in rules.rules.values()), year
        else:
            assert rules.reason and rules.sources, year


@pytest.mark.parametrize("language", ["nb", "nn", "en", "uk", "pl", "ar"])
def test_the_explanation_shows_each_line_with_its_source_and_the_official_note(language):
    result = points(birth_year=2004, grade_average=4.25, science_subjects=("math_r2",),
                    extra_items=("military_service",), first_time_diploma=True)
    explanation = explain(result, language)
    assert explanation.language == language
    assert REALFAG in explanation.text and ALDER in explanation.text
    assert "Samordna opptak" in explanation.note and explanation.note in explanation.text
    assert ("43,5" if language in ("nb", "nn", "uk", "pl") else "43.5") in explanation.text  # 42.5 + 1
    assert len(set(explanation.sources)) == len(explanation.sources) >= 4


def test_a_result_without_lines_for_unused_rules():
    result = points()
    assert [l.rule for l in result.lines] == ["grade_points", "age_points"]
    assert calculate(PointsInput(2025, 2006, 4.5), load_rules(2025)) == result
