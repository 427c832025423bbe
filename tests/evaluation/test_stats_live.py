"""The whole path with the real Rasa and action server: what the assistant recognised (information
or reflective guidance, the county) and the citizen's feedback on an answer reach the statistics."""

import pytest

from tests.conftest import citizen, staff_login

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_needs_and_feedback_from_real_turns_reach_the_stats(live_app):
    evaluator = staff_login(live_app, "demo-evaluator", "demo")
    before = live_app.get("/api/stats", headers=evaluator).json()
    assert before["chats"] == 0

    asking, asking_auth = citizen(live_app, language="en")
    reply = say(live_app, asking, asking_auth, "What is a folk high school?")
    assert reply["triage"]["need"] == "information"
    assert reply["messages"][-1]["kind"] == "feedback"
    say(live_app, asking, asking_auth, "/feedback_helpful")
    say(live_app, asking, asking_auth, "What is a folk high school?")  # the same need again: still one chat

    unsure, unsure_auth = citizen(live_app, language="nb")
    reply = say(live_app, unsure, unsure_auth, "jeg vet ikke hva jeg skal velge på vgs")
    assert reply["triage"]["need"] == "reflective"

    stats = live_app.get("/api/stats", headers=evaluator).json()
    assert stats["chats"] == 2
    assert stats["guidance"]["information"] == 1 and stats["guidance"]["reflective"] == 1
    assert stats["guidance"]["information_share"] == 0.5
    assert stats["by_need"]["information"] == 1 and stats["by_need"]["reflective"] == 1
    assert stats["feedback"] == {"helpful": 1, "unhelpful": 0, "helpful_share": 1.0}
    assert stats["messages"] == 4
    assert stats["unanswered"]["questions"] == 3  # the button press is not a question
    assert stats["by_language"] == {"en": 1, "nb": 1}
