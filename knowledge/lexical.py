"""BM25 over analysed terms (bm25s), plus the term statistics answers need (idf, coverage)."""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

TERMS_FILE = "terms.json"


TYPO_MIN = 6  # a shorter term is too likely to be another real word one letter away


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class LexicalIndex:
    """BM25 (Lucene variant) over pre-analysed documents; scores every document for a query.

    Two fields: the words themselves (``documents``) and, for compound parts, an expanded field
    (words + parts) that counts with ``parts_weight``. Parts in the main field would inflate term
    counts and add false splits at full weight (on NorQuAD that cost 2 points of recall@1); as a
    light second field they still let "frist" find "søknadsfristen" without that cost.
    """

    def __init__(
        self,
        documents: Sequence[Sequence[str]],
        parts: Sequence[Sequence[str]] | None = None,
        parts_weight: float = 0.2,
        k1: float = 1.2,
        b: float = 0.75,
    ):
        self.documents = [list(doc) for doc in documents]
        self.parts = [list(p) for p in parts] if parts is not None else [[] for _ in self.documents]
        if len(self.parts) != len(self.documents):
            raise ValueError("one list of parts per document")
        self.parts_weight = parts_weight
        self.k1, self.b = k1, b
        self._main = None
        self._expanded = None
        self._deletion_table: dict[str, tuple[str, ...]] | None = None
        self.document_frequency: Counter[str] = Counter()
        for doc, doc_parts in zip(self.documents, self.parts):
            self.document_frequency.update(set(doc) | set(doc_parts))

    def _bm25(self, corpus: list[list[str]]):
        import bm25s

        bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        bm25.index(corpus, show_progress=False)
        return bm25

    def _index(self):
        if self._main is None and self.documents:
            self._main = self._bm25(self.documents)
            if any(self.parts) and self.parts_weight > 0:
                self._expanded = self._bm25([d + p for d, p in zip(self.documents, self.parts)])
        return self._main

    def __len__(self) -> int:
        return len(self.documents)

    @staticmethod
    def _scores(bm25, terms: Sequence[str], size: int) -> np.ndarray:
        known = [t for t in terms if t in bm25.vocab_dict and t != ""]
        if not known:
            return np.zeros(size, dtype=np.float32)
        return np.asarray(bm25.get_scores(known), dtype=np.float32)

    def scores(self, terms: Sequence[str], parts: Sequence[str] = ()) -> np.ndarray:
        """BM25 score of every document (0 where no term matches)."""
        if not self.documents:
            return np.zeros(0, dtype=np.float32)
        main = self._index()
        result = self._scores(main, terms, len(self.documents))
        if self._expanded is not None:
            result = result + self.parts_weight * self._scores(self._expanded, list(terms) + list(parts), len(self.documents))
        elif parts:
            result = result + self.parts_weight * self._scores(main, parts, len(self.documents))
        return result

    def corrected(self, terms: Sequence[str]) -> list[str]:
        """The terms with a likely typo read as the word the articles use: a term of at least
        ``TYPO_MIN`` letters that no article has, one letter from exactly the commonest such word
        ("permiter" → "permitter" for "permitert"), is replaced by it. Others stay as they are."""
        out = []
        for term in terms:
            if len(term) < TYPO_MIN or term in self.document_frequency or not term.isalpha():
                out.append(term)
                continue
            candidates = self._near(term)
            out.append(max(candidates, key=lambda c: (self.document_frequency[c], c)) if candidates else term)
        return out

    def _near(self, term: str) -> set[str]:
        """Known terms one insertion, deletion or substitution away (by shared single deletions)."""
        table = self._deletions()
        found = set(table.get(term, ()))  # a letter missing from the term ("permiter" / "permitter")
        for variant in _deletes(term):
            if variant in self.document_frequency:  # a letter too many
                found.add(variant)
            found.update(table.get(variant, ()))  # a letter replaced
        return {f for f in found if f != term and len(f) >= TYPO_MIN - 1}

    def prepare_corrections(self) -> None:
        """Build the table typos are looked up in (tens of milliseconds; else on first use)."""
        self._deletions()

    def _deletions(self) -> dict[str, tuple[str, ...]]:
        if self._deletion_table is None:
            table: dict[str, list[str]] = {}
            for known in self.document_frequency:
                if len(known) >= TYPO_MIN - 1 and known.isalpha():
                    for variant in _deletes(known):
                        table.setdefault(variant, []).append(known)
            self._deletion_table = {k: tuple(v) for k, v in table.items()}
        return self._deletion_table

    def terms_of(self, row: int) -> set[str]:
        return set(self.documents[row]) | set(self.parts[row])

    def idf(self, term: str) -> float:
        """BM25 idf; a term the corpus never uses gets the idf of a term seen in no document."""
        n = len(self.documents)
        df = self.document_frequency.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def coverage(self, query_terms: Sequence[str], document_terms: Sequence[str] | set[str]) -> float:
        """Share of the query's idf mass found in the document (0..1)."""
        unique = list(dict.fromkeys(query_terms))
        if not unique:
            return 0.0
        present = set(document_terms)
        total = sum(self.idf(t) for t in unique)
        found = sum(self.idf(t) for t in unique if t in present)
        return found / total if total else 0.0

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        payload = {"k1": self.k1, "b": self.b, "parts_weight": self.parts_weight, "documents": self.documents, "parts": self.parts}
        (directory / TERMS_FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        payload = json.loads((directory / TERMS_FILE).read_text(encoding="utf-8"))
        index = cls(payload["documents"], payload["parts"], payload["parts_weight"], k1=payload["k1"], b=payload["b"])
        index._index()  # BM25 matrices are rebuilt at load: milliseconds for a portal's articles
        return index
