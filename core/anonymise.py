"""Replace personal data in a chat message with placeholders before anyone stores or reads it.

What is found, and how:

- e-mail addresses (a regular expression);
- Norwegian national identity numbers, fødselsnummer and D-number (11 digits, also as 6 + 5):
  the two mod-11 check digits and the date must be right. A number that fails them is still
  taken when the writer says what it is ("fødselsnummer", "fnr", "D-nummer", "PESEL", "رقمي
  الشخصي", ... just before it): people mistype their own number. Any other 11-digit number
  (a case, account or reference number) is left alone;
- phone numbers: 8 Norwegian digits, plain or grouped ("912 34 567", "91 23 45 67",
  "9123 4567"), and international numbers with + or 00 ("+47 ...", "+380 ..."); an amount in
  thousands ("12 000 000") or a span of years ("2023-2024") is not a phone number;
- street addresses: a street name with a house number, optionally followed by postcode and town
  ("Storgata 12, 0155 Oslo", "Kongens gate 12B", "12 Baker Street", "ul. Długa 5",
  "вул. Шевченка 12");
- person names, with a blank spaCy pipeline (tokenizer and PhraseMatcher, no trained model) and
  the name lists in core/data/: first names and surnames of Norwegians and of the largest
  immigrant groups, in Latin, Cyrillic and Arabic script. A name is taken
    * after a cue that says a name follows: "jeg heter", "my name is", "мене звати", "nazywam
      się", "اسمي" (then any capitalised word, or a listed name in lower case); "dette er",
      "I'm", "jestem", "я", "أنا" and "sønnen min", "my wife", "ابني" (then a listed name);
      greetings "Hei Kari!", "Привіт, Олено", "مرحبا أحمد"; sign-offs "Mvh Ola Hansen",
      "Kind regards, Sarah", "З повагою, Ірина", "مع تحياتي، خالد"; thanks "Takk Ola!";
    * without a cue, when a listed name is capitalised (Cyrillic and Polish case forms
      included: "Наталією", "Agnieszką"), or a listed first name and surname stand together in
      lower case ("ola hansen"); capitalised words right after a name are taken as its
      surname ("Torgeir Skjelbred").
  Names that are also everyday words ("Per", "Liv", "Hans", "Finn", "Will", "أمل") count only
  when capitalised mid-sentence, after a cue, or beside another name; those that are also
  places or months ("Jordan", "August") only after a cue or beside another name. Places,
  institutions and services ("Oslo", "NAV", "Lånekassen", "Samordna opptak") and the stop
  words of the six languages are never names.

The spaCy pipeline and the lists are built on the first call (or by :func:`warm_up`), once per
process; after that a message takes a fraction of a millisecond (``python -m bench.anonymise``).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDERS = {
    "email": "<e-post>",
    "national_id": "<fødselsnummer>",
    "phone": "<telefon>",
    "address": "<adresse>",
    "name": "<navn>",
}
DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------- e-mail, numbers, addresses

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

NATIONAL_ID = re.compile(r"(?<![\w+])\d{6}[ -]?\d{5}(?!\w)")
# Said just before the number: it is an identity number even when the check digits are wrong.
ID_CUE = re.compile(
    r"(?i)(?:fødsels|fødsel|fodsels|personn|person\s?nr|personal\s(?:id|number|identity)|"
    r"\bf\.?nr\b|\bd-?\s?(?:nummer|nr|number|numer|номер)|\bid-?\s?(?:nummer|number|nr)|national\sid|"
    r"identity\snumber|social\ssecurity|pesel|ідентифікаційн|персональн\w*\sномер|"
    r"الرقم\sالشخصي|رقمي\sالشخصي|رقم\sشخصي|رقم\sالهوية|الهوية|رقم\sD)[^.!?\n]{0,30}$"
)
ID_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
ID_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

PHONE_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ -]?\(?\d{1,4}\)?(?:[ -]?\d){5,11}"
    r"|47[ -]?[2-9](?:[ -]?\d){7})(?!\w)"  # a Norwegian number with the country code but no +
)
PHONE_NATIONAL = re.compile(r"(?<![\w+])\d(?:[ -]?\d){7}(?![\w]|[.,]\d)")
THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
YEARS = re.compile(r"(?:19|20)\d\d[ -](?:19|20)\d\d")

STREET_WORDS = (
    r"gate|gata|gaten|gt\.|vei|veien|veg|vegen|vn\.|allé|alle|alléen|plass|plassen|sti|stien|bakken|"
    r"brekka|svingen|tunet|ringen|lia|lien|haugen|kroken|terrasse|torg|torget|brygge|bryggen|"
    r"kaia|løkka|åsen|straße|strasse"
)
LOWER_STREET_WORDS = r"gata|gate|gaten|veien|vegen|vei|veg"
HOUSE_NUMBER = r"\s+\d{1,4}(?:(?:[A-Za-z]|\s[A-Z])(?![\w]))?(?![\w])"  # 12, 12B, 12 B, 12b
POSTCODE_TOWN = r"(?:,?\s+\d{4}\s+[A-ZÆØÅa-zæøå][\wæøåÆØÅ-]+(?:\s(?:i|på)\s[A-ZÆØÅ][\wæøå-]+)?)?"
STREET_NAMED = r"(?:gate|gata|gaten|gt\.|vei|veien|veg|vegen|vn\.|allé|alle|plass|torg)"  # "Kongens gate"
ENGLISH_STREET = r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Way|Drive|Close|Court|Crescent)"
POLISH_WORD = r"[A-ZŁŚŻŹĆŃÓ][\wąćęłńóśźż-]+"
CYRILLIC_WORD = r"[А-ЯІЇЄҐ][\w'’-]+"
STREET = re.compile(
    "|".join((
        # Karl Johans gate 22, Bjørnstjerne Bjørnsons gate 3, 3044 Drammen
        r"(?:\b[A-ZÆØÅ][\wæøåÆØÅ'.-]*\s+){1,3}" + STREET_NAMED + HOUSE_NUMBER + POSTCODE_TOWN,
        # Storgata 12, Nedre Slottsgate 8, 0157 Oslo
        r"(?:\b[A-ZÆØÅ][\wæøåÆØÅ.-]*\s+){0,2}\b[A-ZÆØÅ][\wæøåÆØÅ-]*(?:" + STREET_WORDS + r")"
        + HOUSE_NUMBER + POSTCODE_TOWN,
        # storgata 5 (in lower case only the common street words)
        r"\b[a-zæøå][\wæøå-]*(?:" + LOWER_STREET_WORDS + r")" + HOUSE_NUMBER + POSTCODE_TOWN,
        # 12 Baker Street
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}" + ENGLISH_STREET + r"(?!\w)",
        r"\b[Pp]ostboks\s+\d{1,5}" + POSTCODE_TOWN,
        # ul. Długa 5, ul. Marszałkowska 10/4
        r"\b(?:ul\.|ulica|ulicy|al\.|aleja|os\.|osiedle)\s*" + POLISH_WORD + r"(?:\s+" + POLISH_WORD + r")?"
        r"\s+\d{1,4}[a-z]?(?:/\d{1,4})?(?!\w)",
        # вул. Шевченка 12
        r"(?:вул\.|вулиця|вулиці|просп\.|проспект|пров\.|провулок)\s*" + CYRILLIC_WORD + r"(?:\s+" + CYRILLIC_WORD + r")?"
        r",?\s+\d{1,4}[а-я]?(?:/\d{1,4})?(?!\w)",
    )),
    re.UNICODE,
)
# Capitalised words the first branches may take in front of a street that belong to the sentence.
STREET_LEAD = {"jeg", "eg", "i", "vi", "bor", "fra", "frå", "til", "adresse", "adressen", "adresa", "address",
               "my", "send", "på", "hos", "ved", "at", "in", "mieszkam", "w", "przy", "en", "the"}


def _valid_national_id(digits: str) -> bool:
    """Both mod-11 check digits right, and the first six a date (D-number: day + 40; H-number
    and synthetic test numbers: month + 40 / + 80)."""
    d = [int(c) for c in digits]
    for weights, position in ((ID_WEIGHTS_1, 9), (ID_WEIGHTS_2, 10)):
        check = 11 - sum(w * x for w, x in zip(weights, d)) % 11
        check = 0 if check == 11 else check
        if check == 10 or check != d[position]:
            return False
    day, month = int(digits[0:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 80 if month > 80 else month - 40 if month > 40 else month
    return 1 <= day <= 31 and 1 <= month <= 12


def _national_ids(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in NATIONAL_ID.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if _valid_national_id(digits) or ID_CUE.search(text[max(0, m.start() - 60):m.start()]):
            found.append((m.start(), m.end(), "national_id"))
    return found


def _phones(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), "phone") for m in PHONE_INTERNATIONAL.finditer(text)]
    for m in PHONE_NATIONAL.finditer(text):
        if THOUSANDS.fullmatch(m.group()) or YEARS.fullmatch(m.group()):
            continue
        found.append((m.start(), m.end(), "phone"))
    return found


def _addresses(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in STREET.finditer(text):
        start, value = m.start(), m.group()
        while True:  # drop sentence words the regex took in front ("Jeg Storgata 5" -> "Storgata 5")
            head, _, rest = value.partition(" ")
            if rest and head.rstrip(":,").lower() in STREET_LEAD:
                start += len(head) + 1
                value = rest.lstrip()
                start += len(rest) - len(value)
            else:
                break
        found.append((start, m.end(), "address"))
    return found


# ---------------------------------------------------------------- names

CUES = {
    # a name follows: any capitalised word, or a listed name in any case
    "strong": """jeg heter, jeg het, jeg heiter, eg heiter, eg heitte, eg het, mitt navn er, navnet mitt er,
        navnet er, mitt namn er, namnet mitt er, namnet er, etternavnet mitt er, fornavnet mitt er,
        mitt etternavn er, mitt fornavn er, etternamnet mitt er, kall meg, han heter, hun heter, ho heiter,
        han heiter, navn :, namn :, name :, my name is, my name's, my full name is, my first name is,
        my surname is, my last name is, i am called, i'm called, call me, his name is, her name is,
        he is called, she is called, мене звати, мене зовуть, моє ім'я, моє ім'я —, моє прізвище, мое имя,
        моё имя, меня зовут, моя фамилия, його звати, її звати, ім'я :, nazywam się, nazywam sie,
        mam na imię, mam na imie, na imię mi, moje imię to, moje imie to, moje nazwisko to, nazwisko :,
        ma na imię, nazywa się, اسمي, إسمي, اسمى, انا اسمي, أنا اسمي, اسمي هو, اسم عائلتي, اسمه, اسمها""",
    # a sign-off: any capitalised word, or a listed name in any case
    "signoff": """mvh, m.v.h, med vennlig hilsen, med venlig hilsen, vennlig hilsen, venlig hilsen, beste hilsen,
        hilsen, hilsener, helsing, venleg helsing, vennleg helsing, beste helsing, kind regards,
        best regards, warm regards, regards, best wishes, best ,, cheers, sincerely, yours sincerely,
        yours faithfully, yours ,, з повагою, з найкращими побажаннями, щиро ваш, щиро ваша, с уважением,
        pozdrawiam, pozdrawiam serdecznie, serdecznie pozdrawiam, z poważaniem, z powazaniem,
        pozdrowienia, مع تحياتي, تحياتي, مع خالص التحية, مع التحية, مع الشكر, تحياتي لكم""",
    # family, friends, people one works with: a listed name or a capitalised word
    "relation": """sønnen min, sønnen vår, datteren min, datteren vår, dattera mi, dotter mi, dottera mi,
        sonen min, sonen vår, min sønn, min datter, vår sønn, vår datter, kona mi, konen min, mannen min,
        min kone, min mann, broren min, bror min, min bror, søsteren min, søstera mi, syster mi, min søster,
        vennen min, venninnen min, venninna mi, min venn, min venninne, kjæresten min, min kjæreste,
        kollegaen min, min kollega, sjefen min, min sjef, veilederen min, rettleiaren min, min veileder,
        rådgiveren min, min rådgiver, læreren min, min lærer, mora mi, moren min, min mor, faren min,
        min far, rådgiver, veileder, rettleiar, my son, my daughter, my wife, my husband, my brother,
        my sister, my friend, my partner, my colleague, my boss, my mother, my father, my mum, my mom,
        my dad, my teacher, my adviser, my advisor, my counsellor, my counselor, мій син, моя донька,
        моя дочка, мій чоловік, моя дружина, мій брат, моя сестра, мій друг, моя подруга, моя мама,
        мій тато, mój syn, moja córka, mój mąż, moja żona, mój brat, moja siostra, mój przyjaciel,
        moja przyjaciółka, moja mama, mój tata, ابني, ابنتي, بنتي, زوجي, زوجتي, أخي, اخي, أختي, اختي,
        صديقي, صديقتي, والدي, والدتي""",
    # "I am", "this is": a listed name
    "weak": """dette er, det er, her er, detta er, this is, it's, it is, i'm, i am, im, jeg er, eg er,
        heter, heiter, це, я, это, to jest, jestem, tu, أنا, انا, هذا, معك""",
    # talking with someone: a listed name, also one that is an everyday word
    "talk": """snakket med, snakka med, snakket jeg med, pratet med, prata med, snakke med, talked to,
        talked with, spoke to, spoke with, speak to, speak with, rozmawiałam z, rozmawiałem z, rozmawiać z,
        говорила з, говорив з, розмовляла з, розмовляв з, поговорити з, تحدثت مع, تكلمت مع, اتكلم مع, أتكلم مع""",
    # greetings: a listed name, or a capitalised word followed by punctuation
    "greet": """hei, hei hei, heisann, hallo, halla, hey, hi, hello, dear, kjære, god morgen, god dag,
        god kveld, good morning, good afternoon, good evening, привіт, вітаю, добрий день, доброго дня,
        добрий вечір, доброго ранку, здравствуйте, привет, cześć, czesc, dzień dobry, dzien dobry, witam,
        witaj, hej, مرحبا, مرحباً, أهلا, اهلا, أهلاً, هلا, السلام عليكم, صباح الخير, مساء الخير, يا""",
    "thanks": """takk, tusen takk, mange takk, takk skal du ha, takk for hjelpen, takk for svaret, takk for sist,
        takk for praten, takk for samtalen, tusen takk for hjelpen, thanks, thank you, thx, thanks for your help,
        thank you for your help, thanks for the help, дякую, дуже дякую, дякую за допомогу, спасибі, спасибо,
        dziękuję, dzięki, dziekuje, dzieki, dziękuję za pomoc, شكرا, شكراً, شكرًا, شكرا جزيلا, مشكور, مشكورة,
        شكرا على المساعدة""",
    # titles in front of a name
    "title": """pan, pani, panie, pana, пане, пані, пан, mr, mrs, ms, dr, mr., mrs., ms., dr., herr, fru,
        miss, السيد, السيدة, الأستاذ, الاستاذ, الدكتور, الدكتورة""",
}
CUE_RANK = {"strong": 7, "signoff": 6, "relation": 5, "weak": 4, "talk": 3, "greet": 2, "thanks": 1, "title": 0}
SEPARATORS = {",", ":", "-", "–", "—", "،", "…"}
SENTENCE_END = {".", "!", "?", "…", "...", ";", ":", "؟", "!!", "?!", "!!!", "??"}
TRANSPARENT = {'"', "«", "»", "(", ")", "'", "“", "”", "„", "*", "-", "–"}
# Arabic words the Arabic-script cue branches must not take as part of a name.
ARABIC_STOP = {"اريد", "ابحث", "اعمل", "اسكن", "اعيش", "عمري", "لدي", "عندي", "احتاج", "طالب", "طالبه", "طالبة",
               "من", "في", "مع", "انا", "هل", "كيف", "شكرا", "جدا", "وانا", "ساكن", "اتيت", "جئت", "اود", "ارغب"}
# Standalone surnames by their ending, when capitalised mid-sentence ("Коваленко", "Kazlauskas").
SURNAME_ENDING = re.compile(r"(?:енко|енка|енку|чук|щук|юк|enko|chuk|iuk|auskas|iauskas|ienė|evičius|avičius)$")
# Lower-case words after a name in a cue that are surnames by their ending ("kari smestad").
LOWER_SURNAME_ENDING = re.compile(
    r"(?:sen|ssen|son|stad|rud|heim|land|vik|dal|dahl|by|berg|nes|seth|bakken|haugen|moen|gård|gaard|lien|"
    r"ski|ska|cki|cka|dzki|dzka|wicz|czyk|iak|enko|chuk|iuk|ov|ova|ev|eva|auskas|ienė|aitė|ytė|i|y)$"
)
ARABIC_DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
ARABIC_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})
CYRILLIC_ENDINGS = ("ові", "еві", "єві", "ою", "ею", "єю", "ом", "ем", "єм", "ій", "а", "я", "у", "ю", "і", "и",
                    "ї", "о", "е", "є")
POLISH_ENDINGS = ("owi", "iem", "em", "ie", "iu", "ą", "ę", "y", "i", "u", "a", "o", "e")
FLAG_ORDER = {"": 0, "~": 1, "!": 2}


def _key(word: str) -> str:
    word = word.translate(APOSTROPHES).lower()
    if any("\u0600" <= c <= "\u06ff" for c in word):
        word = ARABIC_DIACRITICS.sub("", word).translate(ARABIC_ALEF)
    return word


def _script(word: str) -> str:
    for c in word:
        if "\u0600" <= c <= "\u06ff":
            return "A"
        if "\u0400" <= c <= "\u04ff":
            return "C"
        if c.isalpha():
            return "L"
    return "O"


def _read_list(name: str) -> list[tuple[str, str]]:
    """(entry, mark) from a core/data list: comma or line separated, '#' comments."""
    entries = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        for item in line.split(","):
            item = item.strip()
            if not item:
                continue
            mark = item[-1] if item[-1] in "~!" else ""
            entries.append((item.rstrip("~!").strip(), mark))
    return entries


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    key: str
    script: str
    title: bool
    lower: bool
    space: bool
    newline: bool
    punct: bool
    stop: bool = False
    blocked: bool = False
    kind: str = ""  # "F", "S" or "FS" when listed
    mark: str = ""  # "", "~" or "!" (see core/data/first_names.txt)
    offset: int = 0  # characters before the name inside the token (Arabic "و" = and)
    cue: bool = False
    initial: bool = False


class _NameFinder:
    """The spaCy tokenizer and PhraseMatchers with the name lists; one per process."""

    def __init__(self) -> None:
        import spacy
        from spacy.lang.ar.stop_words import STOP_WORDS as ar
        from spacy.lang.en.stop_words import STOP_WORDS as en
        from spacy.lang.nb.stop_words import STOP_WORDS as nb
        from spacy.lang.pl.stop_words import STOP_WORDS as pl
        from spacy.lang.uk.stop_words import STOP_WORDS as uk
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("nb")  # keeps "Anne-Lise" and "NAV-kontoret" whole; splits punctuation
        self.names: dict[str, tuple[str, str]] = {}
        for file, kind in (("first_names.txt", "F"), ("surnames.txt", "S")):
            for entry, mark in _read_list(file):
                key = _key(entry)
                old_kind, old_mark = self.names.get(key, ("", ""))
                merged_mark = max(old_mark, mark, key=FLAG_ORDER.get)  # listed twice: the stricter mark
                self.names[key] = ("".join(sorted(set(old_kind + kind), key="FS".index)), merged_mark)
        self.stop = {_key(w) for words in (nb, en, pl, uk, ar) for w in words} | ARABIC_STOP
        for key, (kind, mark) in self.names.items():  # "hans", "vår", "will": also everyday words
            if key in self.stop and mark == "":
                self.names[key] = (kind, "~")
        self.stems: dict[str, tuple[str, str]] = {}
        for key, value in self.names.items():
            stem = key[:-1] if key[-1] in "аяоєйьa" else key
            if len(stem) >= 3:
                self.stems.setdefault(stem, value)
            if key.endswith("ek") and len(key) >= 5:  # Polish fleeting e: Tomek -> Tomka, Tomkiem
                self.stems.setdefault(key[:-2] + "k", value)
        self.blocked: set[str] = set()
        self.block_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        phrases = []
        for entry, _ in _read_list("not_names.txt"):
            if " " in entry:
                phrases.append(self.nlp.make_doc(entry.translate(APOSTROPHES)))
            else:
                self.blocked.add(_key(entry))
        self.block_matcher.add("not_name", phrases)
        self.cue_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for kind, phrases in CUES.items():
            texts = [p.strip().translate(APOSTROPHES) for p in re.split(r",\s+", phrases) if p.strip()]
            self.cue_matcher.add(kind, [self.nlp.make_doc(t) for t in texts])
        self.titles = {_key(p.strip()) for p in re.split(r",\s+", CUES["title"])}
        self.lock = threading.Lock()

    # -- lexicon

    def lookup(self, key: str, title: bool, script: str) -> tuple[str, str, int] | None:
        """(kind, mark, offset) of a word in the name lists, with its case forms."""
        if key in self.names:
            return (*self.names[key], 0)
        if key.endswith("'s") and key[:-2] in self.names:
            return (*self.names[key[:-2]], 0)
        if "-" in key.strip("-"):
            parts = [p for p in key.split("-") if p]
            if parts[0] in ("al", "el") and len(parts) > 1:
                parts = parts[1:]
            found = [self.names.get(p) for p in parts]
            if all(found):
                mark = min((f[1] for f in found), key=FLAG_ORDER.get)
                return found[-1][0], mark, 0
            return None
        if script == "A":
            if key.startswith("و") and key[1:] in self.names and self.names[key[1:]][1] == "":
                return (*self.names[key[1:]], 1)
            return None
        if not title:
            return None
        if script == "L" and key.endswith("s") and self.names.get(key[:-1], ("", "!"))[1] == "":
            return (*self.names[key[:-1]], 0)  # Norwegian genitive: "Karis CV"
        for ending in CYRILLIC_ENDINGS if script == "C" else POLISH_ENDINGS:
            if key.endswith(ending) and key[: -len(ending)] in self.stems:
                return (*self.stems[key[: -len(ending)]], 0)
        if script == "C" and len(key) >= 4 and key in self.stems:
            return (*self.stems[key], 0)
        return None

    # -- tokens

    def tokens(self, text: str) -> tuple[list[_Tok], dict[int, str]]:
        doc = self.nlp.make_doc(text.translate(APOSTROPHES))
        toks = []
        for t in doc:
            word = text[t.idx:t.idx + len(t.text)]
            key = _key(word)
            script = _script(word)
            title = script in "LC" and word[0].isupper() and not (len(word) > 1 and word.isupper())
            tok = _Tok(t.idx, t.idx + len(word), word, key, script, title, word.islower(), t.is_space,
                       "\n" in word, t.is_punct or (not t.is_space and script == "O" and not word.isdigit()))
            if not tok.space and not tok.punct:
                found = self.lookup(key, title, script)
                if found:
                    tok.kind, tok.mark, tok.offset = found
                tok.stop = key in self.stop and not tok.kind
                tok.blocked = key in self.blocked or any(c.isdigit() for c in word) or "@" in word
            toks.append(tok)
        for _, start, end in self.block_matcher(doc):
            for tok in toks[start:end]:
                tok.blocked = True
        cues: dict[int, str] = {}  # index of the first token after a cue -> the cue's kind
        for match_id, start, end in self.cue_matcher(doc):
            kind = self.nlp.vocab.strings[match_id]
            for tok in toks[start:end]:
                tok.cue = True
            if end not in cues or CUE_RANK[kind] > CUE_RANK[cues[end]]:
                cues[end] = kind
        previous = None
        for tok in toks:
            if tok.space:
                if tok.newline:
                    previous = None
                continue
            if tok.text in TRANSPARENT:
                continue
            tok.initial = previous is None or previous.text in SENTENCE_END
            previous = tok
        return toks, cues

    # -- decisions

    @staticmethod
    def capitalised(tok: _Tok) -> bool:
        """A capitalised word that may be part of a name (not a stop word, place or service)."""
        return tok.title and not tok.blocked and not tok.stop and not tok.cue

    def listed(self, tok: _Tok, marks: str = "~!", lower: bool = True) -> bool:
        """In the name lists with one of ``marks`` (or none), capitalised or (``lower``) in lower case."""
        if not tok.kind or tok.cue or tok.blocked:
            return False
        if tok.mark and tok.mark not in marks:
            return False
        return tok.title or tok.script == "A" or (lower and tok.lower)

    def strong(self, tok: _Tok) -> bool:
        """A name without any cue."""
        if tok.cue or tok.blocked:
            return False
        if tok.kind:
            if tok.mark == "":
                return tok.title or tok.script == "A"
            return tok.mark == "~" and tok.title and not tok.initial
        return tok.title and not tok.initial and not tok.stop and bool(SURNAME_ENDING.search(tok.key))

    def name_part(self, tok: _Tok, in_cue: bool) -> bool:
        """May follow a name as middle name or surname."""
        if tok.cue or tok.space or tok.punct:
            return False
        if tok.script == "A":
            if tok.kind:
                return True
            if tok.key.startswith("ال") and tok.key[2:] in self.names and not tok.blocked:
                return True  # family name with the article: العلي
            return in_cue and tok.key not in self.stop and not tok.key.startswith("و") and not tok.blocked
        if self.capitalised(tok) or (tok.kind and tok.title and not tok.blocked):
            return True
        if tok.lower and tok.kind and not tok.blocked:
            return in_cue or (tok.mark == "" and "S" in tok.kind)
        return in_cue and tok.lower and not tok.stop and not tok.blocked and bool(LOWER_SURNAME_ENDING.search(tok.key))

    def accepts(self, cue: str, toks: list[_Tok], j: int) -> bool:
        """Does the token at ``j`` start a name after a cue of kind ``cue``?"""
        tok = toks[j]
        if tok.cue or tok.space or tok.punct:
            return False
        followed_by_end = self._followed_by_end(toks, j)
        if cue in ("strong", "signoff"):
            if tok.kind:  # any listed name, also "jeg heter Finn" although Finn is also a website
                return True
            if tok.script == "A":
                return tok.key not in self.stop and not tok.blocked and not tok.key.startswith("و")
            return self.capitalised(tok)
        if cue in ("relation", "title"):
            return self.listed(tok, lower=False) or self.listed(tok, marks="") or self.capitalised(tok)
        if cue == "weak":
            if tok.script == "A":
                return self.listed(tok, marks="") or (self.listed(tok) and followed_by_end)
            return self.listed(tok, marks="~!", lower=False) or (self.listed(tok, marks="") and tok.lower)
        if cue == "talk":
            return self.listed(tok, lower=False) or self.listed(tok, marks="")
        if cue in ("greet", "thanks"):
            if self.listed(tok, lower=False) or self.listed(tok, marks=""):
                return True
            return self.capitalised(tok) and followed_by_end
        return False

    @staticmethod
    def _followed_by_end(toks: list[_Tok], j: int) -> bool:
        for tok in toks[j + 1:]:
            if tok.space:
                return tok.newline
            return tok.punct or tok.key in ("her", "here", "тут", "tutaj", "هنا")
        return True

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the names in ``text``."""
        # spaCy's tokenizer and matchers are not meant to be shared between threads, and every new
        # word would stay in the vocabulary of a long-running process without the memory zone.
        with self.lock, self.nlp.memory_zone():
            toks, cues = self.tokens(text)
        n = len(toks)
        taken = [False] * n
        spans: list[tuple[int, int]] = []

        def extend(j: int, in_cue: bool) -> None:
            end = j + 1
            while end < n and end - j < 4 and not taken[end]:
                tok = toks[end]
                arabic_compound = toks[end - 1].key in ("عبد", "ابو", "بن", "ابن", "بنت") and tok.script == "A"
                if not (arabic_compound or self.name_part(tok, in_cue)):
                    break
                end += 1
            start = j
            while start > 0 and not taken[start - 1]:
                before = toks[start - 1]
                if before.kind and not before.cue and not before.blocked and (before.title or before.script == "A"):
                    start -= 1
                elif before.script == "A" and before.key in ("عبد", "ابو"):
                    start -= 1
                else:
                    break
            for k in range(start, end):
                taken[k] = True
            spans.append((toks[start].start + toks[start].offset, toks[end - 1].end))

        for position in sorted(cues):
            j = position
            while j < n and (toks[j].space or toks[j].text in SEPARATORS or
                             (toks[j].key in self.titles and cues[position] != "strong")):
                j += 1
            if j < n and not taken[j] and self.accepts(cues[position], toks, j):
                extend(j, in_cue=cues[position] in ("strong", "signoff"))
        for j, tok in enumerate(toks):
            if taken[j]:
                continue
            if self.strong(tok):
                extend(j, in_cue=False)
            elif (tok.mark == "~" and tok.title and tok.initial and not tok.cue and not tok.blocked and j + 1 < n
                  and self.capitalised(toks[j + 1]) and not toks[j + 1].kind):
                extend(j, in_cue=False)  # "Liv Ullmann", "Per Sandberg" at the start of a sentence
            elif tok.kind and not tok.cue and not tok.blocked and j + 1 < n and not taken[j + 1]:
                nxt = toks[j + 1]
                if not nxt.kind or nxt.cue or nxt.blocked:
                    continue
                # a first name and a surname together: "ola hansen", "Liv Berg" at a sentence start
                if "F" in tok.kind and "S" in nxt.kind and (
                        (tok.lower and nxt.lower and tok.mark == "" and nxt.mark == "") or
                        (tok.title and nxt.title)):
                    extend(j, in_cue=False)
        return spans


_finder: _NameFinder | None = None
_finder_lock = threading.Lock()


def _names() -> _NameFinder:
    global _finder
    if _finder is None:
        with _finder_lock:
            if _finder is None:
                _finder = _NameFinder()
    return _finder


def warm_up() -> None:
    """Build the spaCy patterns and name lists now rather than on the first message (importing
    spaCy takes a second or two in a process that has not loaded it yet)."""
    _names()


# ---------------------------------------------------------------- all together

PRIORITY = ("email", "national_id", "phone", "address", "name")


def find_personal_data(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of the personal data in ``text``, sorted and not overlapping; type is
    one of the keys of :data:`PLACEHOLDERS`."""
    found = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    found += _national_ids(text)
    found += _phones(text)
    found += _addresses(text)
    found += [(start, end, "name") for start, end in _names().find(text)]
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (PRIORITY.index(s[2]), s[0], -s[1])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, kind))
    return sorted(chosen)


def anonymise(text: str) -> str:
    """``text`` with personal data replaced by ``<e-post>``, ``<fødselsnummer>``,
    ``<telefon>``, ``<adresse>`` and ``<navn>``."""
    if not text:
        return text
    pieces, at = [], 0
    for start, end, kind in find_personal_data(text):
        pieces.append(text[at:start])
        pieces.append(PLACEHOLDERS[kind])
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
