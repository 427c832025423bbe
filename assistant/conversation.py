"""One citizen message, start to end: record it, route it (bot or human), and answer.

The safety net runs on every message, in every mode. In the bot's hands a crisis goes to Rasa as
the crisis intent (the action sends the numbers and asks for a crisis handover; if Rasa is down the
gateway does both). While queued or with a counsellor Rasa is not called: the citizen gets the
crisis reply with the numbers at once, and the flow escalates the handover, alerts the counsellor
and tells the back room. Out of hours the numbers come first, then the callback form.

A request for a counsellor that would be queued counts against the handover-request limits (per
session and per client address) and the cap on waiting handovers per address; a crisis never does.
The counsellor button (payload ``/request_human``) is known before anything is stored, so over the
limit it is refused with 429; a request Rasa recognises in free text is known only after the
message is stored and answered, so over the limit (or the cap) the reply is a notice (kind
``out_of_hours``, ``code`` ``rate_limited`` or ``too_many_waiting``) with the callback form.

Only the buttons of the bot's last reply work (``session.buttons``), once. A button payload that is
no longer on offer (an old "Ja, det hjalp" clicked again, with or without its slash) is neither a
question nor words for Rasa: the citizen gets a short notice in their language, nothing else changes.
"""

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from assistant import language as language_detection
from assistant import exercise_offer, language_notice, welcome
from assistant.crisis import signals_crisis
from assistant.person_request import asks_for_a_person
from assistant.rasa_client import RasaClient, RasaUnavailable
from assistant.rasa_output import bot_message, need_for
from core import texts
from core.clock import now
from core.errors import ApiError
from core.languages import answer_language, counsellor_only
from core.metrics import FEEDBACK_PAYLOADS, Metrics
from core.ratelimit import RateLimiter
from core.sessions import Session, SessionStore
from core.texts import lookup
from core.transcripts import TranscriptStore
from core.vocabulary import HANDOVER_REASONS
from handover import hours_text
from handover.counsellors import CounsellorStore
from handover.flow import Refused, SessionFlow
from handover.hours import OpeningHours
from handover.queue import HandoverRequest
from handover.waiting import WaitingRoom
from knowledge.centre_card import card_message
from knowledge.centres import CentresInvalid, nearest_office

log = logging.getLogger("veivalg.conversation")

EVENT_FIELDS = ("sources", "buttons", "career_centre", "career_centres", "note", "callback", "emergency", "code",
                "retry_after_s")
REQUEST_HUMAN = "/request_human"  # the counsellor button's payload
NLU_FALLBACK = "nlu_fallback"  # Rasa's intent when no intent is sure enough
# What a button sends: "/intent" or "/intent{...}", or a known intent name without its slash (how a
# late click on an old button used to arrive). Only buttons on offer reach Rasa as intents.
BUTTON_PAYLOAD = re.compile(
    r"/[a-z_]+(\{.*\})?|(feedback_helpful|feedback_unhelpful|request_human|career_centre|change_language)(\{.*\})?",
    re.DOTALL)
STALE_BUTTON = {"stale_button": {
    "nb": "Den knappen er ikke lenger i bruk. Skriv gjerne hva du lurer på.",
    "nn": "Den knappen er ikkje lenger i bruk. Skriv gjerne kva du lurer på.",
    "en": "That button is no longer active. Just write what you would like to know.",
    "uk": "Ця кнопка вже не діє. Напишіть, будь ласка, що вас цікавить.",
    "pl": "Ten przycisk już nie działa. Napisz, o co chcesz zapytać.",
    "ar": "هذا الزر لم يعد يعمل. اكتب ما تريد أن تسأل عنه.",
}}
CRISIS_HANDOVER = {"reason_code": "crisis", "reason": HANDOVER_REASONS["crisis"], "need": "crisis",
                   "priority": "crisis"}
HUMAN_HANDOVER = {"reason_code": "asked", "reason": HANDOVER_REASONS["asked"], "need": "human_request",
                  "priority": "normal"}  # asked for while the assistant is down
CAREER_CENTRE = "/career_centre"  # the career centre button's payload


def looks_like_payload(text: str) -> bool:
    """Whether a message is what a button sends rather than words a person wrote."""
    return BUTTON_PAYLOAD.fullmatch(text.strip()) is not None


@dataclass
class Conversation:
    sessions: SessionStore
    transcripts: TranscriptStore
    flow: SessionFlow  # every change of mode (here: bot -> queued)
    rasa: RasaClient
    hours: OpeningHours
    counsellors: CounsellorStore
    waiting: WaitingRoom
    limiter: RateLimiter | None = None  # handover requests per session and per client address
    metrics: Metrics | None = None  # the statistics (counts only)
    # A reflective need whose estimated wait is longer than this is offered the reflection
    # exercise before it is queued (None: never).
    exercise_offer_wait_s: int | None = None
    # Whether Rasa's action server answers. Rasa runs a turn without it (its actions' messages are
    # simply missing), so an empty reply is checked against this.
    actions_up: Callable[[], Awaitable[bool]] | None = None

    async def handle(self, session: Session, text: str, address: str | None = None) -> dict[str, Any]:
        """One message from the citizen; ``address`` is their client address (for the limits)."""
        payload = None
        shown_text = text
        if text in session.buttons:
            payload, shown_text = text, session.buttons[text]
        elif welcome.parse(text):  # the welcome's starting points are always on offer, in the page's language
            payload, shown_text = text.strip(), welcome.title(*welcome.parse(text))
        elif looks_like_payload(text) and not signals_crisis(text):
            return await self._stale_button(session)
        elif text.startswith("/"):
            text = text.lstrip("/") or text  # only offered buttons may trigger intents directly
            shown_text = text
        detected = (
            language_detection.Detection(session.language, 1.0)
            if payload or session.language_locked
            else language_detection.detect(text, fallback=session.language)
        )
        if payload and welcome.parse(payload):
            detected = language_detection.Detection(welcome.parse(payload)[1], 1.0)
        reply_language = answer_language(detected.language)  # Sami: bokmål; unserved: English
        crisis = signals_crisis(text)
        counted = False
        if session.mode == "bot" and payload == REQUEST_HUMAN and await self._would_queue():
            await self._count_handover_request(session.id, address)  # 429 before anything is stored
            counted = True
        # The citizen's words are stored before anything else can fail.
        await self.transcripts.append(
            session.id, "citizen", shown_text, "message", language=detected.language, payload=payload
        )
        # With the assistant, the reply's language is the session's from now on (written with the touch).
        await self.sessions.touch(session.id, language=reply_language if session.mode == "bot" else None)
        if self.metrics is not None:
            await self.metrics.citizen_message(session.id, session.channel, detected.language,
                                               self.hours.is_open(now()),
                                               to_bot=session.mode == "bot" and payload is None and not crisis)
            if payload in FEEDBACK_PAYLOADS:
                await self.metrics.feedback(FEEDBACK_PAYLOADS[payload])
        if session.mode in ("queued", "human"):
            if not crisis:
                return await self._response(session.id, [], None)  # the bot stays silent
            return await self._crisis_while_open(session, reply_language, detected.language)
        if counsellor_only(detected.language) and not crisis and payload is None:
            return await self._counsellor_language(session, detected.language)
        # The safety net runs beside the NLU: a crisis pattern sends the crisis intent directly.
        rasa_text = "/crisis" if crisis else (payload or text)
        metadata = {"language": reply_language, "detected_language": detected.language, "channel": session.channel}
        try:
            turn = await self.rasa.send(session.id, rasa_text, metadata)
            if turn.intent == NLU_FALLBACK and payload is None and not crisis and asks_for_a_person(text):
                # The NLU is unsure what the message is, and its words ask for a person ("I want to
                # talk to a person about studying in Norway"): the request is honoured as if the
                # counsellor button had been pressed, not answered from an article.
                turn = await self.rasa.send(session.id, REQUEST_HUMAN, metadata)
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for session %s: %s", session.id, error)
            if crisis:  # the numbers and the priority handover do not wait for Rasa
                return await self._crisis_without_rasa(session, reply_language, detected.language, text, address)
            return await self._without_assistant(session, payload, text, reply_language, detected.language,
                                                 address, counted)

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
        if not bot_messages and handover_payload is None and not crisis and not await self._actions_answer():
            log.warning("action server unavailable for session %s (Rasa answered without it)", session.id)
            return await self._without_assistant(session, payload, text, reply_language, detected.language,
                                                 address, counted, intent=turn.intent)
        if crisis and not any(m["kind"] == "crisis" for m in bot_messages):
            bot_messages.insert(0, self._crisis_message("crisis", reply_language))  # the net never misses
        if crisis and (handover_payload or {}).get("priority") != "crisis":
            handover_payload = CRISIS_HANDOVER
        bot_messages.sort(key=lambda m: m["kind"] != "crisis")  # the numbers first
        county = turn.slots.get("county") or session.triage.get("county")
        triage = {
            "need": need_for(turn.intent, [m["kind"] for m in bot_messages], session.triage.get("need")),
            "language": detected.language,
            "county": county,
            "confidence": round(turn.intent_confidence, 3),
        }
        updates = {"triage": triage, **self._exercise_summary(turn.slots)}
        if handover_payload is not None:  # the handover reads them from the session
            await self.sessions.update(session.id, **updates)
            updates = {}
        if self.metrics is not None:
            await self.metrics.triage(session.id, triage["need"], county)
        await self.transcripts.append_many(session.id, [  # the turn's answers in one step, announced once
            ("bot", m["text"], m["kind"], {"language": m["language"], **{k: m[k] for k in EVENT_FIELDS if m.get(k)}})
            for m in bot_messages])
        if handover_payload is not None:
            bot_messages.append(await self._hand_over(session, handover_payload, triage, reply_language, text,
                                                      address, counted))
        buttons = {b["payload"]: b["title"] for m in bot_messages for b in m["buttons"]}
        await self.sessions.update(session.id, buttons=buttons, **updates)
        return await self._response(session.id, bot_messages, triage)

    async def _actions_answer(self) -> bool:
        return self.actions_up is None or await self.actions_up()

    async def _without_assistant(self, session: Session, payload: str | None, text: str, language: str,
                                 detected: str, address: str | None, counted: bool,
                                 intent: str | None = None) -> dict[str, Any]:
        """Rasa or its action server is down; the citizen's message is stored already. A request for a
        person (the counsellor button, the intent when Rasa still recognised it and only its action
        server is down, or the words) goes to the queue as usual; the career centre button gets the centre
        of the county we know (or the national service); anything else a notice with both ways on as
        buttons. Words that ask for a person are recognised without Rasa (assistant.person_request)."""
        triage = {**session.triage, "language": detected}
        if payload == REQUEST_HUMAN or intent == "request_human" or (payload is None and asks_for_a_person(text)):
            message = await self._hand_over(session, HUMAN_HANDOVER, triage, language, text, address, counted)
            if message["kind"] == "handover_queued":
                await self.sessions.update(session.id, triage={**triage, "need": "human_request"})
        elif (payload or "").startswith(CAREER_CENTRE) or intent == "career_centre":
            message = await self._centre_without_assistant(session.triage.get("county"), language)
            await self._record_bot(session.id, message, sender="system")
        else:
            message = {"kind": "system", "text": texts.text("assistant_unavailable", language), "language": language,
                       "sources": [], "buttons": [
                           {"title": texts.text("button_counsellor", language), "payload": REQUEST_HUMAN},
                           {"title": texts.text("button_career_centre", language), "payload": CAREER_CENTRE}]}
            await self._record_bot(session.id, message, sender="system")
        await self.sessions.update(session.id, buttons={b["payload"]: b["title"] for b in message["buttons"]})
        return await self._response(session.id, [message], None)

    @staticmethod
    async def _centre_without_assistant(county: str | None, language: str) -> dict[str, Any]:
        counsellor = [{"title": texts.text("button_counsellor", language), "payload": REQUEST_HUMAN}]
        try:  # the centres file is read from disk: off the event loop
            card = await asyncio.to_thread(nearest_office, county=county) if county else None
        except (CentresInvalid, FileNotFoundError):
            card = None
        if card is None:
            return {"kind": "career_centre", "text": texts.text("centre_without_assistant", language),
                    "language": language, "sources": [], "buttons": counsellor}
        body, data = card_message(card, language)
        return {"kind": "career_centre", "text": body, "language": language, "sources": [],
                "career_centre": data, "buttons": counsellor}

    async def _counsellor_language(self, session: Session, language: str) -> dict[str, Any]:
        """Northern Sami: greeted in Sami, told (in Sami and bokmål) that answers come in bokmål, and
        offered a Sami-speaking counsellor; not sent to Rasa (see assistant.language_notice)."""
        earlier = await self.transcripts.read(session.id, 0)
        first = not any(e.get("kind") == "offer_counsellor" and e.get("language") == language for e in earlier)
        message = language_notice.notice(language, first)
        await self._record_bot(session.id, message)
        triage = {**session.triage, "language": language}
        await self.sessions.update(session.id, triage=triage,
                                   buttons={b["payload"]: b["title"] for b in message["buttons"]})
        return await self._response(session.id, [message], triage)

    async def _stale_button(self, session: Session) -> dict[str, Any]:
        """A button this session no longer offers (an old "Ja, det hjalp" clicked again): never a new
        question and never words for Rasa; a short notice in the citizen's language, nothing else
        changes (the buttons on offer stay on offer)."""
        language = session.language if session.language in STALE_BUTTON["stale_button"] else "en"
        notice = {"kind": "system", "text": lookup(STALE_BUTTON, "stale_button", language),
                  "language": language, "sources": [], "buttons": []}
        await self._record_bot(session.id, notice, sender="system")
        await self.sessions.touch(session.id)
        return await self._response(session.id, [notice], None)

    async def _record_bot(self, session_id: str, message: dict[str, Any], sender: str = "bot") -> None:
        extra = {k: message[k] for k in EVENT_FIELDS if message.get(k)}
        await self.transcripts.append(
            session_id, sender, message["text"], message["kind"], language=message["language"], **extra
        )

    async def _hand_over(
        self, session: Session, payload: dict[str, Any], triage: dict[str, Any], language: str, text: str,
        address: str | None = None, counted: bool = False,
    ) -> dict[str, Any]:
        crisis = payload.get("priority") == "crisis"
        at = now()
        open_now = self.hours.is_open(at)
        if not open_now or not await self.counsellors.on_duty():
            if crisis:  # after the numbers: call them now, or leave a message for a callback
                notice = {"kind": "out_of_hours", "text": texts.text("crisis_out_of_hours", language),
                          "language": language, "sources": [], "buttons": [], "callback": True}
                await self._record_bot(session.id, notice, sender="system")
                return notice
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
            if self._reflective(session, payload):  # the reflection exercise beside the callback form
                notice["text"] += " " + exercise_offer.text("exercise_meanwhile", language)
                notice["buttons"].insert(0, exercise_offer.button(language, "closed"))
            await self._record_bot(session.id, notice, sender="system")
            return notice
        if not crisis and self._reflective(session, payload):
            long_queue = await self._long_queue_offer(session.id, language)
            if long_queue is not None:
                return long_queue
        if not crisis and not counted:
            try:
                await self._count_handover_request(session.id, address)
            except ApiError as limited:
                retry_s = int((limited.headers or {}).get("Retry-After", "60"))
                return await self._not_queued(session.id, "rate_limited", language, retry_after_s=retry_s,
                                              text=texts.text("too_many_handover_requests", language,
                                                              minutes=max(1, round(retry_s / 60))))
        first = await self.transcripts.read(session.id, 0)
        first_message = next((e["text"] for e in first if e["from"] == "citizen"), text)
        routed = language_detection.routing_language(  # Sami: "se"; Russian answered in English: "ru"
            (e.get("language") for e in first if e["from"] == "citizen"), payload.get("language") or language)
        request = HandoverRequest.from_payload(
            {**payload, "first_message": first_message, "language": routed},  # the transcript is authoritative
            language=language, county=triage.get("county"),
        )
        try:
            queued = await self.flow.queue(session.id, request, language, address)  # tells the citizen their place
        except Refused as refused:
            if refused.code != "too_many_waiting":
                raise
            return await self._not_queued(session.id, "too_many_waiting", language,
                                          text=texts.text("too_many_waiting", language))
        if crisis:
            await self.flow.crisis(session.id)  # the alert for whoever takes it, and the back room
        return {"kind": "handover_queued", "text": queued.notice, "language": language, "sources": [], "buttons": []}

    async def _not_queued(self, session_id: str, code: str, language: str, text: str, **extra: Any) -> dict[str, Any]:
        """A request for a counsellor the limits refused: why, the callback form, and the other ways on."""
        notice = {"kind": "out_of_hours", "code": code, "text": text, "language": language, "sources": [],
                  "callback": True, **extra, "buttons": [
                      {"title": texts.text("button_career_centre", language), "payload": "/career_centre"},
                      {"title": texts.text("button_keep_asking", language), "payload": "/greet"},
                  ]}
        await self._record_bot(session_id, notice, sender="system")
        return notice

    # --- the reflection exercise (actions/exercise.py): offered to a reflective need out of hours
    # or before a long wait; its summary is kept on the session when the citizen agrees

    @staticmethod
    def _reflective(session: Session, payload: dict[str, Any]) -> bool:
        return "reflective" in (payload.get("need"), session.triage.get("need"))

    async def _long_queue_offer(self, session_id: str, language: str) -> dict[str, Any] | None:
        """The exercise offered before a long wait, once per session (asked again, the citizen is
        queued); None when the wait is short or the offer was made already."""
        if self.exercise_offer_wait_s is None:
            return None
        wait_s = await self.waiting.estimate_wait_s(len(await self.waiting.handovers.list("waiting")) + 1)
        if wait_s <= self.exercise_offer_wait_s:
            return None
        earlier = await self.transcripts.read(session_id, 0)
        if any(e.get("code") == exercise_offer.LONG_QUEUE for e in earlier):
            return None
        notice = {"kind": "out_of_hours", "code": exercise_offer.LONG_QUEUE, "language": language, "sources": [],
                  "text": exercise_offer.text("long_queue", language, minutes=max(1, round(wait_s / 60))),
                  "callback": True, "buttons": [
                      exercise_offer.button(language, exercise_offer.LONG_QUEUE),
                      {"title": exercise_offer.text("button_queue_anyway", language), "payload": REQUEST_HUMAN},
                      {"title": texts.text("button_career_centre", language), "payload": "/career_centre"},
                  ]}
        await self._record_bot(session_id, notice, sender="system")
        return notice

    @staticmethod
    def _exercise_summary(slots: dict[str, Any]) -> dict[str, str]:
        """The exercise's summary onto the session when the citizen said a counsellor may see it;
        off it when they said no (the fields to write; none otherwise)."""
        shared = slots.get("exercise_shared")
        if shared is True and slots.get("exercise_summary"):
            return {"exercise_summary": str(slots["exercise_summary"])}
        if shared is False:
            return {"exercise_summary": ""}
        return {}

    async def _would_queue(self) -> bool:
        return self.hours.is_open(now()) and bool(await self.counsellors.on_duty())

    async def _count_handover_request(self, session_id: str, address: str | None) -> None:
        """One request for a counsellor against the limits; ``ApiError`` 429 (Retry-After) when over."""
        if self.limiter is None:
            return
        await self.limiter.hit("handover_requests_per_session", session_id)
        if address:
            await self.limiter.hit("handover_requests_per_address", address)

    # --- the safety net outside the bot's turn

    @staticmethod
    def _crisis_message(key: str, language: str) -> dict[str, Any]:
        return {"kind": "crisis", "text": texts.text(key, language), "language": language, "sources": [],
                "buttons": [], "emergency": texts.emergency(language)}

    async def _crisis_while_open(self, session: Session, language: str, detected: str) -> dict[str, Any]:
        """Queued or with a counsellor: the numbers at once, then the handover escalated (front of the
        queue), the counsellor alerted and the back room told."""
        message = self._crisis_message("crisis_with_counsellor" if session.mode == "human" else "crisis_queued",
                                       language)
        await self._record_bot(session.id, message, sender="system")
        await self.flow.crisis(session.id)
        triage = {**session.triage, "need": "crisis", "language": detected}
        await self.sessions.update(session.id, triage=triage)
        return await self._response(session.id, [message], triage)

    async def _crisis_without_rasa(self, session: Session, language: str, detected: str, text: str,
                                   address: str | None) -> dict[str, Any]:
        message = self._crisis_message("crisis", language)
        await self._record_bot(session.id, message)
        triage = {"need": "crisis", "language": detected, "county": session.triage.get("county"), "confidence": 1.0}
        await self.sessions.update(session.id, triage=triage, buttons={})
        follow_up = await self._hand_over(session, CRISIS_HANDOVER, triage, language, text, address)
        return await self._response(session.id, [message, follow_up], triage)

    async def queue_status(self, session_id: str, session: Session | None = None) -> dict[str, int] | None:
        """Place and estimate while queued (``session``: as just read, saving a second read)."""
        session = session or await self.sessions.get(session_id)
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
            "queue": await self.queue_status(session_id, session),
        }
