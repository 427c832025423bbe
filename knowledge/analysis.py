"""Language-aware text analysis for lexical search.

Per language: spaCy blank tokeniser → lowercase → stop words out → lookup lemma (tables from
spacy-lookups-data, looked up directly: a spaCy lookup lemmatizer component would give the same
lemma but copies the 450k-entry table once more) → Snowball stem (PyStemmer).
Norwegian (nb, nn) also splits compounds against a vocabulary built from the corpus and emits
the parts as extra terms, so "søknadsfristen" also yields "søknad" and "frist".

What the packages offer (checked against the installed versions):

====  =====================================  ===============================
lang  lemmas                                 stemmer
====  =====================================  ===============================
nb    nb_lemma_lookup + nb_lemma_exc (forms) Snowball norwegian
nn    the bokmål tables (many forms shared)  Snowball norwegian
en    en_lemma_lookup                        Snowball english
pl    none usable (tables are split by POS,   Snowball polish, prefix (below)
      and a blank pipeline has no tagger)
uk    none                                   light suffix stripping (below)
ar    none                                   Snowball arabic + skeleton
====  =====================================  ===============================

For bokmål the small ``nb_lemma_lookup`` table is joined with the full-form lexicon in
``nb_lemma_exc``, with a few repairs and compound heads (see knowledge/norwegian.py): every form
of "karrieresenter" ("karrieresentrene", "karrieresenteret") gets the lemma "karrieresenter".
spaCy pipelines and lemma tables are built once per process (``functools.lru_cache``).
"""
from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from knowledge.norwegian import CompoundLemmatizer, bokmal_table

SPACY_LANGUAGE = {"nb": "nb", "nn": "nb", "en": "en", "pl": "pl", "uk": "uk", "ar": "ar"}
SNOWBALL = {"nb": "norwegian", "nn": "norwegian", "en": "english", "pl": "polish", "ar": "arabic"}
COMPOUNDING = frozenset({"nb", "nn"})
# Polish stems are cut to this prefix (4, 5 and 6 measured on the dev set: 4 and 6 best, 4 joins
# "dyplom"/"dypl" and "trwa"/"trwan" too); Arabic skeletons are only made of stems this long.
POLISH_PREFIX = 4
POLISH_VOWELS = "aeiouyąęó"
ARABIC_PREFIXES = "يتمان"
ARABIC_MIN = 4
WORD = re.compile(r"\w", re.UNICODE)

# spaCy's Norwegian stop list comes from news text and holds words that matter here
# ("poeng", "plass", "tid", "kroner", "kontakt"...). Those are kept as content words. "sett" is
# also the lemma of "settet" (a set in a match): as a stop word it took every form of it away.
NB_CONTENT_WORDS = frozenset(
    """plass poeng kontakt tid kroner leder land landet personer kamp kampen dag grunn mennesker
    folk runde saken sted stedet laget mål løpet kveld fjor bris by del gang tillegg opplyser
    skriver viktig ønsker første først siste neste fem fire seks ny nye god godt bedre beste stor
    store kort langt helt klart tror mener sier viser ligger funnet vant sett""".split()
)
NORWEGIAN_EXTRA_STOP_WORDS = frozenset(
    """hva hvordan hvor hvem hvilke hvilken hvilket hvorfor hvis om jeg meg min mitt mine
    kva korleis kor kven kvifor kva slags eg ikkje frå ein eit dei me ho han no berre òg
    vere vore vert blir kan kunne må skal vil bør kor mykje mykje mye""".split()
)
UKRAINIAN_SUFFIXES = tuple(
    sorted(
        """ами ями ого ому ими іми ові еві ах ях ів їв ам ям ом ем ою ею ий ій их іх ої ей
        а я о е у ю і ї и ь""".split(),
        key=len,
        reverse=True,
    )
)


def lemma_table(language: str) -> Mapping[str, str]:
    """Lowercase form → lemma for the language, or {} where no usable table exists."""
    return _lemma_table(SPACY_LANGUAGE.get(language, "xx"))


def _read_lookups(name: str) -> dict:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).resolve().parent / "data" / name
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=None)
def _bokmal() -> tuple[dict[str, str], CompoundLemmatizer]:
    table, lemmas = bokmal_table(_read_lookups)
    return table, CompoundLemmatizer(table, lemmas)


@functools.lru_cache(maxsize=None)
def _lemma_table(language: str) -> Mapping[str, str]:
    if language == "nb":
        return _bokmal()[0]
    if language == "en":
        return {k.lower(): v.lower() for k, v in _read_lookups("en_lemma_lookup.json.gz").items() if k.lower() != v.lower()}
    return {}


def pipeline(language: str):
    """The blank spaCy pipeline (tokeniser, stop words) for the language; one per process."""
    return _pipeline(SPACY_LANGUAGE.get(language, "xx"))


@functools.lru_cache(maxsize=None)
def _pipeline(code: str):
    import spacy

    return spacy.blank(code)


@functools.lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    import spacy

    words = set(spacy.blank(SPACY_LANGUAGE.get(language, "xx")).Defaults.stop_words)
    if SPACY_LANGUAGE.get(language) == "nb":
        words = (words - NB_CONTENT_WORDS) | NORWEGIAN_EXTRA_STOP_WORDS
    return frozenset(w.lower() for w in words)


@functools.lru_cache(maxsize=None)
def _snowball(language: str):
    import Stemmer

    name = SNOWBALL.get(language)
    return Stemmer.Stemmer(name) if name else None


# Arabic writes "and"/"so" (و, ف) and the article (ال) onto the word: Snowball takes "ال" off but
# leaves "وال" ("والطلاب" "and the students"), so the word would not meet "الطلاب".
ARABIC_CONJUNCTION_ARTICLE = ("وال", "فال")


def stem(word: str, language: str) -> str:
    if language == "ar" and word.startswith(ARABIC_CONJUNCTION_ARTICLE) and len(word) > 5:
        word = word[1:]
    stemmer = _snowball(language)
    if stemmer is not None:
        stemmed = stemmer.stemWord(word)
        refine = AFTER_SNOWBALL.get(language)
        return refine(stemmed) if refine else stemmed
    if language == "uk":
        return _strip_ukrainian(word)
    return word


def _polish_prefix(stemmed: str) -> str:
    """Snowball polish is inconsistent across a word's forms ("trwa", "trw", "trwan"; "dyplom",
    "dypl"): keep a fixed prefix of the stem, without trailing vowels, so the forms meet."""
    if not stemmed.isalpha():
        return stemmed
    short = stemmed[:POLISH_PREFIX].rstrip(POLISH_VOWELS)
    return short if len(short) >= 3 else stemmed[:POLISH_PREFIX]


def _arabic_skeleton(stemmed: str) -> str:
    """Snowball arabic keeps the verb and noun prefixes of one root apart ("يعترف" / "اعتراف",
    "يوافق" / "توافق" / "موافقة"): drop one such prefix letter and the long alef inside."""
    if len(stemmed) >= ARABIC_MIN and stemmed[0] in ARABIC_PREFIXES:
        stemmed = stemmed[1:]
    if len(stemmed) >= ARABIC_MIN:
        stemmed = stemmed[0] + stemmed[1:].replace("ا", "")
    # ta marbuta before a suffix ("شهادتي" → "شهادت") is the same word as "شهادة"
    if len(stemmed) >= ARABIC_MIN and stemmed.endswith("ت"):
        stemmed = stemmed[:-1]
    return stemmed


# The articles in English use British spelling ("programme", "centre", "licence"); people also
# write the American one. Snowball leaves the two apart, so the American stem is read as the
# British one ("introduction program" meets "introduction programme").
ENGLISH_SPELLING = {
    "program": "programm", "center": "centr", "licens": "licenc", "organiz": "organis",
    "recogn": "recognis", "labor": "labour", "counselor": "counsellor",
}


def _english_spelling(stemmed: str) -> str:
    return ENGLISH_SPELLING.get(stemmed, stemmed)


# Where Snowball alone leaves one word's forms apart, its stem is refined per language.
AFTER_SNOWBALL = {"pl": _polish_prefix, "ar": _arabic_skeleton, "en": _english_spelling}


def _strip_ukrainian(word: str) -> str:
    if len(word) <= 4:
        return word
    for suffix in UKRAINIAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Word:
    """One content word of a text: surface form (lowercase), lemma, compound parts (lemmas)."""

    form: str
    lemma: str
    parts: tuple[str, ...] = ()


TERMS_CACHE_SIZE = 50_000  # texts per language whose terms an Analyzer keeps (see CompoundSplitter.terms_cache)

# Two-letter words that head many compounds ("skoleår", "studieår", "opptaksår",
# "folkehøgskoleår"). Shorter than ``min_part``, so they are accepted only after a known first
# part of at least ``SHORT_TAIL_HEAD`` letters ("best|år" in "består" is no compound).
SHORT_TAILS = frozenset({"år"})
SHORT_TAIL_HEAD = 5


class CompoundSplitter:
    """Split Norwegian compounds against a vocabulary of words seen in the corpus.

    A split ``head [+ s|e] + tail`` is accepted when the tail (or its lemma) is a known word of at
    least 3 letters and the head is a known word, or ends in a linking -s-/-e- and is at least
    4 letters long (``søknads|fristen`` → søknad + frist). The tail is split again recursively.
    A tail in ``SHORT_TAILS`` ("folkehøgskole|år") needs a known head of five letters or more.
    """

    def __init__(self, vocabulary: Iterable[str] | Mapping[str, int], min_part: int = 3):
        self.vocabulary = frozenset(vocabulary)
        self.min_part = min_part
        # Terms of texts analysed with this vocabulary, per language (``Analyzer.terms``): an
        # answer ranks the sentences of its article, and the same sentences come back for many
        # questions; analysing them again (spaCy) was a fifth of a warm answer's time.
        self._terms: dict[str, dict[str, tuple[str, ...]]] = {}

    def terms_cache(self, language: str) -> dict[str, tuple[str, ...]]:
        return self._terms.setdefault(language, {})

    def __len__(self) -> int:
        return len(self.vocabulary)

    def _known(self, word: str) -> bool:
        return len(word) >= self.min_part and (word in self.vocabulary or lemmatize(word, "nb") in self.vocabulary)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts (as lemmas) of a compound, or () when the word is not split."""
        best: tuple[float, tuple[str, ...]] | None = None
        n = len(word)
        if n < 2 * self.min_part:
            return ()
        short = word[-2:] if word[-2:] in SHORT_TAILS and n - 2 >= SHORT_TAIL_HEAD else None
        for cut in range(self.min_part, n - self.min_part + 1 + (1 if short else 0)):
            head, tail = word[:cut], word[cut:]
            if tail == short:
                candidates = [(2.0, base) for base in (head, head[:-1] if head[-1] == "s" else "")
                              if len(base) >= SHORT_TAIL_HEAD and (base in self.vocabulary or lemmatize(base, "nb") in self.vocabulary)]
                for evidence, base in candidates[:1]:
                    score = evidence + min(len(base), len(tail)) / n
                    if best is None or score > best[0]:
                        best = (score, (lemmatize(base, "nb"), tail))
                continue
            if not self._known(tail):
                continue
            candidates = []
            if head in self.vocabulary:
                candidates.append((2.0, head))
            if head[-1] in "se" and len(head) > self.min_part:
                base = head[:-1]
                if base in self.vocabulary or lemmatize(base, "nb") in self.vocabulary:
                    candidates.append((2.0, base))
                elif head[-1] == "s" and len(base) >= 4:
                    candidates.append((1.0, base))
            for evidence, base in candidates:
                # Prefer strong evidence, then a balanced split (long, meaningful parts).
                score = evidence + min(len(base), len(tail)) / n
                if best is None or score > best[0]:
                    rest = self.split(tail)
                    parts = (lemmatize(base, "nb"),) + (rest or (lemmatize(tail, "nb"),))
                    best = (score, parts)
        return best[1] if best else ()


def lemmatize(word: str, language: str) -> str:
    return lemma_table(language).get(word, word)


# Quote marks and slashes that spaCy's tokeniser leaves inside a token.
INNER_SEPARATORS = re.compile(r'["“”«»„/]+')


def _hyphenated_lemma(form: str, lemma_of) -> str:
    """A hyphenated word's lemma is its head's: "mehamn-drapet" → "mehamn-drap" (the tables hold
    no hyphenated forms, so without this every inflection of it would be a term of its own)."""
    head, hyphen, tail = form.rpartition("-")
    if hyphen and head and tail.isalpha():
        return f"{head}-{lemma_of(tail)}"
    return lemma_of(form)


class Analyzer:
    """Turns text into index terms for one language. Cheap to build; tables load on first use."""

    def __init__(self, language: str, compounds: CompoundSplitter | None = None):
        self.language = language
        self.compounds = compounds if language in COMPOUNDING else None
        # Lives with the index's splitter, so a rebuilt vocabulary starts a new cache.
        self._cache = compounds.terms_cache(language) if compounds is not None else None

    def words(self, text: str) -> list[Word]:
        nlp = pipeline(self.language)
        stops = stop_words(self.language)
        table = lemma_table(self.language)
        lemma_of = _bokmal()[1].lemma if self.language in COMPOUNDING else (lambda form: table.get(form, form))
        result = []
        for token in nlp(text.lower()):
            # spaCy leaves a quote or slash inside a token ('too"-bevegelsen', "vg1/vg2"): the
            # pieces are words of their own.
            for piece in INNER_SEPARATORS.split(token.text):
                form = piece.strip("-'’.")
                if not form or not WORD.search(form) or form in stops:
                    continue
                lemma = _hyphenated_lemma(form, lemma_of)
                if lemma in stops:
                    continue
                result.append(Word(form, lemma, self._parts(lemma)))
        return result

    def _parts(self, lemma: str) -> tuple[str, ...]:
        if self.compounds is None or len(lemma) < 6 or lemma.isdigit():
            return ()
        if "-" in lemma:
            return self._hyphen_parts(lemma)
        return self.compounds.split(lemma)

    def _hyphen_parts(self, lemma: str) -> tuple[str, ...]:
        """A compound written with a hyphen ("metoo-bevegelse", "nav-kontor", "vm-semifinale"):
        its pieces (as lemmas, without stop words), each split again where it is a compound, so
        "bevegelsen" in a question meets "Metoo-bevegelsen" like "frist" meets "søknadsfristen"."""
        stops = stop_words(self.language)
        parts: list[str] = []
        for piece in lemma.split("-"):
            if len(piece) < 2 or not piece.isalpha() or piece in stops:
                continue
            piece = lemmatize(piece, "nb")
            parts.append(piece)
            if len(piece) >= 6:
                parts.extend(self.compounds.split(piece))
        return tuple(dict.fromkeys(parts))

    def with_parts(self, words: Iterable[Word]) -> list[Word]:
        """The words with compound parts from this analyser's splitter (for words analysed before
        the splitter existed: an index build tokenises every chunk once, see index._lexical_index)."""
        return [Word(w.form, w.lemma, self._parts(w.lemma)) for w in words]

    def fields(self, words: Iterable[Word]) -> tuple[list[str], list[str]]:
        """(stemmed lemmas, stemmed compound parts) of the words — the two lexical fields."""
        terms, parts = [], []
        for word in words:
            terms.append(stem(word.lemma, self.language))
            parts.extend(stem(part, self.language) for part in word.parts)
        return terms, parts

    def analyse(self, text: str) -> tuple[list[str], list[str]]:
        """(stemmed lemmas, stemmed compound parts) — the two lexical fields."""
        return self.fields(self.words(text))

    def terms(self, text: str) -> list[str]:
        """Stemmed lemmas, with compound parts as extra terms (both fields in one list)."""
        cache = self._cache
        if cache is not None:
            found = cache.get(text)
            if found is not None:
                return list(found)
        terms = []
        for word in self.words(text):
            terms.append(stem(word.lemma, self.language))
            terms.extend(stem(part, self.language) for part in word.parts)
        if cache is not None:
            if len(cache) >= TERMS_CACHE_SIZE:
                cache.clear()  # bounded: a portal's sentences fit many times over
            cache[text] = tuple(terms)
        return terms


def build_vocabulary(texts: Iterable[tuple[str, str]]) -> Counter[str]:
    """Counts of Norwegian forms and lemmas in (text, language) pairs, for compound splitting."""
    return vocabulary_of((Analyzer(language).words(text), language) for text, language in texts if language in COMPOUNDING)


def vocabulary_of(analysed: Iterable[tuple[list[Word], str]]) -> Counter[str]:
    """build_vocabulary for texts already turned into words (by an analyser without a splitter)."""
    counts: Counter[str] = Counter()
    for words, language in analysed:
        if language not in COMPOUNDING:
            continue
        for word in words:
            if word.form.isalpha():
                counts[word.form] += 1
                counts[word.lemma] += 1
    return counts
