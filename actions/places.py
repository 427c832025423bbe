"""Places to counties and municipalities, from the knowledge base's data files (the career
centres themselves are knowledge/centres.py).

Loaded once per process on first use. The place list is every municipality (with its Sami and
Norwegian names) plus towns and villages that are not municipality names (places.csv).
"""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "knowledge" / "data"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower())
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", text)).strip()


def ascii_fold(text: str) -> str:
    return text.replace("æ", "ae").replace("ø", "o").replace("å", "a")


# Place names that are also everyday words ("vil ha hjelp" is not Hå, "en time" is not Time).
# Written alone, such a word is read as a place only when capitalised, as names are.
ORDINARY_WORDS = frozenset({
    "ha", "al", "as", "os", "bø", "bo", "time", "hole", "tretten", "sand", "lund", "nes", "sel", "hol",
    "vik", "moss", "rana", "leka", "hitra", "fusa", "land", "bygda", "berg", "dal", "vang", "sund", "bu",
})


@dataclass(frozen=True)
class Places:
    counties: dict[str, str]  # normalised county name -> county
    places: dict[str, str]  # normalised place name -> county
    municipalities: dict[str, str] = field(default_factory=dict)  # normalised municipality name -> municipality

    def county_for(self, name: str | None) -> str | None:
        if not name:
            return None
        key = normalise(name)
        return self.counties.get(key) or self.places.get(key) or self.places.get(ascii_fold(key))

    def municipality_for(self, name: str | None) -> str | None:
        if not name:
            return None
        key = normalise(name)
        return self.municipalities.get(key) or self.municipalities.get(ascii_fold(key))

    def find_municipality_in_text(self, text: str) -> str | None:
        """The municipality named in a free text (longest match wins), or None."""
        return self._find(text, self.municipality_for)

    def find_in_text(self, text: str) -> str | None:
        """The county named in a free text, by its county or a place in it (longest match wins)."""
        return self._find(text, self.county_for)

    def _find(self, text: str, lookup) -> str | None:
        words = normalise(text).split()
        originals = re.sub(r"[^\w\s-]", " ", unicodedata.normalize("NFC", text)).split()
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start:start + size])
                if size == 1 and (len(phrase) <= 3 or phrase in ORDINARY_WORDS):
                    original = originals[start] if len(originals) == len(words) else phrase
                    if not original[:1].isupper():
                        continue
                found = lookup(phrase)
                if found:
                    return found
        return None


@lru_cache(maxsize=1)
def load_places(data_dir: Path = DATA) -> Places:
    counties: dict[str, str] = {}
    places: dict[str, str] = {}
    municipalities: dict[str, str] = {}

    def add_municipality(name: str, municipality: str) -> None:
        if name and not re.search(r"\(", municipality) or name == municipality:
            municipalities.setdefault(normalise(name), municipality)
            if len(name) >= 4:
                municipalities.setdefault(ascii_fold(normalise(name)), municipality)

    def add(name: str, county: str) -> None:
        if name:
            places.setdefault(normalise(name), county)
            if len(name) >= 4:  # "Hå" folded would be the verb "ha"
                places.setdefault(ascii_fold(normalise(name)), county)

    with open(data_dir / "municipalities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            county = row["county"]
            counties[normalise(county)] = county
            counties[ascii_fold(normalise(county))] = county
            for name in re.split(r"\s*[-–/]\s*|\s+og\s+(?=[A-ZÆØÅ])", row["municipality"]) + [row["municipality"]]:
                add(name, county)
                add_municipality(name, row["municipality"])
            for name in (row.get("also_known_as") or "").split("|"):
                add(name.strip(), county)
                add_municipality(name.strip(), row["municipality"])
    extra = data_dir / "places.csv"
    if extra.exists():
        with open(extra, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                add(row["place"], row["county"])
                if row.get("municipality"):
                    municipalities.setdefault(normalise(row["place"]), row["municipality"])
    return Places(counties, places, municipalities)
