"""The languages Veivalg speaks, defined once, and the ones it only recognises.

- ``LANGUAGES`` (= ``SERVED``): the six languages the assistant writes in; every citizen text,
  article folder, canned reply and schema that takes a language uses this set.
- ``COUNSELLOR_ONLY``: recognised, greeted in a short fixed text and routed to a counsellor who
  speaks it; meanwhile the assistant answers in ``ANSWERED_IN[language]`` (Northern Sami: bokmål).
- ``DETECTED``: every code language detection may return besides ``OTHER``: the served languages,
  the counsellor-only ones and unserved languages it tells apart (Russian is ``ru``, not Ukrainian).
  An unserved language gets answers in English and the offer of a counsellor; a handover keeps the
  citizen's own code so that a counsellor who speaks it is preferred.
"""

LANGUAGES = ("nb", "nn", "en", "uk", "pl", "ar")
SERVED = LANGUAGES
DEFAULT_LANGUAGE = "nb"
FALLBACK_LANGUAGE = "en"  # what a fixed text falls back to when a language lacks it
COUNSELLOR_ONLY = ("se",)  # Northern Sami
ANSWERED_IN = {"se": "nb"}  # the served language the assistant answers a counsellor-only one in
UNSERVED = ("ru", "de", "sv", "fr", "es", "so")  # told apart by detection, answered in English
OTHER = "other"  # a language detection cannot name
DETECTED = SERVED + COUNSELLOR_ONLY + UNSERVED

NAMES = {  # each language's name in Norwegian (bokmål), for staff pages
    "nb": "bokmål", "nn": "nynorsk", "en": "engelsk", "uk": "ukrainsk", "pl": "polsk", "ar": "arabisk",
    "se": "nordsamisk", "ru": "russisk", "de": "tysk", "sv": "svensk", "fr": "fransk", "es": "spansk",
    "so": "somali", "other": "annet språk",
}


def supported(language: str | None) -> bool:
    """Whether the assistant writes in ``language`` (one of the six)."""
    return language in LANGUAGES


def answer_language(language: str | None) -> str:
    """The served language the assistant answers a citizen writing ``language`` in."""
    if language in LANGUAGES:
        return language
    return ANSWERED_IN.get(language or "", FALLBACK_LANGUAGE)


def counsellor_only(language: str | None) -> bool:
    return language in COUNSELLOR_ONLY


def unserved(language: str | None) -> bool:
    """A language the assistant does not write in (a counsellor-only one, another named one, or other)."""
    return bool(language) and language not in LANGUAGES
