"""The Telegram channel through the real app, a real Redis and the fake Bot API (a real HTTP
server): the secret-token check, sendMessage with an inline keyboard, a button press (the payload
goes to the conversation, answerCallbackQuery), a stale button, a counsellor's reply, /stop."""

from __future__ import annotations

import json

import pytest

from assistant.channels import texts as channel_texts
from core import keys, texts
from tests.assistant.channels.conftest import TG_TOKEN, send_tg, tg_button, tg_message
from tests.conftest import staff_login

pytestmark = pytest.mark.integration

CHAT = 5550001
SEND = f"/bot{TG_TOKEN}/sendMessage"
ANSWER = f"/bot{TG_TOKEN}/answerCallbackQuery"


def session_of(redis_client) -> str | None:
    found = redis_client.keys("vv:channel-identity:telegram:*")
    assert len(found) <= 1
    return redis_client.get(found[0]) if found else None


def citizen_events(redis_client, session_id):
    return [e for e in (json.loads(raw) for raw in redis_client.lrange(keys.transcript(session_id), 0, -1))
            if e["from"] == "citizen"]


def portal(client, coroutine_function, *args, **kwargs):
    return client.portal.call(lambda: coroutine_function(*args, **kwargs))


@pytest.mark.parametrize("secret", [None, "", "not-the-secret"])
def test_a_missing_or_wrong_secret_token_is_refused_and_nothing_is_stored(channels_app, provider, redis_client,
                                                                          secret):
    before = set(redis_client.keys("*"))
    response = send_tg(channels_app, tg_message(CHAT, "Hei"), secret=secret)
    assert response.status_code == 403 and response.json()["code"] == "bad_secret_token"
    assert set(redis_client.keys("*")) == before
    assert provider.recorded() == []


def test_a_malformed_update_is_refused(channels_app, redis_client):
    before = set(redis_client.keys("*"))
    response = send_tg(channels_app, {"message": {"text": "Hei"}})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"
    assert set(redis_client.keys("*")) == before


def test_a_text_message_is_answered_with_sendmessage(channels_app, provider, redis_client):
    response = send_tg(channels_app, tg_message(CHAT, "Hei, hva kan du hjelpe med?"))
    assert response.status_code == 200 and response.json() == {"ok": True}
    session_id = session_of(redis_client)
    assert redis_client.hget(keys.session(session_id), "channel") == "telegram"
    assert citizen_events(redis_client, session_id)[0]["text"] == "Hei, hva kan du hjelpe med?"
    [request] = provider.wait_for(lambda rs: len(rs) >= 1)
    assert (request["method"], request["path"]) == ("POST", SEND)
    assert request["headers"]["Content-Type"] == "application/json"
    reply = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)][1]
    assert reply["text"].startswith(texts.text("assistant_unavailable", "nb"))  # Rasa is not running here
    expected = {"chat_id": CHAT, "text": reply["text"]}
    if reply.get("buttons"):
        choices_id = redis_client.hget(keys.channel_session(session_id), "choices_id")
        expected["reply_markup"] = {"inline_keyboard": [[{"text": b["title"], "callback_data": f"{choices_id}:{n}"}]
                                                        for n, b in enumerate(reply["buttons"], start=1)]}
    assert request["json"] == expected
    assert str(CHAT) not in " ".join(redis_client.keys("*"))  # the chat id is hashed in the mapping's key


def offer_buttons(client, session_id):
    buttons = [{"title": "Ja, det hjalp", "payload": "/feedback_helpful"},
               {"title": "Nei", "payload": "/feedback_unhelpful"}]
    portal(client, client.app.state.sessions.update, session_id, buttons={b["payload"]: b["title"] for b in buttons})
    portal(client, client.app.state.transcripts.append, session_id, "bot", "Var dette til hjelp?", "feedback",
           language="nb", buttons=buttons)


def test_buttons_are_an_inline_keyboard_and_a_press_sends_the_payload_once(channels_app, provider, redis_client):
    send_tg(channels_app, tg_message(CHAT, "Hei"))
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    offer_buttons(channels_app, session_id)
    sent = provider.wait_for(lambda rs: len(rs) >= 2)
    message = sent[1]["json"]
    assert message["chat_id"] == CHAT and message["text"] == "Var dette til hjelp?"
    keyboard = message["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [["Ja, det hjalp"], ["Nei"]]
    data = [row[0]["callback_data"] for row in keyboard]
    assert all(len(d.encode()) <= 64 and "feedback" not in d for d in data)  # a short id, never the payload

    assert send_tg(channels_app, tg_button(CHAT, data[0], "press-1")).status_code == 200
    last = citizen_events(redis_client, session_id)[-1]
    assert (last["text"], last["payload"]) == ("Ja, det hjalp", "/feedback_helpful")
    answered = [r["json"] for r in provider.recorded(ANSWER)]
    assert answered == [{"callback_query_id": "press-1"}]

    # The same keyboard again (stale): refused politely, nothing reaches the conversation.
    count = len(citizen_events(redis_client, session_id))
    assert send_tg(channels_app, tg_button(CHAT, data[1], "press-2")).status_code == 200
    assert len(citizen_events(redis_client, session_id)) == count
    assert [r["json"] for r in provider.recorded(ANSWER)][-1] == {
        "callback_query_id": "press-2", "text": channel_texts.text("stale_button", "nb")}
    garbage = send_tg(channels_app, tg_button(CHAT, "not-a-button-id-at-all", "press-3"))
    assert garbage.status_code == 200
    assert [r["json"] for r in provider.recorded(ANSWER)][-1]["text"] == channel_texts.text("stale_button", "nb")


def test_a_counsellor_reply_reaches_the_chat(channels_app, provider, redis_client):
    anna = staff_login(channels_app, "anna", "anna-secret-1")
    send_tg(channels_app, tg_message(CHAT, "Jeg vil ikke leve lenger"))
    session_id = session_of(redis_client)
    provider.wait_for(lambda rs: any("køen" in r["json"]["text"] for r in rs))
    crisis = next(r["json"]["text"] for r in provider.recorded(SEND) if "113" in r["json"]["text"])
    assert "116 123" in crisis and "22 40 00 40" in crisis
    [handover] = [h for h in channels_app.get("/api/handovers?status=waiting", headers=anna).json()
                  if h["session_id"] == session_id]
    assert channels_app.post(f"/api/handovers/{handover['id']}/claim", headers=anna).status_code == 200
    reply = "Hei, jeg heter Anna. Jeg er her nå."
    channels_app.post(f"/api/handovers/{handover['id']}/messages", json={"text": reply}, headers=anna)
    provider.wait_for(lambda rs: any(reply in r["json"]["text"] for r in rs))
    texts_sent = [r["json"]["text"] for r in provider.recorded(SEND)]
    assert texts.text("counsellor_joined", "nb") in texts_sent
    assert sum(reply in t for t in texts_sent) == 1
    assert "anna" not in [t.split(":")[0] for t in texts_sent]  # never the username

    closed = channels_app.post(f"/api/handovers/{handover['id']}/close", json={"outcome": "reflective"},
                               headers=anna)
    assert closed.status_code == 200, closed.text
    provider.wait_for(lambda rs: any(channel_texts.text("write_to_start_again", "nb") in r["json"]["text"]
                                     for r in rs))


def test_stop_erases_the_session_and_confirms(channels_app, provider, redis_client):
    send_tg(channels_app, tg_message(CHAT, "Hei"))
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    assert send_tg(channels_app, tg_message(CHAT, "/stop")).status_code == 200
    sent = provider.wait_for(lambda rs: len(rs) >= 2)
    assert sent[-1]["json"] == {"chat_id": CHAT, "text": channel_texts.text("stop_confirmed", "nb")}
    assert session_of(redis_client) is None
    for key in (keys.session(session_id), keys.transcript(session_id), keys.channel_session(session_id)):
        assert not redis_client.exists(key)


def test_a_message_without_text_gets_a_note_in_the_chats_language(channels_app, provider, redis_client):
    update = tg_message(CHAT, "x", language_code="pl")
    del update["message"]["text"]
    update["message"]["sticker"] = {"file_id": "abc"}
    assert send_tg(channels_app, update).status_code == 200
    [request] = provider.wait_for(lambda rs: len(rs) >= 1)
    assert request["json"] == {"chat_id": CHAT, "text": channel_texts.text("text_only", "pl")}
    assert session_of(redis_client) is None  # nothing stored
