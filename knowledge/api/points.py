"""The points calculator for anyone (the /points page): ``POST /api/points`` takes the applicant's
grades, subjects, additional points, birth year, admission year and diploma, and answers with the
sum line by line (each line with its rule's source url) and the explanation in the asked language.

Stateless: nothing is stored. A body the rules cannot use gets 422 ``invalid_request`` with
``errors: [{field, message}]``. A year whose rules are not settled answers 200 with
``settled: false`` and no sum.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from core.errors import ErrorPublic
from knowledge.points import (
    PointsInput,
    PointsInputError,
    PointsResult,
    available_years,
    calculate,
    load_rules,
)
from knowledge.points_explain import explain

router = APIRouter(tags=["points"])

Language = Literal["nb", "nn", "en", "uk", "pl", "ar"]
Key = str  # subject and item keys are checked against the year's rules (422 names the known ones)


class PointsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    applying_year: int = Field(ge=2000, le=2100, description="the admission year, e.g. 2025")
    birth_year: int = Field(ge=1900, le=2100)
    grade_average: float = Field(ge=1, le=6, description="average of the numeric grades (23/5: of the six subjects)")
    science_subjects: list[Key] = Field(default_factory=list, max_length=20,
                                        description="e.g. math_r1, math_r2, physics_1 (see GET /api/points/rules)")
    language_subjects: list[Key] = Field(default_factory=list, max_length=10,
                                         description="foreign_language_level_3, foreign_language_programme_subject, latin, greek")
    extra_items: list[Key] = Field(default_factory=list, max_length=10,
                                   description="folk_high_school, military_service, civilian_service, "
                                               "higher_education_30/_60, vocational_college_30/_60")
    first_time_diploma: bool = False
    rule_23_5: bool = False
    language: Language = "nb"


class PointsLinePublic(BaseModel):
    rule: str
    points: float
    source: str
    quotas: list[str]
    text: str  # the line in the asked language


class PointsPublic(BaseModel):
    year: int
    settled: bool
    lines: list[PointsLinePublic] = []
    school_points: float | None = None  # skolepoeng (first-time diploma quota); None when not settled
    competition_points: float | None = None  # konkurransepoeng (ordinary quota)
    first_time_quota: bool | None = None
    first_time_reason: str | None = None
    explanation: list[str]  # the whole explanation, line by line, in the asked language
    sources: list[str]
    note: str  # the official calculation is Samordna opptak's
    language: Language


class PointsRulesPublic(BaseModel):
    year: int
    settled: bool
    science_subjects: list[str] = []
    language_subjects: list[str] = []
    extra_items: list[str] = []


class PointsYearsPublic(BaseModel):
    years: list[PointsRulesPublic]


class FieldErrorPublic(BaseModel):
    field: str
    message: str


class PointsInvalidPublic(ErrorPublic):
    errors: list[FieldErrorPublic]


def _public(result: PointsResult, language: str) -> PointsPublic:
    explanation = explain(result, language)
    lines = []
    shown = [line for line in explanation.lines if line.startswith("• ")]  # one per sum line, in order
    for line, text in zip(result.lines, shown, strict=True):
        lines.append(PointsLinePublic(rule=line.rule, points=line.points, source=line.source,
                                      quotas=list(line.quotas), text=text.removeprefix("• ")))
    settled = result.settled
    return PointsPublic(
        year=result.year, settled=settled, lines=lines,
        school_points=result.school_points if settled else None,
        competition_points=result.competition_points if settled else None,
        first_time_quota=result.first_time_quota if settled else None,
        first_time_reason=result.first_time_reason if settled else None,
        explanation=list(explanation.lines), sources=list(explanation.sources), note=explanation.note,
        language=explanation.language,
    )


@router.post("/api/points", response_model=PointsPublic, responses={
    422: {"model": PointsInvalidPublic, "description": "a field the rules cannot use; nothing is stored"}})
async def work_out_points(body: PointsRequest) -> PointsPublic | JSONResponse:
    """The applicant's points for one admission year, line by line with sources (an estimate:
    the official calculation is Samordna opptak's)."""
    rules = load_rules(body.applying_year)
    try:
        result = calculate(PointsInput(
            applying_year=body.applying_year, birth_year=body.birth_year, grade_average=body.grade_average,
            science_subjects=tuple(body.science_subjects), language_subjects=tuple(body.language_subjects),
            extra_items=tuple(body.extra_items), first_time_diploma=body.first_time_diploma,
            rule_23_5=body.rule_23_5,
        ), rules)
    except PointsInputError as error:
        return JSONResponse({"detail": f"{error.field}: {error.message}", "code": "invalid_request",
                             "errors": [{"field": error.field, "message": error.message}]}, status_code=422)
    return _public(result, body.language)


@router.get("/api/points/rules", response_model=PointsYearsPublic)
async def points_years() -> PointsYearsPublic:
    """The admission years in the data, whether each is settled, and the keys its rules know."""
    years = []
    for year in available_years():
        rules = load_rules(year)
        years.append(PointsRulesPublic(
            year=year, settled=rules.settled,
            science_subjects=list(rules.subject_keys("science_points")),
            language_subjects=list(rules.subject_keys("language_points")),
            extra_items=list(rules.subject_keys("extra_points")),
        ))
    return PointsYearsPublic(years=years)
