"""The editors' ``questions:`` front-matter field: validated, written back in block style, kept
by an update that leaves it out, indexed with the chunk that answers each, shown on the page."""
from __future__ import annotations

import json

import numpy as np
import pytest

from knowledge.article_store import ArticleStore, render_article
from knowledge.articles import MAX_QUESTION_CHARS, split_front_matter, validate_article
from knowledge.index import build_index, load_current
from core.settings import KNOWLEDGE_DIR, KnowledgeSettings
from tests.knowledge.conftest import ARTICLES, BASE_META, write_corpus

pytestmark = pytest.mark.unit

GOOD = {"id": "karakterpoeng", "title": "Slik regnes karakterpoeng ut", "language": "nb", **BASE_META}
BODY = "Karakterpoeng er snittet av karakterene ganget med ti.\n"


def codes(**changes):
    return {(e.field, e.code) for e in validate_article({**GOOD, **changes}, BODY)}


def test_questions_are_optional_and_a_list_of_sentences():
    assert codes() == set() and codes(questions=["Hvordan regnes karakterpoeng ut?"]) == set()
    assert codes(questions="Hvordan regnes poengene ut?") == {("questions", "not_list")}
    assert codes(questions=["Ok?", 5]) == {("questions", "not_text")}
    assert codes(questions=["  "]) == {("questions", "empty")}
    assert codes(questions=["Hva?", "Hva?"]) == {("questions", "repeated_value")}
    assert codes(questions=["x" * (MAX_QUESTION_CHARS + 1)]) == {("questions", "too_long")}


def test_questions_are_written_one_per_line():
    text = render_article({**GOOD, "questions": ["Hvordan regnes poengene ut?", "Teller alle fag?"]}, BODY)
    assert "questions:\n- Hvordan regnes poengene ut?\n- Teller alle fag?\n---" in text
    assert split_front_matter(text)[0]["questions"] == ["Hvordan regnes poengene ut?", "Teller alle fag?"]


def test_an_update_that_leaves_questions_out_keeps_them(tmp_path):
    content = write_corpus(tmp_path / "content")
    store = ArticleStore(content, KNOWLEDGE_DIR / "data")
    current = store.get("soknadsfrister")
    store.update("soknadsfrister", {**current.meta, "questions": ["Når er fristen?"]}, current.body)
    without = {k: v for k, v in store.get("soknadsfrister").meta.items() if k != "questions"}
    kept = store.update("soknadsfrister", without, current.body)
    assert kept.meta["questions"] == ["Når er fristen?"]
    cleared = store.update("soknadsfrister", {**without, "questions": []}, current.body)
    assert "questions" not in cleared.meta


def test_questions_and_sentences_are_indexed_and_reused(tmp_path, e5):
    articles = [(dict(meta), body) for meta, body in ARTICLES]
    articles[0][0]["questions"] = ["Når må vitnemålet være lastet opp?"]
    settings = KnowledgeSettings(content_dir=write_corpus(tmp_path / "content", articles), index_dir=tmp_path / "index")
    first = build_index(settings, e5)
    index = load_current(settings.index_dir)
    [question] = index.questions
    assert question.article_id == "soknadsfrister" and index.chunks[question.row].chunk_id == "soknadsfrister#1"
    assert question.terms and index.question_vectors.shape == (1, 384)
    sentences = sum(len(c.sentences) for c in index.chunks)
    unique = len({s for c in index.chunks for s in c.sentences})  # the same sentence is embedded once
    assert len(index.sentence_vectors) == sentences and first.embedded_sentences == unique < sentences
    assert first.embedded_questions == 1
    vectors = index.sentence_vectors_of(index.rows["soknadsfrister#0"])
    assert len(vectors) == len(index.chunks[index.rows["soknadsfrister#0"]].sentences) == 2
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    manifest = json.loads((first.path / "manifest.json").read_text())
    assert manifest["sentence_count"] == sentences and manifest["question_count"] == 1
    # A rebuild reuses every vector; only a changed sentence is embedded again.
    again = build_index(settings, e5, force=True)
    assert again.embedded == 0 and again.embedded_sentences == 0 and again.embedded_questions == 0
    path = settings.content_dir / "nb" / "laereplass.md"
    path.write_text(path.read_text().replace("Læretiden ender med en fagprøve", "Læretiden slutter med en fagprøve"))
    changed = build_index(settings, e5)
    assert changed.embedded == 1 and changed.embedded_sentences == 1


def test_the_editor_page_has_a_questions_field():
    page = (KNOWLEDGE_DIR / "editor" / "index.html").read_text(encoding="utf-8")
    script = (KNOWLEDGE_DIR / "editor" / "editor.js").read_text(encoding="utf-8")
    assert 'id="a-questions"' in page and 'id="err-questions"' in page
    assert '"questions"' in script and "article.questions" in script
