"""Typed dependencies of the editors' API: the knowledge settings, the article store, the rebuilder.

The app puts ``knowledge_settings`` on its state when it is composed; tests override
``get_knowledge_settings`` to point at a temporary content folder.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from core.settings import KnowledgeSettings
from knowledge.article_store import ArticleStore
from knowledge.rebuild import IndexRebuilder


def get_knowledge_settings(request: Request) -> KnowledgeSettings:
    return request.app.state.knowledge_settings


KnowledgeConfig = Annotated[KnowledgeSettings, Depends(get_knowledge_settings)]


def get_article_store(settings: KnowledgeConfig) -> ArticleStore:
    return ArticleStore(settings.content_dir, settings.data_dir)


def get_rebuilder(request: Request, settings: KnowledgeConfig) -> IndexRebuilder:
    """One rebuilder per app and index directory (so "one at a time" holds per process)."""
    rebuilders: dict[str, IndexRebuilder] = request.app.state.index_rebuilders
    key = str(settings.index_dir)
    if key not in rebuilders:
        rebuilders[key] = IndexRebuilder(settings)
    return rebuilders[key]


Articles = Annotated[ArticleStore, Depends(get_article_store)]
Rebuilder = Annotated[IndexRebuilder, Depends(get_rebuilder)]
