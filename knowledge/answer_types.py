"""What a question asks for, and whether a sentence holds it: answer-type cues per language.

``question_types("hvor lenge varer introduksjonsprogrammet?", "nb")`` gives ``("duration",)``;
``holds("duration", "Programmet kan vare fra tre måneder til fire år.", "nb")`` gives 1.0. Search
uses them to prefer chunks that hold the asked kind of fact, answers to pick the sentence that
does. Plain regular expressions: no model, a few microseconds a sentence.

Types: ``date`` (when, which deadline), ``duration`` (how long), ``frequency`` (how often),
``amount`` (how much, how many, what level, what it costs), ``maximum`` (at most, the most),
``length`` (how long a text should be: pages),
``age`` (how old), ``audience`` (who it is for: an age or a group of people),
``organisation`` (who decides, which authority), ``place`` (where),
``condition`` (can I, must I, do I need), ``step`` (a step of a process: what comes first or
next), ``reason`` (why), ``entity`` (which named thing: "hvilken klubb", "which company").
"""
from __future__ import annotations

import functools
import re

TYPES = ("date", "duration", "frequency", "amount", "maximum", "age", "audience", "length", "organisation", "place",
         "condition", "step", "reason", "entity")

_NUMBER_WORDS = {
    "nb": r"en|ett|ei|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|førti|femti|seksti|hundre|halvt|halv",
    "en": r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|half|a",
    "uk": r"один|одна|одне|одного|одну|два|дві|двох|три|трьох|чотири|чотирьох|п'ять|п'яти|шість|шести|сім|семи|вісім|восьми|дев'ять|десять|десяти|півроку",
    "pl": r"jeden|jedna|jedno|jednego|jednej|dwa|dwie|dwóch|trzy|trzech|cztery|czterech|pięć|pięciu|sześć|siedem|osiem|dziewięć|dziesięć|pół",
    "ar": r"واحد|اثنان|اثنين|ثلاث|ثلاثة|أربع|أربعة|خمس|خمسة|ست|ستة|سبع|سبعة|ثماني|ثمانية|تسع|تسعة|عشر|عشرة|نصف",
}
_NUMBER_WORDS["nn"] = _NUMBER_WORDS["nb"] + r"|eitt|tolv|seksten"

_MONTHS = (
    r"januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|"
    r"січень|лютий|березень|квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень|"
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
    r"styczeń|luty|marzec|kwiecień|maj|czerwiec|lipiec|sierpień|wrzesień|październik|listopad|grudzień|"
    r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    r"كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين"
)

_TIME_UNITS = (
    r"år|året|årene|måned\w*|månad\w*|uke\w*|veke\w*|dag\w*|døgn|time\w*|timar|semester\w*|skoleår\w*|skuleår\w*|"
    r"years?|months?|weeks?|days?|hours?|semesters?|"
    r"рок\w*|років|місяц\w*|тиж\w*|дн\w*|днів|годин\w*|семестр\w*|"
    r"lat|lata|roku|miesi\w*|tygod\w*|dni|dzień|godzin\w*|semestr\w*|"
    r"سنة|سنوات|عام\w*|أعوام|شهر\w*|أشهر|أسبوع\w*|أسابيع|يوم\w*|أيام|ساعة|ساعات|فصل"
)

_DIGITS = r"\d+(?:[.,]\d+)?"


_ARTICLES = {"en", "ett", "ei", "eit", "a", "one", "halv", "halvt", "half"}


def _amount_words(language: str) -> str:
    """Number words that count as an amount on their own (not "en"/"a", which are articles)."""
    words = _NUMBER_WORDS.get(language, _NUMBER_WORDS["en"]).split("|")
    return "|".join(w for w in words if w not in _ARTICLES)


def _numbers(language: str) -> str:
    words = _NUMBER_WORDS.get(language, _NUMBER_WORDS["en"])
    return rf"(?:{_DIGITS}|\b(?:{words})\b)"


# -- question cues ------------------------------------------------------------------------------
# Each entry: type -> a pattern matched against the lower-cased question. Order matters only for
# "hvor"/"kor"/"where", which is a place unless another cue ("hvor lenge") claims the question.
_QUESTION_CUES: dict[str, dict[str, str]] = {
    "nb": {
        "date": r"(?:^|[,:;]\s*)(?:og |men |så )?når\b|\bhvilken dato\b|\bhvilket år\b|\bhvilken frist\b|\bfrist(en|er)?\b|\bsøknadsfrist\w*|\btil når\b|\binnen når\b|\bdato\b",
        "duration": r"\bhvor lenge\b|\bhvor tidlig\b|\bhvor lang tid (?:før|i forveien)\b|\bhvor lang\b|\bhvor mange (år|måneder|uker|dager|timer)\b|\bhvor lang tid\b|\btil sammen\b|\bvarighet\b",
        "frequency": r"\bhvor ofte\b|\bhvor mange ganger\b",
        "amount": r"\bhvor mye\b|\bhvor mange\b|\bhvor stor\b|\bhvor høy\b|\bhva koster\b|\bkoster det\b|\bhvilket nivå\b|\bhvor mye lengre\b|\bprosent\b|nummer\w*|\bpris\b",
        "maximum": r"\bmaks\w*\b|\bhøyst\b|\b(det )?meste\b|\bsom mest\b|\bopptil\b|\binntil\b|\bøvre grense\b|\bhøyeste\b|\btil sammen\b",
        "age": r"\bfor (?:ung|gammel)\b|\bhvor gammel\b|\baldersgrense\w*\b|\bhvilken alder\b|\bhva er alderen\b|\bfra hvilken alder\b|\btil hvilken alder\b",
        "audience": r"\bhvem er (?!(?:\w+ ){0,3}ansvarl)(?:\w+ ){0,3}for\b(?!\s+(?:å|at)\b)|\bfor hvem\b|\bhvem passer\b|\bhvem gjelder\b|\bhvem kan bruke\b|\bhvem er målgruppen\b",
        "organisation": r"\bhvem\b|\bhvilken (instans|myndighet|etat|organisasjon|institusjon|direktorat)\b|\bhvilket (organ|direktorat|kontor)\b|\bhvilken (klubb|bedrift|bank|skole|avis|kanal)\b",
        "place": r"\bhvor\b|\bhvilket sted\b|\bhvilken by\b|\bhvilket land\b|\bnettside\w*\b",
        "condition": r"^(?:kan|må|får|trenger|er|har|skal|blir|teller|gjelder)\b|\bkan jeg\b|\bkan man\b|\bmå jeg\b|\bmå man\b|\bfår jeg\b|\bfår man\b|\btrenger jeg\b|\bhar jeg rett\b|\bteller\b|\bgjelder\b|\bvilkår\w*\b|\bkrav\b|\bhva må til\b",
        "step": r"\bførst\b|\bneste steg\b|\bførste steg\b|\bhva skjer etter\b|\bhva skjer når\b|\bderetter\b|\better at\b|\bhva gjør jeg\b|\bhva (?:bør|må|skal) jeg gjøre\b",
        "reason": r"\bhvorfor\b|\bhva er grunnen\b",
        "entity": r"\bhvilken\b|\bhvilket\b|\bhvilke\b|\bhva heter\b",
    },
    "nn": {
        "date": r"(?:^|[,:;]\s*)(?:og |men |så )?når\b|\bkva dato\b|\bkva år\b|\bfrist(en|ar)?\b|\bsøknadsfrist\w*|\btil når\b|\bdato\b",
        "duration": r"\bkor lenge\b|\bkor tidleg\b|\bkor lang\b|\bkor mange (år|månader|veker|dagar|timar)\b|\bkor lang tid\b|\btil saman\b",
        "frequency": r"\bkor ofte\b|\bkor mange gonger\b",
        "amount": r"\bkor mykje\b|\bkor mange\b|\bkor stor\b|\bkva kostar\b|\bkostar det\b|\bkva nivå\b|\bprosent\b|\bkor mykje lengre\b",
        "maximum": r"\bmaks\w*\b|\bhøgst\b|\b(det )?meste\b|\bsom mest\b|\bopptil\b|\binntil\b|\bøvre grense\b|\bhøgaste\b",
        "age": r"\bfor (?:ung|gamal)\b|\bkor gamal\b|\baldersgrense\w*\b|\bkva alder\b|\bfrå kva alder\b",
        "audience": r"\bkven er (?!(?:\w+ ){0,3}ansvarl)(?:\w+ ){0,3}for\b(?!\s+(?:å|at)\b)|\bfor kven\b|\bkven passar\b|\bkven gjeld\b|\bkven kan bruke\b",
        "organisation": r"\bkven\b|\bkva (instans|styresmakt|etat|organisasjon|direktorat)\b",
        "place": r"\bkvar\b|\bkva stad\b|\bnettstad\w*\b",
        "condition": r"^(?:kan|må|får|treng|er|har|skal|blir|tel|gjeld)\b|\bkan eg\b|\bkan ein\b|\bmå eg\b|\bmå ein\b|\bfår eg\b|\btreng eg\b|\bhar eg rett\b|\btel\b|\bgjeld\b|\bvilkår\w*\b|\bkrav\b|\bkva må til\b",
        "step": r"\bførst\b|\bneste steg\b|\bfyrste steg\b|\bkva skjer etter\b|\bderetter\b|\bkva gjer eg\b|\bkva (?:bør|må|skal) eg gjere\b",
        "reason": r"\bkvifor\b|\bkva er grunnen\b",
        "entity": r"\bkva for\b|\bkva slags\b|\bkva heiter\b",
    },
    "en": {
        "date": r"(?:^|[,:;]\s*)(?:and |but |so )?when\b|\bwhat date\b|\bwhich date\b|\bwhat year\b|\bwhich year\b|\bdeadlines?\b|\bby when\b|\buntil when\b",
        "duration": r"\bhow long\b|\bhow early\b|\bhow far in advance\b|\bhow many (years|months|weeks|days|hours)\b|\bin total\b|\bduration\b|\bfor how long\b",
        "frequency": r"\bhow often\b|\bhow frequently\b|\bhow many times\b",
        "amount": r"\bhow much\b|\bhow many\b|\bwhat level\b|\bwhich level\b|\bwhat percentage\b|\bcost\w*\b|\bprice\b|\bfee\b|\bnumber\b|\blevel\b",
        "maximum": r"\bmax\w*\b|\bat most\b|\bthe most\b|\bup to\b|\bupper limit\b|\bhighest\b|\bin total\b",
        "age": r"\btoo (?:young|old)\b|\bhow old\b|\bage limit\b|\bwhat age\b|\bwhich age\b|\bminimum age\b|\bage\b",
        "audience": r"\bwho (?:is|are) (?!(?:\w+ ){0,3}(?:responsible|in charge|accountable))(?:\w+ ){0,3}for\b(?!\s+(?:deciding|approving|checking)\b)|\bfor whom\b|\bwho can use\b|\bwho is eligible\b|\bwho qualifies\b",
        "organisation": r"\bwho\b|\bwhom\b|\bwhich (authority|agency|organisation|organization|office|body|institution|directorate|company|club)\b",
        "place": r"\bwhere\b|\bwhich (website|site|place|city|country)\b",
        "condition": r"^(?:can|do|does|is|are|must|should|will|may|have|has)\b|\bcan i\b|\bcan you\b|\bdo i need\b|\bdo i have to\b|\bmust i\b|\bam i allowed\b|\bis it possible\b|\bdo i still\b|\bconditions?\b|\brequirements?\b|\bdoes .* count\b",
        "step": r"\bfirst step\b|\bnext step\b|\bwhat happens (after|next|when)\b|\bwhat do i do\b|\bwhat should i do\b|\bafter that\b|\bfirst\b",
        "reason": r"\bwhy\b|\bwhat is the reason\b",
        "entity": r"\bwhich\b|\bwhat is the name\b",
    },
    "uk": {
        "date": r"(?:^|[,:;]\s*)(?:а |і |то )?коли\b|до якого числа|якого числа|\bтермін\w*|\bдедлайн\w*|в якому році|\bдат[аиу]\b",
        "duration": r"скільки трива\w*|як рано\b|за скільки\b|\bтрива(?:є|ти|тиме|ють|тимуть|в|ла|ло)\b|як довго|скільки часу|скільки (років|місяців|тижнів|днів)|\bтривалість\b|загалом|на скільки|\bстрок\w*",
        "frequency": r"як часто|скільки разів",
        "amount": r"\bскільки\b|який рівень|яку частину|скільки коштує|\bвартість\b|\bціна\b|\bномер\b",
        "maximum": r"максим\w*|найбільш\w*|щонайбільше|\bдо скількох\b|загалом",
        "age": r"занадто(?: \w+)? (?:молод|стар)\w*|замолод\w*|застар\w*|у якому віці|в якому віці|\bвік\w*|скільки років має бути",
        "audience": r"\bдля кого\b|\bхто може скористатися\b|\bхто може користуватися\b",
        "organisation": r"\bхто\b|\bким\b|\bкому\b|який орган|яка установа|\bдо кого\b|яка організація",
        "place": r"\bде\b|\bкуди\b|на якому сайті",
        "condition": r"\bчи\b|\bможна\b|потрібн\w*|\bтреба\b|\bумов\w*|\bвимог\w*|обов'язково",
        "step": r"\bспочатку\b|перший крок|наступн\w* крок|що далі|що відбувається після|з чого почина\w*|в першу чергу|у першу чергу|насамперед|що (?:мені )?(?:треба |потрібно )?робити",
        "reason": r"\bчому\b|з якої причини",
        "entity": r"\bякий\b|\bяка\b|\bяке\b|\bякі\b",
    },
    "pl": {
        "date": r"^(?:a |i )?kiedy\b|\bdo kiedy\b|\btermin\w*|którego dnia|w którym roku|\bdat[aęy]\b",
        "duration": r"jak długo|jak wcześnie|z jakim wyprzedzeniem|\bile trwa\w*|\btrwa(?:ć|ją|ło|ła)?\b|ile czasu|ile (lat|miesięcy|tygodni|dni)|\bpo jakim czasie\b|\błącznie\b",
        "frequency": r"jak często|ile razy",
        "amount": r"\bile\b|jaki poziom|jaka część|ile kosztuje|\bkoszt\w*|\bcena\b|\bnumer\w*|procent\w*",
        "maximum": r"\bmaks\w*|najwięcej|co najwyżej|\bnajdłużej\b|\bgórny limit\b",
        "age": r"za (?:młod|star)\w*|w jakim wieku|\bwiek\w*|ile lat musi",
        "audience": r"\bdla kogo\b|\bkto może skorzystać\b|\bkto może korzystać\b",
        "organisation": r"\bkto\b|\bkogo\b|\bkim\b|\bkomu\b|który urząd|jaki urząd|do kogo|jaka instytucja",
        "place": r"\bgdzie\b|\bdokąd\b|na jakiej stronie",
        "condition": r"\bczy\b|\bmogę\b|\bmuszę\b|\bpotrzebuję\b|\bwarunk\w*|\bwymaga\w*|obowiązkow\w*",
        "step": r"\bnajpierw\b|pierwszy krok|następny krok|co dalej|co się dzieje po|od czego zaczyna\w*|co (?:mam |muszę |powinienem |powinnam )?(?:z)?robić",
        "reason": r"\bdlaczego\b|\bczemu\b|z jakiego powodu",
        "entity": r"\bjaki\b|\bjaka\b|\bjakie\b|\bktóry\b|\bktóra\b",
    },
    "ar": {
        "date": r"متى|إمتى|امتى|ايمتى|إيمتى|آخر موعد|\bموعد\b|في أي تاريخ|في أي سنة|\bتاريخ\b",
        "duration": r"كم مدة|كم من الوقت قبل|قبل كم|\bمدة\b|\bمد(?:ّ)?ت(?:ه|ها|هم|ك|ي)\b|كم يستمر|كم تستمر|كم (سنة|شهر|يوم|أسبوع)|كم من الوقت|تستغرق|يستغرق|أطول مدة|(?:قديش|أديش|اديش|قداش|كام) (?:\w+ ){0,2}(?:سنة|سنين|شهر|أشهر|اشهر|يوم|أيام|ايام|أسبوع|اسبوع|وقت)|(?:قديش|أديش|اديش) (?:\w+ ){0,4}قبل",
        "frequency": r"كم مرة|كل كم",
        "amount": r"\bكم\b|\bقديش\b|\bأديش\b|\bاديش\b|\bقداش\b|\bكام\b|ما المستوى|كم نسبة|كم تكلفة|\bتكلفة\b|\bرقم\b|\bنسبة\b|\bسعر\b",
        "maximum": r"الحد الأقصى|\bأقصى\b|أكثر ما|أطول مدة",
        "age": r"صغير\w* (?:جدا|على)|كبير\w* (?:جدا|على)|العمر|عمري|كم عمر|\bسن\b",
        "audience": r"^\s*لمن(?!\w)|من يستطيع الاستفادة|من يمكنه الاستفادة|من يحق له",
        "organisation": r"^\s*(من|مَن)\s|\bمين\b|مع من|لدى من|أي جهة|ما الجهة|الجهة المسؤولة|\bمن المسؤول\b",
        "place": r"\bأين\b|\bوين\b|\bفين\b|في أي موقع",
        "condition": r"\bهل\b|\bيجب\b|\bيمكنني\b|\bيحق\b|\bشروط\b|ضروري|\bبقدر\b|\bبقدرش\b|\bفيني\b|بيحقلي|بيحق لي|\bممكن\b|في مشكلة|\bمسموح\b",
        "step": r"الخطوة الأولى|ماذا بعد|ما الخطوة|بماذا أبدأ|أولاً|ماذا (?:يجب أن )?أفعل|شو (?:لازم )?(?:أعمل|اعمل|بعمل|بيصير|بصير|رح يصير|يصير)|ايش (?:يصير|أسوي|اسوي)",
        "reason": r"لماذا|ما سبب|\bليش\b",
        "entity": r"\bأي\b|\bما اسم\b",
    },
}

# "How long should my CV be?", "kor lang bør ein jobbsøknad vere?", "jak długi powinien być list
# motywacyjny?": the length of a text ("about one page"), not a duration. Norwegian and English
# say "long" for both, so a text must be named ("hvor lang er utdanningen?" asks how many years);
# Polish, Ukrainian and Arabic have words for length itself ("jak długi" against "jak długo").
_TEXT_LENGTH = re.compile(
    r"(?:\b(?:hvor|kor) lang[et]?\b(?! tid)|\bhow long\b)"
    r"(?!.*\b(?:take|takes|taking|last|lasts|wait|process\w*|tar|ta|tek|varer|varar|vente|venta|behandl\w*)\b)(?=.*(?:\bcv(?:-en)?\b|\b(?:jobb)?søknad(?:en)?\b|\bsøknadsbrev\w*|"
    r"\b(?:cover |application |motivation )?letter\b|\b(?:job )?application\b|\brésumé\b|\bresume\b))|"
    r"\bhow many pages\b|\bhvor mange sider\b|\bkor mange sider\b|\bjak dług(?:i|a|ie)\b|\bjakiej długości\b|\bile stron\b|"
    r"якої довжини|якого обсягу|скільки сторінок|\bطول(?:ه|ها)?\b|كم صفحة",
    re.IGNORECASE,
)

# The word of a question cue that names the kind of fact, not the topic: "long" in "how long should
# my CV be", "lenge" in "hvor lenge varer det". As a search term it matches any text that says
# "long" ("longer", "så lenge"); the kind of fact asked for is read by question_types instead.
_CUE_WORDS = re.compile(
    r"(?<=\bhow )long\b|(?<=\bhvor )(?:lenge|lang[et]?)\b|(?<=\bkor )(?:lenge|lang[et]?)\b|"
    r"(?<=\bjak )dług(?:o|i|a|ie)\b|(?<=\bяк )довго\b",
    re.IGNORECASE,
)


def without_cue_words(question: str) -> str:
    """The question for term search: without the words that only say what kind of fact is asked."""
    return _CUE_WORDS.sub(" ", question)


# A question type that another, more specific one makes redundant.
_SUBSUMED = {"place": ("duration", "frequency", "amount", "age", "maximum", "length"), "entity": ("date", "organisation", "age", "amount", "duration"),
             # "hvem er karrieresentrene for?" asks who may use them, not which body runs them
             "organisation": ("audience",)}


# -- sentence patterns ----------------------------------------------------------------------------
def _sentence_patterns(language: str) -> dict[str, str]:
    number = _numbers(language)
    patterns = {
        "date": rf"\b\d{{1,2}}\.?\s?(?:{_MONTHS})\b|\b(?:{_MONTHS})\b|\b(?:1[89]|20)\d\d\b|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\bklokk[ae]n? \d|\b\d{{1,2}} (?:{_MONTHS})",
        "duration": rf"{number}\s*(?:-\s*\d+\s*)?(?:{_TIME_UNITS})\b|\b(?:{_MONTHS})\b\s+(?:til|to|до|do|إلى)\s+\b(?:{_MONTHS})\b|\bhalvt år\b|\bhalf a year\b|\bпівроку\b|\bpół roku\b",
        "frequency": rf"\b(?:hver|hvert|kvar|kvart|every|each|кожн\w*|щороку|co|كل)\b\s*(?:{number})?\.?\s*(?:{_TIME_UNITS})?|\bannually\b|\bårlig\b|\bregularly\b|\bregelmessig\b",
        "length": rf"{number}\s*(?:(?:til|to|or|eller|lub|або|أو)\s*{number}\s*)?(?:sider?|pages?|stron[ayę]?|сторін\w*)\b|صفح\w*",
        "amount": rf"{_DIGITS}|%|\bprosent\w*|\bpercent\w*|\bper cent\b|відсот\w*|\bprocent\w*|بالمئة|بالمائة|\bgratis\b|\bfree\b|безкоштовн\w*|bezpłatn\w*|مجان\w*|\b[ABC][12]\b|\bhalvparten\b|\bhalf\b|\b(?:{_amount_words(language)})\b",
        "maximum": rf"\bhøyst\b|\bhøgst\b|\bmaks\w*|\binntil\b|\bopptil\b|\btil sammen\b|\btil saman\b|\bhøyeste\b|\bhøgaste\b|\bøvre grense\b|\bup to\b|\bat most\b|\bmaximum\b|\bno more than\b|\bhighest\b|\bin total\b|\bне більше\b|\bмаксим\w*|\bдо {number}|\bзагалом\b|\bco najwyżej\b|\bmaksymaln\w*|\bnajwyżej\b|\bnajwięcej\b|\bdo {number}|\błącznie\b|\bحتى\b|\bأقصى\b|\bالحد الأقصى\b|\bلا يزيد\b",
        "age": rf"(?:{number}) år gam(?:m)?[ae]l\b|(?:{number}) years? old\b|\b(?:fyll|fyl)\w* (?:minst )?\d{{2}}\b|\b\d{{2}} år\b|\b\d{{2}}(?: years?)(?: old)?\b|\bturn(?:s|ing)? \d{{2}}\b|\bfyll\w* (?:minst )?\d{{2}}\b|\b\d{{2}} (?:до|і) \d{{2}}\b|\b\d{{2}} рок\w*|\bвіком\b|\b\d{{2}} lat\b|\bw wieku\b|\b\d{{2}} (?:عام|عاماً|سنة)|\bأعمارهم\b|\bbetween \d{{2}} and \d{{2}}\b|\bmellom \d{{2}} og \d{{2}}\b|\bod \d{{2}} do \d{{2}}\b|\bвід \d{{2}} до \d{{2}}\b|\bبين \d{{2}} و\s?\d{{2}}",
        "organisation": (
            r"\b[A-ZÆØÅ][\wæøå]*(?:direktoratet|tilsynet|etaten|kassen|registeret)\b|\bHK-dir\b|\bNAV\b|\bUDI\b|\bIMDi\b|\bDSB\b|\bLånekassen\b|"
            r"\bSamordna opptak\b|\bfylkeskommun\w*|\bkommunen\b|\bkommune\b|\blærested\w*|\blærestad\w*|\buniversitet\w*|\bhøyskole\w*|\bhøgskul\w*|"
            r"\barbeidsgiver\w*|\bpoliti\w*|\bprøvenemnd\w*|\bStortinget\b|\bregjeringen\b|\bdepartement\w*|\bfagforening\w*|\bSkatteetaten\b|\bArbeidstilsynet\b|\bNOKUT\b|\bUdir\b|\bSSB\b|\bNHO\b|\b[Ss]tudentsamskipnad\w*|"
            r"\bDirectorate\b|\bAuthority\b|\bAdministration\b|\bAgency\b|\bpolice\b|\bcounty\b|\bmunicipality\b|\buniversit\w*|\bcolleges?\b|\bemployer\w*|\bministry\b|"
            r"\bкомун\w*|\bорган\w*|\bуніверситет\w*|\bроботодав\w*|\bполіці\w*|\bgmin\w*|\burząd\w*|\buczelni\w*|\bpracodaw\w*|\bpolicj\w*|"
            r"البلدية|\bالجامعات\b|الجهة|صاحب العمل|الشرطة|إدارة|مديرية|"
            # what decides when no body does: an agreement or a law ("set in the collective agreement")
            r"\btariffavtal\w*|\b[Cc]ollective agreements?\b|\b\w+lov(?:en|a)\b|\b[A-Z]\w+ Act\b|\b[Ff]orskrift\w*|"
            # a person: two capitalised words in a row, not at the start of the sentence
            r"(?<!^)(?<![.!?]\s)\b[A-ZÆØÅÄÖÜ][a-zæøåäöüé]+(?:-[A-ZÆØÅ][a-zæøå]+)? [A-ZÆØÅÄÖÜ][a-zæøåäöüé]+\b"
        ),
        "place": r"\b[\w-]+\.(?:no|com|org|eu)\b|\bdirekte hos\b|\bhos (?:lærestedet|universitetet|høyskolen|fylkeskommunen|kommunen|NAV|skolen)\b|\bkontor\w*|\bi [A-ZÆØÅ]\w+|\bpå [A-ZÆØÅ]\w+|\bin [A-Z]\w+|\bat the\b|\bdirectly\b|\bонлайн\b|\bна сайті\b|\bofis\w*|\bbiur\w*|\bna stronie\b|\bموقع\b|\bمكتب\b|\bمركز\b|\bkarrieresenter\w*",
        "condition": r"\bhvis\b|\bdersom\b|\bviss\b|\bså lenge\b|\bmå\b|\bbare\b|\bkrever\b|\bkrev\b|\bvilkår\w*|\brett til\b|\bplikt\w*|\buten\b|\butan\b|\bikke\b|\bikkje\b|\bkan\b|\bif\b|\bmust\b|\bonly\b|\brequire\w*|\bwithout\b|\bright to\b|\bcannot\b|\bnot\b|\bcan\b|\bteller\b|\btel\b|\bcounts?\b|\bзараховують\w*|\bрахуєт\w*|\bliczy się\b|\bwlicza\w*|\bякщо\b|\bпотрібн\w*|\bможна\b|\bне\b|\bлише\b|\bбез\b|\bjeśli\b|\bmusi\w*|\bmożna\b|\bmoże\w*|\bnie\b|\btylko\b|\bbez\b|"
                     # Arabic writes "and"/"so" onto the word: "ولا" (and not), "فليس" (so ... not)
                     r"(?<!\w)[وف]?(?:إذا|يجب|يمكن\w*|لا|ليس|ليست|فقط|عليك)\b",
        "step": r"\bførst\b|\bderetter\b|\better\b|\bså\b|\bneste\b|\bfør\b|\bfirst\b|\bthen\b|\bafter\b|\bnext\b|\bbefore\b|\bспочатку\b|\bпотім\b|\bпісля\b|\bперед\b|\bnajpierw\b|\bpotem\b|\bpo\b|\bprzed\b|\bأولاً\b|\bثم\b|\bبعد\b|\bقبل\b|"
                r"\bmed en gang\b|\bmed ein gong\b|\bså snart\b|\bsnarest\b|\bførste dag\w*|\bimmediately\b|\bas soon as\b|\bfirst day\b|"
                r"\bякнайшвидше\b|\bодразу\b|\bв перший день\b|\bjak najszybciej\b|\bod razu\b|\bpierwszego dnia\b|\bفور\w*|بأسرع ما يمكن|أول يوم",
        "reason": r"\bfordi\b|\bpå grunn av\b|\bderfor\b|\bgrunnen\b|\bettersom\b|\bsidan\b|\bsiden\b|\bfor å\b|\bbecause\b|\bdue to\b|\btherefore\b|\bsince\b|\bso that\b|\bбо\b|\bтому що\b|\bчерез\b|\bоскільки\b|\bponieważ\b|\bbo\b|\bdlatego\b|\bz powodu\b|لأن|بسبب|لذلك",
        "entity": r"(?<!^)(?<![.!?]\s)\b[A-ZÆØÅ\u0400-\u042F][\w-]+|«[^»]+»|\"[^\"]+\"",
    }
    # who a service is for: an age, or a group of people ("for alle over 19 år", "adults")
    patterns["audience"] = patterns["age"] + "|" + (
        r"\b(?:for alle|voksne|vaksne|ungdom\w*|unge|elever|elevar|studenter|studentar|innvandrere|innvandrarar|arbeidsledige|arbeidssøkere|arbeidssøkjarar)\b|"
        r"\b(?:for everyone|for anyone|adults|young people|pupils|students|immigrants|job ?seekers|unemployed)\b|"
        r"\b(?:для всіх|для усіх|дорослі\w*|молод\w*|учн\w*|студент\w*|іммігрант\w*)|"
        r"\b(?:dla wszystkich|dla każdego|dorosł\w*|młodzi\w*|młodzież\w*|uczni\w*|student\w*|imigran\w*)|"
        r"للجميع|البالغين|للبالغين|الكبار|الشباب|الطلاب|المهاجرين")
    return patterns


# Sentence patterns that must be matched case-sensitively (proper nouns, abbreviations).
_CASED = ("organisation", "entity", "place")


@functools.lru_cache(maxsize=16)
def _compiled_questions(language: str) -> dict[str, re.Pattern]:
    cues = _QUESTION_CUES.get(language) or _QUESTION_CUES["en"]
    return {t: re.compile(p, re.IGNORECASE) for t, p in cues.items()}


@functools.lru_cache(maxsize=16)
def _compiled_sentences(language: str) -> dict[str, re.Pattern]:
    return {t: re.compile(p, 0 if t in _CASED else re.IGNORECASE) for t, p in _sentence_patterns(language).items()}


# Arabic writes "and"/"so" onto the next word: "وكم مدته؟" (and how long is it?), "ومن يقرر؟".
_ARABIC_CONJUNCTION = re.compile(r"(?<!\w)[وف](?=(?:كم|متى|أين|من|هل|ما|ماذا|لماذا|كيف|أي)\b)")


# A count of things the person wants (3 or more of something that is no unit of time, money, share
# or points): "12 برنامج", "15 studier", "12 programmes".
_UNITS = (
    r"år|års|åra|årene|måned\w*|månad\w*|uke\w*|veke\w*|dag\w*|time\w*|timar|prosent|kr|kroner|poeng|studiepoeng|"
    r"years?|months?|weeks?|days?|hours?|percent|per|points?|credits?|nok|"
    r"рок\w*|рік|років|місяц\w*|тиж\w*|дн\w*|годин\w*|відсот\w*|бал\w*|грн|"
    r"lat\w*|rok\w*|miesi\w*|tygod\w*|dni|godzin\w*|procent\w*|punkt\w*|zł\w*|"
    r"سن\w*|شهر|أشهر|اشهر|أسبوع\w*|أسابيع|يوم|أيام|ساع\w*|نقط\w*|نقاط|بالمئة|كرون\w*"
)
_COUNT_OF_THINGS = re.compile(rf"(?<![\w.,:/])(?:[3-9]|[1-9]\d)\s+(?!(?:{_UNITS})\b)[^\W\d_]{{4,}}")


def question_types(question: str, language: str) -> tuple[str, ...]:
    """The kinds of fact the question asks for, most specific first (often one, sometimes none)."""
    text = " ".join(question.lower().split())
    if language == "ar":
        text = _ARABIC_CONJUNCTION.sub("", text)
    found = [t for t, pattern in _compiled_questions(language).items() if pattern.search(text)]
    for general, specific in _SUBSUMED.items():
        if general in found and any(s in found for s in specific):
            found.remove(general)
    if _TEXT_LENGTH.search(text):
        found = [t for t in found if t not in ("duration", "amount", "place")] + ["length"]
    if "condition" in found and len(found) > 1:  # "kan jeg få ... hvor mye" asks for the amount
        found.remove("condition")
    if found == ["condition"] and _COUNT_OF_THINGS.search(text):
        # "بدي حط 12 برنامج ... في مشكلة؟", "can I apply to 12 programmes?": whether so many is
        # allowed is answered by the most that is ("inntil ti studieønsker").
        found = ["maximum", "condition"]
    order = ("age", "audience", "maximum", "frequency", "length", "duration", "date", "amount", "organisation", "place", "step",
             "reason", "entity", "condition")
    return tuple(sorted(found, key=order.index))


@functools.lru_cache(maxsize=1 << 16)
def holds(kind: str, sentence: str, language: str) -> bool:
    """Whether the sentence holds a fact of that kind (a date, a duration, an organisation ...).
    Kept per (kind, sentence, language): an article's sentences come back for many questions."""
    pattern = _compiled_sentences(language if language in _NUMBER_WORDS else "en").get(kind)
    return bool(pattern and pattern.search(sentence))


# "hva skjer etter intervjuet?": the step asked about follows the named step.
_AFTER = re.compile(r"\b(?:etter|after|після|po|بعد)\s+(?:the\s+|det\s+|den\s+)?([^\W\d_]{3,})", re.IGNORECASE)


def step_after(question: str) -> str | None:
    """The step a "what happens after X" question names (its first word), or None."""
    found = _AFTER.search(question)
    return found.group(1).lower() if found else None


# "hva bør jeg gjøre før jeg sender søknaden?": the step asked about comes before the named one
# ("Ring ... før du sender søknaden"). The person ("jeg", "du", "I") between is skipped.
_BEFORE = re.compile(
    r"\b(?:før|before|перед|przed|قبل)\s+(?:(?:jeg|du|man|eg|ein|me|vi|i|you|we|they|тим як|tym jak|أن)\s+)?"
    r"(?:(?:har|have|has|må|must|can|kan|will)\s+)?([^\W\d_]{3,})",
    re.IGNORECASE,
)


def step_before(question: str) -> str | None:
    """The step a "what do I do before X" question names (its first word), or None."""
    found = _BEFORE.search(question)
    return found.group(1).lower() if found else None


# The unit a "how many weeks" question asks in ("hvor mange uker", "скільки тижнів", "كم أسبوع"):
# a duration in that unit answers it better than one in months.
_UNITS = {
    "year": r"år|året|årene|years?|рок\w*|років|lat|lata|roku|سنة|سنوات|عام\w*|أعوام",
    "month": r"måned\w*|månad\w*|months?|місяц\w*|miesi\w*|شهر\w*|أشهر",
    "week": r"uke\w*|veke\w*|weeks?|тижн\w*|тиждень|tydzień|tygod\w*|أسبوع\w*|أسابيع",
    "day": r"dag|dagar|dager|dagen|days?|днів|день|дні|dni|dzień|يوم\w*|أيام",
    "hour": r"time|timer|timar|timen|hours?|годин\w*|godzin\w*|ساعة|ساعات",
}
_UNIT_PATTERNS = {unit: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) for unit, words in _UNITS.items()}


_HOW_MANY = re.compile(r"\b(?:hvor mange|kor mange|how many|скільки|ile|كم)\s+(\w+)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def units_named(text: str) -> frozenset[str]:
    """The time units a text names (year, month, week, day, hour)."""
    return frozenset(unit for unit, pattern in _UNIT_PATTERNS.items() if pattern.search(text))


def unit_asked(question: str) -> frozenset[str]:
    """The unit a "how many weeks" question counts in (none for "how long", or for "et år" said in passing)."""
    found = _HOW_MANY.search(question)
    return units_named(found.group(1)) if found else frozenset()


# "Hva koster det å ta eksamen som privatist?" asks for an amount, and is answered as well by the
# fee the person pays ("Privatister må betale en eksamensavgift for hver eksamen") as by a figure.
# Only for a question about what something costs: "how many" is not answered by a fee. A yes/no
# question about the cost ("koster det noe?", "czy to jest płatne?") is answered by the fee too; one
# about a free service ("har jeg rett på gratis norskkurs?") asks about the right, not the price.
_COST_QUESTION = re.compile(
    r"\bkost\w*|\bpris\w*|\bavgift\w*|\bbetale\b|\bcosts?\b|\bprice\b|\bfees?\b|\bpay\b|"
    r"коштує|вартість|\bціна\b|платит\w*|оплат\w*|\bплатн\w*|kosztuj\w*|\bkoszt\w*|\bcena\b|opłat\w*|płac\w*|\bpłatn\w*|"
    r"تكلفة|سعر|رسوم|أدفع|يدفع",
    re.IGNORECASE,
)
_FEE = re.compile(
    r"\w*avgift\w*|\bbetal\w*|\bkost(?:er|ar|nad\w*)\b|\bgratis\b|\bfees?\b|\bpay\b|\bfree of charge\b|"
    r"\w*оплат\w*|\bплат\w*|безкоштовн\w*|\w*opłat\w*|\bpłac\w*|bezpłatn\w*|رسوم|رسم|يدفع|تدفع|مجان\w*",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def _asks_cost(question: str) -> bool:
    """Read once per question, not once for each of its candidate sentences."""
    return bool(_COST_QUESTION.search(question))


def _fee_answers(kind: str, sentence: str, question: str) -> bool:
    return kind in ("amount", "condition") and bool(question) and _asks_cost(question) and bool(_FEE.search(sentence))


# A language level ("B2", "A1") is an amount to a question about a level ("hvilket nivå", "what
# level") or about how much of a language ("how much Norwegian do I need?"), not to one about a
# price or anything else: "скільки коштує курс норвезької?" is not answered by "levels run from A1".
_LEVEL = re.compile(r"\b[ABC][12]\b")
_LEVEL_QUESTION = re.compile(r"nivå|\blevel|рів(?:ень|ня|ні)|poziom|مستوى|\bcefr\b|\b[abc][12]\b", re.IGNORECASE)
_LANGUAGE_WORD = re.compile(r"norsk|norwegian|engelsk|english|språk|language|норвез|англ|мов|norwesk|angiel|język|"
                            r"النرويج|الإنجليز|لغة", re.IGNORECASE)


def _only_a_language_level(sentence: str, language: str, question: str) -> bool:
    """The sentence's only amount is a language level, and the question asks for none."""
    if not _LEVEL.search(sentence) or _LEVEL_QUESTION.search(question):
        return False
    if _LANGUAGE_WORD.search(question) and not _asks_cost(question):
        return False
    return not holds("amount", _LEVEL.sub(" ", sentence), language)


def match(kinds: tuple[str, ...], sentence: str, language: str, question: str = "") -> float:
    """0..1: 1 when the sentence holds the first (most specific) asked kind, less for a later one.
    An age range ("from 18 to 55 years") is no answer to "how long"; for "what happens after X"
    the sentence that starts from X is the step asked about."""
    for position, kind in enumerate(kinds):
        if kind == "step" and question:
            after = step_after(question)
            if after and _AFTER.search(sentence) and after[:5] in _AFTER.search(sentence).group(1).lower():
                return 1.0
            if after:
                continue
            before = step_before(question)
            if before:
                named = step_before(sentence)
                if named and before[:5] == named[:5]:
                    return 1.0
                continue
        if holds(kind, sentence, language):
            if kind == "amount" and question and _only_a_language_level(sentence, language, question):
                if _fee_answers(kind, sentence, question):
                    return 1.0 if position == 0 else 0.6
                continue
            if kind in ("duration", "maximum") and "age" not in kinds and holds("age", sentence, language):
                return 0.3  # "від 18 до 55 років" is an age range, not how long or how much at most
            if kind == "duration" and question:
                asked = unit_asked(question)
                if asked and not asked & units_named(sentence):
                    return 0.6  # a duration, but not in the unit asked for
            return 1.0 if position == 0 else 0.6
        if _fee_answers(kind, sentence, question):
            return 1.0 if position == 0 else 0.6
    return 0.0


def match_new(kinds: tuple[str, ...], sentence: str, language: str, question: str) -> float:
    """Like :func:`match`, but the fact must be one the question does not already hold (the answer
    to "when does Coats resign" is a date other than any in the question)."""
    asked = " ".join(question.lower().split())
    patterns = _compiled_sentences(language if language in _NUMBER_WORDS else "en")
    for position, kind in enumerate(kinds):
        value = match(kinds[position:position + 1], sentence, language, question) * (1.0 if position == 0 else 0.6)
        if not value:
            continue
        if kind == "step":  # a step is new by where it stands, not by its words
            return value
        if kind == "condition":
            # A yes/no question is answered by the sentence that states its own predicate as a
            # fact ("do I have to pay tax on dagpenger?" / "Dagpenger is taxable income, so you pay
            # tax on it"): nothing "new" need be in it but the answer itself.
            return value
        if _fee_answers(kind, sentence, question) and any(
            found.group(0).lower() not in asked for found in _FEE.finditer(sentence)
        ):
            return value
        pattern = patterns.get(kind)
        if pattern is not None and any(
            found.group(0).lower().strip() and found.group(0).lower().strip() not in asked
            for found in pattern.finditer(sentence)
        ):
            return value
    return 0.0


# An open question ("what is", "how do I") asks for what an article's lead paragraph says: portal
# articles open with the short answer (knowledge/content/README.md).
_OPEN_CUES = {
    "nb": r"^(?:og )?(?:hva er|hva betyr|hva gjør|hva innebærer|hva skal|hvordan|hva er forskjellen)\b",
    "nn": r"^(?:og )?(?:kva er|kva tyder|kva gjer|kva inneber|korleis|kva er skilnaden)\b",
    "en": r"^(?:and )?(?:what is|what's|what are|what does|what do|how do|how does|how can|how is|how are)\b",
    "uk": r"^(?:а )?(?:що таке|що означає|що робить|як)\b",
    "pl": r"^(?:a )?(?:co to jest|czym jest|czym są|co robi|jak)\b",
    "ar": r"^(?:و)?(?:ما هو|ما هي|ماذا يعني|ماذا يفعل|كيف)",
}
_OPEN_KINDS = {"entity", "condition", "step", "reason"}


@functools.lru_cache(maxsize=16)
def _compiled_open(language: str) -> re.Pattern:
    return re.compile(_OPEN_CUES.get(language) or _OPEN_CUES["en"], re.IGNORECASE)


def open_question(question: str, language: str) -> bool:
    """A "what is" / "how do I" question that asks for no specific kind of fact (no date, amount,
    duration ...): the article's short answer answers it."""
    text = " ".join(question.lower().split())
    if not _compiled_open(language).search(text):
        return False
    return set(question_types(question, language)) <= _OPEN_KINDS
