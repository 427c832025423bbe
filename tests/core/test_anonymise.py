"""core.anonymise: names without a cue, in greetings and sign-offs, in lower case and in Cyrillic
and Arabic script; identity numbers checked by their mod-11 digits; phones, e-mail, addresses;
and words that look like names but are not."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.anonymise import _names, _valid_national_id, anonymise, find_personal_data

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def national_id(birth: str, individual: str = "123", d_number: bool = False) -> str:
    """An 11-digit fødselsnummer (or D-number) with correct check digits, from DDMMYY + 3 digits."""
    for n in range(1000):
        digits = [int(c) for c in birth + f"{(int(individual) + n) % 1000:03d}"]
        if d_number:
            digits[0] += 4
        k1 = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits + [k1])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, digits + [k1, k2]))
    raise AssertionError("no valid number")


@pytest.mark.parametrize(
    "text, expected",
    [
        # the cases of the issue
        ("Hei, dette er Ola Hansen", "Hei, dette er <navn>"),
        ("Mvh Ola Hansen", "Mvh <navn>"),
        ("Hei Kari!", "Hei <navn>!"),
        ("I'm Sarah Jones, and I want to study nursing", "I'm <navn>, and I want to study nursing"),
        ("jeg heter kari nordmann og er 17 år", "jeg heter <navn> og er 17 år"),
        # sign-offs and greetings, also with unlisted names and on the next line
        ("Med vennlig hilsen\nTorgeir Skjelbred", "Med vennlig hilsen\n<navn>"),
        ("Kind regards,\nEmily Clarke", "Kind regards,\n<navn>"),
        ("Venleg helsing Kari", "Venleg helsing <navn>"),
        ("Takk Ola!", "Takk <navn>!"),
        ("Pozdrawiam, Katarzyna Wiśniewska", "Pozdrawiam, <navn>"),
        ("Cześć Kasiu, dzięki za pomoc!", "Cześć <navn>, dzięki za pomoc!"),
        ("Hei, Jørgen her. Jeg lurer på opptakskrav", "Hei, <navn> her. Jeg lurer på opptakskrav"),
        # without a cue
        ("Kan jeg få snakke med Marianne igjen?", "Kan jeg få snakke med <navn> igjen?"),
        ("Jeg og Ahmed Hassan skal søke på samme studium", "Jeg og <navn> skal søke på samme studium"),
        ("Karis CV er ikke oppdatert", "<navn> CV er ikke oppdatert"),
        ("Jeg snakket med Anne-Lise Pedersen i går", "Jeg snakket med <navn> i går"),
        ("Rozmawiałam z Agnieszką o kursach", "Rozmawiałam z <navn> o kursach"),
        # everyday words as names: after a cue, mid-sentence, or beside a surname
        ("Hei Per, så du meldingen min?", "Hei <navn>, så du meldingen min?"),
        ("Hei, dette er Per Olsen.", "Hei, dette er <navn>."),
        ("Veilederen min Tone Berg sa det", "Veilederen min <navn> sa det"),
        ("mvh siri", "mvh <navn>"),
        # Cyrillic
        ("Мене звати Олена Коваленко, я хочу навчатися", "Мене звати <navn>, я хочу навчатися"),
        ("Привіт, Олено! Дякую за допомогу", "Привіт, <navn>! Дякую за допомогу"),
        ("З повагою, Ірина Мельник", "З повагою, <navn>"),
        ("Я вже говорила з Наталією про курси", "Я вже говорила з <navn> про курси"),
        ("мене звати олена", "мене звати <navn>"),
        # Arabic
        ("اسمي أحمد", "اسمي <navn>"),
        ("اسمي محمد خليل وأريد أن أدرس", "اسمي <navn> وأريد أن أدرس"),
        ("مع تحياتي، خالد العلي", "مع تحياتي، <navn>"),
        ("ابني يوسف يريد أن يدرس الهندسة", "ابني <navn> يريد أن يدرس الهندسة"),
        ("انا اسمي عبد الله", "انا اسمي <navn>"),
    ],
)
def test_names_are_replaced(text, expected):
    assert anonymise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Per i dag har jeg ingen jobb, hva kan jeg gjøre?",
        "Det koster 590 kroner per semester",
        "Livet mitt er litt kaotisk nå",
        "Hans mor sier han burde bli elektriker",
        "Jeg så en ledig stilling på Finn i går",
        "Stein for stein bygger jeg opp karrieren min",
        "Vår veileder på skolen er syk",
        "Jeg har søkt via Samordna opptak, når kommer svaret?",
        "Jeg har snakket med NAV i Bergen om kurs",
        "Jeg bor i Tromsø og vil studere i Trondheim",
        "Vestland fylkeskommune har sendt meg et brev",
        "Jeg bor i Møre og Romsdal og lurer på fagskoler",
        "Hei NAV, jeg trenger hjelp",
        "Hei Lånekassen, når kommer pengene?",
        "Hilsen fra Bergen",
        "Hilsen en fortvilet mor",
        "Jeg begynner på læreplass 1. august",
        "May I ask about Lånekassen student loans?",
        "Will I get a student loan if I study part time?",
        "I start my apprenticeship in August",
        "I want to move to Jordan after my degree",
        "Can Victoria University credits be transferred?",
        "Слава Україні! Я шукаю роботу",
        "Роман, який я читаю, про Норвегію",
        "Oni maja problem z dokumentami",
        "لدي أمل كبير في الحصول على عمل",
        "أنا سعيد جدا بالمساعدة",
        "يجب علي أن أتعلم النرويجية أولا",
        "السلام عليكم، أحتاج مساعدة",
        "Skoleåret 2023-2024 gikk jeg vg2",
        "Det koster 12 000 000 kroner å bygge et hus",
        "Organisasjonsnummeret til bedriften er 974 760 673",
    ],
)
def test_words_that_look_like_names_are_left_alone(text):
    assert anonymise(text) == text


def test_national_identity_numbers_are_checked_by_their_check_digits():
    valid = national_id("150398")
    assert _valid_national_id(valid)
    assert anonymise(f"Her er nummeret mitt: {valid}") == "Her er nummeret mitt: <fødselsnummer>"
    assert anonymise(f"fnr {valid[:6]} {valid[6:]}") == "fnr <fødselsnummer>"

    d_number = national_id("010190", d_number=True)
    assert d_number[0] == "4" and _valid_national_id(d_number)
    assert anonymise(f"Jeg har D-nummer {d_number}") == "Jeg har D-nummer <fødselsnummer>"

    wrong = valid[:10] + str((int(valid[10]) + 1) % 10)  # one check digit off
    assert not _valid_national_id(wrong)
    assert anonymise(f"Saksnummeret er {wrong}") == f"Saksnummeret er {wrong}"  # not an identity number
    # said to be one: mistyped, but still the writer's identity number
    assert anonymise(f"fødselsnummeret mitt er {wrong}") == "fødselsnummeret mitt er <fødselsnummer>"


def test_a_date_that_is_not_a_date_is_no_identity_number():
    assert not _valid_national_id("32139900000")
    assert anonymise("Referanse 20241234567") == "Referanse 20241234567"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ring meg på 912 34 567", "ring meg på <telefon>"),
        ("Nummeret mitt er 48123456", "Nummeret mitt er <telefon>"),
        ("Kan dere ringe 91 23 45 67?", "Kan dere ringe <telefon>?"),
        ("Mobil +4793456789, send sms", "Mobil <telefon>, send sms"),
        ("tlf: 0047 98765432", "tlf: <telefon>"),
        ("Ring 4791234567", "Ring <telefon>"),
        ("Mój numer to +48 512 345 678", "Mój numer to <telefon>"),
        ("Skriv til ola.hansen@gmail.com", "Skriv til <e-post>"),
        ("Jeg bor i Storgata 12, 0155 Oslo og vil vite mer", "Jeg bor i <adresse> og vil vite mer"),
        ("Send det til Bjørnstjerne Bjørnsons gate 3, 3044 Drammen", "Send det til <adresse>"),
        ("jeg bor i storgata 5 i lillestrøm", "jeg bor i <adresse> i lillestrøm"),
        ("Mieszkam na ul. Długa 5 w Gdańsku", "Mieszkam na <adresse> w Gdańsku"),
    ],
)
def test_phones_emails_and_addresses_are_replaced(text, expected):
    assert anonymise(text) == expected


def test_everything_in_one_message():
    valid = national_id("220677")
    text = f"Hei, jeg heter Emma Larsen, fnr {valid}. Ring 55 55 55 55 eller skriv til emma@example.no. Mvh Emma"
    assert anonymise(text) == ("Hei, jeg heter <navn>, fnr <fødselsnummer>. Ring <telefon> eller skriv til "
                               "<e-post>. Mvh <navn>")
    kinds = [kind for _, _, kind in find_personal_data(text)]
    assert kinds == ["name", "national_id", "phone", "email", "name"]


def test_empty_and_plain_messages():
    assert anonymise("") == ""
    assert anonymise("Hva betyr generell studiekompetanse?") == "Hva betyr generell studiekompetanse?"


def test_the_spacy_patterns_are_built_on_first_use_and_once_per_process():
    code = ("import sys; import core.anonymise as a; assert 'spacy' not in sys.modules; "
            "assert a._finder is None; a.anonymise('Hei Kari!'); assert 'spacy' in sys.modules; "
            "f = a._finder; a.anonymise('Mvh Ola'); assert a._finder is f")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    assert _names() is _names()
