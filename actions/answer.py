"""Information questions: search the knowledge base and answer with cited sentences.

A question the knowledge base is not confident about is logged, anonymised, for the editors
(``GET /api/reports/unanswered``). Logging runs on a background thread with a short Redis
timeout, so the citizen's answer never waits for it and is sent even when Redis is down.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_text, send
from actions.knowledge_base import get_knowledge_base


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        question = latest_text(tracker)
        previous = tracker.get_slot("last_question")
        answer = get_knowledge_base().answer(question, language=language, topic_hint=previous)
        unhelpful = float(tracker.get_slot("unhelpful_answers") or 0)
        offer = [button(texts.text("button_counsellor", language), "/request_human"),
                 button(texts.text("button_centre", language), "/career_centre")]
        if not answer.confident:
            log_unanswered(question, language, answer.confidence)
            send(dispatcher, "fallback", texts.text("not_sure", language), language,
                 buttons=offer, confidence=round(answer.confidence, 3))
            return [SlotSet("unhelpful_answers", unhelpful + 1)]
        sources = [{"title": s.title, "url": s.url, "reviewed": s.reviewed} for s in answer.sources]
        fields: dict[str, Any] = {"sources": sources, "confidence": round(answer.confidence, 3)}
        if answer.other_language:
            fields["note"] = texts.text("other_language_note", language)
        send(dispatcher, "answer", answer.text, language, **fields)
        shown = list(tracker.get_slot("shown_articles") or [])
        shown += [{"id": s.article_id, "title": s.title, "url": s.url, "topics": list(getattr(s, "topics", ()))} for s in answer.sources
                  if s.article_id not in {a.get("id") for a in shown}]
        return [SlotSet("last_question", question), SlotSet("shown_articles", shown[-10:])]


log = logging.getLogger("veivalg.actions.answer")


class UnansweredLog:
    """Writes unanswered questions to Redis from one background thread; connects on first use."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._client = None
        self._settings = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def submit(self, question: str, language: str, confidence: float) -> None:
        if not question.strip() or question.startswith("/"):  # empty, or a button payload
            return
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unanswered-log")
        self._executor.submit(self._write, question, language, confidence)

    def _write(self, question: str, language: str, confidence: float) -> None:
        from knowledge.anonymise import anonymise
        from knowledge.unanswered import make_entry, record

        if time.monotonic() < self._retry_at:
            return
        try:
            if self._client is None:
                import redis

                from actions.settings import ActionsSettings

                self._settings = ActionsSettings()
                self._client = redis.Redis.from_url(
                    self._settings.redis_url, socket_connect_timeout=self._settings.redis_timeout_s,
                    socket_timeout=self._settings.redis_timeout_s,
                )
            anonymised = anonymise(question)
            try:
                terms = get_knowledge_base().analyzer(language).terms(anonymised)
            except Exception:  # the report falls back to plain stems
                terms = None
            record(self._client, make_entry(anonymised, language, confidence, terms))
        except Exception as error:  # Redis down or misconfigured: the answer was sent anyway
            retry = self._settings.redis_retry_after_s if self._settings else 30.0
            self._retry_at = time.monotonic() + retry
            log.warning("could not log an unanswered question (next try in %.0f s): %s", retry, error)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until queued writes are done (tests)."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result(timeout)


unanswered_log = UnansweredLog()


def log_unanswered(question: str, language: str, confidence: float) -> None:
    try:
        unanswered_log.submit(question, language, confidence)
    except Exception:  # never let the log stop the answer
        log.exception("could not queue an unanswered question")
