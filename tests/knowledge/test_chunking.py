from __future__ import annotations

import pytest

from knowledge.chunking import chunk_article, plain_text, split_sentences

pytestmark = pytest.mark.unit

BODY = """Kort svar: fristen er 15. april. Se [samordnaopptak.no](https://www.samordnaopptak.no/) for **detaljer**.

## Dokumentasjon

Vitnemålet må lastes opp innen 1. juli.

Husk å sjekke bl.a. karakterutskriften.

## Lister

- Første punkt
- Andre punkt
"""


def test_chunks_follow_headings_and_carry_title_and_heading():
    chunks = chunk_article("frister", "Søknadsfrister", BODY)
    assert [c.heading for c in chunks] == ["", "Dokumentasjon", "Lister"]
    assert [c.chunk_id for c in chunks] == ["frister#0", "frister#1", "frister#2"]
    assert all(c.text.startswith("Søknadsfrister\n") for c in chunks)
    assert chunks[1].text.splitlines()[1] == "Dokumentasjon"
    assert "innen 1. juli" in chunks[1].body and "15. april" not in chunks[1].body


def test_markdown_is_flattened():
    lead = chunk_article("frister", "T", BODY)[0]
    assert "samordnaopptak.no for detaljer." in lead.body
    assert "](" not in lead.body and "**" not in lead.body
    assert chunk_article("frister", "T", BODY)[2].body.splitlines() == ["Første punkt", "Andre punkt"]


def test_long_sections_split_at_paragraphs():
    paragraphs = [f"Avsnitt {i} " + "ord " * 60 for i in range(6)]
    chunks = chunk_article("lang", "Lang", "## Del\n\n" + "\n\n".join(paragraphs), max_chars=700)
    assert len(chunks) > 1
    assert all(c.heading == "Del" for c in chunks)
    assert all(len(c.body) <= 700 for c in chunks)
    assert "\n\n".join(c.body for c in chunks) == "\n\n".join(p.strip() for p in paragraphs)


def test_sentences_keep_dates_and_abbreviations_whole():
    text = "Fristen er 15. april. Du må bl.a. laste opp vitnemål. Er du sikker? Ja!"
    assert split_sentences(text) == ["Fristen er 15. april.", "Du må bl.a. laste opp vitnemål.", "Er du sikker?", "Ja!"]


def test_chunk_hash_depends_on_text():
    a = chunk_article("x", "T", "Én setning.")[0]
    b = chunk_article("x", "T", "En annen setning.")[0]
    assert a.content_hash != b.content_hash
    assert a.content_hash == chunk_article("x", "T", "Én setning.")[0].content_hash


def test_plain_text_keeps_link_text():
    assert plain_text("Les [mer her](https://x.no) og *nå*") == "Les mer her og nå"


def test_polish_sentences_split_at_their_own_capitals_and_dates():
    # "marca." (of March) ends a sentence: only the whole word "ca." is an abbreviation; a sentence
    # may open with Ł, Ś or Ż; "np." (for example) does not end one.
    text = ("Termin to 15 marca. Wniosek składasz później. Łatwo to sprawdzić. "
            "Logujesz się, np. BankID. Żeby dostać zasiłek, zarejestruj się.")
    assert split_sentences(text) == ["Termin to 15 marca.", "Wniosek składasz później.", "Łatwo to sprawdzić.",
                                     "Logujesz się, np. BankID.", "Żeby dostać zasiłek, zarejestruj się."]
    assert split_sentences("Det koster ca. 500 kroner. Neste setning.") == ["Det koster ca. 500 kroner.", "Neste setning."]


def test_a_polish_directorate_named_with_ds_stays_one_sentence():
    # "ds." (do spraw, "for") sits inside the names of Norwegian directorates in Polish
    text = ("Za egzaminy odpowiada Dyrektoriat ds. Szkolnictwa Wyższego i Kompetencji (HK-dir). "
            "Ustawa weszła w życie 1 sierpnia 2024 r. Nowe zasady obowiązują wszystkich.")
    assert split_sentences(text) == [
        "Za egzaminy odpowiada Dyrektoriat ds. Szkolnictwa Wyższego i Kompetencji (HK-dir).",
        "Ustawa weszła w życie 1 sierpnia 2024 r.",  # "r." (rok) after a year ends this one
        "Nowe zasady obowiązują wszystkich.",
    ]
