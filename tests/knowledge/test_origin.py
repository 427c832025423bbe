"""A citizen's own country ("my degree from Syria") is searched as the articles say it: "from
abroad". Before, the country's name pulled the question away from the recognition article
(the Arabic "من يعترف بشهادتي الجامعية من سوريا؟" found the right article at confidence 0.32)."""
from __future__ import annotations

import pytest

from knowledge.origin import generic_origin


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("من يعترف بشهادتي الجامعية من سوريا؟", "ar", "من يعترف بشهادتي الجامعية من الخارج؟"),
        ("Хто визнає мій диплом з України?", "uk", "Хто визнає мій диплом з-за кордону?"),
        ("Kto uznaje mój dyplom z Polski?", "pl", "Kto uznaje mój dyplom z zagranicy?"),
        ("Hvem godkjenner mastergraden min fra Polen, og når?", "nb", "Hvem godkjenner mastergraden min fra utlandet, og når?"),
        ("fagbrev frå Sør-Sudan", "nn", "fagbrev frå utlandet"),
        ("Who recognises my degree from the Philippines?", "en", "Who recognises my degree from abroad?"),
    ],
)
def test_from_a_country_reads_as_from_abroad(text, language, expected):
    assert generic_origin(text, language) == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kan jeg jobbe i Sverige med norsk fagbrev?", "nb"),  # a country, but not where one is from
        ("fra Polens ambassade", "nb"),  # part of a longer word
        ("Jeg har utdanning fra Norge", "nb"),
        ("How do I study in Poland?", "en"),
        ("", "ar"),
        ("fra Polen", "se"),  # not one of the six languages
    ],
)
def test_other_texts_are_left_alone(text, language):
    assert generic_origin(text, language) == text


def test_naming_the_country_one_comes_from_finds_the_article_as_surely_as_from_abroad(built_kb):
    named = built_kb.answer("Хто визнає мій диплом з Сирії?", language="uk")
    generic = built_kb.answer("Хто визнає мій диплом з-за кордону?", language="uk")
    assert named.article_ids[:1] == ("godkjenning-uk",)
    assert "HK-dir" in named.text
    assert named.confidence == pytest.approx(generic.confidence, abs=1e-6)
    hit = built_kb.retrieve("Хто визнає мій диплом з Сирії?", "uk", k=1).hits[0]
    assert hit.relevance == pytest.approx(built_kb.retrieve("Хто визнає мій диплом з-за кордону?", "uk", k=1).hits[0].relevance, abs=1e-4)
