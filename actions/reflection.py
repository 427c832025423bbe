"""Reflecting a reflective need back to the citizen: which situation they describe (lost job,
career change, choosing after lower or upper secondary, an adult without upper secondary, pressure from parents, fear of choosing
wrong, unhappy at work, foreign education not used) and a sentence that mirrors it in their
language. When no situation is recognised, the sentence quotes their own words.

Pure functions: no Rasa, no I/O, so the patterns are easy to test and extend.
"""

import re

# Checked in this order: the first situation whose pattern matches wins. Patterns are
# case-insensitive and written for all six languages; stems keep inflections in.
SITUATIONS: list[tuple[str, str]] = [
    ("parents", r"foreld|mamma|pappa|\b(mor|far) (min|mi|og far|og mor)\b|\bmora\b|\bfaren\b|famil|"
                r"parent|\bmum\b|\bmom\b|\bdad\b|father|mother|"
                r"батьк|мама|тато|родин|rodzic|mama|tata|ojciec|matk|rodzin|"
                r"أهل|والد|أبي|أمي|عائلت"),
    ("foreign_education", r"fra utlandet|frå utlandet|utdanning(a|en)? fra|utdanning(a)? frå|"
                          r"hjemland|heimland|flyktning|innvandr|"
                          r"\bin (syria|ukraine|poland|iran|my country)|back home|from abroad|degree from|abroad|"
                          r"moved to norway|came to norway|kom til norge|kom til noreg|"
                          r"в україні|вдома я|з україни|диплом|w polsce|z polski|dyplom|"
                          r"في سوريا|في بلدي|شهادت|(ال)?لاجئ"),
    ("lost_job", r"mist(a|et|e)? jobb|oppsag[td]|sagt opp fr[aå]|permitter|nedbemann|arbeidsledig|"
                 r"lost my job|laid off|let go|made redundant|fired|unemployed|company is closing|"
                 r"втрати(в|ла) робот|звільн|скороти|"
                 r"straci(łem|łam)|zwolni|bezroboc|"
                 r"فقدت عمل|تسريح|فصلت|عاطل"),
    # An adult who never finished upper secondary ("Jeg er 26 og har ikke fullført videregående")
    # is not about to finish it: checked before the two school-leaver situations.
    ("no_upper_secondary", r"(ikke|ikkje|aldri) (har )?(fullført|fullfør[et]|fått fullført|tatt|teke|tok|gjort ferdig) (på )?(videregående|vidaregåande|vgs)|"
                           r"uten (fullført )?(videregående|vgs)|utan (fullført )?vidaregåande|"
                           r"(droppet|datt|dotta) ut (av|frå|fra) (videregående|vidaregåande|vgs)|"
                           r"slutta? på (videregående|vidaregåande|vgs)|"
                           r"(didn't|did not|never) (finish(ed)?|complete(d)?) (upper secondary|high school|school)|"
                           r"dropped out of (upper secondary|high school|school)|without (a )?high school|"
                           r"не закінчи(в|ла) (середню )?школу|без середньої освіти|"
                           r"nie (skończył(em|am)|ukończył(em|am)) (szkoły|liceum|technikum)|bez matury|"
                           r"لم أكمل (المدرسة|الثانوية|دراستي الثانوية)|لم أنه (المدرسة|الثانوية)"),
    ("after_lower_secondary", r"ungdomsskole|ungdomsskule|10\.? klasse|tiande|tiende|programområde|"
                              # what to choose *at* upper secondary is a question before it starts
                              r"velge på (vgs|videregående)|velje på (vgs|vidaregåande)|søke (på )?(vgs|videregående)|søkje (på )?(vgs|vidaregåande)|"
                              r"yrkesfag eller studie|lower secondary|10th grade|year 10|"
                              r"після школи|закінчу(є|ю) школ|po podstawów|kończy szkołę|"
                              r"بعد المدرسة|الإعدادي"),
    ("after_upper_secondary", r"\bvgs\b|videregående|vidaregåande|studiespes|etter skolen|"
                              r"upper secondary|high school|finish(ing)? school|"
                              r"після ліцею|після випуску|po liceum|po maturze|"
                              r"الثانوية|بعد البكالوريا"),
    ("fear_wrong_choice", r"\bredd\b|gru(er|ar) meg til å velje|gruer meg til å velge|feil valg|feil utdanning|velje feil|velge feil|"
                          r"scared|afraid|worried|wrong choice|wrong (programme|field|profession)|"
                          r"боюся|помил|boję|źle|"
                          r"أخاف|الخطأ"),
    ("unhappy_at_work", r"trives ikke|trivst ikkje|mistrives|kjeder meg|utbrent|utbrend|lei av jobben|"
                        r"fast i jobben|fastlåst|gru(er|ar) (jeg |eg )?meg til å gå på jobb|gruar meg|hate my job|bored at|burn(t|ed) out|stuck (in|at) (my )?(job|work)|dread|"
                        r"не подобається моя робота|застрягл|nie lubi|utknęł|"
                        r"لست سعيد|عالق|لا أحب عملي"),
    ("career_change", r"bytte (bransje|yrke|jobb|karriere)|byte (yrke|jobb|karriere)|skifte|omskoler|"
                      r"ny utdanning|ny karriere|career change|switch(ing)? careers?|retrain|change (career|field)|"
                      r"перекваліф|змінити|przekwalifik|zmieni|تغيير (مهنت|المجال)"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in SITUATIONS]

REFLECTIONS: dict[str, dict[str, str]] = {
    "parents": {
        "nb": "Det høres ut som familien din har klare forventninger til deg, mens du selv kjenner på at du vil noe annet.",
        "nn": "Det høyrest ut som familien din har klare forventningar til deg, medan du sjølv kjenner at du vil noko anna.",
        "en": "It sounds like your family has clear expectations of you, while you feel drawn to something else.",
        "uk": "Схоже, ваша родина має чіткі очікування щодо вас, а вам самим хочеться чогось іншого.",
        "pl": "Brzmi to tak, jakby twoja rodzina miała wobec ciebie jasne oczekiwania, a ty sam/sama czujesz, że chcesz czegoś innego.",
        "ar": "يبدو أن لدى عائلتك توقعات واضحة منك، بينما تشعر أنت بأنك تريد شيئًا آخر.",
    },
    "foreign_education": {
        "nb": "Du har utdanning og erfaring fra et annet land, og det er frustrerende når den ikke blir brukt her.",
        "nn": "Du har utdanning og erfaring frå eit anna land, og det er frustrerande når ho ikkje blir brukt her.",
        "en": "You bring education and experience from another country, and it is frustrating when it isn't being used here.",
        "uk": "У вас є освіта й досвід з іншої країни, і прикро, коли вони тут не використовуються.",
        "pl": "Masz wykształcenie i doświadczenie z innego kraju i to frustrujące, gdy nie są tutaj wykorzystywane.",
        "ar": "لديك تعليم وخبرة من بلد آخر، ومن المحبط ألا يُستفاد منهما هنا.",
    },
    "lost_job": {
        "nb": "Å miste jobben er tøft, og det er helt naturlig å være usikker på veien videre nå.",
        "nn": "Å miste jobben er tøft, og det er heilt naturleg å vere usikker på vegen vidare no.",
        "en": "Losing your job is hard, and it is completely natural to feel unsure about what comes next.",
        "uk": "Втратити роботу важко, і цілком природно зараз не знати, що робити далі.",
        "pl": "Utrata pracy jest trudna i to zupełnie naturalne, że nie wiesz teraz, co dalej.",
        "ar": "فقدان العمل أمر صعب، ومن الطبيعي تمامًا أن تشعر بعدم اليقين بشأن الخطوة التالية.",
    },
    "after_lower_secondary": {
        "nb": "Du står foran ditt første store utdanningsvalg etter ungdomsskolen, og det er mye å ta stilling til.",
        "nn": "Du står framfor det første store utdanningsvalet ditt etter ungdomsskulen, og det er mykje å ta stilling til.",
        "en": "You are facing your first big education choice after lower secondary school, and there is a lot to weigh up.",
        "uk": "Ви стоїте перед першим великим вибором освіти після школи, і треба багато чого зважити.",
        "pl": "Stoisz przed pierwszym dużym wyborem edukacyjnym po szkole i jest wiele do rozważenia.",
        "ar": "أنت أمام أول اختيار كبير في تعليمك بعد المدرسة، وهناك الكثير مما يجب التفكير فيه.",
    },
    "after_upper_secondary": {
        "nb": "Du nærmer deg slutten av videregående og skal finne ut hva som kommer etterpå – studier, jobb eller noe helt annet.",
        "nn": "Du nærmar deg slutten av vidaregåande og skal finne ut kva som kjem etterpå – studium, jobb eller noko heilt anna.",
        "en": "You are coming to the end of upper secondary and need to work out what comes next – studies, work or something else entirely.",
        "uk": "Ви завершуєте середню школу і маєте вирішити, що далі – навчання, робота чи щось зовсім інше.",
        "pl": "Kończysz szkołę średnią i musisz zdecydować, co dalej – studia, praca czy coś zupełnie innego.",
        "ar": "أنت تقترب من نهاية المرحلة الثانوية وتحتاج إلى تحديد ما يأتي بعدها: الدراسة أو العمل أو شيء آخر تمامًا.",
    },
    "no_upper_secondary": {
        "nb": "Du har ikke fullført videregående og lurer på hvilke veier som er åpne for deg nå.",
        "nn": "Du har ikkje fullført vidaregåande og lurer på kva vegar som er opne for deg no.",
        "en": "You haven't finished upper secondary school and are wondering which paths are open to you now.",
        "uk": "Ви не закінчили середню школу і хочете зрозуміти, які шляхи для вас зараз відкриті.",
        "pl": "Nie skończyłeś/skończyłaś szkoły średniej i zastanawiasz się, jakie drogi są teraz dla ciebie otwarte.",
        "ar": "لم تُكمل المرحلة الثانوية، وتتساءل عن الطرق المتاحة لك الآن.",
    },
    "fear_wrong_choice": {
        "nb": "Du er redd for å velge feil, og det sier noe om at valget betyr mye for deg.",
        "nn": "Du er redd for å velje feil, og det seier noko om at valet betyr mykje for deg.",
        "en": "You are worried about choosing wrong, which shows how much this choice matters to you.",
        "uk": "Ви боїтеся помилитися з вибором, і це показує, наскільки він для вас важливий.",
        "pl": "Boisz się złego wyboru, a to pokazuje, jak bardzo ta decyzja jest dla ciebie ważna.",
        "ar": "أنت تخشى أن تختار خطأ، وهذا يدل على مدى أهمية هذا القرار بالنسبة لك.",
    },
    "unhappy_at_work": {
        "nb": "Det høres ut som du ikke har det godt i jobben din nå, og at du lurer på om noe annet ville passet deg bedre.",
        "nn": "Det høyrest ut som du ikkje har det godt i jobben din no, og at du lurer på om noko anna ville passa deg betre.",
        "en": "It sounds like you are not happy in your work right now and are wondering whether something else would suit you better.",
        "uk": "Схоже, вам зараз погано на роботі, і ви думаєте, чи не підійшло б вам щось інше.",
        "pl": "Brzmi to tak, jakbyś nie czuł/czuła się teraz dobrze w pracy i zastanawiał/a się, czy coś innego nie pasowałoby lepiej.",
        "ar": "يبدو أنك لست مرتاحًا في عملك الآن، وتتساءل إن كان شيء آخر سيناسبك أكثر.",
    },
    "career_change": {
        "nb": "Du vurderer å ta karrieren i en ny retning – det er et stort steg, og det er lurt å tenke det grundig gjennom.",
        "nn": "Du vurderer å ta karrieren i ei ny retning – det er eit stort steg, og det er lurt å tenkje det grundig gjennom.",
        "en": "You are thinking about taking your career in a new direction – a big step, and worth thinking through carefully.",
        "uk": "Ви думаєте змінити напрям кар'єри – це великий крок, і його варто добре обміркувати.",
        "pl": "Myślisz o zmianie kierunku kariery – to duży krok i warto go dobrze przemyśleć.",
        "ar": "أنت تفكر في توجيه مسارك المهني في اتجاه جديد، وهي خطوة كبيرة تستحق التفكير بعناية.",
    },
    "quote": {
        "nb": "Du skriver: «{words}». Det er et viktig spørsmål, og det er verdt å ta seg tid til det.",
        "nn": "Du skriv: «{words}». Det er eit viktig spørsmål, og det er verdt å ta seg tid til det.",
        "en": "You wrote: “{words}”. That is an important question, and it is worth taking time over.",
        "uk": "Ви пишете: «{words}». Це важливе питання, і варто приділити йому час.",
        "pl": "Piszesz: „{words}”. To ważne pytanie i warto poświęcić mu czas.",
        "ar": "كتبت: «{words}». هذا سؤال مهم، ويستحق أن تمنحه وقتك.",
    },
}

MAX_QUOTE_WORDS = 18


def situation_of(text: str) -> str | None:
    """The first recognised situation in the text, or None."""
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return None


def quote(text: str) -> str:
    """The citizen's own words, trimmed to a readable length and without a trailing question mark."""
    words = text.strip().split()
    shortened = " ".join(words[:MAX_QUOTE_WORDS]) + (" …" if len(words) > MAX_QUOTE_WORDS else "")
    return shortened.rstrip(" ?.!")


def reflect(text: str, language: str) -> tuple[str | None, str]:
    """(situation or None, a sentence that reflects the text in ``language``)."""
    situation = situation_of(text)
    variants = REFLECTIONS[situation or "quote"]
    sentence = variants.get(language) or variants["en"]
    return situation, sentence.format(words=quote(text))
