"""Replace personal data in a citizen's question with placeholders before anyone stores it.

What is found: e-mail addresses, Norwegian national identity numbers (11 digits, also as
6 + 5), phone numbers (8 Norwegian digits with or without +47/0047 and spaces, and other
international numbers), street addresses (a street word with a house number, optionally a
postcode and town), and person names introduced the way people introduce themselves ("jeg
heter Kari Nordmann", "my name is ...", "мене звати ...", "nazywam się ...", "اسمي ...").
Names without such a cue are not detected: a capitalised word is as likely to be "Lånekassen".
"""
from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
NATIONAL_ID = re.compile(r"(?<![\w+])\d{6}[ ]?\d{5}(?!\w)")
PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)\d{1,3}[ -]?\(?\d{1,4}\)?(?:[ -]?\d){5,11}"  # international
    r"|\d{3}[ -]?\d{2}[ -]?\d{3}"  # 123 45 678
    r"|\d{2}(?:[ -]?\d{2}){3}"  # 12 34 56 78 / 12345678
    r")(?!\w)"
)
STREET_WORDS = (
    r"gate|gata|gaten|gt\.|vei|veien|veg|vegen|vn\.|allé|alle|alléen|plass|plassen|sti|stien|bakken|"
    r"brekka|svingen|tunet|ringen|lia|haugen|kroken|terrasse|straße|strasse"
)
STREET = re.compile(
    r"\b(?:[A-ZÆØÅ][\wæøåÆØÅ.-]*\s)?[A-ZÆØÅa-zæøå][\wæøåÆØÅ-]*(?:" + STREET_WORDS + r")\s+\d{1,4}\s?[A-Za-z]?\b"
    r"(?:,?\s+\d{4}\s+[A-ZÆØÅ][\wæøåÆØÅ-]+)?"
    r"|\b[A-ZÆØÅ][\wæøåÆØÅ-]*\s(?:" + STREET_WORDS + r")\s+\d{1,4}\s?[A-Za-z]?\b"
    r"|\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Way|Drive)\b"
    r"|\b(?:ul\.|ulica)\s+[A-ZŁŚŻŹĆŃÓ][\wąćęłńóśźż-]+\s+\d{1,4}[a-z]?\b",
    re.UNICODE,
)
# "<cue> Name [Name]" — the cue words are kept, the capitalised words after them replaced.
NAME_CUES = (
    r"jeg heter|jeg het|mitt navn er|navnet mitt er|navnet er|eg heiter|namnet mitt er|mitt namn er|"
    r"my name is|my name's|i am called|this is|"
    r"мене звати|моє ім'я|моє імʼя|nazywam się|mam na imię|mam na imie|اسمي|انا اسمي"
)
NAME_WORD = r"[A-ZÆØÅÄÖÜŁŚŻ\u0400-\u042F\u0490\u0404\u0406\u0407][\w'’-]+"
NAME = re.compile(
    r"(?P<cue>\b(?i:" + NAME_CUES + r")\s+)(?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){0,2})",
    re.UNICODE,
)
ARABIC_NAME = re.compile(r"(?P<cue>(?:اسمي|انا اسمي)\s+)(?P<name>[\u0600-\u06FF]+(?:\s+[\u0600-\u06FF]+)?)")

PLACEHOLDERS = {
    "email": "<e-post>",
    "national_id": "<fødselsnummer>",
    "phone": "<telefon>",
    "address": "<adresse>",
    "name": "<navn>",
}


def _replace_name(match: re.Match) -> str:
    return match.group("cue") + PLACEHOLDERS["name"]


def anonymise(text: str) -> str:
    """``text`` with personal data replaced by ``<e-post>``, ``<fødselsnummer>``,
    ``<telefon>``, ``<adresse>`` and ``<navn>``."""
    text = EMAIL.sub(PLACEHOLDERS["email"], text)
    text = NATIONAL_ID.sub(PLACEHOLDERS["national_id"], text)
    text = PHONE.sub(PLACEHOLDERS["phone"], text)
    text = STREET.sub(PLACEHOLDERS["address"], text)
    text = NAME.sub(_replace_name, text)
    text = ARABIC_NAME.sub(lambda m: m.group("cue") + PLACEHOLDERS["name"], text)
    return text
