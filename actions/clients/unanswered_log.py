"""The log of questions the assistant could not answer confidently, for the editors
(``GET /api/reports/unanswered``). Writes run on a background thread with a short Redis timeout,
so the citizen's answer never waits for it and is sent even when Redis is down.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

log = logging.getLogger("veivalg.actions.unanswered")


class UnansweredLog:
    """Writes unanswered questions to Redis from one background thread; connects on first use."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._client = None
        self._settings = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def submit(self, question: str, language: str, confidence: float,
               analyzer: Callable[[str], Any] | None = None, session_id: str | None = None) -> None:
        """Queue one question; ``analyzer(language).terms(text)`` gives the terms the report groups by."""
        if not question.strip() or question.startswith("/"):  # empty, or a button payload
            return
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unanswered-log")
        self._executor.submit(self._write, question, language, confidence, analyzer, session_id)

    def _write(self, question: str, language: str, confidence: float, analyzer, session_id) -> None:
        from core.anonymise import anonymise
        from knowledge.unanswered import make_entry, record

        if time.monotonic() < self._retry_at:
            return
        try:
            if self._client is None:
                import redis

                from core.settings import ActionsSettings

                self._settings = ActionsSettings()
                self._client = redis.Redis.from_url(
                    self._settings.redis_url, socket_connect_timeout=self._settings.redis_timeout_s,
                    socket_timeout=self._settings.redis_timeout_s,
                )
            anonymised = anonymise(question)
            try:
                terms = analyzer(language).terms(anonymised) if analyzer else None
            except Exception:  # the report falls back to plain stems
                terms = None
            record(self._client, make_entry(anonymised, language, confidence, terms, session_id=session_id))
        except Exception as error:  # Redis down or misconfigured: the answer was sent anyway
            retry = self._settings.redis_retry_after_s if self._settings else 30.0
            self._retry_at = time.monotonic() + retry
            log.warning("could not log an unanswered question (next try in %.0f s): %s", retry, error)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until queued writes are done (tests)."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result(timeout)
