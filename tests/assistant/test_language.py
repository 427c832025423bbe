"""Language of a citizen's message, including the short and mixed texts that trip detectors."""

import pytest

from assistant.language import detect

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, language", [
    ("Hva er en fagskole?", "nb"),
    ("Når er søknadsfristen for Samordna opptak?", "nb"),  # no marker either way: bokmål, not a guess
    ("Kven kan hjelpe meg med CV-en?", "nn"),  # the "en" of "CV-en" is not the bokmål article
    ("Kva er ein fagskule?", "nn"),
    ("Eg er redd for å velje feil utdanning.", "nn"),
    ("Jeg vil snakke med en person", "nb"),
    ("What is a vocational college (fagskole)?", "en"),
    ("Connect me to a counsellor", "en"),
    ("Як отримати визнання моєї освіти в Норвегії?", "uk"),
    ("Jak mogę uznać mój dyplom w Norwegii?", "pl"),
    ("كيف أحصل على معادلة شهادتي في النرويج؟", "ar"),
    ("Wie kann ich in Norwegen studieren?", "other"),
    ("ሰላም እንዴት ነህ", "other"),
    # bokmål vs nynorsk on words both share ("kan", "meg", "min") must not decide
    ("Kan eg ta fagbrev på jobb?", "nn"),
    ("Eg er lei av jobben min.", "nn"),
    ("Finnes det gratis norskkurs for voksne?", "nb"),
    # Norwegian with the preposition "i" is not English
    ("Eg har budd i Noreg i to år.", "nn"),
    ("Jeg har bodd i Norge i to år.", "nb"),
])
def test_detects_the_language(text, language):
    assert detect(text).language == language


@pytest.mark.parametrize("text", ["ok", "takk", "ja"])
def test_very_short_texts_keep_the_session_language(text):
    assert detect(text, fallback="nn").language == "nn"
