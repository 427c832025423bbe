"""Veivalg knowledge base: portal articles, hybrid search (BM25 + dense) and cited answers.

Nothing loads at import. Typical use::

    from knowledge import KnowledgeBase, KnowledgeSettings
    kb = KnowledgeBase(KnowledgeSettings())
    kb.warm_up()
    answer = kb.answer("Når er søknadsfristen?", language="nb")
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Answer", "Hit", "KnowledgeBase", "KnowledgeSettings", "Retrieval", "Source"]

if TYPE_CHECKING:  # pragma: no cover
    from core.settings import KnowledgeSettings
    from knowledge.results import Answer, Hit, Retrieval, Source
    from knowledge.search import KnowledgeBase


def __getattr__(name: str):
    # Lazy re-exports keep `import knowledge` cheap (no spaCy, torch or faiss at import).
    if name == "KnowledgeSettings":
        from core.settings import KnowledgeSettings

        return KnowledgeSettings
    if name == "KnowledgeBase":
        from knowledge.search import KnowledgeBase

        return KnowledgeBase
    if name in ("Answer", "Source", "Hit", "Retrieval"):
        from knowledge import results

        return getattr(results, name)
    raise AttributeError(name)
