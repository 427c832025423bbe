"""Splitting long texts to a channel's limits, on sentence boundaries where possible.

SMS: a text of GSM-7 characters fits 160 characters in one segment and 153 per segment when it is
sent in parts (the extension characters ``^{}\\[~]|€`` take two); any other character makes the whole
text UCS-2: 70 in one segment, 67 per part (counted in UTF-16 code units). An outgoing SMS is at
most ``max_segments`` segments and ``max_chars`` characters; a longer text goes as several SMS.
Telegram: at most 4096 characters per message.
"""

from __future__ import annotations

import re

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
TELEGRAM_MAX = 4096

_SENTENCE_END = re.compile(r"((?<=[.!?…։؟।])[ \t]+|[ \t]*\n[\s]*)")


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _units(text: str, gsm: bool) -> int:
    if gsm:
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def sms_segments(text: str) -> int:
    """How many segments one SMS with this text takes."""
    gsm = is_gsm7(text)
    units = _units(text, gsm)
    single, part = (160, 153) if gsm else (70, 67)
    if units <= single:
        return 1
    return -(-units // part)


def sms_capacity(gsm: bool, max_segments: int, max_chars: int) -> int:
    """The most units one SMS may carry."""
    single, part = (160, 153) if gsm else (70, 67)
    segments_cap = single if max_segments <= 1 else part * max_segments
    return min(segments_cap, max_chars)


def split_sms(text: str, max_segments: int = 4, max_chars: int = 600) -> list[str]:
    """``text`` as SMS bodies of at most ``max_segments`` segments and ``max_chars`` characters each."""
    gsm = is_gsm7(text)
    capacity = sms_capacity(gsm, max_segments, max_chars)
    return split(text, capacity, lambda t: _units(t, gsm))


def split_telegram(text: str, limit: int = TELEGRAM_MAX) -> list[str]:
    return split(text, limit, lambda t: len(t.encode("utf-16-le")) // 2)


def split(text: str, limit: int, measure=len) -> list[str]:
    """Parts of at most ``limit`` (as ``measure`` counts), cut after sentences, else between words,
    else anywhere; whitespace at the cuts is dropped."""
    text = text.strip()
    if measure(text) <= limit:
        return [text] if text else []
    tokens = _SENTENCE_END.split(text)  # sentence, separator, sentence, ...
    parts: list[str] = []
    current = ""
    separator = " "
    for index in range(0, len(tokens), 2):
        piece = tokens[index].strip()
        if piece:
            for chunk in _fit(piece, limit, measure):
                candidate = f"{current}{separator}{chunk}" if current else chunk
                if measure(candidate) <= limit:
                    current = candidate
                else:
                    parts.append(current)
                    current = chunk
                separator = " "
        if index + 1 < len(tokens):
            separator = "\n" if "\n" in tokens[index + 1] else " "
    if current:
        parts.append(current)
    return parts


def _fit(piece: str, limit: int, measure) -> list[str]:
    """A sentence longer than the limit, cut between words (a word longer than the limit, anywhere)."""
    if measure(piece) <= limit:
        return [piece]
    chunks: list[str] = []
    current = ""
    for word in piece.split():
        while measure(word) > limit:  # a very long word (a URL): hard cut
            cut = _longest_prefix(word, limit, measure)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = word
    if current:
        chunks.append(current)
    return chunks


def _longest_prefix(word: str, limit: int, measure) -> int:
    cut = min(len(word), limit)
    while cut > 1 and measure(word[:cut]) > limit:
        cut -= 1
    return cut
