"""The country a citizen says they come from, read as the articles say it: "from abroad".

People name their own country ("my degree from Syria", "диплом з України", "fra Polen"); the
portal's articles never do, they say "from abroad" / "fra utlandet" / "з-за кордону". Left as it
is, the country pulls the question's vector away from the article that answers it (on the
recognition article: relevance 0.35 for "من يعترف بشهادتي الجامعية من سوريا؟", 0.72 with
"من الخارج"; 0.68 / 0.97 for "fra Polen" / "fra utlandet"), and its name counts as a word
the article lacks. The search reads the question with "from <country>" replaced by the
language's "from abroad" (``generic_origin``); the conditions still see the original
(``knowledge.conditions`` reads "fra Syria" as the immigrants' audience).

Only "from" + a country name is replaced: "working in Sweden" or "studying in Poland" keep theirs.
"""
from __future__ import annotations

import functools
import re

# Per language: the preposition(s) for "from", the countries as they read after it (those of the
# EU/EEA and the others) and what the articles say instead. Norway is never one of them. A
# country of the EU/EEA is read as "from abroad" too: "from an EU/EEA country" was tried and
# pulled "mastergraden min fra Polen" and "studia z Polski" to the articles on working in Norway
# as an EU/EEA citizen, while "I am from Poland, can I work in Norway?" finds that article either way.
EU_EEA: dict[str, str] = {
    "nb": """polen litauen latvia estland sverige danmark finland island tyskland østerrike belgia
        luxembourg nederland frankrike spania portugal italia hellas kypros malta irland romania
        bulgaria ungarn tsjekkia slovakia slovenia kroatia liechtenstein""",
    "nn": """polen litauen latvia estland sverige danmark finland island tyskland austerrike østerrike
        belgia luxembourg nederland frankrike spania portugal italia hellas kypros malta irland
        romania bulgaria ungarn tsjekkia slovakia slovenia kroatia liechtenstein""",
    "en": """poland lithuania latvia estonia sweden denmark finland iceland germany austria belgium
        luxembourg the\\s+netherlands france spain portugal italy greece cyprus malta ireland romania
        bulgaria hungary czechia the\\s+czech\\s+republic slovakia slovenia croatia liechtenstein""",
    "pl": """polski litwy łotwy estonii szwecji danii finlandii islandii niemiec austrii belgii
        luksemburga holandii francji hiszpanii portugalii włoch grecji cypru malty irlandii rumunii
        bułgarii węgier czech słowacji słowenii chorwacji liechtensteinu""",
    "uk": """польщі литви латвії естонії швеції данії фінляндії ісландії німеччини австрії бельгії
        люксембургу нідерландів голландії франції іспанії португалії італії греції кіпру мальти
        ірландії румунії болгарії угорщини чехії словаччини словенії хорватії ліхтенштейну""",
    "ar": """بولندا ليتوانيا لاتفيا إستونيا استونيا السويد الدنمارك فنلندا آيسلندا ايسلندا ألمانيا
        المانيا النمسا بلجيكا هولندا فرنسا إسبانيا اسبانيا البرتغال إيطاليا ايطاليا اليونان قبرص
        مالطا أيرلندا ايرلندا رومانيا بلغاريا المجر التشيك سلوفاكيا سلوفينيا كرواتيا""",
}
OTHER: dict[str, str] = {
    "nb": """russland ukraina hviterussland belarus moldova serbia bosnia kosovo albania
        storbritannia england sveits tyrkia syria irak iran afghanistan pakistan india bangladesh
        sri\\s+lanka nepal kina vietnam thailand filippinene myanmar somalia eritrea etiopia sudan
        sør-sudan kongo nigeria ghana kenya uganda marokko algerie tunisia libya egypt jemen libanon
        palestina jordan usa amerika canada brasil colombia chile argentina mexico""",
    "nn": """russland ukraina kviterussland hviterussland belarus moldova serbia bosnia kosovo albania
        storbritannia england sveits tyrkia syria irak iran afghanistan pakistan india bangladesh
        sri\\s+lanka nepal kina vietnam thailand filippinane filippinene myanmar somalia eritrea
        etiopia sudan sør-sudan kongo nigeria ghana kenya uganda marokko algerie tunisia libya egypt
        jemen libanon palestina jordan usa amerika canada brasil colombia chile argentina mexico""",
    "en": """russia ukraine belarus moldova serbia bosnia kosovo albania the\\s+uk britain england
        switzerland turkey syria iraq iran afghanistan pakistan india bangladesh sri\\s+lanka nepal
        china vietnam thailand the\\s+philippines myanmar somalia eritrea ethiopia sudan
        south\\s+sudan congo nigeria ghana kenya uganda morocco algeria tunisia libya egypt yemen
        lebanon palestine jordan the\\s+usa the\\s+us america canada brazil colombia chile argentina
        mexico""",
    "pl": """rosji ukrainy białorusi mołdawii serbii bośni kosowa albanii wielkiej\\s+brytanii anglii
        szwajcarii turcji syrii iraku iranu afganistanu pakistanu indii bangladeszu sri\\s+lanki
        nepalu chin wietnamu tajlandii filipin mjanmy somalii erytrei etiopii sudanu konga nigerii
        ghany kenii ugandy maroka algierii tunezji libii egiptu jemenu libanu palestyny jordanii usa
        ameryki kanady brazylii kolumbii chile argentyny meksyku""",
    "uk": """росії україни білорусі молдови молдавії сербії боснії косова албанії великої\\s+британії
        англії швейцарії туреччини сирії іраку ірану афганістану пакистану індії бангладеш
        шрі-ланки непалу китаю в'єтнаму в’єтнаму таїланду філіппін м'янми сомалі еритреї ефіопії
        судану конго нігерії гани кенії уганди марокко алжиру тунісу лівії єгипту ємену лівану
        палестини йорданії сша америки канади бразилії колумбії чилі аргентини мексики""",
    "ar": """سوريا سورية العراق أفغانستان افغانستان الصومال إريتريا اريتريا أثيوبيا إثيوبيا اثيوبيا
        السودان جنوب\\s+السودان مصر لبنان الأردن الاردن فلسطين اليمن المغرب الجزائر تونس ليبيا
        تركيا إيران ايران باكستان الهند بنغلاديش أوكرانيا اوكرانيا روسيا بريطانيا سويسرا الصين
        الفلبين نيجيريا كينيا أوغندا الكونغو أمريكا امريكا كندا البرازيل""",
}
FROM = {"nb": "fra", "nn": "frå|fra", "en": "from", "pl": "z|ze", "uk": "з|із|зі", "ar": "من"}
FROM_ABROAD = {"nb": "fra utlandet", "nn": "frå utlandet", "en": "from abroad", "pl": "z zagranicy",
               "uk": "з-за кордону", "ar": "من الخارج"}


def _compile(language: str, countries: str) -> re.Pattern[str]:
    names = sorted(countries.split(), key=len, reverse=True)  # "sør-sudan" before "sudan"
    # Not inside a longer word: "fra Polens" is left alone, "fra Polen," is replaced.
    return re.compile(rf"(?<![\w-])(?:{FROM[language]})\s+(?:{'|'.join(names)})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _pattern(language: str) -> re.Pattern[str] | None:
    if language not in FROM:
        return None
    return _compile(language, EU_EEA[language] + " " + OTHER[language])


def generic_origin(text: str, language: str) -> str:
    """The text with "from <country>" replaced by the language's "from abroad" (unchanged when
    it names none, or the language is not one of the six)."""
    pattern = _pattern(language)
    if pattern is None or not text:
        return text
    return pattern.sub(FROM_ABROAD[language], text)


# -- a citizen of the EU/EEA ----------------------------------------------------------------------
# Some rules differ for citizens of the EU/EEA (no work permit, registration after three months,
# no free Norwegian course from the municipality, Lånekassen support as a worker), and the articles
# say so in a sentence naming the EU/EEA. Whether the person is one shows in "from <country>", in
# a nationality ("jestem Polakiem", "Swedish citizen", "جنسية سويدية") or in "EU citizen".
_NATIONALITY: dict[str, str] = {
    "nb": r"\b(?:polsk|litauisk|latvisk|estisk|svensk|dansk|finsk|islandsk|tysk|østerriksk|nederlandsk|"
          r"fransk|spansk|portugisisk|italiensk|gresk|irsk|rumensk|bulgarsk|ungarsk|tsjekkisk|slovakisk|"
          r"kroatisk)e? (?:statsborger\w*|borger\w*|pass)\b|\b(?:eu|eøs|eu/eøs)-borger\w*|\bpolakk\w*",
    "nn": r"\b(?:polsk|litauisk|latvisk|estisk|svensk|dansk|finsk|islandsk|tysk|austerriksk|østerriksk|"
          r"nederlandsk|fransk|spansk|portugisisk|italiensk|gresk|irsk|rumensk|bulgarsk|ungarsk|tsjekkisk|"
          r"slovakisk|kroatisk)e? (?:statsborgar\w*|statsborger\w*|borgar\w*|pass)\b|\b(?:eu|eøs|eu/eøs)-borgar\w*",
    "en": r"\b(?:polish|lithuanian|latvian|estonian|swedish|danish|finnish|icelandic|german|austrian|dutch|"
          r"french|spanish|portuguese|italian|greek|irish|romanian|bulgarian|hungarian|czech|slovak|"
          r"croatian) (?:citizen\w*|national\w*|passport)\b|\bi(?:'m| am) (?:polish|lithuanian|latvian|"
          r"estonian|swedish|danish|german|romanian)\b|\b(?:eu|eea|eu/eea) (?:citizen|national)\w*",
    "pl": r"\bpolak\w*|\bpolk[aąię]\b|\blitwin\w*|\bobywatel\w* (?:ue|unii|eog|polsk\w*|polski)\b|"
          r"\bw polsce\b|\bna litwie\b|\bw szwecji\b|\bw niemczech\b",
    "uk": r"\bполяк\w*|\bполька\b|\bгромадян\w* (?:єс|польщі|литви|латвії|євросоюзу)|"
          r"\bу польщі\b|\bв польщі\b",
    "ar": r"جنسية (?:سويدية|بولندية|ألمانية|المانية|دنماركية|فنلندية|هولندية|فرنسية|إسبانية|اسبانية|"
          r"إيطالية|ايطالية|رومانية|أوروبية|اوروبية)|جواز (?:سفر )?(?:سويدي|بولندي|ألماني|الماني|"
          r"أوروبي|اوروبي)|مواطن\w* (?:أوروبي|اوروبي|في الاتحاد الأوروبي)|\bبولندي\w*",
}
# A sentence about citizens of the EU/EEA, as the articles write it.
EU_EEA_SENTENCE = re.compile(
    r"\bEU/EØS\b|\bEØS\b|\bEU/EEA\b|\bEEA\b|\bUE/EOG\b|\bEOG\b|ЄС/ЄЕЗ|\bЄЕЗ\b|Європейського Союзу|"
    r"الاتحاد الأوروبي|المنطقة الاقتصادية الأوروبية")


@functools.lru_cache(maxsize=None)
def _eu_eea_pattern(language: str) -> re.Pattern[str] | None:
    if language not in FROM:
        return None
    origin = _compile(language, EU_EEA[language]).pattern
    return re.compile(rf"{origin}|{_NATIONALITY[language]}", re.IGNORECASE)


def from_eu_eea(text: str, language: str) -> bool:
    """Whether the person says they are a citizen of (or come from) a country of the EU/EEA."""
    pattern = _eu_eea_pattern(language)
    return bool(pattern and text and pattern.search(text))
