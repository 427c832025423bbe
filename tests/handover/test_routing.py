"""Who may take which handover."""

from datetime import datetime, timedelta, timezone

import pytest

from handover.counsellors import CounsellorProfile
from handover.routing import assess

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)

KARI = CounsellorProfile("kari", languages=["nb", "nn", "en"], counties=["Oslo"], expertise=["higher_education"])
OLENA = CounsellorProfile("olena", languages=["uk", "nb", "en"], expertise=["immigrants"])
PER = CounsellorProfile("per", languages=["nb", "nn"], counties=["Vestland"], expertise=["work_nav"])


def handover(language="nb", county=None, waited_s=5, priority="normal", summary="Behov: human_request."):
    return {"id": "h", "language": language, "county": county, "priority": priority, "summary": summary,
            "waiting_since": (NOW - timedelta(seconds=waited_s)).isoformat()}


def test_language_is_kept_for_a_speaker_on_duty():
    item = handover(language="uk")
    assert not assess(item, KARI, [KARI, OLENA], NOW, 60).eligible
    assert assess(item, OLENA, [KARI, OLENA], NOW, 60).eligible
    alone = assess(item, KARI, [KARI, PER], NOW, 60)
    assert alone.eligible and alone.notes == ["no counsellor on duty speaks uk"]


def test_county_knowledge_is_preferred_for_a_while():
    item = handover(county="Vestland", waited_s=10)
    verdict = assess(item, KARI, [KARI, PER], NOW, 60)
    assert not verdict.eligible and "Vestland" in verdict.notes[0]
    assert assess(item, PER, [KARI, PER], NOW, 60).eligible
    assert assess(handover(county="Vestland", waited_s=61), KARI, [KARI, PER], NOW, 60).eligible


def test_expertise_is_preferred_for_a_while():
    item = handover(summary="Behov: reflective. første melding: «Jeg ble oppsagt fra jobben»")
    assert not assess(item, KARI, [KARI, PER], NOW, 60).eligible
    assert assess(item, PER, [KARI, PER], NOW, 60).eligible


def test_crisis_skips_every_window():
    item = handover(county="Vestland", priority="crisis", summary="oppsagt")
    assert assess(item, KARI, [KARI, PER], NOW, 60).eligible


def test_fair_load_leaves_work_to_a_less_busy_colleague():
    item = handover(waited_s=5)
    loads = {"kari": 2, "per": 0}
    assert not assess(item, KARI, [KARI, PER], NOW, 60, loads, fairness_window_s=30).eligible
    assert assess(item, PER, [KARI, PER], NOW, 60, loads, fairness_window_s=30).eligible
    assert assess(handover(waited_s=31), KARI, [KARI, PER], NOW, 60, loads, fairness_window_s=30).eligible


# --- beyond the six: Northern Sami (answered in bokmål meanwhile) and Russian (in English)

ANDE = CounsellorProfile("ande", languages=["nb", "se"], counties=["Finnmark"])
IRINA = CounsellorProfile("irina", languages=["ru", "nb", "en"])
ARNE = CounsellorProfile("arne", languages=["nb", "nn"])  # no English


def test_a_sami_handover_is_kept_for_a_sami_speaker_on_duty():
    item = handover(language="se")
    assert not assess(item, KARI, [KARI, ANDE], NOW, 60).eligible
    assert assess(item, KARI, [KARI, ANDE], NOW, 60).notes == ["kept for a colleague who speaks se"]
    assert assess(item, ANDE, [KARI, ANDE], NOW, 60).eligible


def test_a_sami_handover_goes_to_the_general_queue_when_no_sami_speaker_is_on_duty():
    item = handover(language="se")
    verdict = assess(item, KARI, [KARI, PER], NOW, 60)
    assert verdict.eligible and verdict.notes == ["no counsellor on duty speaks se"]
    assert assess(item, PER, [KARI, PER], NOW, 60).eligible  # bokmål is enough: the bot answered in it


def test_a_sami_handover_is_not_taken_for_an_immigrant_matter():
    from handover.routing import expertise_of

    assert "immigrants" not in expertise_of(handover(language="se"))
    assert "immigrants" in expertise_of(handover(language="ru"))


def test_a_russian_handover_is_kept_for_a_russian_speaker_then_for_english_speakers():
    item = handover(language="ru")
    assert not assess(item, KARI, [KARI, IRINA], NOW, 60).eligible
    assert assess(item, IRINA, [KARI, IRINA], NOW, 60).eligible
    # nobody speaks Russian: the citizen has been answered in English, so an English speaker first
    verdict = assess(item, ARNE, [ARNE, KARI], NOW, 60)
    assert not verdict.eligible and verdict.notes == ["kept for a colleague who speaks en"]
    mine = assess(item, KARI, [ARNE, KARI], NOW, 60)
    assert mine.eligible and mine.notes == ["no counsellor on duty speaks ru"]
    alone = assess(item, ARNE, [ARNE, PER], NOW, 60)  # nobody on duty speaks English either
    assert alone.eligible and alone.notes == ["no counsellor on duty speaks ru"]
