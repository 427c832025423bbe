"""One citizen message, start to end: record it, route it (bot or human), and answer."""

import logging
from dataclasses import dataclass
from typing import Any

from assistant import language as language_detection
from assistant.crisis import signals_crisis
from assistant.rasa_client import RasaClient, RasaUnavailable
from assistant.rasa_output import bot_message, need_for
from core import texts
from core.clock import now
from core.sessions import Session, SessionStore
from core.transcripts import TranscriptStore
from handover import hours_text
from handover.counsellors import CounsellorStore
from handover.flow import SessionFlow
from handover.hours import OpeningHours
from handover.queue import HandoverRequest
from handover.waiting import WaitingRoom

log = logging.getLogger("veivalg.conversation")

EVENT_FIELDS = ("sources", "buttons", "career_centre", "career_centres", "note", "callback")


@dataclass
class Conversation:
    sessions: SessionStore
    transcripts: TranscriptStore
    flow: SessionFlow  # every change of mode (here: bot -> queued)
    rasa: RasaClient
    hours: OpeningHours
    counsellors: CounsellorStore
    waiting: WaitingRoom

    async def handle(self, session: Session, text: str) -> dict[str, Any]:
        payload = None
        shown_text = text
        if text in session.buttons:
            payload, shown_text = text, session.buttons[text]
        elif text.startswith("/"):
            text = text.lstrip("/") or text  # only offered buttons may trigger intents directly
            shown_text = text
        detected = (
            language_detection.Detection(session.language, 1.0)
            if payload or session.language_locked
            else language_detection.detect(text, fallback=session.language)
        )
        reply_language = detected.language if detected.language != "other" else "en"
        # The citizen's words are stored before anything else can fail.
        await self.transcripts.append(
            session.id, "citizen", shown_text, "message", language=detected.language, payload=payload
        )
        if session.mode in ("queued", "human"):
            return await self._response(session.id, [], None)
        await self.sessions.update(session.id, language=reply_language)
        # The safety net runs beside the NLU: a crisis pattern sends the crisis intent directly.
        rasa_text = "/crisis" if signals_crisis(text) else (payload or text)
        try:
            turn = await self.rasa.send(
                session.id, rasa_text,
                {"language": reply_language, "detected_language": detected.language, "channel": session.channel},
            )
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for session %s: %s", session.id, error)
            notice = {"kind": "system", "text": texts.text("assistant_unavailable", reply_language),
                      "language": reply_language, "sources": [], "buttons": []}
            await self.transcripts.append(session.id, "system", notice["text"], "system")
            return await self._response(session.id, [notice], None)

        bot_messages: list[dict[str, Any]] = []
        handover_payload = None
        for raw in turn.messages:
            switch = (raw.get("custom") or {}).get("set_language") if isinstance(raw.get("custom"), dict) else None
            if switch:
                await self.sessions.update(session.id, language=switch, language_locked=True)
            message, handover = bot_message(raw, reply_language)
            if message["text"] or message["sources"] or message.get("career_centre"):
                bot_messages.append(message)
            handover_payload = handover or handover_payload
        county = turn.slots.get("county") or session.triage.get("county")
        triage = {
            "need": need_for(turn.intent, [m["kind"] for m in bot_messages], session.triage.get("need")),
            "language": detected.language,
            "county": county,
            "confidence": round(turn.intent_confidence, 3),
        }
        await self.sessions.update(session.id, triage=triage)
        for message in bot_messages:
            await self._record_bot(session.id, message)
        if handover_payload is not None:
            bot_messages.append(await self._hand_over(session, handover_payload, triage, reply_language, text))
        buttons = {b["payload"]: b["title"] for m in bot_messages for b in m["buttons"]}
        await self.sessions.update(session.id, buttons=buttons)
        return await self._response(session.id, bot_messages, triage)

    async def _record_bot(self, session_id: str, message: dict[str, Any], sender: str = "bot") -> None:
        extra = {k: message[k] for k in EVENT_FIELDS if message.get(k)}
        await self.transcripts.append(
            session_id, sender, message["text"], message["kind"], language=message["language"], **extra
        )

    async def _hand_over(
        self, session: Session, payload: dict[str, Any], triage: dict[str, Any], language: str, text: str
    ) -> dict[str, Any]:
        at = now()
        open_now = self.hours.is_open(at)
        if not open_now or not await self.counsellors.on_duty():
            opens = self.hours.next_opening(at)
            if open_now:
                body = texts.text("nobody_on_duty", language)
            elif opens:
                body = texts.text("out_of_hours", language, opens=hours_text.when(opens, language, self.hours.timezone))
            else:
                body = texts.text("never_open", language)
            notice = {"kind": "out_of_hours", "text": body, "language": language, "sources": [], "callback": True,
                      "buttons": [
                          {"title": texts.text("button_career_centre", language), "payload": "/career_centre"},
                          {"title": texts.text("button_keep_asking", language), "payload": "/greet"},
                      ]}
            await self._record_bot(session.id, notice, sender="system")
            return notice
        first = await self.transcripts.read(session.id, 0)
        first_message = next((e["text"] for e in first if e["from"] == "citizen"), text)
        request = HandoverRequest.from_payload(
            {**payload, "first_message": first_message},  # the transcript is authoritative
            language=language, county=triage.get("county"),
        )
        queued = await self.flow.queue(session.id, request, language)  # tells the citizen their place
        return {"kind": "handover_queued", "text": queued.notice, "language": language, "sources": [], "buttons": []}

    async def queue_status(self, session_id: str) -> dict[str, int] | None:
        session = await self.sessions.get(session_id)
        if session is None or session.mode != "queued" or not session.handover_id:
            return None
        return await self.waiting.status(session.handover_id)

    async def _response(self, session_id: str, bot_messages: list[dict], triage: dict | None) -> dict[str, Any]:
        session = await self.sessions.get(session_id)
        assert session is not None
        return {
            "messages": bot_messages,
            "mode": session.mode,
            "triage": triage or session.triage,
            "queue": await self.queue_status(session_id),
        }
