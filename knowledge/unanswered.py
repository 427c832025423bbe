"""Questions the assistant could not answer confidently, for the editors.

The action server records each one anonymised (:func:`core.anonymise.anonymise`) with its
language, time, confidence and analysed terms in a capped Redis list
(``core.keys.UNANSWERED_QUESTIONS``, newest first). The editor report groups similar
questions: two questions are similar when their analysed terms (lemmas/stems and compound
parts, stop words out) overlap by Jaccard ≥ ``SIMILARITY``; each group has a count, the
languages, first and last seen and a few example wordings.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

from core import keys, metrics
from core.anonymise import anonymise
from core.retention import session_ref

MAX_ENTRIES = 5000  # the list is trimmed to the newest entries
MAX_QUESTION_CHARS = 500
SIMILARITY = 0.5
EXAMPLES_PER_GROUP = 5


def unanswered_key() -> str:
    return keys.UNANSWERED_QUESTIONS


def make_entry(question: str, language: str, confidence: float, terms: Sequence[str] | None = None,
               at: dt.datetime | None = None, session_id: str | None = None) -> dict[str, Any]:
    """The JSON document stored for one unanswered question (already anonymised). ``session``
    is a pseudonymous reference, so erasing the conversation also removes its questions."""
    text = anonymise(question.strip())[:MAX_QUESTION_CHARS]
    entry = {
        "question": text,
        "language": language,
        "at": (at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "confidence": round(float(confidence), 3),
        "terms": sorted(set(terms)) if terms is not None else None,
    }
    if session_id:
        entry["session"] = session_ref(session_id)
    return entry


def record(client, entry: dict[str, Any]) -> None:
    """Push one entry onto the capped list (a synchronous redis-py client); an entry from a session
    is also noted in that session's set, for its erasure."""
    key = unanswered_key()
    raw = json.dumps(entry, ensure_ascii=False)
    pipe = client.pipeline(transaction=False)
    pipe.lpush(key, raw)
    if entry.get("session"):
        pipe.sadd(keys.unanswered_from_session(entry["session"]), raw)
    pipe.ltrim(key, 0, MAX_ENTRIES - 1)
    pipe.hincrby(keys.stats_day(metrics.day_of_iso(entry["at"])), metrics.unanswered_field(), 1)  # outlives erasure
    pipe.execute()


async def forget_session(redis, session_id: str) -> int:
    """Remove every entry logged from this session (an async client); returns how many. The
    session's set names them (no read of the whole list, which holds up to ``MAX_ENTRIES``)."""
    if not await redis.exists(keys.UNANSWERED_INDEXED):
        await index_sessions(redis)
    index = keys.unanswered_from_session(session_ref(session_id))
    entries = await redis.smembers(index)
    removed = 0
    if entries:
        async with redis.pipeline(transaction=False) as pipe:
            for raw in entries:
                pipe.lrem(unanswered_key(), 0, raw)
            removed = sum(await pipe.execute())
    await redis.delete(index)
    return removed


async def index_sessions(redis) -> int:
    """Once: note every entry logged before the sessions' sets existed in its session's set (then
    ``keys.UNANSWERED_INDEXED`` is set). Entries recorded meanwhile are noted by ``record``."""
    noted = 0
    async with redis.pipeline(transaction=False) as pipe:
        for raw in await redis.lrange(unanswered_key(), 0, -1):
            try:
                ref = json.loads(raw).get("session")
            except (ValueError, AttributeError):
                continue
            if ref:
                pipe.sadd(keys.unanswered_from_session(ref), raw)
                noted += 1
        pipe.set(keys.UNANSWERED_INDEXED, "1")
        await pipe.execute()
    return noted


@dataclass
class QuestionGroup:
    question: str  # the most recent wording
    count: int
    first_seen: str
    last_seen: str
    languages: list[str]
    examples: list[str]
    terms: list[str]
    _term_set: set[str] = field(default_factory=set, repr=False)
    id: str = ""  # the entry id of the group's newest question (names the group when closing it)
    entry_ids: list[str] = field(default_factory=list, repr=False)

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_term_set")
        data.pop("entry_ids")
        return data


def entry_id(raw: str) -> str:
    """A stable id of one stored entry (its JSON text as stored)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def fallback_terms(text: str, language: str) -> list[str]:
    """Terms for an entry stored without them: lowercase words, stop words out, Snowball stems."""
    from knowledge.analysis import stem, stop_words

    stops = stop_words(language)
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in stops and not w.isdigit()]
    return [stem(w, language) for w in words]


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def group_questions(entries: Iterable[dict[str, Any]], similarity: float = SIMILARITY) -> list[QuestionGroup]:
    """Group similar questions; the biggest and most recent groups first."""
    parsed = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("question"):
            continue
        terms = entry.get("terms")
        if terms is None:
            terms = fallback_terms(entry["question"], entry.get("language") or "nb")
        parsed.append((entry, {t for t in terms if t and not t.startswith("<")}))
    parsed.sort(key=lambda item: item[0].get("at") or "", reverse=True)

    groups: list[QuestionGroup] = []
    term_counts: list[Counter] = []
    for entry, terms in parsed:
        best, best_score = None, 0.0
        for i, group in enumerate(groups):
            score = jaccard(terms, group._term_set)
            if score > best_score:
                best, best_score = i, score
        normalised = " ".join(entry["question"].lower().split())
        if best is not None and (best_score >= similarity or (not terms and normalised in
                                                              {" ".join(e.lower().split()) for e in groups[best].examples})):
            group = groups[best]
            group.count += 1
            group.first_seen = min(group.first_seen, entry.get("at") or group.first_seen)
            if entry.get("language") and entry["language"] not in group.languages:
                group.languages.append(entry["language"])
            if len(group.examples) < EXAMPLES_PER_GROUP and normalised not in {" ".join(e.lower().split()) for e in group.examples}:
                group.examples.append(entry["question"])
            term_counts[best].update(terms)
            if entry.get("_id"):
                group.entry_ids.append(entry["_id"])
            continue
        at = entry.get("at") or ""
        groups.append(QuestionGroup(entry["question"], 1, at, at, [entry.get("language") or "?"], [entry["question"]],
                                    sorted(terms), set(terms), entry.get("_id") or "",
                                    [entry["_id"]] if entry.get("_id") else []))
        term_counts.append(Counter(terms))
    for group, counts in zip(groups, term_counts):
        group.terms = [t for t, _ in counts.most_common(8)]
    groups.sort(key=lambda g: (g.count, g.last_seen), reverse=True)
    return groups


def parse_entries(raw: Iterable[str]) -> list[dict[str, Any]]:
    """The stored entries, each with ``_id`` (:func:`entry_id`) added."""
    entries = []
    for item in raw:
        try:
            value = json.loads(item)
        except (TypeError, ValueError):
            continue
        if isinstance(value, dict):
            value["_id"] = entry_id(item if isinstance(item, str) else item.decode("utf-8"))
            entries.append(value)
    return entries


async def closed_entries(redis) -> dict[str, str]:
    """Entry id -> resolution id of every closed question."""
    raw = await redis.hgetall(keys.UNANSWERED_CLOSED)
    return {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
            for k, v in raw.items()}


async def resolutions(redis) -> dict[str, dict[str, Any]]:
    found = {}
    for key, value in (await redis.hgetall(keys.UNANSWERED_RESOLUTIONS)).items():
        try:
            found[key.decode() if isinstance(key, bytes) else key] = json.loads(value)
        except ValueError:
            continue
    return found


async def close_group(redis, group: QuestionGroup, resolution: dict[str, Any]) -> str:
    """Close every question of ``group`` with ``resolution``; returns the resolution's id."""
    resolution_id = group.id
    pipe = redis.pipeline(transaction=True)
    # No question text here: erasing a conversation (forget_session) must leave none behind.
    pipe.hset(keys.UNANSWERED_RESOLUTIONS, resolution_id, json.dumps(resolution, ensure_ascii=False))
    pipe.hset(keys.UNANSWERED_CLOSED, mapping={entry: resolution_id for entry in group.entry_ids})
    await pipe.execute()
    return resolution_id


def summarise(entries: list[dict[str, Any]]) -> QuestionGroup:
    """One group of the given entries (closed questions, grouped by how they were closed)."""
    entries = sorted(entries, key=lambda e: e.get("at") or "", reverse=True)
    examples: list[str] = []
    for entry in entries:
        if entry["question"] not in examples and len(examples) < EXAMPLES_PER_GROUP:
            examples.append(entry["question"])
    languages: list[str] = []
    for entry in entries:
        if (entry.get("language") or "?") not in languages:
            languages.append(entry.get("language") or "?")
    terms = Counter(t for e in entries for t in (e.get("terms") or []) if t and not t.startswith("<"))
    return QuestionGroup(entries[0]["question"], len(entries), entries[-1].get("at") or "", entries[0].get("at") or "",
                         languages, examples, [t for t, _ in terms.most_common(8)], set(), entries[0].get("_id") or "",
                         [e["_id"] for e in entries if e.get("_id")])
