"""Split an article body into chunks by heading, then by paragraph.

Every chunk carries the article title and its section heading, so a chunk can be searched and
quoted on its own. Sentences are split here too (answers quote sentences, not chunks).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A sentence ends at . ! ? followed by space + capital/digit/quote; "15. april" and "bl.a." stay whole.
# Capitals: Latin (with Latin-1 and Polish letters: "Łatwo", "Świadectwo", "Żeby"), Cyrillic, Arabic.
SENTENCE_END = re.compile(
    r"(?<=[.!?؟])[\"»”)]?\s+(?=[\"«“(]?[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻ0-9\u0400-\u04FF\u0600-\u06FF])")
# Whole words only: "ca." is an abbreviation, the Polish "marca." (of March) ends a sentence.
ABBREVIATIONS = frozenset({"bl.a.", "f.eks.", "ca.", "dvs.", "osv.", "nr.", "jf.", "mv.", "e.g.", "i.e.", "etc.", "kl.",
                           "np.", "m.in.", "tzw.", "tj.", "ok.", "напр.",
                           # Polish "ds." (do spraw, "for"): "Dyrektoriat ds. Szkolnictwa Wyższego"
                           "ds."})


@dataclass(frozen=True)
class Chunk:
    article_id: str
    position: int  # 0-based order within the article
    title: str
    heading: str  # "" for the lead paragraph(s) before the first heading
    body: str  # plain text, paragraphs separated by blank lines

    @property
    def chunk_id(self) -> str:
        return f"{self.article_id}#{self.position}"

    @property
    def text(self) -> str:
        """What gets indexed: title, heading and body."""
        return "\n".join(part for part in (self.title, self.heading, self.body) if part)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def sentences(self) -> list[str]:
        return split_sentences(self.body)


def plain_text(markdown: str) -> str:
    """Markdown inline syntax removed (links keep their text, list markers dropped)."""
    text = LINK.sub(r"\1", markdown)
    text = EMPHASIS.sub(r"\2", text)
    return LIST_MARK.sub("", text).strip()


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        for line in paragraph.splitlines():  # list items and lines in a list are separate statements
            line = line.strip()
            if not line:
                continue
            parts = SENTENCE_END.split(line)
            merged: list[str] = []
            for part in parts:
                if merged and _last_word(merged[-1]) in ABBREVIATIONS:
                    merged[-1] = f"{merged[-1]} {part}"
                else:
                    merged.append(part)
            sentences.extend(p.strip() for p in merged if p.strip())
    return sentences


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lstrip("(«\"“").lower() if words else ""


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in order; list items in one block stay one paragraph."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    block: list[str] = []

    def flush() -> None:
        if block:
            paragraph = "\n".join(plain_text(line) for line in block if plain_text(line))
            if paragraph:
                sections[-1][1].append(paragraph)
            block.clear()

    for line in body.splitlines():
        match = HEADING.match(line)
        if match:
            flush()
            sections.append((plain_text(match.group(2)), []))
        elif not line.strip():
            flush()
        else:
            block.append(line)
    flush()
    return [(heading, paragraphs) for heading, paragraphs in sections if paragraphs]


def chunk_article(article_id: str, title: str, body: str, max_chars: int = 900) -> list[Chunk]:
    """One chunk per section; a long section is split at paragraph boundaries (≤ max_chars)."""
    chunks: list[Chunk] = []
    for heading, paragraphs in _sections(body):
        current: list[str] = []
        size = 0
        for paragraph in paragraphs:
            if current and size + len(paragraph) > max_chars:
                chunks.append(Chunk(article_id, len(chunks), title, heading, "\n\n".join(current)))
                current, size = [], 0
            current.append(paragraph)
            size += len(paragraph) + 2
        if current:
            chunks.append(Chunk(article_id, len(chunks), title, heading, "\n\n".join(current)))
    return chunks
