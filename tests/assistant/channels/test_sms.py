"""The SMS channel through the real app, a real Redis and the fake provider (a real HTTP server):
the exact REST requests, the signature check, splitting with short links, numbered choices, a
counsellor's reply delivered once by two gateways, the queue and crisis notices, STOP, the limits."""

from __future__ import annotations

import json
import time

import pytest

from assistant.channels import texts as channel_texts
from assistant.channels.splitting import sms_segments
from core import keys, texts
from tests.assistant.channels.conftest import (
    PUBLIC,
    SMS_FROM,
    SMS_SID,
    SMS_TOKEN,
    channel_client,
    send_sms,
)
from tests.conftest import staff_login

pytestmark = pytest.mark.integration

PHONE = "+4791234567"
MESSAGES_PATH = f"/2010-04-01/Accounts/{SMS_SID}/Messages.json"


def session_of(redis_client, channel="sms", phone=PHONE) -> str | None:
    found = [k for k in redis_client.keys(f"vv:channel-identity:{channel}:*")]
    assert len(found) <= 1
    return redis_client.get(found[0]) if found else None


def bodies(provider, to=PHONE) -> list[str]:
    return [r["form"]["Body"] for r in provider.recorded("/Messages.json") if r["form"]["To"] == to]


def portal(client, coroutine_function, *args, **kwargs):
    return client.portal.call(lambda: coroutine_function(*args, **kwargs))


def test_a_signed_sms_starts_a_session_and_the_reply_goes_through_the_rest_api(channels_app, provider, redis_client):
    response = send_sms(channels_app, PHONE, "Hei, hva kan du hjelpe med?", sid="SM00000000000000000000000000000001")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response/>'

    session_id = session_of(redis_client)
    assert session_id and redis_client.hget(keys.session(session_id), "channel") == "sms"
    events = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)]
    assert (events[0]["from"], events[0]["text"]) == ("citizen", "Hei, hva kan du hjelpe med?")  # recorded first

    [request] = provider.wait_for(lambda rs: len(rs) >= 1)
    assert request["method"] == "POST" and request["path"] == MESSAGES_PATH
    assert request["basic_auth"] == f"{SMS_SID}:{SMS_TOKEN}"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    reply = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)][1]
    assert reply["text"].startswith(texts.text("assistant_unavailable", "nb"))  # Rasa is not running here
    choices = "".join(f"\n{n} {b['title']}" for n, b in enumerate(reply.get("buttons") or [], start=1))
    body = reply["text"] + (f"\nSvar med tallet:{choices}" if choices else "")
    assert request["form"] == {"To": PHONE, "From": SMS_FROM, "Body": body}

    # The number itself is stored only as the address replies go to, never as a key or elsewhere.
    holders = [k for k in redis_client.keys("*") if PHONE[1:] in k or any(
        PHONE[1:] in v for v in _values(redis_client, k))]
    assert holders == [keys.channel_session(session_id)]
    assert redis_client.hget(keys.channel_session(session_id), "address") == PHONE

    # The provider retries the same message: answered, not handled twice.
    assert send_sms(channels_app, PHONE, "Hei, hva kan du hjelpe med?",
                    sid="SM00000000000000000000000000000001").status_code == 200
    assert redis_client.llen(keys.transcript(session_id)) == len(events)


def _values(redis_client, key) -> list[str]:
    kind = redis_client.type(key)
    if kind == "string":
        return [redis_client.get(key) or ""]
    if kind == "hash":
        return list(redis_client.hgetall(key).values())
    if kind == "list":
        return redis_client.lrange(key, 0, -1)
    if kind in ("set",):
        return list(redis_client.smembers(key))
    if kind == "zset":
        return redis_client.zrange(key, 0, -1)
    return []


@pytest.mark.parametrize("signature", ["", "bm90IHRoZSBzaWduYXR1cmU=", "wrong-token"])
def test_a_bad_signature_is_refused_and_nothing_is_stored(channels_app, provider, redis_client, signature):
    before = set(redis_client.keys("*"))
    if signature == "wrong-token":
        response = send_sms(channels_app, PHONE, "Hei", token="not-the-auth-token")
    else:
        response = send_sms(channels_app, PHONE, "Hei", signature=signature)
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
    assert set(redis_client.keys("*")) == before
    assert provider.recorded() == []


def test_a_webhook_without_a_configured_secret_is_refused(offline_app, redis_client):
    before = set(redis_client.keys("*"))
    response = send_sms(offline_app, PHONE, "Hei", signature="")
    assert response.status_code == 403 and response.json()["code"] == "channel_disabled"
    telegram = offline_app.post("/api/channels/telegram", json={"update_id": 1},
                                headers={"X-Telegram-Bot-Api-Secret-Token": ""})
    assert telegram.status_code == 403 and telegram.json()["code"] == "channel_disabled"
    assert set(redis_client.keys("*")) == before


def test_an_sms_without_a_sender_is_refused(channels_app, provider, redis_client):
    before = set(redis_client.keys("*"))
    response = send_sms(channels_app, "", "Hei")
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"
    assert set(redis_client.keys("*")) == before


LONG = " ".join(
    f"Setning nummer {n} forklarer en del av opptaket til høyere utdanning, med frister og krav som gjelder."
    for n in range(1, 21))
SOURCE = {"title": "Søke høyere utdanning", "url": "https://utdanning.example.no/artikler/soke-hoyere-utdanning",
          "reviewed": "2026-09-01", "section": "Frister"}


def test_a_long_answer_is_split_to_the_limits_with_the_source_as_a_short_link(channels_app, provider, redis_client):
    send_sms(channels_app, PHONE, "Hei")
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    portal(channels_app, channels_app.app.state.transcripts.append, session_id, "bot", LONG, "answer",
           language="nb", sources=[SOURCE])
    sent = provider.wait_for(lambda rs: any("Kilde:" in r["form"]["Body"] for r in rs))
    parts = [r["form"]["Body"] for r in sent[1:]]
    assert len(parts) >= 3
    assert all(len(p) <= 600 and sms_segments(p) <= 4 for p in parts)
    assert all(p.endswith(".") or "Kilde:" in p for p in parts)  # cut after sentences
    assert " ".join(parts).startswith(LONG)  # nothing lost, in order
    [source_line] = [line for line in parts[-1].splitlines() if line.startswith("Kilde:")]
    assert source_line.startswith("Kilde: Søke høyere utdanning – Frister (sist kontrollert 2026-09-01) "
                                  f"{PUBLIC}/s/")
    code = source_line.rsplit("/s/", 1)[1]
    redirect = channels_app.get(f"/s/{code}", follow_redirects=False)
    assert redirect.status_code == 302 and redirect.headers["location"] == SOURCE["url"]
    missing = channels_app.get("/s/aaaaaaaa", follow_redirects=False)
    assert missing.status_code == 404 and missing.json()["code"] == "short_link_not_found"


def test_a_ukrainian_answer_is_split_to_the_ucs2_limits(channels_app, provider, redis_client):
    send_sms(channels_app, PHONE, "Привіт")
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    text = " ".join(f"Речення {n} пояснює, як подати документи до університету." for n in range(1, 12))
    portal(channels_app, channels_app.app.state.transcripts.append, session_id, "bot", text, "answer", language="uk")
    sent = provider.wait_for(lambda rs: len(rs) >= 1 + 3)
    parts = [r["form"]["Body"] for r in sent[1:]]
    assert all(len(p) <= 4 * 67 and sms_segments(p) <= 4 for p in parts)
    assert " ".join(parts) == text


def offer_buttons(client, session_id):
    buttons = [{"title": "Ja, det hjalp", "payload": "/feedback_helpful"},
               {"title": "Nei", "payload": "/feedback_unhelpful"}]
    portal(client, client.app.state.sessions.update, session_id, buttons={b["payload"]: b["title"] for b in buttons})
    portal(client, client.app.state.transcripts.append, session_id, "bot", "Var dette til hjelp?", "feedback",
           language="nb", buttons=buttons)


def test_buttons_become_numbered_choices_and_a_number_sends_the_payload(channels_app, provider, redis_client):
    send_sms(channels_app, PHONE, "Hei")
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    offer_buttons(channels_app, session_id)
    sent = provider.wait_for(lambda rs: len(rs) >= 2)
    assert sent[1]["form"]["Body"] == "Var dette til hjelp?\nSvar med tallet:\n1 Ja, det hjalp\n2 Nei"

    send_sms(channels_app, PHONE, "2")
    citizen = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)
               if json.loads(e)["from"] == "citizen"]
    assert (citizen[-1]["text"], citizen[-1].get("payload")) == ("Nei", "/feedback_unhelpful")

    # The choice was used: "2" now means the second choice of the reply that followed, if any.
    events = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)]
    offered = next(e.get("buttons") or [] for e in reversed(events) if e["from"] != "citizen")
    provider.wait_for(lambda rs: len(rs) >= 3)
    send_sms(channels_app, PHONE, "2")
    citizen = [json.loads(e) for e in redis_client.lrange(keys.transcript(session_id), 0, -1)
               if json.loads(e)["from"] == "citizen"]
    expected = (offered[1]["title"], offered[1]["payload"]) if len(offered) >= 2 else ("2", None)
    assert (citizen[-1]["text"], citizen[-1].get("payload")) == expected


CRISIS = "Jeg orker ikke mer, jeg vil ikke leve lenger"


def test_crisis_queue_and_a_counsellor_reply_reach_the_phone_once_with_two_gateways(
        redis_server, redis_client, provider):
    with channel_client(redis_server.url, provider) as first, channel_client(redis_server.url, provider) as second:
        anna = staff_login(first, "anna", "anna-secret-1")  # on duty
        assert send_sms(first, PHONE, CRISIS).status_code == 200
        session_id = session_of(redis_client)
        provider.wait_for(lambda rs: any("køen" in r["form"]["Body"] for r in rs))
        crisis = next(b for b in bodies(provider) if "113" in b)
        assert all(number in crisis for number in ("113", "116 123", "22 40 00 40"))
        queued = next(b for b in bodies(provider) if "køen" in b)
        assert "nummer 1" in queued
        assert bodies(provider).index(crisis) < bodies(provider).index(queued)  # in order

        [handover] = [h for h in first.get("/api/handovers?status=waiting", headers=anna).json()
                      if h["session_id"] == session_id]
        assert first.post(f"/api/handovers/{handover['id']}/claim", headers=anna).status_code == 200
        reply = "Hei, jeg er her nå. Vil du fortelle litt om hvordan du har det?"
        assert second.post(f"/api/handovers/{handover['id']}/messages", json={"text": reply},
                           headers=anna).status_code == 200
        provider.wait_for(lambda rs: any(reply in r["form"]["Body"] for r in rs))
        joined = texts.text("counsellor_joined", "nb")
        # Both gateways' dispatchers (and a direct delivery) go over the session again: nothing new goes out.
        passes = (first.app.state.channels.dispatcher.passes, second.app.state.channels.dispatcher.passes)
        assert portal(first, first.app.state.channels.dispatcher.deliver, session_id) == 0
        provider.wait_for(lambda rs: first.app.state.channels.dispatcher.passes > passes[0] + 1
                          and second.app.state.channels.dispatcher.passes > passes[1] + 1)
        all_bodies = bodies(provider)
        assert sum(reply in b for b in all_bodies) == 1
        assert sum(joined in b for b in all_bodies) == 1
        assert [b for b in all_bodies if reply in b] == [f"{channel_texts.text('counsellor', 'nb')}: {reply}"]
        assert len(all_bodies) == len(set(all_bodies))


@pytest.mark.parametrize("word", ["STOP", "Slett", "/stop"])
def test_stop_ends_and_erases_the_session_and_confirms(channels_app, provider, redis_client, word):
    send_sms(channels_app, PHONE, "Hei")
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    identity = redis_client.keys("vv:channel-identity:sms:*")
    assert identity

    assert send_sms(channels_app, PHONE, word).status_code == 200
    sent = provider.wait_for(lambda rs: len(rs) >= 2)
    assert sent[-1]["form"] == {"To": PHONE, "From": SMS_FROM, "Body": channel_texts.text("stop_confirmed", "nb")}
    for key in (keys.session(session_id), keys.transcript(session_id), keys.channel_session(session_id), *identity):
        assert not redis_client.exists(key), key
    assert not redis_client.sismember(keys.CHANNEL_SESSIONS, session_id)
    assert not [k for k in redis_client.keys("*") if any(PHONE[1:] in v for v in _values(redis_client, k))]

    send_sms(channels_app, PHONE, "Hei igjen")  # a new conversation
    assert session_of(redis_client) not in (None, session_id)


def test_over_the_message_limit_one_polite_reply_and_nothing_stored(redis_server, redis_client, provider):
    with channel_client(redis_server.url, provider,
                        assistant={"limit_messages_per_session": "2/minute"}) as client:
        for text in ("Første", "Andre"):
            assert send_sms(client, PHONE, text).status_code == 200
        provider.wait_for(lambda rs: len(rs) >= 2)
        session_id = session_of(redis_client)
        assert send_sms(client, PHONE, "Tredje").status_code == 200
        assert send_sms(client, PHONE, "Fjerde").status_code == 200
        notice = channel_texts.text("rate_limited", "nb")
        provider.wait_for(lambda rs: any(r["form"]["Body"] == notice for r in rs))
        citizen = [json.loads(e)["text"] for e in redis_client.lrange(keys.transcript(session_id), 0, -1)
                   if json.loads(e)["from"] == "citizen"]
        assert citizen == ["Første", "Andre"]
        passes = client.app.state.channels.dispatcher.passes
        provider.wait_for(lambda rs: client.app.state.channels.dispatcher.passes > passes + 1)
        assert bodies(provider).count(notice) == 1


def test_a_failed_delivery_is_sent_again_and_a_refused_one_is_skipped(channels_app, provider, redis_client):
    provider.fail_next(1, 503)  # the provider is briefly down: the next pass sends it again
    send_sms(channels_app, PHONE, "Hei")
    sent = provider.wait_for(lambda rs: len(rs) >= 2)
    assert [r["answered"] for r in sent[:2]] == [503, 200] and sent[0]["form"] == sent[1]["form"]
    session_id = session_of(redis_client)
    identity = redis_client.keys("vv:channel-identity:sms:*")[0]
    assert 0 < redis_client.ttl(identity) <= 90 * 86400  # the mapping lives no longer than the retention period
    assert 0 < redis_client.ttl(keys.channel_session(session_id)) <= 90 * 86400

    provider.fail_next(1, 400)  # e.g. a number that cannot receive SMS: skipped, the next event still goes
    append = channels_app.app.state.transcripts.append
    portal(channels_app, append, session_id, "system", "Første melding.", "system", language="nb")
    portal(channels_app, append, session_id, "system", "Andre melding.", "system", language="nb")
    sent = provider.wait_for(lambda rs: any(r["form"]["Body"] == "Andre melding." for r in rs))
    first = [r["answered"] for r in sent if r["form"]["Body"] == "Første melding."]
    assert first == [400]


def test_after_a_closed_chat_the_next_sms_starts_a_new_session(channels_app, provider, redis_client):
    send_sms(channels_app, PHONE, "Hei")
    provider.wait_for(lambda rs: len(rs) >= 1)
    old = session_of(redis_client)
    portal(channels_app, channels_app.app.state.flow.citizen_close, old)
    provider.wait_for(lambda rs: any(channel_texts.text("write_to_start_again", "nb") in r["form"]["Body"]
                                     for r in rs))
    send_sms(channels_app, PHONE, "Hei igjen")
    new = session_of(redis_client)
    assert new not in (None, old)
    assert redis_client.hget(keys.session(old), "mode") == "closed"  # kept for the retention period ...
    assert not redis_client.exists(keys.channel_session(old))  # ... but not the number it was sent to
    # Erasing the old conversation (the citizen's right, or the retention sweep) leaves the new one's mapping.
    portal(channels_app, channels_app.app.state.flow.erase, old)
    assert not redis_client.exists(keys.session(old))
    assert session_of(redis_client) == new and redis_client.sismember(keys.CHANNEL_SESSIONS, new) in (0, 1)
    assert redis_client.hget(keys.channel_session(new), "address") == PHONE


def test_in_development_unsigned_sms_may_be_allowed_explicitly(redis_server, redis_client, provider):
    with channel_client(redis_server.url, provider, sms_auth_token="", sms_allow_unsigned=True) as client:
        assert send_sms(client, PHONE, "Hei", signature="").status_code == 200
        session_id = session_of(redis_client)
        assert session_id and redis_client.llen(keys.transcript(session_id)) >= 1


def test_queue_notices_waiting_together_go_out_as_the_latest_only(channels_app, provider, redis_client):
    send_sms(channels_app, PHONE, "Hei")
    provider.wait_for(lambda rs: len(rs) >= 1)
    session_id = session_of(redis_client)
    lock = keys.channel_delivery_lock(session_id)
    # Hold deliveries while both are appended (once the dispatcher has finished delivering the greeting:
    # the provider may have the first SMS while the same pass still sends the rest).
    deadline = time.monotonic() + 10
    while not redis_client.set(lock, "test", nx=True, px=60_000):
        assert time.monotonic() < deadline, "the dispatcher never released the delivery lock"
        time.sleep(0.05)
    append = channels_app.app.state.transcripts.append
    for position in (3, 2):
        portal(channels_app, append, session_id, "system", texts.text("queue_position", "nb", position=position,
                                                                     minutes=5), "queue", language="nb")
    redis_client.delete(lock)
    provider.wait_for(lambda rs: any("nummer 2" in r["form"]["Body"] for r in rs))
    passes = channels_app.app.state.channels.dispatcher.passes
    provider.wait_for(lambda rs: channels_app.app.state.channels.dispatcher.passes > passes + 1)
    assert not any("nummer 3" in b for b in bodies(provider))
