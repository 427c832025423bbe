"""The providers' REST APIs: a Twilio-compatible SMS API and the Telegram Bot API, each at a
configurable base URL (tests point them at a local stand-in).

- SMS: ``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json``, form ``To``, ``From``,
  ``Body``, HTTP basic auth ``AccountSid:AuthToken``.
- Telegram: ``POST {base}/bot{token}/sendMessage`` (JSON ``chat_id``, ``text``, ``reply_markup``
  with ``inline_keyboard``) and ``answerCallbackQuery``.

``deliver`` sends one rendered event as one or more messages (split to the channel's limits) and
calls ``sent(part)`` after each, so a delivery that fails half way resumes after the last part sent.
A ``ProviderError`` is transient (network, 429, 5xx: try again later) or permanent (another 4xx,
e.g. a number that cannot receive SMS or a chat that blocked the bot: retrying cannot help).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from assistant.channels import splitting
from assistant.channels.rendering import Outgoing, choices_text
from core.settings import ChannelSettings

Sent = Callable[[int], Awaitable[None]]


class ProviderError(Exception):
    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


def _check(response: httpx.Response, what: str) -> httpx.Response:
    if response.status_code < 300:
        return response
    permanent = 400 <= response.status_code < 500 and response.status_code != 429
    raise ProviderError(f"{what}: HTTP {response.status_code}", permanent)


class SmsProvider:
    channel = "sms"

    def __init__(self, http: httpx.AsyncClient, settings: ChannelSettings) -> None:
        self.http = http
        self.settings = settings

    @property
    def configured(self) -> bool:
        s = self.settings
        return bool(s.sms_account_sid and s.sms_auth_token and s.sms_from)

    def parts(self, outgoing: Outgoing) -> list[str]:
        s = self.settings
        parts = splitting.split_sms(outgoing.text, s.sms_max_segments, s.sms_max_chars)
        if outgoing.buttons:
            block = choices_text(outgoing.buttons, outgoing.language)
            joined = f"{parts[-1]}\n{block}" if parts else block
            if parts and splitting.split_sms(joined, s.sms_max_segments, s.sms_max_chars) == [joined]:
                parts[-1] = joined
            else:
                parts += splitting.split_sms(block, s.sms_max_segments, s.sms_max_chars)
        return parts

    async def send_text(self, to: str, body: str) -> None:
        s = self.settings
        url = f"{s.sms_api_base_url.rstrip('/')}/2010-04-01/Accounts/{s.sms_account_sid}/Messages.json"
        try:
            response = await self.http.post(url, data={"To": to, "From": s.sms_from, "Body": body},
                                            auth=(s.sms_account_sid, s.sms_auth_token),
                                            timeout=s.provider_timeout_s)
        except httpx.HTTPError as error:
            raise ProviderError(f"sms: {error.__class__.__name__}", permanent=False) from None
        _check(response, "sms")

    async def deliver(self, address: str, outgoing: Outgoing, choices_id: str, skip: int, sent: Sent) -> None:
        for index, part in enumerate(self.parts(outgoing)):
            if index < skip:
                continue
            await self.send_text(address, part)
            await sent(index + 1)


class TelegramProvider:
    channel = "telegram"

    def __init__(self, http: httpx.AsyncClient, settings: ChannelSettings) -> None:
        self.http = http
        self.settings = settings

    @property
    def configured(self) -> bool:
        return bool(self.settings.telegram_bot_token and self.settings.telegram_secret_token)

    def _url(self, method: str) -> str:
        s = self.settings
        return f"{s.telegram_api_base_url.rstrip('/')}/bot{s.telegram_bot_token}/{method}"

    async def call(self, method: str, payload: dict) -> dict:
        try:
            response = await self.http.post(self._url(method), json=payload, timeout=self.settings.provider_timeout_s)
        except httpx.HTTPError as error:
            raise ProviderError(f"telegram {method}: {error.__class__.__name__}", permanent=False) from None
        return _check(response, f"telegram {method}").json()

    @staticmethod
    def keyboard(buttons: list[dict[str, str]], choices_id: str) -> dict:
        """One button per row; callback_data is "<choices id>:<number>" (at most 64 bytes), never the payload."""
        return {"inline_keyboard": [[{"text": b["title"][:64], "callback_data": f"{choices_id}:{n}"}]
                                    for n, b in enumerate(buttons, start=1)]}

    async def send_message(self, chat_id: str, text: str, reply_markup: dict | None = None) -> None:
        payload: dict = {"chat_id": _chat_id(chat_id), "text": text}
        if reply_markup:
            payload["reply_markup"] = reply_markup
        await self.call("sendMessage", payload)

    async def answer_callback(self, callback_query_id: str, text: str | None = None) -> None:
        payload: dict = {"callback_query_id": callback_query_id}
        if text:
            payload["text"] = text
        await self.call("answerCallbackQuery", payload)

    def parts(self, outgoing: Outgoing) -> list[str]:
        return splitting.split_telegram(outgoing.text) or ([""] if outgoing.buttons else [])

    async def deliver(self, address: str, outgoing: Outgoing, choices_id: str, skip: int, sent: Sent) -> None:
        parts = self.parts(outgoing)
        for index, part in enumerate(parts):
            if index < skip:
                continue
            last = index == len(parts) - 1
            markup = self.keyboard(outgoing.buttons, choices_id) if last and outgoing.buttons else None
            await self.send_message(address, part or "…", markup)
            await sent(index + 1)


def _chat_id(chat_id: str) -> int | str:
    try:
        return int(chat_id)
    except ValueError:
        return chat_id
