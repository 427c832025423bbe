"""Follow-up questions read in the light of the conversation (pure functions, no I/O).

"Og for høyere utdanning?" after "Når er søknadsfristen for videregående?" means "Når er
søknadsfristen for høyere utdanning?"; "How long does it take?" after "I'm thinking of becoming an
electrician" means how long it takes to become one. ``read`` decides whether a new message continues
the conversation and, if so, rewrites it into a question that stands on its own:

- **follow-up, same question about something else** ("og for høyere utdanning?", "a co z
  magistrem?", "what about nursing?"): the message has no question of its own, only a level or a
  subject. The earlier question is asked again with the new level in place of the old one (or the
  new subject in place of the old subject).
- **follow-up, new question about the same thing** ("hvor lenge varer det?", "kva er fristen?",
  "وكم يكلف ذلك؟"): the message asks something (when, how long, how much, who, where ...) but names
  no subject of its own. The subject, level and situation words of the earlier question are added.
- **after a statement about oneself** ("Jeg er 26 og har ikke fullført videregående", "Я лікар з
  України"): the next question is read with that situation added.
- **a message that stands on its own** (its own subject words and its own question, with nothing
  that points back) starts fresh. When it both names its own subject and points back ("og hva er
  en fagskole?"), the reading is ``certain=False``: the caller compares it with the standalone
  answer (a confident standalone answer about another article starts fresh).

The earlier conversation comes from the tracker's events (``history``): each earlier citizen
message with the question it was taken to mean (the ``last_question`` slot the answer set in that
turn), so a chain of follow-ups keeps its topic, level and situation without a new slot.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

MAX_WORDS = 40  # a rewritten question never grows beyond this many words
SHORT = 4  # a message of at most this many words is elliptical by its length alone

# Intents whose messages carry no topic ("takk", "ja", a button, a request for a person ...).
NO_TOPIC_INTENTS = frozenset({
    "greet", "goodbye", "thanks", "affirm", "deny", "feedback_helpful", "feedback_unhelpful",
    "request_human", "crisis", "career_centre", "give_place", "change_language", "bot_challenge",
})

_WORD = re.compile(r"[\w'’./-]*\w", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that begin a follow-up ("og ...", "and what about ...", "а ...", "a co z ...", "و...").
def _starts(*phrases: str) -> re.Pattern:
    """A message that starts with one of the phrases (the longest that fits), as a whole word."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in ordered) + r")(?=[\s?,.!]|$)")


CONNECTORS = {
    "nb": _starts("og", "men", "enn", "også", "hva med", "og hva med", "hvordan med", "hva om", "og hvis",
                  "gjelder det samme for", "samme for", "hva så med", "og så"),
    "nn": _starts("og", "men", "enn", "òg", "også", "kva med", "og kva med", "korleis med", "kva om", "og viss",
                  "gjeld det same for", "same for", "og så"),
    "en": _starts("and", "but", "also", "what about", "and what about", "how about", "and how about", "same for",
                  "so", "then", "ok and", "okay and", "what if", "and if"),
    "uk": _starts("а", "і", "й", "та", "але", "також", "а як щодо", "а що з", "як щодо", "що щодо", "а якщо",
                  "а для", "і для"),
    "pl": _starts("a", "i", "oraz", "ale", "także", "też", "a co z", "co z", "a jeśli", "a gdyby",
                  "a dla", "i dla"),
    # Arabic joins "and" to the next word: "وكم", "وأين", "وماذا عن", "وللجامعة".
    "ar": re.compile(r"^(?:وماذا عن|ماذا عن|وما رأيك في|و(?=كم|أين|اين|من|هل|كيف|متى|ما|ماذا|لماذا|ل|ب|في|عن|إذا|اذا|لو|أيضا|ايضا))"),
}

# Words that point back at what was said before ("det", "it", "це", "to", "ذلك").
BACK_REFERENCES = {
    "nb": _words("det den dette denne der dit da samme likevel slikt sånt de dem disse han hun ham henne"),
    "nn": _words("det den dette denne der dit då same likevel slikt sånt dei dette han ho henne"),
    "en": _words("it that this there them they those these one ones then same anyway such he she him her"),
    "uk": _words("це цього цим цьому цей ця ці той та те то там туди такий така таке його її їх він вона воно вони"),
    "pl": _words("to tego tym temu ten ta te tam tego tej go jej ich nich on ona ono oni tak taki"),
    "ar": _words("ذلك هذا هذه تلك فيه عليه له لها به بها هناك بذلك لذلك بهذا لهذا"),
}

# Function words (and the commonest verbs) that say nothing about the topic.
STOP = {
    "nb": _words(
        "jeg meg min mitt mine du deg din ditt dine vi oss man en ei et den det de dem denne dette disse og "
        "eller men som at å i på til fra for med om av ved hos etter før under over uten mot er var blir ble "
        "bli være vært har hadde ha kan kunne må måtte skal skulle vil ville bør får få gjør gjøre også så da "
        "nå ikke ja nei hei takk litt bare noe noen alle hvis enn mer meget veldig selv sin sitt sine seg "
        "hans hennes deres her der likevel egentlig liksom trenger trengs gå går ta tar gi gir finnes fins "
        "sånn slik altså ok okei jo vel mulig lov egen eget"),
    "nn": _words(
        "eg meg min mitt mine du deg din ditt dine vi me oss ein eit ei den det dei dykk denne dette desse og "
        "eller men som at å i på til frå for med om av ved hos etter før under over utan mot er var blir vert "
        "vart bli vere vore har hadde ha kan kunne må måtte skal skulle vil ville bør får få gjer gjere òg "
        "også så då no ikkje ja nei hei takk litt berre noko nokon alle viss om enn meir svært sjølv sin sitt "
        "sine seg hans hennar deira her der likevel eigentleg treng trengst gå går ta tek gi gir finst sånn "
        "slik altså ok jo vel mogleg lov eigen eige"),
    "en": _words(
        "i i'm im me my mine you your we our us it its it's is am are was were be been being a an the and or "
        "but so to of in on at for with from by about as into than then if do does did done have has had "
        "can could will would shall should may might must need needs get gets got there here that this these "
        "those they them their also too just really please any some not no yes hi hello thanks "
        "ok okay still anyway one ones take takes go going i've i'd i'll don't doesn't can't it’s i’m"),
    "uk": _words(
        "я мені мене мій моя моє мої мою моєї ти тобі ви вам вас ваш ваша ваше ми нам нас він вона воно вони "
        "це цей ця ці цим цього цьому той та те то і й а але або чи щоб в у на з із зі до від для про "
        "по за при без є був була було бути буде можу може можна треба потрібно ще вже також теж тут там "
        "так ні не дуже лише тільки свою свій своє його її їх же ж ось якщо мати маю має"),
    "pl": _words(
        "ja mi mnie mój moja moje moich moim ty ci cię pan pani my nam nas on ona ono oni one to ten ta te "
        "tego tej tym temu i a ale lub albo czy że żeby aby w we na z ze do od dla o po za przy bez jest "
        "są był była było być będzie mogę może można trzeba muszę musi się sobie już też także tu tutaj tam "
        "tak nie bardzo tylko swoje swój jego jej ich mam ma mieć no jako jeśli"),
    "ar": _words(
        "من في على إلى الى عن مع هل أنا انا أنت انت نحن هو هي هم ذلك هذا هذه تلك التي الذي أن ان إن لا نعم "
        "ثم أو او لكن قد كان يكون يمكن يمكنني أستطيع استطيع عند بعد قبل كل أي اي لي بي يجب أريد اريد أحتاج "
        "احتاج فقط أيضا أيضاً ايضا هنا هناك لم لن عليه فيه به له لها و الحصول حصول"),
}

# Question words and what is asked about (when, how long, how much, who, where, requirements, age
# ...): the frame of a question, not its topic. Matched as word beginnings.
FRAME = {
    "nb": ("når", "hvor", "hvordan", "hva", "hvem", "hvilke", "hvilken", "hvilket", "hvorfor", "lenge",
           "lang", "tid", "tiden", "vare", "varer", "koste", "kostn", "pris", "betal", "gratis", "frist",
           "søknadsfrist", "sist", "krav", "alder", "aldersgrense", "gammel", "maks", "maksimalt", "høyst",
           "minst", "mange", "mye", "erfaring", "praksis", "dokument", "dokumentasjon", "lønn", "søke",
           "søkt", "søknad", "hjelp", "regel", "regler", "start", "begynn", "beløp", "penger", "prosent",
           "godkjen", "ordne", "skje", "skjer", "gjelde", "gjelder", "kvalifis", "nødvendig", "mulighet",
           "muligheter", "år", "måneder", "uker", "ansvar", "ansvarlig", "ofte"),
    "nn": ("når", "kor", "korleis", "kva", "kven", "kvifor", "lenge", "lang", "tid", "tida", "vare",
           "varar", "varer", "kost", "kostnad", "pris", "betal", "gratis", "frist", "søknadsfrist", "sist", "krav",
           "alder", "aldersgrense", "gammal", "maks", "maksimalt", "høgst", "minst", "mange", "mykje",
           "erfaring", "praksis", "dokument", "dokumentasjon", "løn", "søkj", "søke", "søknad", "hjelp",
           "regel", "reglar", "start", "byrj", "beløp", "pengar", "prosent", "godkjen", "skje", "skjer",
           "gjeld", "kvalifis", "naudsynt", "år", "månader", "veker", "ansvar", "ansvarleg", "ofte"),
    "en": ("when", "where", "what", "which", "who", "whom", "whose", "how", "why", "long", "much", "many",
           "time", "last", "cost", "price", "pay", "paid", "fee", "fees", "free", "deadline", "due",
           "requir", "requirement", "age", "old", "max", "maximum", "min", "minimum", "experience",
           "document", "documentation", "salary", "wage", "apply", "applica", "help", "rule", "start",
           "begin", "amount", "money", "percent", "eligib", "eligibility", "qualif", "qualification",
           "happen", "year", "month", "week", "limit", "handle", "approv", "organi", "confirm", "often",
           "mean", "count", "possible", "option", "responsib", "responsible"),
    "uk": ("коли", "де", "куди", "що", "який", "яка", "яке", "які", "хто", "як", "чому", "скільки",
           "довго", "трива", "тривалість", "час", "кошту", "вартість", "плат", "безкоштовн", "термін",
           "дедлайн", "вимог", "вік", "макс", "максимум", "мінім", "досвід", "документ", "зарплат", "пода",
           "подавати", "заяв", "допомог", "правил", "почина", "гроші", "відсот", "займа", "займається",
           "організов", "затвердж", "підтвердж", "підтверджувати", "часто", "сторін", "років", "роки",
           "року", "місяц", "можлив", "отримати", "потрібн", "відповіда"),
    "pl": ("kiedy", "gdzie", "co", "czego", "jaki", "jaka", "jakie", "kto", "kogo", "jak", "dlaczego",
           "ile", "długo", "trwa", "czas", "koszt", "cena", "płac", "opłat", "bezpłat", "darmow", "termin",
           "wymag", "wiek", "maks", "minim", "doświadcz", "dokument", "pensj", "wynagrodz", "złoż",
           "wniosek", "wniosk", "składa", "pomoc", "zasad", "zaczyna", "pieniądz", "procent", "zatwierdz",
           "zajmuje", "organizuj", "potwierdz", "często", "stron", "lat", "miesi", "możliw", "dostać",
           "potrzeb", "uczyć", "odpowiada"),
    "ar": ("متى", "أين", "اين", "ماذا", "ما", "كيف", "لماذا", "كم", "مدة", "مدته", "مدتها", "يستغرق",
           "تستغرق", "يكلف", "تكلف", "سعر", "رسوم", "مجان", "موعد", "الموعد", "النهائي", "آخر", "شروط",
           "الشروط", "متطلبات", "عمر", "سن", "الحد", "خبرة", "وثائق", "مستندات", "راتب", "أجر", "أقدم",
           "اقدم", "التقديم", "تقديم", "الطلب", "طلب", "يقوم", "ينظم", "مرة", "أؤكد", "تأكيد", "يعني",
           "سنوات", "أشهر", "أحصل", "احصل", "تحتاج", "أحتاج", "احتاج", "المسؤول", "مسؤول"),
}

# A goal in a statement ("I'm thinking of becoming an electrician", "Jeg vil bli tømrer"): the next
# question is asked for its sake ("How long does it take?" -> "... to become an electrician").
GOALS = {
    "nb": (re.compile(r"\b(?:bli|utdanne meg til|jobbe som)\s+(.+)$", re.IGNORECASE), "for å bli {}"),
    "nn": (re.compile(r"\b(?:bli|verte|utdanne meg til|jobbe som)\s+(.+)$", re.IGNORECASE), "for å bli {}"),
    "en": (re.compile(r"\b(?:becom(?:e|ing)|train(?:ing)? as|work(?:ing)? as)\s+(.+)$", re.IGNORECASE), "to become {}"),
    "uk": (re.compile(r"(?:\bстати|\bпрацювати як)\s+(.+)$", re.IGNORECASE), "щоб стати {}"),
    "pl": (re.compile(r"\b(?:zostać|pracować jako)\s+(.+)$", re.IGNORECASE), "żeby zostać {}"),
    "ar": (re.compile(r"(?:أصبح|اصبح|أعمل ك|اعمل ك)\s*(.+)$"), "لكي أصبح {}"),
}

# Personal words: a connector-led message with one of them is a new question about the same
# thing ("а якщо я не можу онлайн?"), not the earlier question about something else. Not nynorsk
# "ein": in a short follow-up it is the article ("Og ein master?"); the generic "kan ein ..." has
# its verb.
PERSONAL = {
    "nb": _words("jeg meg du vi man kan må skal vil hvis"), "nn": _words("eg meg du vi me kan må skal vil viss"),
    "en": _words("i i'm me you we can can't must should will if"), "uk": _words("я мені ви ми можу можна якщо"),
    "pl": _words("ja mi mnie ty my mogę można jeśli"), "ar": _words("أنا انا لو إذا اذا أستطيع استطيع يمكن"),
}

# Levels of education: a follow-up that names another level asks the same question about it.
LEVELS = {
    "nb": re.compile(r"videregå\w*|\bvgs\b|\bvg[123]\b|høyere utdanning\w*|høyskole\w*|høgskole\w*|"
                     r"universitet\w*|fagskole\w*|bachelor\w*|master\w*|ph\.?d\.?|doktorgrad\w*|"
                     r"folkehøgskole\w*|grunnskole\w*|ungdomsskole\w*"),
    "nn": re.compile(r"vidaregå\w*|videregå\w*|\bvgs\b|\bvg[123]\b|høgare utdanning\w*|høgskule\w*|"
                     r"høgskole\w*|universitet\w*|fagskule\w*|fagskole\w*|bachelor\w*|master\w*|ph\.?d\.?|"
                     r"doktorgrad\w*|folkehøgskule\w*|grunnskule\w*|ungdomsskule\w*"),
    "en": re.compile(r"upper secondary(?: school)?|high school|secondary school|higher education|"
                     r"universit\w*|vocational college\w*|college\w*|bachelor\w*(?:'s)?(?: degree)?|"
                     r"master\w*(?:'s)?(?: degree)?|ph\.?d\.?|doctorate|folk high school|primary school|"
                     r"lower secondary(?: school)?"),
    "uk": re.compile(r"вищ\w* освіт\w*|університет\w*|коледж\w*|бакалавр\w*|магістр\w*|"
                     r"середн\w* (?:школ|освіт)\w*|старш\w* школ\w*|докторантур\w*|fagskole"),
    "pl": re.compile(r"szkoł\w* średni\w*|liceum|(?:studi(?:a|ów|ach|um)\b)(?: licencjack\w*| magistersk\w*)?|"
                     r"uczelni\w*|uniwersytet\w*|licencjat\w*|licencjack\w*|magist\w*|doktorat\w*|"
                     r"szkoł\w* zawodow\w*|wyższ\w* uczelni\w*"),
    "ar": re.compile(r"\w*الثانوي\w*|\w*الجامع\w*|جامع\w*|التعليم العالي|\w*البكالوريوس|\w*بكالوريوس|"
                     r"\w*الماجستير|ماجستير|\w*الدكتوراه|دكتوراه"),
}

# A level named as what the person lacks ("ikke fullført videregående", "didn't finish upper
# secondary", "без вищої освіти", "bez matury", "لم أكمل الثانوية") is their situation, not the level asked about.
LACKS = re.compile(
    r"\b(ikke|ikkje|uten|utan|mangler|manglar|not|never|didn't|did not|haven't|have not|without|lack\w*|"
    r"не|без|nie|bez|brak\w*)\b|لم|بدون|دون", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    """An earlier citizen message and the question it was taken to mean."""

    text: str
    question: str  # the rewritten question when the message was read as a follow-up, else the text
    answered: bool = False  # the answer action read it (it set ``last_question`` in that turn)


@dataclass(frozen=True)
class Reading:
    """What the new message asks: ``question`` is what to search for."""

    question: str
    follow_up: bool = False
    anchor: str | None = None  # the earlier question (or statement) it continues
    certain: bool = True  # False: both readings are plausible; compare with the standalone answer
    how: str = "fresh"  # fresh | same_question | same_topic | situation | continues (actions/answer.py)
    refers_back: bool = False  # it names what came before ("det", "it", "це", "to", "ذلك")
    hint: str | None = None  # the earlier question without what the new message replaces (a search hint)
    alternative: "Reading | None" = None  # another plausible reading; the more confident answer wins


def history(events: list[dict]) -> list[Turn]:
    """The earlier citizen messages that carry a topic, oldest first (the latest message excluded).

    A message is skipped when it is a button payload, when its intent carries no topic ("takk",
    "ja", a request for a person) or when Rasa reverted it (not understood). ``question`` is the
    ``last_question`` the answer action set in that message's turn, when there is one.
    """
    turns: list[dict] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = (event.get("text") or "").strip()
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            turns.append({"text": text, "intent": intent, "question": None})
        elif kind == "slot" and event.get("name") == "last_question" and turns and event.get("value"):
            turns[-1]["question"] = event["value"]
        elif kind == "rewind" and turns:  # UserUtteranceReverted: the message was not understood
            turns.pop()
        elif kind == "session_started":
            turns.clear()
    earlier = turns[:-1]  # the latest user event is the message being read
    return [Turn(t["text"], t["question"] or t["text"], answered=t["question"] is not None)
            for t in earlier
            if t["text"] and not t["text"].startswith("/") and t["intent"] not in NO_TOPIC_INTENTS]


def read(text: str, language: str, earlier: list[Turn]) -> Reading:
    """How to read ``text`` given the earlier turns (oldest first): fresh, or a rewritten follow-up."""
    text = " ".join(text.split())
    if not earlier or language not in STOP:
        return Reading(text)
    anchor = earlier[-1]
    new = _Parsed(text, language)
    old = _Parsed(anchor.question, language)
    if not old.content_words and not old.levels and not old.lacking_levels:
        return Reading(text)  # the earlier message said nothing to carry ("ok", "hm")
    named = new.own_subject or bool(new.levels)
    points_back = new.connector or new.back_reference

    def follow(question: str, how: str, certain: bool = True) -> Reading:
        hint = old.without_levels() if new.levels else anchor.question
        if how == "same_question" and not new.levels:
            hint = None  # the subject is replaced: the earlier one must not steer the search
        return Reading(question, True, anchor.question, certain=certain, how=how,
                       refers_back=new.back_reference, hint=hint)

    if not is_question(anchor.text, language) and (new.frame or named or points_back):
        # A statement about oneself ("Jeg er 26 og har ikke fullført videregående", "Я лікар з
        # України") is the situation the next question is asked in.
        return follow(_same_topic(new, old, statement=True), "situation", certain=not (named and new.frame))
    if named and new.frame:
        if points_back:
            # "og hva er en fagskole?", "hvor mange studiepoeng gir det?": a question and a subject of
            # its own, but it points back too; the caller compares with the standalone answer.
            return follow(_same_topic(new, old), "same_topic", certain=False)
        return Reading(text)  # a question of its own: a new topic starts fresh
    if named:
        bare = new.words_count <= SHORT + 1 and not any(w.lower() in PERSONAL[language] for w, _ in new.tokens)
        if (new.connector or new.words_count <= SHORT) and bare:
            # "og for høyere utdanning?", "a co z magistrem?", "what about nursing?"
            reading = follow(_same_question(new, old), "same_question")
            if not new.connector and not new.levels:
                # "tel deltidsjobb med?" after "kva krev 23/5-regelen?" asks about the same thing;
                # without "og"/"what about" both readings are plausible.
                reading = dataclasses.replace(reading, alternative=follow(_same_topic(new, old), "same_topic"))
            return reading
        if points_back:
            # "kan jeg få lån til det?", "а якщо я не можу онлайн?"
            return follow(_same_topic(new, old), "same_topic")
        return Reading(text)
    if new.frame or points_back:
        # "hvor lenge varer det?", "kva er fristen?", "وكم يكلف ذلك؟"
        return follow(_same_topic(new, old), "same_topic")
    return Reading(text)  # nothing asked, nothing pointed at


def with_topic(text: str, language: str, anchor: Turn) -> str:
    """``text`` with the earlier question's subject added, as a same-topic follow-up reads."""
    text = " ".join(text.split())
    if language not in STOP:
        return text
    return _same_topic(_Parsed(text, language), _Parsed(anchor.question, language))


# A yes/no question opens with the verb before its subject ("må eg ta påbygg", "can I apply") or
# with the question particle ("чи", "czy", "هل").
_YES_NO = {
    "nb": r"^(?:kan|må|får|skal|bør|har|er|trenger|vil|blir|teller|gjelder)\s+(?:jeg|du|man|en|vi|de|han|hun|det)\b",
    "nn": r"^(?:kan|må|får|skal|bør|har|er|treng|vil|blir|tel|gjeld)\s+(?:eg|du|ein|me|vi|dei|han|ho|det)\b",
    "en": r"^(?:can|could|do|does|must|should|will|is|are|am|have|has|may)\s+(?:i|you|we|they|he|she|it|my|there)\b",
    "uk": r"^чи\b", "pl": r"^czy\b", "ar": r"^هل\b",
}
YES_NO = {language: re.compile(pattern, re.IGNORECASE) for language, pattern in _YES_NO.items()}


def asks_something(text: str, language: str) -> bool:
    """Whether a message holds a question anywhere: "straciłem pracę, co zrobić najpierw" asks in
    its second clause, "eg er 25 og har jobba i seks år, må eg ta påbygg" in its last."""
    yes_no = YES_NO.get(language, YES_NO["en"])
    parts = [p.strip() for p in re.split(r"[,.;:!]\s*|\s+(?:og|and|і|i|و)\s+", text) if p.strip()]
    return is_question(text, language) or any(is_question(p, language) or yes_no.match(p) for p in parts)


def is_question(text: str, language: str) -> bool:
    """Whether a message asks something (a question mark, or it opens with a question word)."""
    if "?" in text or "؟" in text:
        return True
    words = _WORD.findall(text.lower())
    return bool(words) and _role(words[0], language) == "frame"


class _Parsed:
    """A message split into what it asks (frame), the level it names and its own subject words."""

    def __init__(self, text: str, language: str) -> None:
        text = " ".join(text.split())
        self.text = text
        self.language = language
        lowered = text.lower()
        match = CONNECTORS[language].match(lowered)
        begins = match.end() if match else 0  # the connector is not part of what is asked
        self.connector = bool(match)
        self.body = text[begins:].strip(" ,")
        self.levels = []  # (start, end, level) spans in ``text`` of levels asked about
        self.lacking_levels = []  # levels named as what the person lacks (their situation)
        for found in LEVELS[language].finditer(lowered, begins):
            before = lowered[max(0, found.start() - 30):found.start()]
            (self.lacking_levels if LACKS.search(before) else self.levels).append(
                (found.start(), found.end(), text[found.start():found.end()]))
        level_spans = [(s, e) for s, e, _ in self.levels + self.lacking_levels]
        self.tokens: list[tuple[str, str]] = []  # (word as written, role)
        for found in _WORD.finditer(text, begins):
            word = found.group(0)
            role = "level" if any(s <= found.start() < e for s, e in level_spans) else _role(word, language)
            self.tokens.append((word, role))
        self.words_count = len(self.tokens)
        self.frame = any(role == "frame" for _, role in self.tokens)
        self.back_reference = any(role == "back" for _, role in self.tokens)
        self.content_words = [w for w, role in self.tokens if role == "subject"]
        self.own_subject = bool(self.content_words)

    def without_levels(self) -> str:
        """The text without the levels it asks about (the levels a person lacks stay)."""
        text = self.text
        for start, end, _ in reversed(self.levels):
            text = text[:start] + text[end:]
        return " ".join(text.split())

    def context(self, drop_levels: bool) -> list[str]:
        """The words another question needs from this one, in order: subject and situation words,
        and its levels unless the other question names its own."""
        lacking = {w.lower() for _, _, t in self.lacking_levels for w in _WORD.findall(t)}
        words = []
        for word, role in self.tokens:
            if role == "subject" or (role == "level" and (not drop_levels or word.lower() in lacking)):
                words.append(word)
            elif word.lower() in {"ikke", "ikkje", "not", "never", "не", "без", "nie", "bez", "لم"} and lacking:
                words.append(word)  # "ikke fullført videregående" keeps its "ikke"
        return words


def _role(word: str, language: str) -> str:
    lowered = word.lower().strip("'’.")
    forms = _arabic_forms(lowered) if language == "ar" else (lowered,)
    if any(form in BACK_REFERENCES[language] for form in forms):
        return "back"
    if lowered in STOP[language] or (len(lowered) < 2 and not lowered.isdigit()):
        return "stop"
    exact, prefixes = _FRAME[language]
    for form in forms:
        if form in exact or any(form.startswith(p) and len(form) - len(p) <= MAX_ENDING for p in prefixes):
            return "frame"
    if language == "ar" and any(form in STOP[language] for form in forms):
        return "stop"
    return "subject"


MAX_ENDING = 4  # "frist" + "en", but not "praksis" + "kandidat" or "alder" + "spoeng" (compounds)
_ARABIC_CLITICS = ("وال", "بال", "لل", "فال", "كال", "و", "ف", "ب", "ل", "ك")


def _arabic_forms(word: str) -> tuple[str, ...]:
    """An Arabic word and the word without the "and", "for", "with" ... joined to its front."""
    forms = [word]
    for clitic in _ARABIC_CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            rest = word[len(clitic):]
            forms += [rest, "ال" + rest] if clitic.endswith("ال") or clitic == "لل" else [rest]
    return tuple(forms)


# Short frame words match whole words only ("år" is not "årsstudium"); longer ones match word
# beginnings ("frist" in "fristen", "søknadsfristen" through its own entry).
_FRAME = {language: (frozenset(w for w in words if len(w) < 4), tuple(w for w in words if len(w) >= 4))
          for language, words in FRAME.items()}


def _unique(words: list[str]) -> list[str]:
    seen, kept = set(), []
    for word in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            kept.append(word)
    return kept


def _same_topic(new: _Parsed, old: _Parsed, statement: bool = False) -> str:
    """The new question with the earlier question's subject, level and situation added."""
    mark = "؟" if new.language == "ar" else "?"
    question = new.body.rstrip(" ?؟.!")
    if statement:
        pattern, purpose = GOALS[new.language]
        goal = pattern.search(old.text.strip().rstrip(".!?؟"))
        if goal:  # "How long does it take to become an electrician?"
            return _limit(f"{question} {purpose.format(goal.group(1).strip())}{mark}")
        # Any other statement about oneself reads best whole: "Hvor mye koster det? Jeg er 26 og ..."
        return _limit(f"{question}{mark} {old.text.strip()}")
    own = {w.lower() for w, _ in new.tokens}
    carried = [w for w in _unique(old.context(drop_levels=bool(new.levels))) if w.lower() not in own]
    return _limit(f"{question} {' '.join(carried)}{mark}" if carried else f"{question}{mark}")


def _same_question(new: _Parsed, old: _Parsed) -> str:
    """The earlier question asked again about the new level or subject."""
    mark = "؟" if new.language == "ar" else "?"
    replacement = new.body.rstrip(" ?؟.!").strip()
    if new.levels and not new.content_words and old.levels:
        # The new level where the old one was: "Når er søknadsfristen for høyere utdanning?"
        level = " ".join(t for _, _, t in new.levels)
        text = old.text
        for index, (start, end, _) in reversed(list(enumerate(old.levels))):
            text = text[:start] + (level if index == 0 else "") + text[end:]
        return _limit(" ".join(text.split()))
    # The earlier question's frame and situation; the new words take the subject's place.
    frame = [w for w, role in old.tokens if role in ("frame", "stop", "back")]
    kept_levels = [] if new.levels else [t for _, _, t in old.levels]
    lacking = [t for _, _, t in old.lacking_levels]
    return _limit(" ".join([*frame, *kept_levels, replacement, *lacking]) + mark)


def _limit(text: str) -> str:
    words = text.split()
    return " ".join(words[:MAX_WORDS]) if len(words) > MAX_WORDS else text
