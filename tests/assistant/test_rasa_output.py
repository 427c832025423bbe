"""Rasa's output becomes the contract's messages: what an answer cites is passed on, shaped."""

from assistant.rasa_output import bot_message


def test_an_answer_keeps_its_sources_section_stale_mark_and_note():
    raw = {"custom": {"kind": "answer", "text": "Det tar om lag fire måneder.", "language": "nb",
                      "note": "Svaret kommer fra en artikkel på engelsk.", "stale": True,
                      "sources": [{"title": "Recognition", "url": "https://example.org/r", "reviewed": "2024-01-10",
                                   "section": "Processing time", "stale": True, "score": 3},
                                  {"title": "Lead", "url": "https://example.org/l", "reviewed": "2026-01-01"},
                                  "not a source"]}}
    message, handover = bot_message(raw, "nb")
    assert handover is None
    assert message["note"] == "Svaret kommer fra en artikkel på engelsk." and message["stale"] is True
    assert message["sources"] == [
        {"title": "Recognition", "url": "https://example.org/r", "reviewed": "2024-01-10",
         "section": "Processing time", "stale": True},
        {"title": "Lead", "url": "https://example.org/l", "reviewed": "2026-01-01"},
    ]


def test_a_stale_flag_that_is_not_true_is_not_passed_on():
    message, _ = bot_message({"custom": {"kind": "answer", "text": "x", "stale": "yes", "sources": []}}, "nb")
    assert "stale" not in message
