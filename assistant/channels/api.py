"""The providers' webhooks: ``POST /api/channels/sms`` (Twilio-compatible, form-encoded) and
``POST /api/channels/telegram`` (Bot API updates, JSON).

Never open by default: the SMS webhook checks ``X-Twilio-Signature`` with the auth token and is
refused (403 ``channel_disabled``) while no auth token is configured, unless
``CHANNELS_SMS_ALLOW_UNSIGNED`` is set for development; the Telegram webhook checks
``X-Telegram-Bot-Api-Secret-Token`` and is refused while no secret is configured. A wrong
signature or secret is 403 (``bad_signature``, ``bad_secret_token``) and nothing is stored.

The message is handled (recorded first, then answered) before the webhook answers 200; the
replies go out through the REST APIs right after the response (and from the dispatcher's pass),
never in the webhook's response body. A provider's retry of an update already handled (same
Telegram ``update_id`` or Twilio ``MessageSid``) is answered 200 and not handled twice.
"""

from __future__ import annotations

import hmac
import json
import re
from urllib.parse import parse_qsl

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.channels import texts
from assistant.channels.inbound import Incoming, is_stop
from assistant.channels.service import Channels
from assistant.channels.signature import twilio_signature_valid
from core.errors import ApiError
from core.schemas import MAX_CHARS, clean_text

router = APIRouter(prefix="/api/channels", tags=["channels"])

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
CALLBACK_DATA = re.compile(r"([A-Za-z0-9_-]{1,16}):(\d{1,2})")
GREETINGS = {"nb": "Hei", "nn": "Hei", "en": "Hello", "uk": "Привіт", "pl": "Cześć", "ar": "مرحبا"}
REFUSED = {403: {"description": "`channel_disabled`: the channel is not configured; `bad_signature` / "
                                "`bad_secret_token`: the request is not from the provider. Nothing is stored."},
           422: {"description": "`invalid_request`: not a message this webhook understands; nothing is stored."}}


class ChannelAck(BaseModel):
    ok: bool = Field(True, description="The update was accepted (replies go out through the provider's API).")


def _channels(request: Request) -> Channels:
    return request.app.state.channels


def _message_text(text: str) -> str:
    text = clean_text(text).strip()
    if len(text) > MAX_CHARS:
        raise ApiError(422, "invalid_request", f"the message is longer than {MAX_CHARS} characters; nothing was stored")
    return text


@router.post("/sms", response_model=ChannelAck, responses={
    **REFUSED, 200: {"content": {"application/xml": {"schema": {"type": "string"}}},
                     "description": "An empty TwiML `<Response/>` (application/xml)."}})
async def sms_webhook(request: Request, background: BackgroundTasks) -> Response:
    """An SMS from a citizen (Twilio-compatible: form fields ``From``, ``Body``, ``MessageSid``; the
    provider's other fields are ignored but signed)."""
    channels = _channels(request)
    settings = channels.settings
    if not settings.sms_auth_token and not settings.sms_allow_unsigned:
        raise ApiError(403, "channel_disabled", "the SMS channel is not configured")
    raw = (await request.body()).decode("utf-8", errors="replace")
    params = parse_qsl(raw, keep_blank_values=True)
    if settings.sms_auth_token:
        url = settings.sms_webhook_url or str(request.url)
        if not twilio_signature_valid(settings.sms_auth_token, url, params,
                                      request.headers.get("X-Twilio-Signature", "")):
            raise ApiError(403, "bad_signature", "the X-Twilio-Signature does not match this request")
    form = dict(params)
    sender = form.get("From", "").strip()
    if not sender:
        raise ApiError(422, "invalid_request", "an SMS webhook needs the sender in From")
    text = _message_text(form.get("Body", ""))
    xml = Response(EMPTY_TWIML, media_type="application/xml")
    if form.get("MessageSid") and not await channels.sessions.first_time("sms", form["MessageSid"]):
        return xml  # the provider retried a message handled already
    message = Incoming("sms", sender, sender, text)
    if not text:
        current = await channels.sessions.current("sms", sender)
        background.add_task(channels.tell_sms, sender, texts.text("text_only", current.language if current else "nb"))
        return xml
    if is_stop(text):
        background.add_task(channels.tell_sms, sender, await channels.inbound.stop(message))
        return xml
    result = await channels.inbound.receive(message)
    background.add_task(channels.tell_sms, sender, result["notice"])
    background.add_task(channels.deliver, result["session_id"])
    return xml


@router.post("/telegram", response_model=ChannelAck, responses=REFUSED)
async def telegram_webhook(request: Request, background: BackgroundTasks) -> dict:
    """A Telegram Bot API update: a text message in a private chat, or a press of an inline button
    (``callback_query``). Other updates are acknowledged and ignored."""
    channels = _channels(request)
    settings = channels.settings
    if not (settings.telegram_secret_token and settings.telegram_bot_token):
        raise ApiError(403, "channel_disabled", "the Telegram channel is not configured")
    if not _same(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), settings.telegram_secret_token):
        raise ApiError(403, "bad_secret_token", "the X-Telegram-Bot-Api-Secret-Token does not match")
    try:
        update = json.loads(await request.body())
    except ValueError:
        raise ApiError(422, "invalid_request", "the update is not valid JSON") from None
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise ApiError(422, "invalid_request", "a Telegram update needs an update_id")
    if not await channels.sessions.first_time("telegram", str(update["update_id"])):
        return {"ok": True}
    if isinstance(update.get("callback_query"), dict):
        await _telegram_button(channels, update["callback_query"], background)
    elif isinstance(update.get("message"), dict):
        await _telegram_message(channels, update["message"], background)
    return {"ok": True}


async def _telegram_message(channels: Channels, message: dict, background: BackgroundTasks) -> None:
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    if chat.get("type") != "private" or not isinstance(chat.get("id"), int):
        return  # groups and channels: not a conversation with one citizen
    chat_id = str(chat["id"])
    hint = ((message.get("from") or {}).get("language_code") if isinstance(message.get("from"), dict) else None)
    raw = message.get("text")
    if not isinstance(raw, str) or not raw.strip():
        current = await channels.sessions.current("telegram", chat_id)
        background.add_task(channels.tell_telegram, chat_id,
                            texts.text("text_only", current.language if current else channels.inbound.language_for(hint)))
        return
    text = _message_text(raw)
    incoming = Incoming("telegram", chat_id, chat_id, text, hint)
    if is_stop(text):
        background.add_task(channels.tell_telegram, chat_id, await channels.inbound.stop(incoming))
        return
    if text.split()[0] == "/start":  # Telegram's "Start" button: a greeting in the app's language
        incoming.text = GREETINGS[channels.inbound.language_for(hint)]
    result = await channels.inbound.receive(incoming)
    background.add_task(channels.tell_telegram, chat_id, result["notice"])
    background.add_task(channels.deliver, result["session_id"])


async def _telegram_button(channels: Channels, query: dict, background: BackgroundTasks) -> None:
    message = query.get("message") if isinstance(query.get("message"), dict) else {}
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    query_id = str(query.get("id", ""))
    if chat.get("type") != "private" or not isinstance(chat.get("id"), int) or not query_id:
        return
    chat_id = str(chat["id"])
    hint = (query.get("from") or {}).get("language_code") if isinstance(query.get("from"), dict) else None
    matched = CALLBACK_DATA.fullmatch(str(query.get("data", "")))
    current = await channels.sessions.current("telegram", chat_id)
    if matched is None or current is None or current.mode == "closed":
        language = current.language if current else channels.inbound.language_for(hint)
        background.add_task(channels.answer_callback, query_id, texts.text("stale_button", language))
        return
    result = await channels.inbound.receive(Incoming("telegram", chat_id, chat_id, "", hint),
                                            choice=(matched.group(1), int(matched.group(2))))
    background.add_task(channels.answer_callback, query_id, result["notice"])
    background.add_task(channels.deliver, result["session_id"])


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
