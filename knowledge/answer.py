"""Answers: pick the one to three sentences that answer what the question asks, cite their
articles (and the section quoted), and say how confident we are (0..1).

Candidates are the sentences of the best chunk, the other chunks of its article (the answer may
sit in a section the search ranked lower) and, when about as relevant, one chunk of another
article. A sentence's score is the log-odds of a small logistic model (``SENTENCE_WEIGHTS``) over
- its e5 similarity to the question (sentence vectors are computed at build time; the question
  is already embedded by the search, so this costs a dot product per sentence),
- the share of the question's terms it holds, alone, weighted by how few candidates hold them,
  and together with its section heading or the sentence before it,
- whether it holds the kind of fact asked for, and one the question does not already hold
  (``answer_types``: a date for "when", a duration for "how long", a maximum for "at most", an
  organisation for "who", the step after X for "what happens after X" ...),
- how relevant its chunk is, and, for a "what is" / "how do I" question, whether it is the short
  answer a portal article opens with,
- whether it names a number the person states in a question that asks for no number ("jeg er 16,
  kan jeg ...": the rule for 16-year-olds), whether it comes from another article than the best
  hit's, and whether that article lacks the name the question gives while the best article has it.
For a yes/no question the sentence closest to the question counts as holding the asked kind: a plain
statement answers it as well as a rule with a condition word.
The best sentence leads; the sentence before it joins when it refers back ("Det", "This"), and
further sentences join while they are nearly as likely and the answer stays short (40 words on
average). Notes in the asked language say when the article is in another language or past its
review date (``notes``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from knowledge.answer_types import match, match_new, open_question, question_types
from knowledge.chunking import split_sentences
from knowledge.dense import cosines
from knowledge.evidence import penalty
from knowledge.notes import other_language_note, stale_note
from knowledge.origin import EU_EEA_SENTENCE, from_eu_eea
from knowledge.results import Answer, Hit, Retrieval, Source

__all__ = ["Answer", "Source", "compose_answer", "fold"]

# A sentence's score is a weighted sum of the features below (a logistic model: the score is
# the log-odds that the sentence holds the answer). Fitted on bench/answers.py data: the
# sentences of the NorQuAD passages of even number and of the "dev" rows of our own questions,
# labelled by whether they hold the annotated span or the fact (the odd passages and the
# "holdout" rows are only measured). The three selection constants after them were chosen on
# all NorQuAD passages and the dev rows, for the most answers within 40 words on average.
SENTENCE_WEIGHTS = {
    "dense": 0.60,  # calibrated e5 similarity of question and sentence (0..1)
    "dense_gap": 2.17,  # ... minus the best sentence's (<= 0)
    "coverage": 0.86,  # share of the question's idf mass in the sentence
    "coverage_gap": 0.47,  # ... minus the best sentence's
    "local": 1.42,  # share of the question's terms weighted by how few candidate sentences hold them
    "local_gap": 0.02,
    "context": 1.22,  # share in the sentence with its section heading
    "continues": 0.89,  # what the sentence before adds: it names the subject, this one the answer
    "type": 1.40,  # holds the kind of fact asked for (1; 0.6 for a less specific kind)
    "type_new": 0.88,  # ... and that fact is not already in the question
    "entity": -1.83,  # repeats the entities the question names (restating the question is no answer; 0 when it asks what one means)
    "chunk": -0.40,  # the chunk's relevance relative to the best chunk
    "top_chunk": 0.83,  # from the best chunk
    "lead": -0.15,  # the article's first sentence
    "lead_open": 2.0,  # ... of the best article, for an open question (set by hand: the content convention)
    "elsewhere": -2.0,  # another article's sentence without the name the question gives, which the best article holds (set by hand)
    "situation": 1.2,  # names a number the person states ("jeg er 16", "I'm 25") in a question that asks for no number (set by hand)
    "eu_eea": 1.2,  # names the EU/EEA when the person is a citizen of it ("jestem Polakiem", "Swedish citizen") (set by hand)
    "general": 0.6,  # states the general case ("For de fleste ...", "The ordinary deadline ...") (set by hand)
    "other_article": -0.5,  # from another article than the best hit's: the search chose that article, with what it knows of the question (set by hand)
    "exception": -0.8,  # opens with who or what it is restricted to ("Søker du om fortrinnsrett, ...") when the question names no condition (set by hand)
    "length": 0.31,  # log(words + 1)
    "bias": -4.08,
}
SENTENCE_WORD = re.compile(r"\w+")
# "hva betyr REALFA?", "what does førstegangsvitnemål mean?": a question for what a named thing means.
ASKS_MEANING = re.compile(
    r"\bbetyr\b|\bbetyde\b|\btyder\b|\bstår for\b|\bmeans?\b|\bmeaning\b|\bstands? for\b|"
    r"означа\w*|\bзначить\b|\boznacza\b|\bznaczy\b|يعني|معنى",
    re.IGNORECASE,
)
SECOND_SHARE = 0.4  # a further sentence joins when its probability is this share of the best one's
NEXT_SHARE = 0.15  # ... or this share when it directly follows the best sentence
WORD_BUDGET = 70  # further sentences join only while the answer stays within this many words (40 on average)
TERMS_MEET_RELIABLY = ("nb", "nn", "en")
CHUNK_RATIO = 0.85  # a chunk of another article competes when its relevance is this close to the best
MIN_WORDS = 4  # shorter lines (list fragments, not whole sentences) are only used when nothing else matches
# A number in a question that asks for no number is the person's situation ("eg er 16, kan eg gå
# på folkehøgskule?"): the sentence that names it ("nokre tek opp elevar frå 16 år") is the rule
# that applies to them. A number inside a word ("vg3") is a name, not a situation.
NUMBER = re.compile(r"(?<![\w.,])\d+(?!\w)")
NUMBER_KINDS = frozenset({"date", "duration", "frequency", "amount", "maximum", "age", "length"})
# An answer leads with the general case, not an exception to it: "Når er søknadsfristen?" is answered
# with the ordinary deadline ("Den ordinære søknadsfristen ... er 1. mars"), not with the earlier
# one for some applicants ("Søker du om fortrinnsrett ..., er søknadsfristen 1. februar"), which
# would read as the deadline. Only when the question names no condition of its own. "Hvis du ..."
# / "If you ..." is not an exception opener: rules that apply to the asker are written that way.
GENERAL_CASE = re.compile(
    r"\b(?:de fleste|dei fleste|ordinær\w*|vanligvis|vanlegvis|normalt|som hovudregel|som hovedregel|"
    r"most (?:people|applicants|students|pupils|employees|workers)|for most|usually|normally|ordinary|as a rule|in general)\b",
    re.IGNORECASE,
)
EXCEPTION_OPENER = re.compile(
    r"^(?:enkelte|noen|nokre|søker du|søkjer du|søkere som|søkjarar som|unntak\w*|"
    r"some|a few|certain|applicants who|exceptions?)\b",
    re.IGNORECASE,
)
QUESTION_CONDITION = re.compile(r"\b(?:hvis|dersom|viss|om jeg|om eg|if|unless|med mindre)\b", re.IGNORECASE)
# A word written with a capital inside a question ("Lånekassen", "HK-dir", "NAV") names an
# entity; a sentence that names it answers better than one that only says "there".
ENTITY_WORD = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÆØÅ\u0400-\u042F][\w-]*[\w]", re.UNICODE)
# A sentence that starts like this leans on the one before it ("Det", "This", "Це", "To", "هذا").
REFERS_BACK = re.compile(
    r"^(?:det|dette|den|denne|disse|de|dei|han|hun|ho|slik|der|da|også|this|that|these|those|it|they|such|there|"
    r"це|ця|цей|ці|вони|він|вона|там|тоді|to|ten|ta|te|ci|on|ona|oni|tam|wtedy|هذا|هذه|ذلك|تلك|وهذا|وهذه|وهو|وهي)\b",
    re.IGNORECASE,
)
# ... but Norwegian double definiteness is no reference: "Den ordinære søknadsfristen er 1. mars",
# "Det høyeste antallet ...", "De fleste ...".
DOUBLE_DEFINITE = re.compile(r"^(?:den|det|de|dei)\s+(?:fleste\b|\w+e\s+\w+(?:en|et|a|ene|ane|ne)\b)", re.IGNORECASE)


def refers_back(text: str) -> bool:
    return bool(REFERS_BACK.match(text)) and not DOUBLE_DEFINITE.match(text)


@dataclass(frozen=True)
class _Candidate:
    hit_rank: int
    position: int  # sentence position within its chunk
    text: str
    hit: Hit
    score: float  # log-odds that the sentence holds the answer
    relevance: float
    words: int
    meets_question: bool = True  # shares a term with the question (always true where terms cannot meet)

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.score))


def _chunk_position(hit: Hit) -> int:
    return int(hit.chunk_id.rsplit("#", 1)[1])


FOLD = str.maketrans("æøåäöüé", "aoaaoue")


def fold(text: str) -> str:
    """Lowercase without Norwegian letters: "Lånekassen" meets "lanekassen.no"."""
    return text.lower().translate(FOLD)


def _entity_stems(retrieval: Retrieval) -> list[str]:
    """Folded stems of the entities the question names (matched as substrings of a sentence,
    so a web address such as lanekassen.no counts as naming Lånekassen)."""
    words = " ".join(w for w in ENTITY_WORD.findall(retrieval.query.strip()) if len(w) > 1)
    if not words:
        return []
    return [fold(t) for t in dict.fromkeys(retrieval.analyzer(retrieval.language).terms(words)) if len(t) >= 2]


def _sentences(hit: Hit) -> tuple[list[str], np.ndarray | None]:
    """The hit's sentences and their vectors (None when the index has none for it)."""
    if hit.sentences:
        vectors = hit.sentence_vectors
        if vectors is not None and len(vectors) != len(hit.sentences):
            vectors = None
        return list(hit.sentences), vectors
    return split_sentences(hit.text), None


def _chosen_chunks(retrieval: Retrieval) -> list[Hit]:
    """The chunks sentences are taken from: the best hit, the other hits of its article, the
    article's lead, and a chunk of another article only when it is about as relevant."""
    hits = retrieval.hits
    top = hits[0]
    chosen = [top]
    others = 0
    for hit in hits[1:]:
        if hit.other_language != top.other_language:
            continue
        if hit.article_id == top.article_id:
            chosen.append(hit)
        elif others < 1 and hit.relevance >= CHUNK_RATIO * top.relevance:
            chosen.append(hit)
            others += 1
    lead = retrieval.lead
    if lead is not None and lead.chunk_id not in {h.chunk_id for h in chosen}:
        chosen.append(lead)
    # The rest of the best article: the answer may sit in a section the search ranked lower.
    seen = {h.chunk_id for h in chosen}
    chosen.extend(h for h in retrieval.article if h.chunk_id not in seen)
    return chosen


def compose_answer(retrieval: Retrieval, *, threshold: float, max_sentences: int) -> Answer:
    """One to ``max_sentences`` sentences from the retrieved chunks that answer the query, with
    their articles as sources and a confidence; empty when the search found nothing."""
    hits = retrieval.hits
    if not hits:
        return Answer("", (), 0.0, False, (), threshold)
    top = hits[0]
    # Where words meet reliably (bokmål, nynorsk, English), a sentence that shares none with the
    # question is about something else; in uk, pl and ar inflection hides shared words: vectors decide.
    words_meet = retrieval.language in TERMS_MEET_RELIABLY
    candidates = [_Candidate(rank, position, text, hit, _score(features), relevance, len(text.split()),
                             meets_question=not words_meet or features["coverage"] > 0)
                  for rank, position, text, hit, relevance, features in sentence_features(retrieval)]
    if not candidates:
        return Answer("", (), 0.0, False, (), threshold)

    picked = _pick(candidates, max_sentences)
    best = picked[0]
    sources: list[Source] = []
    for candidate in picked:
        hit = candidate.hit
        if hit.article_id not in [s.article_id for s in sources]:
            stale = hit.stale_on(retrieval.today) if retrieval.today else False
            sources.append(Source(hit.title, hit.source_url, hit.reviewed, hit.article_id, hit.language, hit.topics,
                                  section=hit.heading, review_by=hit.review_by, stale=stale))
    # Vectors alone find *some* article for any question about life in Norway; a question whose
    # words are not in the article, or that is about as close to every article, asks about
    # something the portal does not cover (``evidence``).
    doubt = penalty(retrieval.article_coverage, retrieval.distinctiveness)
    confidence = float(np.clip(0.6 * top.relevance + 0.4 * best.relevance - doubt, 0.0, 1.0))
    lead_source = sources[0]
    other_language = best.hit.other_language or top.other_language
    notes: list[str] = []
    if other_language:
        notes.append(other_language_note(retrieval.language, lead_source.language))
    if lead_source.stale:
        notes.append(stale_note(retrieval.language, lead_source.reviewed))
    return Answer(
        text=" ".join(c.text for c in _reading_order(picked)),
        sources=tuple(sources),
        confidence=round(confidence, 3),
        other_language=other_language,
        article_ids=tuple(s.article_id for s in sources),
        threshold=threshold,
        language=retrieval.language,
        source_language=lead_source.language,
        stale=lead_source.stale,
        reviewed=lead_source.reviewed,
        notes=tuple(notes),
    )


def sentence_features(retrieval: Retrieval, chosen: list[Hit] | None = None):
    """Every sentence of the chosen chunks with its features (the tuning in bench/answers.py
    reads them too): (chunk rank, position, text, hit, relevance, features)."""
    hits = retrieval.hits
    top = hits[0]
    chosen = chosen if chosen is not None else _chosen_chunks(retrieval)
    lead = retrieval.lead
    kinds = question_types(retrieval.query, retrieval.language)
    # A portal article opens with its short answer, then has a section per sub-question
    # (knowledge/content/README.md); text without sections has no such lead.
    sectioned = any(h.heading for h in retrieval.article) if retrieval.article else bool(retrieval.lead)
    is_open = sectioned and open_question(retrieval.query, retrieval.language)
    entity_stems = _entity_stems(retrieval)
    asks_meaning = not kinds and bool(ASKS_MEANING.search(retrieval.query))
    situation = set(NUMBER.findall(retrieval.query)) if not NUMBER_KINDS.intersection(kinds) else set()
    eu_eea = from_eu_eea(retrieval.query, retrieval.language)
    # The general-case cues are written for the languages whose words meet reliably (in uk, pl and
    # ar the vectors choose the sentence, and a first version with cues for them too lost a
    # Ukrainian and a Polish held-out question).
    # Only for a question that asks for a figure (a date, a duration, an amount ...): there the
    # general figure and the exception's differ ("1. mars" against "1. februar").
    cued = retrieval.language in TERMS_MEET_RELIABLY and bool(NUMBER_KINDS.intersection(kinds))
    unconditioned = cued and "condition" not in kinds and not QUESTION_CONDITION.search(retrieval.query)
    query_vector = retrieval.query_vector
    low, high = retrieval.similarity_range
    rows = []
    terms_cache: dict[tuple[str, str], list[str]] = {}

    def terms_of_text(language: str, text: str) -> list[str]:
        key = (language, text)
        if key not in terms_cache:
            terms_cache[key] = retrieval.analyzer(language).terms(text)
        return terms_cache[key]

    local_weights = _local_weights(retrieval, chosen, terms_of_text)
    for rank, hit in enumerate(chosen):
        comparable = retrieval.terms_meet(hit)
        chunk_relevance = hit.relevance if hit is not lead or lead is top else 0.9 * top.relevance
        relative = min(1.0, chunk_relevance / top.relevance) if top.relevance > 0 else 1.0
        article_lead = hit.chunk_id.endswith("#0")
        texts, vectors = _sentences(hit)
        dense_values = None
        if vectors is not None and query_vector is not None and len(texts):
            dense_values = np.clip((cosines(vectors, query_vector) - low) / (high - low), 0.0, 1.0)
        heading_terms = terms_of_text(hit.language, hit.heading) if comparable and hit.heading else []
        terms_of = [terms_of_text(hit.language, text) for text in texts] if comparable else [[] for _ in texts]
        coverages = [retrieval.coverage(terms) for terms in terms_of] if comparable else [0.0] * len(texts)
        for position, text in enumerate(texts):
            terms, coverage = terms_of[position], coverages[position]
            dense = float(dense_values[position]) if dense_values is not None else chunk_relevance
            if comparable:
                context = retrieval.coverage(terms + heading_terms) if heading_terms else coverage
                before = retrieval.coverage(terms + terms_of[position - 1]) if position else coverage
            else:  # another language: no terms to compare, the vectors decide
                coverage = context = before = dense
            folded = fold(text)
            if entity_stems:
                # "hva betyr REALFA?": the sentence that names what it means is the answer, not a
                # restatement of the question.
                entity = 0.0 if asks_meaning else sum(stem in folded for stem in entity_stems) / len(entity_stems)
            else:
                entity = coverage
            words = len(text.split())
            features = {
                "dense": dense,
                "coverage": coverage,
                "local": _local_share(retrieval.query_terms, terms, local_weights),
                "context": context,
                "continues": max(0.0, before - coverage),
                "type": match(kinds, text, hit.language, retrieval.query) if kinds else 0.0,
                "type_new": match_new(kinds, text, hit.language, retrieval.query) if kinds else 0.0,
                "entity": entity,
                "chunk": relative,
                "top_chunk": 1.0 if hit is top else 0.0,
                "other_article": 1.0 if hit.article_id != top.article_id else 0.0,
                "lead": 1.0 if article_lead and position == 0 else 0.0,
                # the short answer a portal article opens with, for a "what is" / "how do I" question
                "lead_open": 1.0 if is_open and article_lead and position == 0 and hit.article_id == top.article_id else 0.0,
                "situation": 1.0 if situation and situation.intersection(NUMBER.findall(text)) else 0.0,
                "eu_eea": 1.0 if eu_eea and EU_EEA_SENTENCE.search(text) else 0.0,
                "general": 1.0 if cued and GENERAL_CASE.search(text) else 0.0,
                "exception": 1.0 if unconditioned and EXCEPTION_OPENER.match(text.strip()) else 0.0,
                "length": math.log(words + 1),
                "short": 1.0 if words < MIN_WORDS and not _whole_sentence(text) else 0.0,
            }
            # What the confidence counts: the chunk's relevance and how well this sentence meets
            # the question (its terms, or its vector where terms are weak: uk, pl, ar).
            relevance = 0.5 * chunk_relevance + 0.5 * max(coverage, dense) if comparable else chunk_relevance
            rows.append((rank, position, text, hit, relevance, features))
    if rows and entity_stems:
        # "... Y-veien?": a sentence of another article that does not name Y-veien is about
        # something else when the best article names it.
        if any(r[3].article_id == top.article_id and r[5]["entity"] > 0 for r in rows):
            for row in rows:
                if row[3].article_id != top.article_id and row[5]["entity"] == 0:
                    row[5]["elsewhere"] = 1.0
    if rows:
        best_dense = max(r[5]["dense"] for r in rows)
        best_coverage = max(r[5]["coverage"] for r in rows)
        best_local = max(r[5]["local"] for r in rows)
        for row in rows:
            row[5]["dense_gap"] = row[5]["dense"] - best_dense
            row[5]["coverage_gap"] = row[5]["coverage"] - best_coverage
            row[5]["local_gap"] = row[5]["local"] - best_local
        if kinds and kinds[0] == "condition":
            _closest_statement_answers(rows)
    return rows


def _closest_statement_answers(rows: list) -> None:
    """A yes/no question ("czy lærling płaci podatek", "هل dagpenger عليها ضريبة") is answered as
    well by a plain statement ("Lærlinger betaler skatt av lønnen ...") as by a rule with a
    condition word (if, only, must, not): the sentence closest to the question counts as holding
    the asked kind, so the condition words of the sentences around it do not outweigh it."""
    for row in rows:
        if row[5]["dense_gap"] >= 0.0:
            row[5]["type"] = max(row[5]["type"], 1.0)
            row[5]["type_new"] = max(row[5]["type_new"], 1.0)


def _local_weights(retrieval: Retrieval, chosen: list[Hit], terms_of_text) -> dict[str, float]:
    """Weights of the question's terms by how few of the candidate sentences hold them: a term
    every sentence shares (the passage's topic) tells them apart less than one only a few hold."""
    sets = []
    for hit in chosen:
        if retrieval.terms_meet(hit):
            sets.extend(set(terms_of_text(hit.language, text)) for text in _sentences(hit)[0])
    if not sets:
        return {}
    weights = {}
    for term in set(retrieval.query_terms):
        found = sum(term in terms for terms in sets)
        if found:
            weights[term] = math.log((len(sets) + 1) / (found + 0.5))
    return weights


def _local_share(query_terms: tuple[str, ...], terms: list[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    present = set(terms)
    return sum(w for term, w in weights.items() if term in present) / total


def _whole_sentence(text: str) -> bool:
    """A short line that is a sentence of its own ("Rejestracja jest bezpłatna.", "Det er gratis."),
    not a list fragment: it starts with a capital letter (or a letter of a script without case:
    Arabic) and ends with a full stop, ! or ?."""
    text = text.strip()
    first = text[:1]
    starts = first.isupper() or (first.isalpha() and not first.islower())
    return len(text.split()) >= 2 and starts and text[-1:] in ".!?"


def _score(features: dict[str, float]) -> float:
    score = SENTENCE_WEIGHTS["bias"] + sum(SENTENCE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return score - 2.0 if features.get("short") else score


def _pick(candidates: list[_Candidate], max_sentences: int) -> list[_Candidate]:
    """The best sentence first, then the ones that complete it, within the word budget."""
    best = max(candidates, key=lambda c: (c.score, -c.hit_rank, -c.position))
    picked = [best]
    words = best.words

    def same_chunk(c: _Candidate, offset: int) -> bool:
        return c.hit.chunk_id == best.hit.chunk_id and c.position == best.position + offset

    # A sentence that refers back needs the one before it to be understood.
    if refers_back(best.text) and max_sentences > 1:
        before = next((c for c in candidates if same_chunk(c, -1)), None)
        if before is not None:
            picked.append(before)
            words += before.words
    top = best.probability
    for candidate in sorted(candidates, key=lambda c: c.score, reverse=True):
        if len(picked) >= max_sentences:
            break
        if candidate in picked or any(repeats(candidate.text, p.text) for p in picked):
            continue
        share = NEXT_SHARE if same_chunk(candidate, 1) else SECOND_SHARE
        if candidate.probability < share * top or words + candidate.words > WORD_BUDGET:
            continue
        if candidate.hit.article_id != best.hit.article_id and not candidate.meets_question:
            continue  # another article's sentence that shares no word with the question is about something else
        picked.append(candidate)
        words += candidate.words
    return picked


# A long sentence whose words are nearly all in another one says the same thing (two articles, or
# an article's opening and its section, put it in slightly different words).
RESTATED_SHARE = 0.75
RESTATED_MIN_WORDS = 8
RESTATED_GROWTH = 1.5  # ... and a sentence that holds nearly all of a picked one is at most this much longer


def restates(sentence: str, other: str) -> bool:
    """``sentence`` says nothing ``other`` does not: every word of it is in ``other`` (an article
    that says a thing twice, "En bachelorgrad tar vanligvis tre år og gir 180 studiepoeng." in its
    opening and "En bachelorgrad gir 180 studiepoeng og tar vanligvis tre år på heltid." in a
    section, is quoted once), or it is long and nearly all of its words are, numbers included
    ("HK-dir har en egen ordning for dem som ikke kan dokumentere utdanningen sin" from two articles)."""
    return _restates(_word_set(sentence), _word_set(other))


def repeats(candidate: str, picked: str) -> bool:
    """Quoting ``candidate`` beside ``picked`` would say the same thing twice: it restates what is
    picked, or the picked sentence is nearly all inside it and it adds no number and not much more
    ("HK-dir, the Norwegian Directorate for Higher Education and Skills, publishes the requirements
    for each country in the GSU list" after "HK-dir publishes the requirements for each country in a
    list called the GSU list")."""
    longer, words = _word_set(candidate), _word_set(picked)
    return _restates(longer, words) or (
        _nearly_inside(words, longer) and _no_new_number(longer, words) and len(longer) <= RESTATED_GROWTH * len(words))


def _word_set(text: str) -> set[str]:
    return set(SENTENCE_WORD.findall(text.lower()))


def _restates(words: set[str], others: set[str]) -> bool:
    return bool(words) and (words <= others or (_nearly_inside(words, others) and _no_new_number(words, others)))


def _nearly_inside(words: set[str], others: set[str]) -> bool:
    """A long sentence nearly all of whose words the other holds."""
    return len(words) >= RESTATED_MIN_WORDS and len(words & others) >= RESTATED_SHARE * len(words)


def _no_new_number(dropped: set[str], kept: set[str]) -> bool:
    """Every number of the sentence left out is in the one kept (a number is a fact of its own)."""
    return all(w in kept for w in dropped if any(ch.isdigit() for ch in w))


def _reading_order(picked: list[_Candidate]) -> list[_Candidate]:
    """The best sentence leads, unless a sentence it refers back to comes right before it; the
    supporting ones follow in reading order."""
    best = picked[0]
    rest = picked[1:]

    def key(c: _Candidate) -> tuple:
        return (c.hit.article_id != best.hit.article_id, c.hit.article_id, _chunk_position(c.hit), c.position)

    before = [c for c in rest if c.hit.chunk_id == best.hit.chunk_id and c.position == best.position - 1
              and refers_back(best.text)]
    after = sorted((c for c in rest if c not in before), key=key)
    return before + [best] + after
