"""The career centre card a citizen sees, in six languages: the office named once (or described
when its name is not verified), and what to do when no phone or booking link is verified.

Used by the assistant's action (actions/centres.py) and the public ``GET
/api/career-centres/nearest`` (the button under a chat a counsellor closed with a referral).
"""

from __future__ import annotations

from typing import Any

from knowledge.centres import CentreCard

# The national service (regjeringen.no/no/tema/utdanning/voksnes_laering_og_kompetanse/
# Karriereveiledning/id752422/: "Den nasjonale tjenesten karriereveiledning.no tilbyr samtaler").
NATIONAL_SERVICE_URL = "https://karriereveiledning.no/"

TEXTS: dict[str, dict[str, str]] = {
    "card": {
        "nb": "Nærmeste offentlige karrieresenter for deg er {centre}. Veiledningen er gratis.",
        "nn": "Næraste offentlege karrieresenter for deg er {centre}. Rettleiinga er gratis.",
        "en": "The nearest public career centre for you is {centre}. The guidance is free.",
        "uk": "Найближчий до вас державний кар'єрний центр — {centre}. Консультації безкоштовні.",
        "pl": "Najbliższe publiczne centrum kariery to {centre}. Doradztwo jest bezpłatne.",
        "ar": "أقرب مركز مهني عام إليك هو {centre}. الإرشاد مجاني.",
    },
    "generic_name": {
        "nb": "karrieresenteret i {county}",
        "nn": "karrieresenteret i {county}",
        "en": "the career centre in {county}",
        "uk": "кар'єрний центр у {county}",
        "pl": "centrum kariery w regionie {county}",
        "ar": "المركز المهني في {county}",
    },
    "no_contact": {
        "nb": "Jeg har ikke bekreftet telefon eller timebestilling for dette kontoret ennå. "
              "Den nasjonale tjenesten karriereveiledning.no tilbyr også gratis samtaler.",
        "nn": "Eg har ikkje stadfesta telefon eller timebestilling for dette kontoret enno. "
              "Den nasjonale tenesta karriereveiledning.no tilbyr òg gratis samtalar.",
        "en": "I have not yet confirmed a phone number or booking link for this office. "
              "The national service karriereveiledning.no also offers free conversations.",
        "uk": "Я ще не підтвердив телефон чи запис на прийом для цього офісу. "
              "Національна служба karriereveiledning.no також пропонує безкоштовні розмови.",
        "pl": "Nie potwierdziłem jeszcze telefonu ani rezerwacji wizyt w tym biurze. "
              "Krajowa usługa karriereveiledning.no również oferuje bezpłatne rozmowy.",
        "ar": "لم أتحقق بعد من رقم الهاتف أو رابط الحجز لهذا المكتب. "
              "تقدّم الخدمة الوطنية karriereveiledning.no أيضًا محادثات مجانية.",
    },
    "unverified": {
        "nb": "Opplysningene om kontoret er ikke kontrollert ennå.",
        "nn": "Opplysningane om kontoret er ikkje kontrollerte enno.",
        "en": "The details of this office have not been checked yet.",
        "uk": "Дані про цей офіс ще не перевірені.",
        "pl": "Dane tego biura nie zostały jeszcze sprawdzone.",
        "ar": "لم يتم التحقق من بيانات هذا المكتب بعد.",
    },
}


def text(key: str, language: str, **values: str) -> str:
    table = TEXTS[key]
    return table.get(language, table["en"]).format(**values)


def display_name(card: CentreCard, language: str) -> str:
    """The centre's name once: "Karriere Finnmark, Alta", or a description when unverified."""
    name = card.name or text("generic_name", language, county=card.county)
    return f"{name}, {card.town}" if card.town and card.town not in name else name


def card_message(card: CentreCard, language: str) -> tuple[str, dict[str, Any]]:
    """The text and the ``career_centre`` object of the one card."""
    name = display_name(card, language)
    lines = [text("card", language, centre=name)]
    if not (card.phone or card.booking_url):
        lines.append(text("no_contact", language))
    elif card.needs_verification:
        lines.append(text("unverified", language))
    data = {**card.as_dict(), "name": name}
    if not (card.phone or card.booking_url):
        data["alternative_url"] = NATIONAL_SERVICE_URL
    return " ".join(lines), data
