"""The channels' parts, built once per app (``build``) and kept on ``app.state.channels``."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from assistant.channels.identity import ChannelSessions
from assistant.channels.inbound import Inbound
from assistant.channels.outbound import Dispatcher
from assistant.channels.providers import ProviderError, SmsProvider, TelegramProvider
from assistant.channels.shortlinks import ShortLinks
from assistant.conversation import Conversation
from core.ratelimit import RateLimiter
from core.sessions import SessionStore
from core.settings import ChannelSettings
from core.transcripts import TranscriptStore
from handover.flow import SessionFlow

log = logging.getLogger("veivalg.channels")


@dataclass
class Channels:
    settings: ChannelSettings
    sessions: ChannelSessions
    inbound: Inbound
    dispatcher: Dispatcher
    sms: SmsProvider
    telegram: TelegramProvider
    links: ShortLinks

    async def deliver(self, session_id: str | None) -> None:
        """Deliver right after a webhook (run after the response; failures wait for the next pass)."""
        if not session_id:
            return
        try:
            await self.dispatcher.deliver(session_id)
        except Exception:  # the background pass tries again
            log.exception("channel delivery after a webhook failed")

    async def tell_sms(self, to: str, text: str | None) -> None:
        if text:
            try:
                await self.sms.send_text(to, text)
            except ProviderError as error:
                log.warning("could not send an SMS notice: %s", error)

    async def tell_telegram(self, chat_id: str, text: str | None) -> None:
        if text:
            try:
                await self.telegram.send_message(chat_id, text)
            except ProviderError as error:
                log.warning("could not send a Telegram notice: %s", error)

    async def answer_callback(self, callback_query_id: str, text: str | None) -> None:
        try:
            await self.telegram.answer_callback(callback_query_id, text)
        except ProviderError as error:
            log.warning("could not answer a Telegram callback: %s", error)


def build(settings: ChannelSettings, *, redis: Redis, http: httpx.AsyncClient, sessions: SessionStore,
          transcripts: TranscriptStore, conversation: Conversation, flow: SessionFlow, limiter: RateLimiter,
          identity_secret: str, public_url: str, default_language: str, retention_days: int,
          counsellor_names=None, production: bool = False) -> Channels:
    if production and settings.sms_allow_unsigned:
        raise RuntimeError("CHANNELS_SMS_ALLOW_UNSIGNED is for development only; set CHANNELS_SMS_AUTH_TOKEN")
    keep_s = retention_days * 86400
    channel_sessions = ChannelSessions(redis, sessions, settings.identity_key or identity_secret, keep_s)
    links = ShortLinks(redis, settings.public_base_url or public_url, settings.short_link_ttl_days * 86400)
    sms, telegram = SmsProvider(http, settings), TelegramProvider(http, settings)
    dispatcher = Dispatcher(redis, channel_sessions, sessions, transcripts, {"sms": sms, "telegram": telegram},
                            links, settings.dispatch_interval_s, names=counsellor_names)
    inbound = Inbound(channel_sessions, conversation, flow, limiter, default_language)
    return Channels(settings, channel_sessions, inbound, dispatcher, sms, telegram, links)
