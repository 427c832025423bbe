"""Statistics over a date range (GET /api/stats?from=&to=) against a real redis-server: events
seeded on different days through the real API and the session flow, then read back by range;
the counts survive erasure; bad ranges are refused with a code; only evaluators and admins."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core import keys
from handover.queue import HandoverRequest
from knowledge.unanswered import make_entry, record
from tests.conftest import citizen, free_port, make_client, staff_login

pytestmark = pytest.mark.integration

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = datetime(2026, 3, 2, 10, 15, tzinfo=OSLO)  # inside the test's opening hours
THURSDAY = datetime(2026, 3, 5, 21, 30, tzinfo=OSLO)  # outside them


@pytest.fixture
def app(redis_server, redis_client):
    """Rasa unreachable (messages are stored and counted, the bot cannot answer); the dev roster."""
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True,
                     opening_hours="mon-fri 08:00-16:00") as client:
        yield client


class Clock:
    """The statistics' clock (the day a count goes to, and whether the chat was open then)."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch

    def at(self, moment: datetime) -> None:
        self.monkeypatch.setattr("core.metrics.now", lambda: moment)
        self.monkeypatch.setattr("assistant.conversation.now", lambda: moment)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def hand_over(client, session_id, language="nb", need="reflective"):
    """The session flow queues the session for a counsellor (as the gateway does after Rasa asks)."""
    state = client.app.state
    request = HandoverRequest(reason="the citizen asked for a counsellor", need=need, language=language)
    return client.portal.call(state.flow.queue, session_id, request, language).handover


def stats(client, headers, **params):
    query = "&".join(f"{name.rstrip('_')}={value}" for name, value in params.items())
    response = client.get(f"/api/stats?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def seed_monday(client, clock, redis_client):
    """Monday: a web chat in bokmål handed over, claimed and closed by a counsellor (2 messages,
    rated 4), and an SMS chat in English the citizen closed (1 message, rated 2); 1 unanswered question."""
    clock.at(MONDAY)
    counsellor = staff_login(client, "demo-counsellor", "demo")
    web, web_auth = citizen(client, language="nb")
    say(client, web, web_auth, "Hei, jeg lurer på hva jeg skal bli")
    say(client, web, web_auth, "Kan jeg snakke med en veileder?")
    handover = hand_over(client, web)
    assert client.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor).status_code == 200
    say(client, web, web_auth, "Takk for at du tok deg tid")  # to the counsellor: not a question for the bot
    closed = client.post(f"/api/handovers/{handover['id']}/close", headers=counsellor,
                         json={"outcome": "reflective", "note": "snakket om valg"})
    assert closed.status_code == 200, closed.text
    assert client.post(f"/api/sessions/{web}/rating", headers=web_auth, json={"rating": 4}).status_code == 201

    sms, sms_auth = citizen(client, channel="sms", language="en")
    say(client, sms, sms_auth, "What does a folk high school cost?")
    assert client.post(f"/api/sessions/{sms}/close", headers=sms_auth).status_code == 200
    assert client.post(f"/api/sessions/{sms}/rating", headers=sms_auth,
                       json={"rating": 2, "comment": "Fikk ikke svar"}).status_code == 201
    record(redis_client, make_entry("Hvem vant kampen i går?", "nb", 0.1, at=MONDAY))
    return (web, web_auth), (sms, sms_auth)


def seed_thursday(client, clock, redis_client):
    """Thursday evening (closed): one open chat in Ukrainian with three messages; 2 unanswered questions."""
    clock.at(THURSDAY)
    session_id, auth = citizen(client, language="uk")
    for text in ("Привіт", "Як вступити до університету?", "Дякую"):
        say(client, session_id, auth, text)
    for question in ("Hva koster en pizza?", "Hvem er statsminister?"):
        record(redis_client, make_entry(question, "nb", 0.2, at=THURSDAY))
    return session_id, auth


def test_stats_over_a_date_range(app, clock, redis_client):
    seed_monday(app, clock, redis_client)
    seed_thursday(app, clock, redis_client)
    evaluator = staff_login(app, "demo-evaluator", "demo")

    monday = stats(app, evaluator, from_="2026-03-02", to="2026-03-02")
    assert monday["range"] == {"from": "2026-03-02", "to": "2026-03-02", "days": 1}
    assert monday["chats"] == 2 and monday["messages"] == 4
    assert monday["by_channel"] == {"web": 1, "sms": 1}
    assert monday["by_language"] == {"nb": 1, "en": 1}
    assert monday["by_hour"][10] == 2 and sum(monday["by_hour"]) == 2
    assert monday["by_weekday"] == [2, 0, 0, 0, 0, 0, 0] and monday["by_weekday_hour"][0][10] == 2
    assert monday["opening_hours"]["started_open"] == 2 and monday["opening_hours"]["started_closed"] == 0
    assert monday["opening_hours"]["open_minutes"][0][8] == 60 and monday["opening_hours"]["open_minutes"][0][16] == 0
    assert monday["opening_hours"]["open_minutes"][5] == [0] * 24  # Saturday: closed
    assert monday["handover"] == {"handed_over": 1, "rate": 0.5, "claimed": 1}
    assert monday["waiting"]["count"] == 1 and monday["waiting"]["p50_s"] == monday["waiting"]["p90_s"]
    assert monday["outcomes"] == {"reflective": 1}
    assert monday["chat_length"] == {"count": 2, "p50": 1, "p90": 3,
                                     "histogram": [{"messages": 1, "count": 1}, {"messages": 3, "count": 1}]}
    assert monday["unanswered"] == {"count": 1, "questions": 3, "rate": 0.333}
    assert monday["ratings"] == {"count": 2, "mean": 3.0, "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}}
    assert monday["guidance"]["reference"]["information_share"] == 0.4
    assert monday["guidance"]["reference"]["reflective_share"] == 0.6

    thursday = stats(app, evaluator, from_="2026-03-05", to="2026-03-05")
    assert thursday["chats"] == 1 and thursday["messages"] == 3 and thursday["by_language"] == {"uk": 1}
    assert thursday["opening_hours"]["started_open"] == 0 and thursday["opening_hours"]["started_closed"] == 1
    assert thursday["by_hour"][21] == 1 and thursday["by_weekday"][3] == 1
    assert thursday["handover"] == {"handed_over": 0, "rate": 0.0, "claimed": 0}
    assert thursday["chat_length"] == {"count": 1, "p50": 3, "p90": 3,  # still open: its length so far
                                       "histogram": [{"messages": 3, "count": 1}]}
    assert thursday["unanswered"] == {"count": 2, "questions": 3, "rate": 0.667}
    assert thursday["ratings"]["count"] == 0 and thursday["ratings"]["mean"] is None
    assert thursday["outcomes"] == {}

    week = stats(app, evaluator, from_="2026-03-01", to="2026-03-07")
    assert week["range"]["days"] == 7
    assert week["chats"] == 3 and week["messages"] == 7
    assert week["by_language"] == {"en": 1, "nb": 1, "uk": 1}
    assert week["handover"]["rate"] == 0.333
    assert week["unanswered"] == {"count": 3, "questions": 6, "rate": 0.5}
    assert week["ratings"]["count"] == 2

    before = stats(app, evaluator, from_="2026-02-01", to="2026-03-01")
    assert before["chats"] == 0 and before["handover"]["rate"] is None and before["waiting"]["p50_s"] is None

    default = stats(app, evaluator)  # the last 30 days up to today
    assert default["range"]["days"] == 30
    # The all-time fields of the contract are still there.
    assert default["conversations_closed"] == 2
    assert default["handovers"]["by_outcome"] == {"reflective": 1}


def test_guidance_share_counts_each_need_once_per_chat(app, clock, redis_client):
    """The triage the conversation records after each turn (Rasa's part is exercised in the live test)."""
    clock.at(MONDAY)
    metrics = app.app.state.metrics
    chats = [citizen(app, language="nb") for _ in range(5)]
    for session_id, auth in chats:
        say(app, session_id, auth, "Hei")
    needs = ["information", "information", "reflective", "reflective", "reflective"]
    for (session_id, _), need in zip(chats, needs):
        app.portal.call(metrics.triage, session_id, need, "Vestland")
        app.portal.call(metrics.triage, session_id, need, "Oslo")  # the second turn: same need, later county
    evaluator = staff_login(app, "demo-evaluator", "demo")
    monday = stats(app, evaluator, from_="2026-03-02", to="2026-03-02")
    assert monday["guidance"]["information"] == 2 and monday["guidance"]["reflective"] == 3
    assert monday["guidance"]["information_share"] == 0.4 and monday["guidance"]["reflective_share"] == 0.6
    assert monday["by_need"] == {"information": 2, "reflective": 3}
    assert monday["by_county"] == {"Vestland": 5}


def test_a_chat_across_midnight_counts_on_the_day_it_began(app, clock, redis_client):
    """Its later messages and its need and county go to its first day (the day is guessed as today
    and corrected), and its length moves up in that day's histogram."""
    late = datetime(2026, 3, 2, 23, 58, tzinfo=OSLO)
    clock.at(late)
    session_id, auth = citizen(app, language="nb")
    say(app, session_id, auth, "Hei")
    clock.at(datetime(2026, 3, 3, 0, 5, tzinfo=OSLO))  # Tuesday
    say(app, session_id, auth, "Jeg vil vite mer om lærlingplass")
    app.portal.call(app.app.state.metrics.triage, session_id, "information", "Troms")
    evaluator = staff_login(app, "demo-evaluator", "demo")
    monday = stats(app, evaluator, from_="2026-03-02", to="2026-03-02")
    tuesday = stats(app, evaluator, from_="2026-03-03", to="2026-03-03")
    assert monday["chats"] == 1 and tuesday["chats"] == 0
    assert monday["chat_length"]["histogram"] == [{"messages": 2, "count": 1}]
    assert monday["by_need"] == {"information": 1} and monday["by_county"] == {"Troms": 1}
    assert tuesday["by_need"] == {} and tuesday["by_county"] == {}


def test_counts_are_unchanged_after_erasure(app, clock, redis_client):
    (web, web_auth), (sms, sms_auth) = seed_monday(app, clock, redis_client)
    evaluator = staff_login(app, "demo-evaluator", "demo")
    before = stats(app, evaluator, from_="2026-03-02", to="2026-03-02")
    assert redis_client.get(keys.rating(web)) is not None

    assert app.delete(f"/api/sessions/{web}", headers=web_auth).status_code == 200
    assert app.delete(f"/api/sessions/{sms}", headers=sms_auth).status_code == 200
    assert redis_client.exists(keys.session(web), keys.transcript(web), keys.rating(web), keys.rating(sms)) == 0
    after = stats(app, evaluator, from_="2026-03-02", to="2026-03-02")
    assert after == before
    assert after["chats"] == 2 and after["ratings"]["count"] == 2 and after["outcomes"] == {"reflective": 1}

    # No key that outlives erasure holds a session id or text.
    for key in redis_client.keys(f"{keys.PREFIX}:stats:*"):
        dump = str(redis_client.hgetall(key) if redis_client.type(key) == "hash" else redis_client.get(key))
        assert web not in key and sms not in key and web not in dump and sms not in dump
        assert "kampen" not in dump and "Fikk ikke svar" not in dump


def test_erasing_an_open_chat_changes_no_count(app, clock, redis_client):
    session_id, auth = seed_thursday(app, clock, redis_client)
    evaluator = staff_login(app, "demo-evaluator", "demo")
    before = stats(app, evaluator, from_="2026-03-05", to="2026-03-05")
    assert before["chat_length"]["histogram"] == [{"messages": 3, "count": 1}]
    assert redis_client.exists(keys.stats_chat(session_id)) == 1
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    assert stats(app, evaluator, from_="2026-03-05", to="2026-03-05") == before
    assert redis_client.exists(keys.stats_chat(session_id)) == 0  # the running counts went with the session


@pytest.mark.parametrize("query, code", [
    ("from=2026-13-01&to=2026-12-31", "bad_date"),
    ("from=02.03.2026", "bad_date"),
    ("to=2026-02-30", "bad_date"),
    ("from=2026-3-2&to=2026-03-05", "bad_date"),
    ("from=2026-03-05&to=2026-03-02", "bad_range"),
    ("from=2024-01-01&to=2026-03-02", "range_too_long"),
])
def test_a_bad_range_is_refused_with_a_code(app, query, code):
    evaluator = staff_login(app, "demo-evaluator", "demo")
    response = app.get(f"/api/stats?{query}", headers=evaluator)
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_only_evaluators_and_admins_read_the_stats(app):
    _session_id, own = citizen(app)
    assert app.get("/api/stats").status_code == 401
    assert app.get("/api/stats", headers=own).status_code == 401
    for role in ("counsellor", "editor"):
        response = app.get("/api/stats", headers=staff_login(app, f"demo-{role}", "demo"))
        assert response.status_code == 403 and response.json()["code"] == "wrong_role"
    for role in ("evaluator", "admin"):
        assert app.get("/api/stats", headers=staff_login(app, f"demo-{role}", "demo")).status_code == 200
