"""POST /api/points and the /points page: the explained sum for anyone, 422 naming the field for a
body the rules cannot use, nothing stored either way."""

import pytest

pytestmark = pytest.mark.integration

BODY = {"applying_year": 2025, "birth_year": 2005, "grade_average": 4.8, "science_subjects": ["math_r1"],
        "extra_items": ["folk_high_school"], "first_time_diploma": True}


def test_the_sum_line_by_line_with_sources(offline_app, redis_client):
    before = redis_client.dbsize()
    response = offline_app.post("/api/points", json=BODY)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["settled"] is True and data["language"] == "nb"
    assert [line["rule"] for line in data["lines"]] == ["grade_points", "science_points", "extra_points", "age_points"]
    assert data["school_points"] == 48.5 and data["competition_points"] == 52.5
    assert data["first_time_quota"] is True
    assert all(line["source"].startswith("https://") and line["text"] for line in data["lines"])
    assert data["lines"][0]["text"] == "Karakterpoeng: snittet ditt 4,8 × 10 = 48"
    assert "Samordna opptak" in data["note"] and data["note"] in data["explanation"]
    assert redis_client.dbsize() == before  # stateless


def test_the_explanation_comes_in_the_asked_language(offline_app):
    data = offline_app.post("/api/points", json={**BODY, "language": "uk"}).json()
    assert data["language"] == "uk"
    assert data["lines"][0]["text"].startswith("Бали за оцінки")
    assert "Samordna opptak" in data["note"] and "Це лише оцінка" in data["note"]


@pytest.mark.parametrize("year", [2026, 2027, 2040])
def test_a_year_not_settled_gets_no_sum(offline_app, year):
    data = offline_app.post("/api/points", json={**BODY, "applying_year": year, "birth_year": 2006}).json()
    assert data["settled"] is False and data["lines"] == [] and data["competition_points"] is None
    assert f"{year}" in data["explanation"][0] and "ikke avklart" in data["explanation"][0]


@pytest.mark.parametrize("change, field", [
    ({"grade_average": 6.4}, "grade_average"),
    ({"grade_average": "fire"}, "grade_average"),
    ({"birth_year": 2020}, "birth_year"),
    ({"applying_year": 1990}, "applying_year"),
    ({"science_subjects": ["astrology"]}, "science_subjects"),
    ({"extra_items": ["football"]}, "extra_items"),
    ({"language": "de"}, "language"),
    ({"rule_23_5": True, "first_time_diploma": False}, "rule_23_5"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_input_is_a_422_naming_the_field(offline_app, redis_client, change, field):
    before = redis_client.dbsize()
    response = offline_app.post("/api/points", json={**BODY, **change})
    assert response.status_code == 422, response.text
    data = response.json()
    assert data["code"] == "invalid_request"
    assert field in {e["field"] for e in data["errors"]}
    assert redis_client.dbsize() == before


def test_a_missing_field_is_named(offline_app):
    body = {k: v for k, v in BODY.items() if k != "grade_average"}
    response = offline_app.post("/api/points", json=body)
    assert response.status_code == 422
    assert "grade_average" in {e["field"] for e in response.json()["errors"]}


def test_the_years_and_what_their_rules_know(offline_app):
    years = {y["year"]: y for y in offline_app.get("/api/points/rules").json()["years"]}
    assert years[2025]["settled"] is True and "math_r2" in years[2025]["science_subjects"]
    assert years[2027]["settled"] is False and years[2027]["science_subjects"] == []


def test_the_page_and_its_script_are_served(offline_app):
    page = offline_app.get("/points")
    assert page.status_code == 200 and 'src="/points/static/points.js"' in page.text
    assert '<html lang="nb">' in page.text and 'name="viewport"' in page.text
    script = offline_app.get("/points/static/points.js")
    assert script.status_code == 200 and "/api/points" in script.text
    assert "innerHTML" not in script.text  # text-only rendering
