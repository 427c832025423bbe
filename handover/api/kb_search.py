"""The knowledge base for counsellors: ``GET /api/staff/kb-search?q=&language=`` answers a question
from the portal articles (the same search and answer the assistant uses), with the sources'
links, for the console to put into the reply box.

The app keeps one ``KnowledgeBase`` for staff on its state (``staff_kb``); it loads the index
and the embedder on the first search, in a worker thread."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from core.deps import CurrentCounsellor, state
from core.errors import ApiError, ErrorPublic
from core.languages import LANGUAGES
from knowledge.index import IndexNotFound
from knowledge.search import KnowledgeBase

router = APIRouter(prefix="/api/staff", tags=["counsellor"])
StaffKnowledge = Annotated[KnowledgeBase, Depends(state("staff_kb"))]
MAX_HITS = 5


class KbSource(BaseModel):
    title: str
    url: str
    reviewed: str = Field(description="ISO date the article was last reviewed")
    section: str = ""
    language: str


class KbAnswer(BaseModel):
    text: str = Field(description="one to three sentences from the articles; empty when nothing matched")
    confidence: float
    sources: list[KbSource]


class KbHit(BaseModel):
    title: str
    section: str
    url: str
    excerpt: str
    language: str
    relevance: float


class KbSearchPublic(BaseModel):
    query: str
    language: str
    answer: KbAnswer
    hits: list[KbHit] = Field(description="the best article sections, one per article")


def _search(kb: KnowledgeBase, query: str, language: str) -> dict:
    kb.warm_up()
    answer = kb.answer(query, language)
    hits, articles = [], set()
    for hit in kb.search(query, language, k=MAX_HITS * 2):
        if hit.article_id in articles:
            continue
        articles.add(hit.article_id)
        excerpt = hit.text if len(hit.text) <= 300 else hit.text[:297].rsplit(" ", 1)[0] + " …"
        hits.append({"title": hit.title, "section": hit.heading, "url": hit.source_url, "excerpt": excerpt,
                     "language": hit.language, "relevance": round(float(hit.relevance), 3)})
    return {"query": query, "language": language, "hits": hits[:MAX_HITS], "answer": {
        "text": answer.text, "confidence": float(answer.confidence),
        "sources": [{"title": s.title, "url": s.url, "reviewed": s.reviewed, "section": s.section,
                     "language": s.language} for s in answer.sources]}}


@router.get("/kb-search", response_model=KbSearchPublic, responses={
        503: {"model": ErrorPublic, "description": "`kb_unavailable`: no index has been built"}})
async def kb_search(kb: StaffKnowledge, staff: CurrentCounsellor,
                    q: str = Query(min_length=2, max_length=500, description="the question or search words"),
                    language: Literal[LANGUAGES] = Query("nb")) -> dict:  # type: ignore[valid-type]
    """An answer from the portal articles with its sources, and the best matching articles."""
    try:
        return await run_in_threadpool(_search, kb, q.strip(), language)
    except IndexNotFound:
        raise ApiError(503, "kb_unavailable", "the knowledge base has no index yet") from None
