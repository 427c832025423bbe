"""Evaluators: sampled, anonymised transcripts of closed conversations, reviews, statistics."""

import pytest

from core import keys
from tests.conftest import citizen, staff_login
from tests.handover.test_handover_api import app, queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration


def test_evaluators_see_closed_conversations_anonymised_and_can_review_them(app, redis_server, redis_client):
    counsellor = staff_login(app, "demo-counsellor", "demo")
    session_id, auth, handover = queue(
        redis_server, app, text="Jeg heter Kari Nordmann, fødselsnummer 01020312345, ring 912 34 567 eller kari@example.no")
    app.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor)
    app.post(f"/api/handovers/{handover['id']}/close", headers=counsellor, json={"outcome": "information"})
    open_session, open_auth = citizen(app)
    app.post(f"/api/sessions/{open_session}/messages", json={"text": "Hei"}, headers=open_auth)

    evaluator = staff_login(app, "demo-evaluator", "demo")
    assert app.get("/api/transcripts?sample=5", headers=counsellor).status_code == 403
    sample = app.get("/api/transcripts?sample=5", headers=evaluator).json()
    assert [t["id"] for t in sample] == [session_id]  # only closed conversations
    first = sample[0]["events"][0]["text"]
    for secret in ("Kari Nordmann", "01020312345", "912 34 567", "kari@example.no"):
        assert secret not in first
    assert "<navn>" in first and "<fødselsnummer>" in first and "<telefon>" in first and "<e-post>" in first
    assert sample[0]["handover"]["outcome"] == "information"
    assert redis_client.ttl(keys.transcript(session_id)) > 80 * 86400  # kept for the retention period

    review = {"triage_correct": True, "answer_quality": 4, "comment": "Rask og riktig overføring"}
    assert app.post(f"/api/transcripts/{session_id}/review", headers=evaluator, json=review).status_code == 201
    assert app.post(f"/api/transcripts/{open_session}/review", headers=evaluator, json=review).status_code == 404
    assert app.post(f"/api/transcripts/{session_id}/review", headers=evaluator,
                    json={**review, "answer_quality": 9}).status_code == 422
    stats = app.get("/api/stats", headers=evaluator).json()
    assert stats["conversations_closed"] == 1
    assert stats["handovers"]["by_outcome"] == {"information": 1}
    assert stats["reviews"] == {"count": 1, "triage_correct_rate": 1.0, "mean_answer_quality": 4.0}

    app.delete(f"/api/sessions/{session_id}", headers=auth)  # erasure removes it from evaluation too
    assert app.get("/api/transcripts?sample=5", headers=evaluator).json() == []


def test_each_evaluator_has_one_review_per_conversation_and_earlier_reviews_are_kept(app, redis_server, redis_client):
    import json

    from core.retention import session_ref

    counsellor = staff_login(app, "demo-counsellor", "demo")
    session_id, _, handover = queue(redis_server, app)
    app.post(f"/api/handovers/{handover['id']}/claim", headers=counsellor)
    app.post(f"/api/handovers/{handover['id']}/close", headers=counsellor, json={"outcome": "information"})
    # A review stored in the earlier format (one per conversation), counted in the statistics.
    redis_client.hset(keys.REVIEWS, session_id, json.dumps({
        "triage_correct": False, "expected_need": "reflective", "answer_quality": 2, "comment": "Tidligere",
        "evaluator": "per", "at": "2026-11-01T10:00:00+00:00"}))
    redis_client.hset(keys.REVIEW_STATS, mapping={"count": 1, "triage_correct": 0, "quality_sum": 2, "quality_count": 1})

    evaluator, admin = staff_login(app, "demo-evaluator", "demo"), staff_login(app, "demo-admin", "demo")
    url = f"/api/transcripts/{session_id}/review"
    first = app.post(url, headers=evaluator, json={"triage_correct": True, "answer_quality": 4})
    assert first.status_code == 201 and first.json()["replaced"] is False and first.json()["need_recognised"] == "yes"
    again = app.post(url, headers=evaluator, json={"need_recognised": "partly", "tone": "good"})
    assert again.status_code == 201 and again.json()["replaced"] is True and again.json()["triage_correct"] is False
    assert app.post(url, headers=admin, json={"need_recognised": "yes"}).status_code == 201

    sample = app.post("/api/samples", headers=evaluator, json={"size": 1, "seed": 1}).json()
    reviews = app.get(f"/api/samples/{sample['id']}", headers=evaluator).json()["transcripts"][0]["reviews"]
    assert [(r["id"], r["evaluator"], r["need_recognised"], r["answer_quality"]) for r in reviews] == [
        (session_ref(session_id), "demo-admin", "yes", None), (session_ref(session_id), "demo-evaluator", "partly", None),
        (session_ref(session_id), "per", "no", 2)]  # the earlier review is read as per's
    assert redis_client.hgetall(keys.REVIEW_STATS) == {"count": "3", "triage_correct": "1", "quality_sum": "2",
                                                       "quality_count": "1"}
