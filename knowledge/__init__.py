"""Veivalg knowledge base: portal articles, hybrid search (BM25 + dense) and cited answers.

Nothing loads at import. Typical use::

    from knowledge import KnowledgeBase, KnowledgeSettings
    kb = KnowledgeBase(KnowledgeSettings())
    kb.warm_up()
    answer = kb.answer("Når er søknadsfristen?", language="nb")
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["KnowledgeBase", "KnowledgeSettings", "Answer", "Source", "Hit"]

if TYPE_CHECKING:  # pragma: no cover
    from knowledge.answer import Answer, Source
    from knowledge.search import Hit, KnowledgeBase
    from core.settings import KnowledgeSettings


def __getattr__(name: str):
    # Lazy re-exports keep `import knowledge` cheap (no spaCy, torch or faiss at import).
    if name == "KnowledgeSettings":
        from core.settings import KnowledgeSettings

        return KnowledgeSettings
    if name in ("KnowledgeBase", "Hit"):
        from knowledge import search

        return getattr(search, name)
    if name in ("Answer", "Source"):
        from knowledge import answer

        return getattr(answer, name)
    raise AttributeError(name)
