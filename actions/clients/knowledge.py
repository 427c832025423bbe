"""The action server's one knowledge base: created and warmed up once per process, on first use
or at server start (never at import)."""

import base64
import logging
import threading

import numpy as np

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


def remember_parsed_vector(kb, latest_message: dict | None) -> bool:
    """Hand the knowledge base the e5 query vector Rasa's featuriser already computed for the
    citizen's message (parsed message field ``e5_query``: {"text", "vector": base64 little-endian
    float32}, see assistant/nlu/e5_featurizer.py), so the search does not embed the text again."""
    parsed = (latest_message or {}).get("e5_query")
    if not isinstance(parsed, dict) or not isinstance(parsed.get("text"), str) or not isinstance(parsed.get("vector"), str):
        return False
    try:
        vector = np.frombuffer(base64.b64decode(parsed["vector"], validate=True), dtype="<f4")
    except (ValueError, TypeError):
        return False
    return kb.remember_query_vector(parsed["text"], vector)

