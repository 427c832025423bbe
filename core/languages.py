"""The languages Veivalg speaks, defined once."""

LANGUAGES = ("nb", "nn", "en", "uk", "pl", "ar")
DEFAULT_LANGUAGE = "nb"
FALLBACK_LANGUAGE = "en"  # what a fixed text falls back to when a language lacks it

NAMES = {  # each language's name in Norwegian (bokmål), for staff pages
    "nb": "bokmål", "nn": "nynorsk", "en": "engelsk", "uk": "ukrainsk", "pl": "polsk", "ar": "arabisk",
}


def supported(language: str | None) -> bool:
    return language in LANGUAGES
