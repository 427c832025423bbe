"""The place list and the career-centre file the assistant uses to find the nearest centre."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "knowledge" / "data"


def municipalities() -> dict[str, str]:
    county_of = {}
    with open(DATA / "municipalities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in [row["municipality"], *(n.strip() for n in (row["also_known_as"] or "").split(";"))]:
                if name:
                    county_of[name] = row["county"]
    return county_of


def test_every_place_lies_in_a_known_municipality_of_the_right_county():
    county_of = municipalities()
    municipality_names = {n.casefold() for n in county_of} | {n.split(" (")[0].casefold() for n in county_of}
    seen = set()
    with open(DATA / "places.csv", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["place", "municipality", "county"]
        for row in reader:
            assert row["municipality"] in county_of, row
            assert county_of[row["municipality"]] == row["county"], row
            assert row["place"].casefold() not in municipality_names, row
            assert row["place"].casefold() not in seen, row
            seen.add(row["place"].casefold())
    assert len(seen) >= 200
    assert {"mo i rana", "strømmen", "sandvika", "nordfjordeid"} <= seen


def test_every_county_has_a_career_centre_office_marked_for_verification_per_office():
    """The details (coverage, sources, validation) are in tests/knowledge/test_centres.py."""
    data = yaml.safe_load((DATA / "career_centres.yml").read_text(encoding="utf-8"))
    assert "needs_verification" not in data  # per office, not per file
    counties = set(municipalities().values())
    assert len(counties) == 15
    assert {office["county"] for office in data["offices"]} == counties
    for office in data["offices"]:
        assert isinstance(office["needs_verification"], bool)
        assert set(office) >= {"name", "county", "town", "address", "phone", "booking_url", "url", "serves"}
        assert office["url"]["value"] == "" or office["url"]["value"].startswith("https://")


def test_the_nlu_lookup_tables_match_the_place_data():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "lookup_tables.py"), "--check"])
    assert result.returncode == 0, "run `python scripts/lookup_tables.py` and commit training_data/nlu/lookups.yml"
