"""Bokmål lemma table: spacy-lookups-data's full-form lexicon, a few corrections, compound heads.

``nb_lemma_exc`` keeps one lemma per form and part of speech, and many short verb forms collide
with a rare noun or adjective lemma of the same spelling. Three repairs, all general:

* an imperative-looking verb reading (lemma = form + "e": "elever" → *elevere*, "skoler" →
  *skolere*, "plasser" → *plassere*) loses to a noun reading: in running text these forms are
  noun plurals (elev, skole, plass), and the stemmer then meets the singular;
* ``EXTRA_LEMMAS``: common forms the tables leave unlemmatised or send to the wrong word, because
  the form is also a rare lemma ("gir" *gear*, "søkt" *far-fetched*, "hatt" *hat*) or is missing
  ("chatte", a loan verb from "chat");
* an unknown compound takes the lemma of its head (its longest known tail): "karrieresentrene"
  → karriere + sentrene → "karrieresenter", so every form of a compound is one term.
"""
from __future__ import annotations

import functools
from typing import Callable

# Forms the lookup tables get wrong for the words a career-guidance portal uses. Each one is a
# verb form whose spelling is also a rare lemma (left unlemmatised by the tables), a plural the
# tables send to another noun, or a missing loan word. Kept short on purpose: Snowball already
# joins regular forms (jobber/jobbe, søker/søke), so only forms it cannot reach are listed.
EXTRA_LEMMAS: dict[str, str] = {
    # present tense of short verbs ("gir" is also *gear*, "går" is *yesterday*)
    "gir": "gi", "går": "gå", "får": "få",
    # past tense and participles that are also adjectives or nouns
    "sto": "stå", "hatt": "ha", "fant": "finne", "skrev": "skrive", "spurte": "spørre",
    "spurt": "spørre", "svart": "svare", "vist": "vise", "søkt": "søke", "brukt": "bruke",
    "godkjent": "godkjenne", "kjent": "kjenne", "mente": "mene", "veit": "vite",
    # senter: the tables send the plural to "sentrum"
    "sentre": "senter", "sentrene": "senter", "sentra": "senter",
    # chat / chatte (a loan word missing from the tables)
    "chatte": "chat", "chatter": "chat", "chattet": "chat", "chattes": "chat", "chatting": "chat",
    "chatten": "chat", "chattene": "chat",
}

MIN_HEAD = 3  # letters of the compound's first part (without a linking s/e)
MIN_TAIL = 5  # letters of the head word as written ("sentrene"); shorter tails match suffixes by chance


def bokmal_table(read: Callable[[str], dict]) -> tuple[dict[str, str], frozenset[str]]:
    """(lowercase form → lemma, the set of lemmas) from spacy-lookups-data's bokmål tables."""
    exceptions = read("nb_lemma_exc.json.gz")
    lemmas = {lemma[0].lower() for table in exceptions.values() for lemma in table.values() if lemma}
    nouns = exceptions.get("noun", {})
    table: dict[str, str] = {}
    # Verbs last so they win ("søkte" -> "søke"); a form that is itself a lemma stays as it is.
    for pos in ("adv", "adj", "noun", "verb"):
        for form, lemma in exceptions.get(pos, {}).items():
            form, target = form.lower(), lemma[0].lower() if lemma else form.lower()
            if form == target or form in lemmas:
                continue
            if pos == "verb" and target == form + "e" and form in nouns:
                continue  # imperative vs noun plural: "elever" is elev, not *elevere*
            table[form] = target
    for form, lemma in read("nb_lemma_lookup.json.gz").items():
        if form.lower() != lemma.lower() and form.lower() not in lemmas:
            table.setdefault(form.lower(), lemma.lower())
    table.update(EXTRA_LEMMAS)
    lemmas.update(EXTRA_LEMMAS.values())
    return table, frozenset(lemmas)


class CompoundLemmatizer:
    """Lemma of a compound the tables do not know, from its head: the longest tail that is a
    known word. "karrieresentrene" → "karriere" + lemma("sentrene") = "karrieresenter".

    The first part must be a known word too (optionally with a linking -s-/-e-), so a tail that
    happens to be a word across the seam ("realkompetansevurde|ringen") is not taken. A compound
    whose head is already a lemma ("karriereveiledning") is its own lemma.
    """

    def __init__(self, table: dict[str, str], lemmas: frozenset[str]):
        self.table = table
        self.lemmas = lemmas
        self.lemma = functools.lru_cache(maxsize=65536)(self._lemma)
        self._split_point = functools.lru_cache(maxsize=65536)(self._split_point)

    def known(self, word: str) -> bool:
        return word in self.lemmas or word in self.table

    def _first_part(self, head: str) -> bool:
        if self.known(head):
            return True
        if head[-1] in "se" and len(head) > MIN_HEAD and self.known(head[:-1]):
            return True
        # A first part that is itself a compound ("realkompetanse|vurderingen").
        return self._split_point(head) is not None

    def _split_point(self, word: str) -> int | None:
        """Where the longest known tail starts, when the rest is a plausible first part."""
        for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
            if self.known(word[cut:]) and self._first_part(word[:cut]):
                return cut
        return None

    def _lemma(self, word: str) -> str:
        if self.known(word) or len(word) < MIN_HEAD + MIN_TAIL or not word.isalpha():
            return self.table.get(word, word)
        cut = self._split_point(word)
        if cut is None:
            return word
        tail = word[cut:]
        return word[:cut] + self.table.get(tail, tail)
