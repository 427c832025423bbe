"""Opening hours in Europe/Oslo."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handover.hours import OpeningHours
from core.settings import DEFAULT_OPENING_HOURS

pytestmark = pytest.mark.unit
OSLO = ZoneInfo("Europe/Oslo")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


@pytest.mark.parametrize("moment, is_open", [
    ("2026-11-23 08:29", False),  # Monday, before opening
    ("2026-11-23 08:30", True),
    ("2026-11-23 21:59", True),
    ("2026-11-23 22:00", False),
    ("2026-11-27 18:29", True),  # Friday
    ("2026-11-27 18:30", False),
    ("2026-11-28 14:59", False),  # Saturday
    ("2026-11-28 15:00", True),
    ("2026-11-29 21:00", True),  # Sunday
])
def test_default_week(moment, is_open):
    assert OpeningHours.parse(DEFAULT_OPENING_HOURS).is_open(at(moment)) is is_open


def test_utc_times_are_read_in_oslo_time():
    hours = OpeningHours.parse(DEFAULT_OPENING_HOURS)
    # 07:45 UTC on a Monday in November is 08:45 in Oslo.
    assert hours.is_open(datetime.fromisoformat("2026-11-23T07:45:00+00:00"))
    assert not hours.is_open(datetime.fromisoformat("2026-11-23T07:15:00+00:00"))


def test_next_opening_skips_closed_dates_and_weekends():
    hours = OpeningHours.parse(DEFAULT_OPENING_HOURS, closed_dates=["2026-12-24"])
    assert hours.next_opening(at("2026-11-27 19:00")) == at("2026-11-28 15:00")
    assert hours.next_opening(at("2026-12-23 23:00")) == at("2026-12-25 08:30")
    assert hours.next_opening(at("2026-11-23 10:00")) == at("2026-11-23 10:00")


def test_always_and_never():
    assert OpeningHours.parse("always").is_open(at("2026-11-23 03:00"))
    never = OpeningHours.parse("never")
    assert not never.is_open(at("2026-11-23 12:00"))
    assert never.next_opening(at("2026-11-23 12:00")) is None


def test_several_ranges_on_a_day():
    hours = OpeningHours.parse("mon,wed 08:00-11:00,12:00-16:00")
    assert hours.is_open(at("2026-11-25 12:30"))
    assert not hours.is_open(at("2026-11-25 11:30"))
    assert not hours.is_open(at("2026-11-24 12:30"))


@pytest.mark.parametrize("spec, words", [
    ("mon-thu", "is not '<days> <HH:MM-HH:MM>'"),
    ("mån 08:00-10:00", "unknown day"),
    ("mon 8-10", "is not HH:MM-HH:MM"),
    ("mon 10:00-08:00", "ends before it starts"),
    ("mon 25:00-26:00", "not a valid time range"),
    ("  ", "empty"),
])
def test_bad_specs_say_what_is_wrong(spec, words):
    with pytest.raises(ValueError, match=words):
        OpeningHours.parse(spec)


# ---- the hours in words, as the assistant tells them

from handover.hours_text import LANGUAGES_WITH_TEXT, describe, describe_week  # noqa: E402


def test_consecutive_days_with_the_same_hours_are_joined():
    hours = OpeningHours.parse(DEFAULT_OPENING_HOURS)
    assert describe_week(hours, "nb") == "mandag–torsdag 08.30–22.00, fredag 08.30–18.30 og lørdag–søndag 15.00–22.00"
    assert describe_week(hours, "en") == "Monday–Thursday 08:30–22:00, Friday 08:30–18:30 and Saturday–Sunday 15:00–22:00"


def test_split_days_and_closed_days_are_described_as_they_are():
    hours = OpeningHours.parse("mon 08:00-11:00,12:00-16:00; wed 09:00-15:00")
    assert describe_week(hours, "nn") == "måndag 08.00–11.00, 12.00–16.00 og onsdag 09.00–15.00"


def test_the_answer_follows_the_configured_hours_and_the_clock():
    hours = OpeningHours.parse(DEFAULT_OPENING_HOURS, closed_dates=["2026-12-24"])
    open_text = describe(hours, "nb", at("2026-11-23 10:00"))
    assert "mandag–torsdag 08.30–22.00" in open_text and "Chatten er åpen nå." in open_text
    closed_text = describe(hours, "en", at("2026-11-23 23:00"))
    assert "It opens again Tuesday 24.11 08:30." in closed_text
    christmas = describe(hours, "nb", at("2026-12-24 10:00"))  # a Thursday, but closed
    assert "åpner igjen fredag 25.12 08.30" in christmas
    assert "hele døgnet" in describe(OpeningHours.parse("always"), "nb", at("2026-11-23 03:00"))
    assert "stengt inntil videre" in describe(OpeningHours.parse("never"), "nb", at("2026-11-23 10:00"))


@pytest.mark.parametrize("language", LANGUAGES_WITH_TEXT)
def test_every_language_has_the_hours_in_words(language):
    text = describe(OpeningHours.parse(DEFAULT_OPENING_HOURS), language, at("2026-11-28 10:00"))
    assert "15" in text and "{" not in text
