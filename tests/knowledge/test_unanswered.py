"""Unanswered questions: anonymisation, grouping, and the action that logs them to Redis."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import pytest

from core.anonymise import anonymise
from knowledge.unanswered import group_questions, make_entry


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, expected",
    [
        ("skriv til kari.nordmann@example.no", "skriv til <e-post>"),
        ("fødselsnummeret mitt er 01019012345", "fødselsnummeret mitt er <fødselsnummer>"),
        ("fnr 010190 12345.", "fnr <fødselsnummer>."),
        ("ring 912 34 567", "ring <telefon>"),
        ("ring 91 23 45 67 eller +47 91234567", "ring <telefon> eller <telefon>"),
        ("телефон +380 67 123 4567", "телефон <telefon>"),
        ("jeg bor i Storgata 5, 0155 Oslo", "jeg bor i <adresse>"),
        ("eg bur i Kongens gate 12B", "eg bur i <adresse>"),
        ("I live at 12 Baker Street", "I live at <adresse>"),
        ("Hei, jeg heter Kari Nordmann og lurer på noe", "Hei, jeg heter <navn> og lurer på noe"),
        ("My name is John Smith.", "My name is <navn>."),
        ("мене звати Олена Петренко", "мене звати <navn>"),
        ("nazywam się Anna Kowalska", "nazywam się <navn>"),
        ("اسمي أحمد", "اسمي <navn>"),
    ],
)
def test_personal_data_is_replaced(text, expected):
    assert anonymise(text) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Når er søknadsfristen 15. april 2026?",
        "Jeg har 45,6 karakterpoeng og 2 tilleggspoeng",
        "Kan jeg søke Lånekassen om 120 000 kroner?",
        "jeg heter ikke noe spesielt",
        "Studerer i 2026 og 2027",
    ],
)
def test_ordinary_questions_are_left_alone(text):
    assert anonymise(text) == text


@pytest.mark.unit
def test_entries_are_anonymised_and_grouped_by_shared_terms():
    at = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)
    entries = [
        make_entry("Hvordan får jeg permisjon fra jobben? Ring 91234567", "nb", 0.2, at=at),
        make_entry("hvordan få permisjon fra jobb", "nb", 0.3, at=at + dt.timedelta(hours=1)),
        make_entry("Permisjon jobben hvordan?", "nn", 0.1, at=at + dt.timedelta(hours=2)),
        make_entry("Kan jeg ta med hunden på folkehøgskole?", "nb", 0.3, at=at + dt.timedelta(hours=3)),
    ]
    assert entries[0]["question"].endswith("<telefon>") and entries[0]["terms"] is None
    groups = group_questions(entries)
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].question == "Permisjon jobben hvordan?"
    assert groups[0].languages == ["nn", "nb"]
    assert groups[0].first_seen == at.isoformat() and groups[0].last_seen == (at + dt.timedelta(hours=2)).isoformat()
    assert "permisjon" in groups[0].terms
    assert json.dumps([g.public() for g in groups])  # JSON-ready


# -- the action -------------------------------------------------------------------------------
def _run_answer(kb, monkeypatch, text, language="nb"):
    from rasa_sdk.executor import CollectingDispatcher

    from actions import answer as answer_module
    from tests.actions.trackers import tracker

    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    log = answer_module.UnansweredLog()
    monkeypatch.setattr(answer_module, "unanswered_log", log)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(answer_module.ActionAnswerQuestion().run(dispatcher, tracker(text, "ask_question", language), {}))
    log.flush()
    return [m["custom"] for m in dispatcher.messages], events


@pytest.mark.integration
def test_unsure_answer_logs_the_question_anonymised(built_kb, redis_server, redis_client, monkeypatch):
    from core import keys

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    messages, _ = _run_answer(built_kb, monkeypatch, "Hvem vant fotballkampen? Jeg heter Ola Hansen, ring 91234567")
    assert messages[0]["kind"] == "fallback"
    stored = [json.loads(item) for item in redis_client.lrange(keys.UNANSWERED_QUESTIONS, 0, -1)]
    assert len(stored) == 1
    entry = stored[0]
    assert entry["question"] == "Hvem vant fotballkampen? Jeg heter <navn>, ring <telefon>"
    assert entry["language"] == "nb" and entry["confidence"] < 0.5 and entry["terms"]
    assert dt.datetime.fromisoformat(entry["at"]).tzinfo is not None

    messages, _ = _run_answer(built_kb, monkeypatch, "Når er søknadsfristen i Samordna opptak?")
    assert messages[0]["kind"] == "answer"
    assert redis_client.llen(keys.UNANSWERED_QUESTIONS) == 1  # confident answers are not logged


@pytest.mark.integration
def test_answer_is_sent_when_redis_is_down(built_kb, monkeypatch):
    from tests.processes import free_port

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    started = time.perf_counter()
    messages, events = _run_answer(built_kb, monkeypatch, "Hvor mye koster en pizza i Bergen?")
    assert messages[0]["kind"] == "fallback" and events
    assert time.perf_counter() - started < 5


def test_erasing_a_session_removes_its_questions_without_reading_the_whole_list(redis_server, redis_client):
    """Entries logged before the sessions' sets existed are found once (the list is read one time
    and every session's set filled); after that an erasure reads only its own set."""
    from redis.asyncio import Redis

    from core import keys
    from knowledge.unanswered import forget_session, record

    key = keys.UNANSWERED_QUESTIONS
    redis_client.delete(key, keys.UNANSWERED_INDEXED)
    legacy = make_entry("hva koster førerkort klasse C", "nb", 0.2, session_id="session-a")
    redis_client.lpush(key, json.dumps(legacy, ensure_ascii=False))  # as logged before the sets
    record(redis_client, make_entry("kan jeg ta fagbrev i fengsel", "nb", 0.3, session_id="session-a"))
    record(redis_client, make_entry("how do I become a pilot", "en", 0.1, session_id="session-b"))
    record(redis_client, make_entry("hvem eier skolen", "nb", 0.2))  # no session

    def lrange_calls() -> int:
        return int(redis_client.info("commandstats").get("cmdstat_lrange", {}).get("calls", 0))

    async def erase(session_id: str) -> int:
        client = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            return await forget_session(client, session_id)
        finally:
            await client.aclose()

    assert asyncio.run(erase("session-a")) == 2  # the legacy entry too
    left = [json.loads(raw)["question"] for raw in redis_client.lrange(key, 0, -1)]
    assert left == ["hvem eier skolen", "how do I become a pilot"]
    assert redis_client.get(keys.UNANSWERED_INDEXED) == "1"

    record(redis_client, make_entry("how long is pilot school", "en", 0.2, session_id="session-b"))
    before = lrange_calls()
    assert asyncio.run(erase("session-b")) == 2
    assert lrange_calls() == before  # only the session's own set was read
    assert [json.loads(raw)["question"] for raw in redis_client.lrange(key, 0, -1)] == ["hvem eier skolen"]
    assert not redis_client.keys(f"{keys.PREFIX}:knowledge:unanswered:session:*")
