"""Language of a citizen's message: lingua, restricted to the languages we expect, plus care for
short texts (bokmål/nynorsk markers), scripts lingua does not know, Russian against Ukrainian
(letters first, then lingua on the two) and Northern Sami, which lingua does not know at all
(``assistant.sami``: a character n-gram model of our own).

``detect`` returns a code of ``core.languages.DETECTED`` (the six served languages, ``se``, and the
unserved languages it tells apart such as ``ru``), or ``other`` for a language it cannot name.
``routing_language`` picks the language a handover is routed by.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant import sami
from core.languages import (
    DETECTED,
    FALLBACK_LANGUAGE,
    LANGUAGES,
    OTHER,
    counsellor_only,
    unserved,
)

NB_MARKERS = {
    "jeg", "ikke", "hva", "hvordan", "hvorfor", "hvem", "hvor", "hvilken", "hvilke", "hvis", "en", "et",
    "fra", "bare", "noe", "noen", "mer", "mye", "høyere", "skole", "være", "vært", "egen", "hver",
    "dem", "hun", "henne", "også", "velge", "videregående", "lærling", "utdanningen", "telle",
    "finnes", "fins", "voksne", "voksen", "hjemme", "nå", "sammen", "enn", "gjøre", "spørsmål",
    "dere", "deres", "meget", "kommer", "sykepleier", "høyskole",
}
NN_MARKERS = {
    "eg", "ikkje", "kva", "korleis", "kvifor", "kven", "kor", "ein", "eit", "frå",
    "berre", "noko", "nokon", "meir", "mykje", "høgare", "skule", "vere", "vore", "eigen", "kvar",
    "dei", "søkje", "søkjer", "ho", "òg", "vidaregåande", "velje", "heile", "telje",
    "høyrer", "veit", "fekk", "sjå", "lærlingplass", "utdanninga", "finst", "vaksne", "vaksen",
    "heime", "no", "saman", "enn", "gjere", "spørsmål", "dykk", "dykkar", "kjem",
    "sjukepleiar", "høgskule", "kome", "byrje", "bu", "bur", "budd", "noreg", "mogleg",
    "moglegheit", "utan", "foreldra",
}
EN_MARKERS = {
    "what", "is", "the", "how", "do", "does", "can", "my", "to", "of", "in", "for", "where",
    "when", "who", "which", "are", "you", "want", "need", "would", "should", "with", "and", "it",
    "a", "an", "job", "study", "apply", "work", "please", "me", "have", "get", "about", "why",
    "live", "from", "this", "that", "there", "not", "don't", "i'm", "it's",
}
# Common Polish words written without Polish letters; "a" and "to" are also English markers.
PL_MARKERS = {
    "a", "to", "ile", "kto", "co", "jak", "czy", "jest", "nie", "mam", "gdzie", "kiedy", "trwa", "kosztuje",
    "dla", "moje", "moja", "jestem", "jaki", "jakie", "ktory", "studia", "pracy", "pracowac", "zatwierdza",
    "wniosek", "szkola", "szkoly", "mozna", "moge", "chce", "potrzebuje", "trzeba", "polski", "polsce",
}
PL_SHARED = {"a", "to"}
# Words that appear in both and therefore say nothing.
_SHARED = NB_MARKERS & NN_MARKERS
NB_ONLY = NB_MARKERS - _SHARED
NN_ONLY = NN_MARKERS - _SHARED

_WORD = re.compile(r"[\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*", re.UNICODE)  # "CV-en" is one word, not "CV" + "en"
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_ETHIOPIC = re.compile(r"[\u1200-\u137F]")
_POLISH_LETTERS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")

SERVED = LANGUAGES


@dataclass(frozen=True)
class Detection:
    language: str  # a code of core.languages.DETECTED, or "other"
    confidence: float


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.BOKMAL, Language.NYNORSK, Language.ENGLISH, Language.UKRAINIAN, Language.POLISH,
        Language.ARABIC, Language.SWEDISH, Language.DANISH, Language.GERMAN, Language.RUSSIAN,
        Language.SOMALI, Language.FRENCH, Language.SPANISH,
    ).build()


@lru_cache(maxsize=1)
def _cyrillic_detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.UKRAINIAN, Language.RUSSIAN).build()


_LINGUA_CODES = {
    "BOKMAL": "nb", "NYNORSK": "nn", "ENGLISH": "en", "UKRAINIAN": "uk", "POLISH": "pl",
    "ARABIC": "ar", "DANISH": "nb",  # Danish-looking short Norwegian is far likelier here
    "RUSSIAN": "ru", "GERMAN": "de", "SWEDISH": "sv", "FRENCH": "fr", "SPANISH": "es", "SOMALI": "so",
}


# Languages close to Norwegian that lingua names for short Norwegian texts ("tel deltidsjobb med?"
# is Swedish to it at 0.42, bokmål 0.27 and nynorsk 0.19).
_NEIGHBOURS = ("sv", "de")

# Languages lingua does not mistake short Norwegian for: a Norwegian-looking word ("en" in "Je
# cherche ... en Norvège") does not overrule them.
_NOT_MISTAKEN = ("fr", "es")


# lingua loads a language's n-gram models the first time a text could be in it, about 1.5 s of CPU
# in all; without this the first citizens after a start would wait for it.
_WARM_UP_LATIN = "Hei, jeg lurer på hva jeg skal velge etter videregående skole"
_WARM_UP_CYRILLIC = "Привіт, як справи"


def warm_up() -> None:
    _detector().compute_language_confidence_values(_WARM_UP_LATIN)
    _cyrillic_detector().compute_language_confidence_values(_WARM_UP_CYRILLIC)
    sami.warm_up()


def _cyrillic(text: str) -> Detection:
    """Ukrainian or Russian: letters only one of them uses decide; otherwise lingua on the two."""
    ukrainian = len(_UKRAINIAN_LETTERS.findall(text))
    russian = len(_RUSSIAN_LETTERS.findall(text))
    if ukrainian != russian:
        return Detection("uk", 0.99) if ukrainian > russian else Detection("ru", 0.95)
    top = _cyrillic_detector().compute_language_confidence_values(text)[0]
    language = "uk" if top.language.name == "UKRAINIAN" else "ru"
    return Detection(language, round(float(top.value), 3))


def routing_language(citizen_languages: Iterable[str | None], answered_in: str) -> str:
    """The language a handover is routed by: a counsellor-only language the citizen wrote (Northern
    Sami: answered in bokmål, routed to a Sami speaker) wins; a citizen answered in English because
    they wrote an unserved language keeps that language (a Russian speaker is routed to one); else
    the language the assistant answers them in."""
    written = [language for language in citizen_languages if language]
    for language in written:
        if counsellor_only(language):
            return language
    if answered_in == FALLBACK_LANGUAGE:
        named = [language for language in written if unserved(language) and language != OTHER]
        if named:
            return named[-1]
    return answered_in


_NB_SUFFIXES = ("skole", "skolen", "heten", "het")
_NN_SUFFIXES = ("skule", "skulen", "heita", "heit")


def _norwegian_variant(words: list[str]) -> str | None:
    nb = sum(w in NB_ONLY or (len(w) > 6 and w.endswith(_NB_SUFFIXES)) for w in words)
    nn = sum(w in NN_ONLY or (len(w) > 6 and w.endswith(_NN_SUFFIXES)) for w in words)
    if nb == nn:
        return None
    return "nb" if nb > nn else "nn"


def detect(text: str, fallback: str = "nb") -> Detection:
    """Detect the language of ``text``; ``fallback`` (the session's language) wins on texts too
    short or too ambiguous to tell."""
    if _ARABIC.search(text):
        return Detection("ar", 0.99)
    if _ETHIOPIC.search(text):
        return Detection("other", 0.99)
    if _CYRILLIC.search(text):
        return _cyrillic(text)
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return Detection(fallback, 0.0)
    if _POLISH_LETTERS.search(text):
        return Detection("pl", 0.95)
    northern_sami = sami.score(text)
    if northern_sami.sami:
        return Detection("se", northern_sami.confidence)
    variant = _norwegian_variant(words)
    polish = sum(w in PL_MARKERS and w not in PL_SHARED for w in words)
    english = sum(w in EN_MARKERS and not (polish and w in PL_SHARED) for w in words)
    norwegian = sum(w in NB_MARKERS or w in NN_MARKERS for w in words)
    if polish and polish + sum(w in PL_SHARED for w in words) >= 2 and polish > english and polish > norwegian:
        # Polish without its special letters ("a ile to kosztuje?", "kto to zatwierdza?"): "a"
        # and "to" are Polish words too, and must not make it English.
        return Detection("pl", 0.85)
    if english >= 2 and english > 2 * norwegian:
        # Norwegian terms inside an English sentence ("What is a fagskole?") must not flip it.
        return Detection("en", 0.9)
    values = _detector().compute_language_confidence_values(text)
    top = values[0]
    code = _LINGUA_CODES.get(top.language.name, OTHER)
    confidence = float(top.value)
    if code in _NEIGHBOURS:
        # "tel deltidsjobb med?": lingua's first guess is Swedish (0.42), but bokmål and nynorsk
        # together are likelier (0.46): read on as Norwegian, the likelier variant first.
        norwegian = [v for v in values if v.language.name in ("BOKMAL", "NYNORSK")]
        share = sum(float(v.value) for v in norwegian)
        if norwegian and share >= confidence:
            code, confidence = _LINGUA_CODES[max(norwegian, key=lambda v: v.value).language.name], share
    if code in ("nb", "nn"):
        if variant is not None:
            return Detection(variant, max(confidence, 0.8))
        if fallback in DETECTED and len(words) <= 4 and confidence < 0.9:
            # "I live in Bodø", "ja takk": too short to overrule the session's language.
            return Detection(fallback, confidence)
        if fallback in ("nb", "nn") and confidence < 0.9:
            # No word tells bokmål from nynorsk ("Når er søknadsfristen for Samordna opptak?") and
            # lingua is unsure: keep the session's variant, bokmål for a new session.
            return Detection(fallback, confidence)
        return Detection(code, confidence)
    if variant is not None and code not in _NOT_MISTAKEN and (len(words) <= 4 or norwegian > english):
        # Short Norwegian texts are often mistaken for German, Danish or even English.
        return Detection(variant, 0.6)
    if len(words) <= 2 and confidence < 0.6:
        return Detection(fallback, confidence)
    return Detection(code, confidence)
