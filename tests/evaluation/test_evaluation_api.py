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
