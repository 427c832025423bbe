"""The points form's actions: each answer is validated (and asked again when it cannot be used),
the questions carry a way out, the result explains itself, cancel clears the answers."""

import asyncio
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.points import (
    CANCEL,
    SKIPPED,
    SLOTS,
    TEXTS,
    ActionPointsCancelled,
    ActionPointsResult,
    AskApplyingYear,
    AskDiploma,
    AskGradeAverage,
    ValidatePointsForm,
)
from core.languages import LANGUAGES
from knowledge.points_explain import SAMORDNA_URL, text as explain_text
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit
FORM = ValidatePointsForm()


def run(coroutine):
    return asyncio.run(coroutine)


def validate(slot: str, text: str, language: str = "nb", **slots) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    track = tracker(text, "nlu_fallback", language, requested_slot=slot, **slots)
    result = run(getattr(FORM, f"validate_{slot}")(text, dispatcher, track, {}))
    return result, dispatcher.messages


def test_every_points_text_exists_in_all_six_languages():
    for key, variants in TEXTS.items():
        assert set(variants) == set(LANGUAGES), key


@pytest.mark.parametrize("text, expected", [("2025", "2025"), ("jeg søker i 2024", "2024")])
def test_a_settled_admission_year_is_kept(text, expected):
    result, messages = validate("points_applying_year", text)
    assert result == {"points_applying_year": expected} and messages == []


def test_a_year_not_settled_skips_every_other_question():
    result, _ = validate("points_applying_year", "2027")
    assert result["points_applying_year"] == "2027"
    assert all(result[slot] == SKIPPED for slot in SLOTS[1:])


@pytest.mark.parametrize("slot, text, key, slots", [
    ("points_applying_year", "neste år", "invalid_year", {}),
    ("points_birth_year", "2019", "invalid_birth_year", {"points_applying_year": "2025"}),
    ("points_birth_year", "vet ikke", "invalid_birth_year", {"points_applying_year": "2025"}),
    ("points_diploma", "kanskje", "invalid_diploma", {}),
    ("points_diploma", "23/5", "invalid_23_5", {"points_applying_year": "2025", "points_birth_year": "2004"}),
    ("points_grade_average", "7,2", "invalid_grade_average", {}),
    ("points_grade_average", "ganske bra", "invalid_grade_average", {}),
    ("points_subjects", "jeg liker historie", "invalid_subjects", {}),
    ("points_extra", "høyere utdanning", "invalid_extra", {}),  # how many credits decides the points
])
def test_an_answer_the_form_cannot_use_is_refused_and_asked_again(slot, text, key, slots):
    result, messages = validate(slot, text, **slots)
    assert result == {slot: None}
    assert len(messages) == 1
    assert messages[0]["custom"]["text"].startswith(TEXTS[key]["nb"].split("{")[0])


@pytest.mark.parametrize("slot, text, expected, slots", [
    ("points_birth_year", "2006", "2006", {"points_applying_year": "2025"}),
    ("points_diploma", "ja", "first_time", {}),
    ("points_diploma", "nei", "other", {}),
    ("points_diploma", "23/5", "rule_23_5", {"points_applying_year": "2025", "points_birth_year": "1999"}),
    ("points_grade_average", "snittet mitt er 4,56", "4.56", {}),
    ("points_subjects", "ingen", json.dumps({"science": [], "language": []}), {}),
    ("points_subjects", "R1, R2 og spansk nivå III",
     json.dumps({"science": ["math_r2", "math_r1"], "language": ["foreign_language_level_3"]}), {}),
    ("points_extra", "militæret og 60 studiepoeng", json.dumps(["military_service", "higher_education_60"]), {}),
    ("points_extra", "ingen", json.dumps([]), {}),
])
def test_a_usable_answer_is_stored_in_its_canonical_form(slot, text, expected, slots):
    result, messages = validate(slot, text, **slots)
    assert result == {slot: expected} and messages == []


@pytest.mark.parametrize("language, text", [("en", "yes"), ("uk", "так"), ("pl", "nie"), ("ar", "نعم")])
def test_the_diploma_answer_is_read_in_other_languages(language, text):
    result, _ = validate("points_diploma", text, language)
    assert result["points_diploma"] in ("first_time", "other")


def test_a_new_calculation_starts_without_old_answers():
    track = tracker("har jeg nok poeng?", "ask_points", points_grade_average="5.0", points_applying_year="2025")
    events = run(FORM.run(CollectingDispatcher(), track, {"forms": {}, "slots": {}}))
    assert SlotSet("points_grade_average", None) in events and SlotSet("points_applying_year", None) in events


@pytest.mark.parametrize("action", [AskApplyingYear(), AskDiploma(), AskGradeAverage()])
def test_every_question_offers_a_way_out(action):
    dispatcher = CollectingDispatcher()
    run(action.run(dispatcher, tracker("...", "nlu_fallback", "en"), {}))
    message = dispatcher.messages[0]["custom"]
    assert message["language"] == "en" and message["kind"] == "clarify"
    assert message["buttons"][-1]["payload"] == CANCEL


def test_the_grade_question_for_23_5_asks_for_the_six_subjects():
    dispatcher = CollectingDispatcher()
    run(AskGradeAverage().run(dispatcher, tracker("23/5", "nlu_fallback", points_diploma="rule_23_5"), {}))
    assert "seks studiekompetansefagene" in dispatcher.messages[0]["custom"]["text"]


def filled(**slots) -> Tracker:
    values = {"points_applying_year": "2025", "points_birth_year": "2005", "points_diploma": "first_time",
              "points_grade_average": "4.8", "points_subjects": json.dumps({"science": ["math_r1"], "language": []}),
              "points_extra": json.dumps(["folk_high_school"])}
    return tracker("ingen", "deny", **{**values, **slots})


def test_the_result_explains_each_line_with_its_source_and_clears_the_answers():
    dispatcher = CollectingDispatcher()
    events = run(ActionPointsResult().run(dispatcher, filled(), {}))
    message = dispatcher.messages[0]["custom"]
    assert message["kind"] == "answer"
    assert "Skolepoeng (teller i kvote for førstegangsvitnemål): 48,5" in message["text"]
    assert "Konkurransepoeng (teller i ordinær kvote): 52,5" in message["text"]
    assert message["text"].rstrip().endswith(explain_text("official_note", "nb", url=SAMORDNA_URL)) and "note" not in message
    assert any("realfagspoeng" in s["url"] for s in message["sources"])
    assert all(SlotSet(slot, None) in events for slot in SLOTS)


def test_the_result_for_a_year_not_settled_says_so():
    dispatcher = CollectingDispatcher()
    skipped = {slot: SKIPPED for slot in SLOTS[1:]}
    run(ActionPointsResult().run(dispatcher, filled(points_applying_year="2027", **skipped), {}))
    assert "2027" in dispatcher.messages[0]["custom"]["text"]
    assert "ikke avklart" in dispatcher.messages[0]["custom"]["text"]


def test_cancel_after_the_form_clears_the_answers():
    dispatcher = CollectingDispatcher()
    track = tracker("avbryt", "points_cancel", points_applying_year="2025")
    track.latest_action_name = "action_deactivate_loop"  # the rule ended the form first
    events = run(ActionPointsCancelled().run(dispatcher, track, {}))
    assert dispatcher.messages[0]["custom"]["text"] == TEXTS["cancelled"]["nb"]
    assert SlotSet("points_applying_year", None) in events


def test_cancel_outside_the_form_just_invites_another_question():
    dispatcher = CollectingDispatcher()
    run(ActionPointsCancelled().run(dispatcher, tracker("stopp", "points_cancel"), {}))
    assert dispatcher.messages[0]["custom"]["text"] != TEXTS["cancelled"]["nb"]
