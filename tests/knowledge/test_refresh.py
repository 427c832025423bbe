"""A running KnowledgeBase picks up a new build without a restart; the rebuild CLI reports
progress as JSON lines."""
from __future__ import annotations

import json

import pytest

from knowledge.index import build_index
from knowledge.search import KnowledgeBase
from core.settings import KnowledgeSettings
from tests.knowledge.conftest import write_article, write_corpus

pytestmark = pytest.mark.unit

NEW_ARTICLE = (
    {"id": "permisjon", "title": "Permisjon fra jobben", "language": "nb", "topics": ["arbeid"],
     "source_url": "https://www.nav.no/"},
    "Du kan ha rett til permisjon fra jobben for å ta utdanning. Utdanningspermisjon avtaler du med arbeidsgiveren.\n",
)


def test_new_build_is_picked_up_without_a_restart(tmp_path, e5):
    settings = KnowledgeSettings(content_dir=write_corpus(tmp_path / "content"), index_dir=tmp_path / "index",
                                 refresh_interval_s=0)
    kb = KnowledgeBase(settings, embedder=e5)
    kb.warm_up()
    assert "permisjon" not in {h.article_id for h in kb.search("utdanningspermisjon fra jobben", "nb")}
    write_article(settings.content_dir, *NEW_ARTICLE)
    report = build_index(settings, e5)
    assert report.added == ("permisjon",) and report.embedded == 1
    hits = kb.search("utdanningspermisjon fra jobben", "nb")
    assert hits[0].article_id == "permisjon"
    assert kb.index.path == report.path


def test_refresh_is_throttled(tmp_path, e5):
    settings = KnowledgeSettings(content_dir=write_corpus(tmp_path / "content"), index_dir=tmp_path / "index",
                                 refresh_interval_s=3600)
    kb = KnowledgeBase(settings, embedder=e5)
    kb.warm_up()
    first = kb.index.path
    write_article(settings.content_dir, *NEW_ARTICLE)
    build_index(settings, e5)
    kb.search("permisjon", "nb")
    assert kb.index.path == first  # not checked again yet
    assert kb.refresh() is True and kb.index.path != first


def test_build_reports_progress(tmp_path, e5):
    settings = KnowledgeSettings(content_dir=write_corpus(tmp_path / "content"), index_dir=tmp_path / "index",
                                 embed_batch_size=4)
    seen = []
    report = build_index(settings, e5, on_progress=lambda done, total: seen.append((done, total)))
    total = report.embedded
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert json.loads(json.dumps(report.as_dict()))["added"] == list(report.added)
