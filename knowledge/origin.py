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
