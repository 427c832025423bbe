"""Leaving, through the real stack: a citizen leaves the queue (back to the bot), ends a chat a
counsellor holds (the counsellor is told), or just goes away (the chat closes as no_show after the
grace period, and the counsellor is told)."""

import threading
import time

import pytest

from core import keys, texts
from handover.flow import CITIZEN_LEFT_TEXT
from tests.conftest import citizen, make_client, staff_login

pytestmark = pytest.mark.integration


def say(client, session_id, auth, text):
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def events(client, session_id, auth, after=0):
    return client.get(f"/api/sessions/{session_id}/events?after={after}", headers=auth).json()["events"]


def queued(client):
    session_id, auth = citizen(client)
    assert say(client, session_id, auth, "Jeg vil snakke med en person")["mode"] == "queued"
    return session_id, auth


def handover_of(client, staff, session_id, status="waiting"):
    return next(h for h in client.get(f"/api/handovers?status={status}", headers=staff).json()
                if h["session_id"] == session_id)


def test_a_citizen_leaves_the_queue_and_is_back_with_the_bot(live_app, redis_client):
    anna = staff_login(live_app, "anna", "anna-secret-1")
    session_id, auth = queued(live_app)
    behind, behind_auth = queued(live_app)
    handover_id = handover_of(live_app, anna, session_id)["id"]

    left = live_app.post(f"/api/sessions/{session_id}/leave", headers=auth)
    assert left.status_code == 200 and left.json() == {"session_id": session_id, "mode": "bot"}
    closed = handover_of(live_app, anna, session_id, "closed")
    assert (closed["id"], closed["outcome"], closed["closed_by"]) == (handover_id, "withdrawn", "citizen")
    assert [h["session_id"] for h in live_app.get("/api/handovers?status=waiting", headers=anna).json()] == [behind]
    notice = events(live_app, session_id, auth)[-1]
    assert (notice["kind"], notice["text"], notice["mode"]) == ("system", texts.text("left_queue", "nb"), "bot")
    assert events(live_app, behind, behind_auth)[-1]["queue"]["position"] == 1  # the one behind moves up

    again = live_app.post(f"/api/sessions/{session_id}/leave", headers=auth)
    assert again.status_code == 409 and again.json()["code"] == "not_queued"
    reply = say(live_app, session_id, auth, "Hva er fristen for å søke studier via Samordna opptak?")
    assert reply["mode"] == "bot" and any(m["kind"] == "answer" for m in reply["messages"])  # the bot answers again
    assert say(live_app, session_id, auth, "Jeg vil snakke med en person")["mode"] == "queued"  # and may ask again

    live_app.post(f"/api/sessions/{session_id}/close", headers=auth)
    gone = live_app.post(f"/api/sessions/{session_id}/leave", headers=auth)
    assert gone.status_code == 409 and gone.json()["code"] == "session_closed"


@pytest.mark.parametrize("how", ["close", "leave"])
def test_ending_a_chat_a_counsellor_holds_tells_the_counsellor(live_app, how):
    anna = staff_login(live_app, "anna", "anna-secret-1")
    session_id, auth = queued(live_app)
    handover_id = handover_of(live_app, anna, session_id)["id"]
    assert live_app.post(f"/api/handovers/{handover_id}/claim", headers=anna).status_code == 200

    ended = live_app.post(f"/api/sessions/{session_id}/{how}", headers=auth)
    assert ended.status_code == 200 and ended.json() == {"session_id": session_id, "mode": "closed"}
    detail = live_app.get(f"/api/handovers/{handover_id}", headers=anna).json()
    assert (detail["status"], detail["outcome"], detail["closed_by"]) == ("closed", "no_show", "citizen")
    assert detail["session_mode"] == "closed"
    [left] = [e for e in detail["events"] if e["kind"] == "citizen_left"]
    assert (left["from"], left["text"], left["counsellor"]) == ("system", CITIZEN_LEFT_TEXT, "anna")
    seen = events(live_app, session_id, auth)
    assert "citizen_left" not in [e["kind"] for e in seen]
    assert (seen[-1]["text"], seen[-1]["mode"]) == (texts.text("closed_by_you", "nb"), "closed")
    reply = live_app.post(f"/api/handovers/{handover_id}/messages", json={"text": "Hallo?"}, headers=anna)
    assert reply.status_code == 409 and reply.json()["code"] == "handover_closed"


def test_an_abandoned_chat_closes_as_no_show_after_the_grace_period(redis_server, redis_client, rasa_stack):
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     abandoned_after_s=3) as client:
        anna = staff_login(client, "anna", "anna-secret-1")
        present, present_auth = citizen(client)
        polling = threading.Event()

        def poll() -> None:  # the chat page, open: it polls the events all the time
            while not polling.is_set():
                client.get(f"/api/sessions/{present}/events?wait=0.3", headers=present_auth)
                time.sleep(0.2)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            assert say(client, present, present_auth, "Jeg vil snakke med en person")["mode"] == "queued"
            waiting_gone, _ = queued(client)
            held_gone, held_auth = queued(client)
            events(client, held_gone, held_auth)  # a last sign, then silence: the grace period counts from here
            held_id = handover_of(client, anna, held_gone)["id"]
            assert client.post(f"/api/handovers/{held_id}/claim", headers=anna).status_code == 200
            deadline = time.monotonic() + 30

            def both_closed() -> bool:  # each closes on its own sweep pass, in either order
                return redis_client.hget(keys.handover(held_id), "status") == "closed" and all(
                    redis_client.hget(keys.session(s), "mode") == "closed" for s in (waiting_gone, held_gone))

            while time.monotonic() < deadline and not both_closed():
                client.post(f"/api/handovers/{held_id}/renew", headers=anna)
                time.sleep(0.2)
            for session_id in (waiting_gone, held_gone):
                closed = handover_of(client, anna, session_id, "closed")
                assert (closed["outcome"], closed["closed_by"]) == ("no_show", "system")
                assert redis_client.hget(keys.session(session_id), "mode") == "closed"
            detail = client.get(f"/api/handovers/{held_id}", headers=anna).json()
            [left] = [e for e in detail["events"] if e["kind"] == "citizen_left"]
            assert left["from"] == "system" and "ikke vært aktiv" in left["text"] and left["counsellor"] == "anna"
            assert detail["events"][-1]["text"] == texts.text("abandoned", "nb")  # if the citizen comes back
            # The one whose page kept polling is still waiting.
            assert [h["session_id"] for h in client.get("/api/handovers?status=waiting", headers=anna).json()] == [
                present]
        finally:
            polling.set()
            poller.join()


def test_a_page_that_goes_away_closes_its_chat_soon_unless_it_comes_back(redis_server, redis_client, rasa_stack):
    with make_client(redis_server.url, rasa_stack["rasa_url"], rasa_stack["actions_url"],
                     abandoned_after_s=600, away_grace_s=1) as client:
        anna = staff_login(client, "anna", "anna-secret-1")
        gone, gone_auth = queued(client)
        reloaded, reloaded_auth = queued(client)
        for session_id, auth in ((gone, gone_auth), (reloaded, reloaded_auth)):
            response = client.post(f"/api/sessions/{session_id}/away", headers=auth)
            assert response.status_code == 200 and response.json() == {"session_id": session_id, "away": True}
        events(client, reloaded, reloaded_auth)  # the reloaded page polls again at once
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and redis_client.hget(keys.session(gone), "mode") != "closed":
            time.sleep(0.2)
        closed = handover_of(client, anna, gone, "closed")
        assert (closed["outcome"], closed["closed_by"]) == ("no_show", "system")
        assert [h["session_id"] for h in client.get("/api/handovers?status=waiting", headers=anna).json()] == [
            reloaded]
        assert redis_client.hget(keys.session(reloaded), "away_ms") is None


def test_away_and_touch_never_bring_an_erased_session_back(offline_app, redis_client):
    session_id, auth = citizen(offline_app)
    assert offline_app.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    import asyncio

    from redis.asyncio import Redis

    from core.sessions import SessionStore

    async def poke() -> None:
        client = Redis.from_url(offline_app.app.state.settings.redis_url, decode_responses=True)
        store = SessionStore(client)
        await store.touch(session_id)
        await store.mark_away(session_id)
        await client.aclose()

    asyncio.run(poke())
    assert redis_client.exists(keys.session(session_id)) == 0
    assert redis_client.zscore(keys.SESSIONS_ACTIVITY, session_id) is None
