"""The action server's one knowledge base: created and warmed up once per process, on first use
or at server start (never at import)."""

import logging
import threading

log = logging.getLogger("veivalg.actions.knowledge")
_lock = threading.Lock()
_kb = None
_error: str | None = None


def get_knowledge_base():
    global _kb, _error
    if _kb is None:
        with _lock:
            if _kb is None:
                from knowledge.search import KnowledgeBase
                from core.settings import KnowledgeSettings

                try:
                    kb = KnowledgeBase(KnowledgeSettings())
                    kb.warm_up()
                except Exception as error:  # reported by /knowledge/health, retried on next use
                    _error = f"{type(error).__name__}: {error}"
                    log.error("knowledge base failed to load: %s", _error)
                    raise
                _kb, _error = kb, None
    return _kb


def status() -> dict:
    if _kb is not None:
        return {"status": "ok"}
    return {"status": "down", "detail": _error or "not loaded yet"}
