"""Fixtures for the channel tests: the fake provider (a real local HTTP server) and the app wired
to it, with a real Redis; ``channel_live`` adds the real Rasa and action server."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.channels.signature import twilio_signature
from core.settings import AssistantSettings, ChannelSettings, HandoverSettings
from tests.assistant.channels.fake_provider import FakeProvider
from tests.conftest import TEST_STAFF
from tests.processes import free_port

SMS_SID = "AC0123456789abcdef0123456789abcdef"
SMS_TOKEN = "sms-auth-token-for-tests"
SMS_FROM = "+4759440000"
TG_TOKEN = "123456:TEST-bot-token"
TG_SECRET = "tg-secret-token-for-tests"
PUBLIC = "https://veivalg.test"
SMS_URL = "http://testserver/api/channels/sms"


@pytest.fixture
def provider():
    fake = FakeProvider().start()
    yield fake
    fake.stop()


def channel_settings(provider: FakeProvider, **overrides) -> ChannelSettings:
    values = {"sms_account_sid": SMS_SID, "sms_auth_token": SMS_TOKEN, "sms_from": SMS_FROM,
              "sms_api_base_url": provider.url, "telegram_bot_token": TG_TOKEN, "telegram_secret_token": TG_SECRET,
              "telegram_api_base_url": provider.url, "public_base_url": PUBLIC, "dispatch_interval_s": 0.2}
    values.update(overrides)
    return ChannelSettings(**values)


def channel_client(redis_url: str, provider: FakeProvider, rasa_url: str | None = None,
                   actions_url: str | None = None, assistant: dict | None = None, **channels) -> TestClient:
    closed = f"http://127.0.0.1:{free_port()}"
    settings = AssistantSettings(redis_url=redis_url, rasa_url=rasa_url or closed, actions_url=actions_url or closed,
                                 rasa_timeout_s=60, health_timeout_s=1, **(assistant or {}))
    handover = HandoverSettings(opening_hours="always", seed_roster=False, staff=TEST_STAFF, lease_sweep_s=0.2)
    return TestClient(create_app(settings, handover, channel_settings=channel_settings(provider, **channels)))


@pytest.fixture
def channels_app(redis_server, redis_client, provider):
    """The app (Redis real, Rasa unreachable) with both channels pointed at the fake provider."""
    with channel_client(redis_server.url, provider) as client:
        yield client


@pytest.fixture
def channel_live(redis_server, redis_client, rasa_stack, provider):
    with channel_client(redis_server.url, provider, rasa_stack["rasa_url"], rasa_stack["actions_url"]) as client:
        yield client


def send_sms(client: TestClient, sender: str, body: str, sid: str | None = None, signature: str | None = None,
             token: str = SMS_TOKEN):
    """POST the webhook as the provider does: form-encoded, with the Twilio fields, signed."""
    params = {"ToCountry": "NO", "SmsMessageSid": sid or "", "NumMedia": "0", "From": sender, "To": SMS_FROM,
              "Body": body, "AccountSid": SMS_SID, "MessageSid": sid or "", "ApiVersion": "2010-04-01"}
    params = {k: v for k, v in params.items() if v != "" or k in ("Body", "NumMedia")}
    signed = signature if signature is not None else twilio_signature(token, SMS_URL, params.items())
    return client.post("/api/channels/sms", content=urlencode(params),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signed})


_update_ids = iter(range(10_000, 10**9))


def tg_message(chat_id: int, text: str, language_code: str = "nb") -> dict:
    return {"update_id": next(_update_ids), "message": {
        "message_id": next(_update_ids), "date": 1764540000, "text": text,
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": language_code},
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"}}}


def tg_button(chat_id: int, data: str, query_id: str = "cb-1") -> dict:
    return {"update_id": next(_update_ids), "callback_query": {
        "id": query_id, "data": data, "chat_instance": "42",
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "nb"},
        "message": {"message_id": 7, "date": 1764540000, "text": "…",
                    "chat": {"id": chat_id, "type": "private", "first_name": "Test"}}}}


def send_tg(client: TestClient, update: dict, secret: str | None = TG_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/api/channels/telegram", json=update, headers=headers)
