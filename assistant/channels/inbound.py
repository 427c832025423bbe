"""One incoming channel message, start to end: stop words, the rate limits, the identity's
session, numbered choices, then the conversation service (which records the message before
anything else can fail, exactly as for the web). The replies go out through the dispatcher.

"STOP", "/stop" and "slett" (any case) end and erase the session (the same erasure as
``DELETE /api/sessions/{id}``: ``SessionFlow.erase``) and confirm in the citizen's language.
Over a limit (messages per session, messages or new sessions per identity: the web's
``ASSISTANT_LIMIT_*`` rules, with the identity in place of the client address) the message is not
stored and the citizen gets one polite notice per limit window, not silence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from assistant.channels import texts
from assistant.channels.identity import ChannelSession, ChannelSessions
from assistant.conversation import Conversation
from core.errors import ApiError
from core.languages import LANGUAGES
from core.ratelimit import RateLimiter
from handover.flow import FlowError, SessionFlow

log = logging.getLogger("veivalg.channels")

STOP_WORDS = ("stop", "/stop", "slett")


def is_stop(text: str) -> bool:
    return text.strip().lower() in STOP_WORDS


@dataclass
class Incoming:
    channel: str
    identity: str  # the phone number or chat id (hashed before it is stored)
    address: str  # where replies go (the same number, the chat id)
    text: str
    language_hint: str | None = None  # e.g. Telegram's language_code


class Inbound:
    def __init__(self, channel_sessions: ChannelSessions, conversation: Conversation, flow: SessionFlow,
                 limiter: RateLimiter, default_language: str) -> None:
        self.channel_sessions = channel_sessions
        self.conversation = conversation
        self.flow = flow
        self.limiter = limiter
        self.default_language = default_language

    async def stop(self, message: Incoming) -> str:
        """End and erase the identity's session; returns the confirmation in its language."""
        current = await self.channel_sessions.current(message.channel, message.identity)
        language = current.language if current else self.language_for(message.language_hint)
        if current is not None:
            await self.flow.erase(current.id)
        return texts.text("stop_confirmed", language)

    async def receive(self, message: Incoming, choice: tuple[str, int] | None = None) -> dict[str, Any]:
        """Handle one message (``choice``: a Telegram button, as (choices id, number)). Returns
        ``{"session_id", "notice"}``: ``notice`` is a text to send the citizen at once (over a limit,
        a stale button), else None; the conversation's replies go through the dispatcher."""
        ref = self.channel_sessions.identity_ref(message.channel, message.identity)
        current = await self.channel_sessions.current(message.channel, message.identity)
        language = current.language if current else self.language_for(message.language_hint)
        try:
            if current is None or current.mode == "closed":
                await self.limiter.hit("sessions_per_address", ref)
            else:
                await self.limiter.hit("messages_per_session", current.id)
            await self.limiter.hit("messages_per_address", ref)
        except ApiError as limited:
            return {"session_id": current.id if current else None, "notice": await self._limited(ref, limited, language)}
        opened = await self.channel_sessions.open(message.channel, message.identity, message.address, language)
        if opened.created:
            try:
                await self.limiter.hit("messages_per_session", opened.session.id)
            except ApiError as limited:
                return {"session_id": opened.session.id, "notice": await self._limited(ref, limited, language)}
        text = message.text
        choices, choices_id = await self.channel_sessions.take(opened.session.id)
        if choice is not None:
            wanted_id, number = choice
            if wanted_id != choices_id or not 1 <= number <= len(choices):
                if choices:  # a stale button does not take the current ones away
                    await self.channel_sessions.offer_again(opened.session.id, choices, choices_id)
                return {"session_id": opened.session.id, "notice": texts.text("stale_button", opened.session.language)}
            text = choices[number - 1]
        elif choices and text.strip().isdigit() and 1 <= int(text.strip()) <= len(choices):
            text = choices[int(text.strip()) - 1]
        return {"session_id": opened.session.id, "notice": await self._handle(opened, text, ref)}

    async def _handle(self, opened: ChannelSession, text: str, ref: str) -> str | None:
        try:
            await self.conversation.handle(opened.session, text, ref)
        except ApiError as refused:  # e.g. the counsellor button over the handover-request limits
            if refused.status_code == 429:
                return await self._limited(ref, refused, opened.session.language, always=True)
            raise
        except FlowError as refused:  # closed or erased meanwhile
            log.info("a channel message met a conversation that changed meanwhile: %s", refused.code)
        return None

    async def _limited(self, ref: str, limited: ApiError, language: str, always: bool = False) -> str | None:
        if limited.status_code != 429:
            raise limited
        window = int((limited.headers or {}).get("Retry-After", "60"))
        if always or await self.channel_sessions.tell_limited_once(ref, window):
            return texts.text("rate_limited", language)
        return None  # told once already in this window

    def language_for(self, hint: str | None) -> str:
        hint = (hint or "").lower().split("-")[0]
        hint = {"no": "nb"}.get(hint, hint)
        return hint if hint in LANGUAGES else self.default_language
