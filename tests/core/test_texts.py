"""Fixed texts read as a person would write them (core/texts.py)."""
import pytest

from core.texts import TEXTS, lookup

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("language, one, many", [
    ("nb", "omtrent 1 minutt.", "omtrent 11 minutter."),
    ("en", "about 1 minute.", "about 11 minutes."),
    ("nn", "omtrent 1 minutt.", "omtrent 11 minutt."),
])
def test_a_wait_of_one_minute_is_singular(language, one, many):
    assert lookup(TEXTS, "queue_position", language, position=1, minutes=1).endswith(one)
    assert lookup(TEXTS, "queue_position", language, position=3, minutes=11).endswith(many)
    assert "1 minutter" not in lookup(TEXTS, "handover_queued", "nb", position=1, minutes=1)
