"""The citizen's rating of an ended chat (POST /api/sessions/{id}/rating) against a real
redis-server: 1-5 and an optional comment, once per session, counted in the statistics; the
comment is cleaned and anonymised, and erased with the session while the count stays."""

import json

import pytest

from core import keys
from core.metrics import day_of
from core.ratings import RatingRefused
from tests.conftest import citizen, free_port, make_client, staff_login

pytestmark = pytest.mark.integration


@pytest.fixture
def app(redis_server, redis_client):
    closed = f"http://127.0.0.1:{free_port()}"
    with make_client(redis_server.url, closed, closed, seed_roster=True) as client:
        yield client


def today_counts(redis_client) -> dict:
    return redis_client.hgetall(keys.stats_day(day_of()))


def ended_chat(client) -> tuple[str, dict]:
    session_id, auth = citizen(client)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "Hei"}, headers=auth)
    assert client.post(f"/api/sessions/{session_id}/close", headers=auth).status_code == 200
    return session_id, auth


def rate(client, session_id, auth, body):
    return client.post(f"/api/sessions/{session_id}/rating", headers=auth, json=body)


def test_an_open_chat_cannot_be_rated_yet(app, redis_client):
    session_id, auth = citizen(app)
    response = rate(app, session_id, auth, {"rating": 5})
    assert response.status_code == 409 and response.json()["code"] == "chat_not_ended"
    assert redis_client.exists(keys.rating(session_id)) == 0
    assert "rating_count" not in today_counts(redis_client)


BAD_BODIES = [
    {"rating": 0}, {"rating": 6}, {"rating": -1}, {"rating": "4"}, {"rating": 4.5}, {"rating": True},
    {"rating": None}, {}, {"comment": "bra"}, {"rating": 4, "comment": "x" * 1001}, {"rating": 4, "stars": 5},
    {"rating": 4, "comment": 12},
]


def test_a_bad_rating_is_refused_and_nothing_is_stored(app, redis_client):
    session_id, auth = ended_chat(app)
    for body in BAD_BODIES:
        response = rate(app, session_id, auth, body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] == "invalid_request"
        assert redis_client.exists(keys.rating(session_id)) == 0
        assert "rating_count" not in today_counts(redis_client)
    assert rate(app, session_id, auth, {"rating": 3}).status_code == 201  # bad tries do not use up the rating


def test_a_chat_is_rated_once_and_the_comment_is_cleaned_and_anonymised(app, redis_client):
    session_id, auth = ended_chat(app)
    comment = "Takk!\u202e Jeg heter Kari Nordmann, ring 912 34 567\x07"
    response = rate(app, session_id, auth, {"rating": 5, "comment": comment})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["session_id"] == session_id and body["rating"] == 5
    assert "Kari Nordmann" not in body["comment"] and "912 34 567" not in body["comment"]
    assert "<navn>" in body["comment"] and "\u202e" not in body["comment"] and "\x07" not in body["comment"]
    stored = json.loads(redis_client.get(keys.rating(session_id)))
    assert stored["rating"] == 5 and stored["comment"] == body["comment"] and stored["channel"] == "web"
    assert redis_client.ttl(keys.rating(session_id)) > 80 * 86400  # kept with the conversation

    again = rate(app, session_id, auth, {"rating": 1})
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    assert json.loads(redis_client.get(keys.rating(session_id)))["rating"] == 5
    counts = today_counts(redis_client)
    assert counts["rating_count"] == "1" and counts["rating_sum"] == "5" and counts["rating:5"] == "1"


def test_a_chat_the_counsellor_closed_can_be_rated(app, redis_client):
    session_id, auth = citizen(app)
    app.post(f"/api/sessions/{session_id}/messages", json={"text": "Hei"}, headers=auth)
    from handover.queue import HandoverRequest

    request = HandoverRequest(reason="asked", need="human_request", language="nb")
    handover = app.portal.call(app.app.state.flow.queue, session_id, request, "nb").handover
    counsellor = staff_login(app, "demo-counsellor", "demo")
    assert app.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor).status_code == 200
    assert rate(app, session_id, auth, {"rating": 4}).json()["code"] == "chat_not_ended"
    app.post(f"/api/handovers/{handover['id']}/close", headers=counsellor, json={"outcome": "information"})
    assert rate(app, session_id, auth, {"rating": 4}).status_code == 201


def test_only_the_sessions_own_token_rates_it(app, redis_client):
    session_id, auth = ended_chat(app)
    _, other = citizen(app)
    evaluator = staff_login(app, "demo-evaluator", "demo")
    for headers in ({}, other, evaluator):
        assert rate(app, session_id, headers, {"rating": 1}).status_code in (401, 403)
    assert redis_client.exists(keys.rating(session_id)) == 0
    assert rate(app, session_id, auth, {"rating": 1}).status_code == 201  # the owner's rating is still to give


def test_erasure_removes_the_comment_but_not_the_count(app, redis_client):
    session_id, auth = ended_chat(app)
    assert rate(app, session_id, auth, {"rating": 2, "comment": "For lang ventetid"}).status_code == 201
    assert app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    assert redis_client.exists(keys.rating(session_id)) == 0
    counts = today_counts(redis_client)
    assert counts["rating_count"] == "1" and counts["rating:2"] == "1"
    evaluator = staff_login(app, "demo-evaluator", "demo")
    ratings = app.get("/api/stats", headers=evaluator).json()["ratings"]
    assert ratings == {"count": 1, "mean": 2.0, "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}}


def test_a_channel_rates_through_the_same_store(app, redis_client):
    """SMS and Telegram (not built yet) call ``Ratings.rate`` directly with the session."""
    session_id, auth = citizen(app, channel="sms")
    state = app.app.state
    assert app.post(f"/api/sessions/{session_id}/close", headers=auth).status_code == 200
    session = app.portal.call(state.sessions.get, session_id)
    with pytest.raises(ValueError):
        app.portal.call(state.ratings.rate, session, 9, "")
    record = app.portal.call(state.ratings.rate, session, 3, "ok")
    assert record["rating"] == 3 and record["channel"] == "sms"
    with pytest.raises(RatingRefused) as refused:
        app.portal.call(state.ratings.rate, session, 3, "")
    assert refused.value.code == "already_rated"
    assert today_counts(redis_client)["rating:3"] == "1"
