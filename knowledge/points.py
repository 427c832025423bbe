"""Competition points for higher education (Samordna opptak), worked out from the rules as data.

The rules for each admission year live in ``knowledge/data/admission_rules/<year>.yml``, each rule
with the url of the public page it comes from. ``calculate(PointsInput, rules)`` is pure: it returns
a ``PointsResult`` whose ``lines`` are the sum line by line, each with its rule's source. A year whose
rules are not settled (or not in the data) gives a result with ``settled=False`` and no sum: the
calculator says so instead of guessing. The official calculation is always Samordna opptak's.

``load_rules(year)`` reads one year's file (nothing is read at import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent / "data" / "admission_rules"
SAMORDNA_URL = "https://www.samordnaopptak.no/info/opptak/opptak-uhg/poengberegning/"

# The rules a line can come from, in the order the sum is shown.
LINE_RULES = ("grade_points", "science_points", "language_points", "science_and_language_cap",
              "extra_points", "age_points")


class PointsInputError(ValueError):
    """An input the rules cannot use; ``field`` names it (as in the API body)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class PointsInput:
    applying_year: int
    birth_year: int
    grade_average: float  # average of the numeric grades, 1-6 (for 23/5: of the six subjects)
    science_subjects: tuple[str, ...] = ()  # keys of science_points.subjects, e.g. "math_r2"
    language_subjects: tuple[str, ...] = ()  # keys of language_points.subjects
    extra_items: tuple[str, ...] = ()  # keys of extra_points.items, e.g. "military_service"
    first_time_diploma: bool = False  # a førstegangsvitnemål (no subjects improved after school)
    rule_23_5: bool = False  # qualified and ranked under the 23/5 rule


@dataclass(frozen=True)
class PointsLine:
    rule: str  # one of LINE_RULES
    points: float  # what this line adds (negative for a cap)
    source: str  # url of the public rule text
    quotas: tuple[str, ...]  # "first_time" and/or "ordinary": where this line counts
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PointsResult:
    year: int
    settled: bool
    lines: tuple[PointsLine, ...] = ()
    school_points: float = 0.0  # skolepoeng: what counts in the first-time diploma quota
    competition_points: float = 0.0  # konkurransepoeng: what counts in the ordinary quota
    first_time_quota: bool = False  # whether the applicant competes in kvote for førstegangsvitnemål
    first_time_reason: str = ""  # why (not): "eligible", "no_first_time_diploma", "too_old", "rule_23_5"
    age_in_year: int = 0  # the age the applicant turns in the admission year
    not_counted: tuple[str, ...] = ()  # points this calculator leaves out (kjønnspoeng, tests)
    reason: str = ""  # when not settled: why
    sources: tuple[str, ...] = ()  # when not settled: where to read about it
    quota_source: str = ""


@dataclass(frozen=True)
class YearRules:
    year: int
    settled: bool
    rules: dict[str, Any]
    not_counted: tuple[str, ...] = ()
    reason: str = ""
    sources: tuple[str, ...] = ()

    def subject_keys(self, rule: str) -> tuple[str, ...]:
        """The subject or item keys a rule knows, in the data's order."""
        table = self.rules.get(rule, {})
        return tuple((table.get("subjects") or table.get("items") or {}).keys())


def available_years(rules_dir: Path = RULES_DIR) -> list[int]:
    return sorted(int(p.stem) for p in rules_dir.glob("*.yml") if p.stem.isdigit())


def load_rules(year: int, rules_dir: Path = RULES_DIR) -> YearRules:
    """One admission year's rules; a year without a file is not settled."""
    path = rules_dir / f"{int(year)}.yml"
    if not path.is_file():
        return YearRules(year=year, settled=False, rules={}, reason="no_rules_for_year",
                         sources=(SAMORDNA_URL,))
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    settled = data.get("settled") is True
    return YearRules(
        year=int(data.get("year", year)), settled=settled, rules=data.get("rules") or {},
        not_counted=tuple(data.get("not_counted") or ()),
        reason="" if settled else str(data.get("reason") or "not_settled").strip(),
        sources=tuple(data.get("sources") or ()),
    )


def _points(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _check(inp: PointsInput, rules: YearRules) -> None:
    grade = rules.rules["grade_points"]
    if not (grade["min_average"] <= inp.grade_average <= grade["max_average"]):
        raise PointsInputError("grade_average", f"must be between {grade['min_average']} and {grade['max_average']}")
    age = inp.applying_year - inp.birth_year
    if age < 15 or age > 100:
        raise PointsInputError("birth_year", f"an applicant born in {inp.birth_year} would be {age} in {inp.applying_year}")
    if inp.rule_23_5 and age < rules.rules["rule_23_5"]["min_age"]:
        raise PointsInputError("rule_23_5", f"the 23/5 rule needs the applicant to turn at least "
                                            f"{rules.rules['rule_23_5']['min_age']} in the admission year")
    for name, rule in (("science_subjects", "science_points"), ("language_subjects", "language_points"),
                       ("extra_items", "extra_points")):
        known = rules.subject_keys(rule)
        for key in getattr(inp, name):
            if key not in known:
                raise PointsInputError(name, f"unknown item '{key}' (known: {', '.join(known)})")
    if inp.science_subjects and len(set(inp.science_subjects)) != len(inp.science_subjects):
        raise PointsInputError("science_subjects", "a subject is listed twice")


def _science(inp: PointsInput, rule: dict[str, Any]) -> tuple[Decimal, dict[str, Any]]:
    cap = Decimal(str(rule["per_subject_cap"]))
    by_group: dict[str, Decimal] = {}
    for key in inp.science_subjects:
        subject = rule["subjects"][key]
        by_group[subject["group"]] = by_group.get(subject["group"], Decimal(0)) + Decimal(str(subject["points"]))
    capped = {group: min(total, cap) for group, total in by_group.items()}
    detail = {"subjects": list(inp.science_subjects),
              "capped_groups": sorted(g for g in by_group if by_group[g] > cap)}
    return sum(capped.values(), Decimal(0)), detail


def _languages(inp: PointsInput, rule: dict[str, Any]) -> tuple[Decimal, dict[str, Any]]:
    # The citizen names kinds of subject, not which language each is in, so the cap of 1.5 for the
    # same language is not applied (level III + one programme subject in one language is 1.5 anyway).
    total = sum((Decimal(str(rule["subjects"][key]["points"])) for key in inp.language_subjects), Decimal(0))
    return total, {"subjects": list(inp.language_subjects)}


def _age_points(age_in_year: int, rule: dict[str, Any], rule_23_5: bool) -> tuple[int, dict[str, Any]]:
    start = rule["from_age_23_5"] if rule_23_5 else rule["from_age"]
    years = max(0, age_in_year - start + 1)
    points = min(rule["max"], rule["per_year"] * years)
    return points, {"age_in_year": age_in_year, "from_age": start, "years": years}


def age_points(birth_year: int, applying_year: int, rules: YearRules, rule_23_5: bool = False) -> int:
    """Alderspoeng alone (ordinary quota): 2 a year from the year one turns 20 (24 under 23/5), at most 8."""
    return _age_points(applying_year - birth_year, rules.rules["age_points"], rule_23_5)[0]


def not_settled(rules: YearRules) -> PointsResult:
    """The answer for a year whose rules are not settled: no sum, the reason and where to read more."""
    return PointsResult(year=rules.year, settled=False, reason=rules.reason, sources=rules.sources)


def calculate(inp: PointsInput, rules: YearRules) -> PointsResult:
    """The applicant's points in both quotas, line by line, under one admission year's rules."""
    if not rules.settled:
        return not_settled(rules)
    _check(inp, rules)
    r = rules.rules
    both, ordinary = ("first_time", "ordinary"), ("ordinary",)
    lines: list[PointsLine] = []

    average = Decimal(str(inp.grade_average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    grade_points = average * Decimal(str(r["grade_points"]["multiplier"]))
    lines.append(PointsLine("grade_points", _points(grade_points), r["grade_points"]["source"], both,
                            {"average": float(average), "six_subjects": inp.rule_23_5}))

    science, science_detail = _science(inp, r["science_points"])
    if inp.science_subjects:
        lines.append(PointsLine("science_points", _points(science), r["science_points"]["source"], both,
                                science_detail))
    languages, language_detail = _languages(inp, r["language_points"])
    if inp.language_subjects:
        lines.append(PointsLine("language_points", _points(languages), r["language_points"]["source"], both,
                                language_detail))
    cap = Decimal(str(r["science_and_language_cap"]["max"]))
    bonus = science + languages
    if bonus > cap:
        lines.append(PointsLine("science_and_language_cap", _points(cap - bonus),
                                r["science_and_language_cap"]["source"], both,
                                {"max": float(cap), "before_cap": _points(bonus)}))
        bonus = cap
    school = grade_points + bonus

    extra_rule = r["extra_points"]
    extra_total = sum((Decimal(str(extra_rule["items"][k]["points"])) for k in set(inp.extra_items)), Decimal(0))
    extra = min(extra_total, Decimal(str(extra_rule["max"])))
    if inp.extra_items:
        lines.append(PointsLine("extra_points", _points(extra), extra_rule["source"], ordinary,
                                {"items": list(inp.extra_items), "max": extra_rule["max"],
                                 "before_cap": _points(extra_total)}))

    age_in_year = inp.applying_year - inp.birth_year
    age, age_detail = _age_points(age_in_year, r["age_points"], inp.rule_23_5)
    lines.append(PointsLine("age_points", float(age), r["age_points"]["source"], ordinary,
                            {**age_detail, "rule_23_5": inp.rule_23_5}))

    quota = r["first_time_quota"]
    if inp.rule_23_5:
        first_time, why = False, "rule_23_5"
    elif not inp.first_time_diploma:
        first_time, why = False, "no_first_time_diploma"
    elif age_in_year > quota["max_age"]:
        first_time, why = False, "too_old"
    else:
        first_time, why = True, "eligible"
    return PointsResult(
        year=rules.year, settled=True, lines=tuple(lines), school_points=_points(school),
        competition_points=_points(school + extra + age), first_time_quota=first_time, first_time_reason=why,
        age_in_year=age_in_year, not_counted=rules.not_counted, quota_source=quota["source"],
    )


def calculate_for_year(inp: PointsInput, rules_dir: Path = RULES_DIR) -> PointsResult:
    return calculate(inp, load_rules(inp.applying_year, rules_dir))
