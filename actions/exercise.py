"""The reflection exercise and the entry points.

The exercise (exercise_form) asks seven questions, one at a time, in the spirit of the portal's
articles "Finn ut hva du er interessert i og hva som er viktig for deg" (interesser-og-verdier)
and "Hvordan ta et valg om utdanning eller jobb" (hvordan-ta-et-valg): the choice in one
sentence, what absorbs the person, how they like to work, what they are good at, what matters
most, what they will not give up, and the options and one small step. Every answer is free text
(from_text). "stopp"/"avbryt"/"stop" (the NLU's points_cancel intent, or the words themselves)
ends it at any point. action_exercise_summary then sends a summary the citizen can keep (a plain
``smalltalk`` message, so the transcript download has it), articles found with the answers as the
query, out of hours the nearest career centre (``knowledge.centres.nearest_office`` when that
module exists), and asks whether a counsellor may see the summary. A "yes" (action_reply_to_offer,
``pending_offer`` = exercise) sets ``exercise_shared``; the gateway copies the summary onto the
session, and the handover detail shows it to the counsellor.

The entry points (action_topic_intro): the chat page's welcome buttons send
``/choose_topic{"topic": "<id>", "language": "<xx>"}``; the answer is a short intro to the topic and the two or three
most relevant articles for the topic's audience (the articles' ``audience`` front matter).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_intent, latest_text, send
from core.texts import lookup

log = logging.getLogger("veivalg.actions.exercise")

# The questions, in the order they are asked (the form's required slots in domain.yml).
SLOTS = ("exercise_choice", "exercise_interests", "exercise_ways", "exercise_strengths", "exercise_values",
         "exercise_limits", "exercise_next_step")
STOP = "/points_cancel"  # the NLU's stop intent: "avbryt", "stopp", "stop"
STOP_WORDS = re.compile(r"\s*(stopp?|avbryt|avslutt|cancel|quit|стоп|зупини(ти)?|скасувати|przerwij|"
                        r"zatrzymaj|anuluj|stop|توقف|إلغاء|الغاء)\s*[.!]*\s*", re.IGNORECASE)
EXERCISE = "exercise"  # the pending_offer while the consent question is open
MAX_ANSWER = 400  # characters of one answer kept in the summary
ARTICLES = 3

QUESTIONS: dict[str, dict[str, str]] = {
    "exercise_choice": {
        "nb": "La oss ta en kort øvelse med sju spørsmål. Du svarer med egne ord, og du kan skrive «stopp» når som helst. Først: Hvor står du nå, og hvilket valg står du foran? Prøv å si det med én setning.",
        "nn": "Lat oss ta ei kort øving med sju spørsmål. Du svarar med eigne ord, og du kan skrive «stopp» når som helst. Først: Kvar står du no, og kva val står du framfor? Prøv å seie det med éi setning.",
        "en": "Let's do a short exercise with seven questions. Answer in your own words; you can write \"stop\" at any time. First: where are you now, and what choice are you facing? Try to put it in one sentence.",
        "uk": "Давайте виконаємо коротку вправу із семи запитань. Відповідайте своїми словами; ви можете написати «стоп» будь-коли. Спершу: де ви зараз і який вибір перед вами стоїть? Спробуйте сказати це одним реченням.",
        "pl": "Zróbmy krótkie ćwiczenie z siedmioma pytaniami. Odpowiadaj własnymi słowami; w każdej chwili możesz napisać „stop”. Najpierw: gdzie jesteś teraz i przed jakim wyborem stoisz? Spróbuj ująć to w jednym zdaniu.",
        "ar": "لنقم بتمرين قصير من سبعة أسئلة. أجب بكلماتك الخاصة، ويمكنك كتابة «توقف» في أي وقت. أولًا: أين أنت الآن، وما الاختيار الذي تواجهه؟ حاول أن تقوله في جملة واحدة.",
    },
    "exercise_interests": {
        "nb": "Tenk på en gang du glemte tiden fordi du var oppslukt av noe. Hva holdt du på med?",
        "nn": "Tenk på ein gong du gløymde tida fordi du var oppslukt av noko. Kva heldt du på med?",
        "en": "Think of a time you lost track of time because you were absorbed in something. What were you doing?",
        "uk": "Згадайте випадок, коли ви так захопилися чимось, що забули про час. Чим ви тоді займалися?",
        "pl": "Pomyśl o chwili, kiedy coś tak cię pochłonęło, że straciłeś/straciłaś poczucie czasu. Czym się wtedy zajmowałeś/zajmowałaś?",
        "ar": "فكّر في مرة نسيت فيها الوقت لأنك كنت مستغرقًا في شيء ما. ماذا كنت تفعل؟",
    },
    "exercise_ways": {
        "nb": "Liker du best å jobbe med mennesker, med ting, med tall og tekst, eller med ideer? Og helst sammen med andre eller alene?",
        "nn": "Likar du best å jobbe med menneske, med ting, med tal og tekst, eller med idear? Og helst saman med andre eller åleine?",
        "en": "Do you most like working with people, with things, with numbers and text, or with ideas? And preferably with others or on your own?",
        "uk": "З чим вам найбільше подобається працювати: з людьми, з речами, з числами й текстами чи з ідеями? І краще разом з іншими чи самостійно?",
        "pl": "Z czym najbardziej lubisz pracować: z ludźmi, z rzeczami, z liczbami i tekstem czy z pomysłami? I raczej z innymi czy samodzielnie?",
        "ar": "مع ماذا تحب العمل أكثر: مع الناس، أم مع الأشياء، أم مع الأرقام والنصوص، أم مع الأفكار؟ وهل تفضّل العمل مع الآخرين أم وحدك؟",
    },
    "exercise_strengths": {
        "nb": "Hva er du god på? Tenk også på hva andre sier at du er flink til, i skole, jobb eller fritid.",
        "nn": "Kva er du god på? Tenk òg på kva andre seier at du er flink til, i skule, jobb eller fritid.",
        "en": "What are you good at? Think also of what others say you do well, at school, at work or in your free time.",
        "uk": "Що у вас добре виходить? Подумайте також, що, за словами інших, вам вдається — у навчанні, на роботі чи у вільний час.",
        "pl": "W czym jesteś dobry/dobra? Pomyśl też o tym, co według innych dobrze ci wychodzi — w szkole, w pracy albo w czasie wolnym.",
        "ar": "ما الذي تجيده؟ فكّر أيضًا فيما يقول الآخرون إنك بارع فيه، في الدراسة أو العمل أو وقت الفراغ.",
    },
    "exercise_values": {
        "nb": "Hva er viktigst for deg i en jobb eller utdanning? For eksempel trygghet, frihet, å hjelpe andre, å skape noe eller å tjene godt.",
        "nn": "Kva er viktigast for deg i ein jobb eller ei utdanning? Til dømes tryggleik, fridom, å hjelpe andre, å skape noko eller å tene godt.",
        "en": "What matters most to you in a job or an education? For example security, freedom, helping others, creating something or earning well.",
        "uk": "Що для вас найважливіше в роботі чи навчанні? Наприклад, стабільність, свобода, допомога іншим, створення чогось нового чи добрий заробіток.",
        "pl": "Co jest dla ciebie najważniejsze w pracy lub nauce? Na przykład bezpieczeństwo, wolność, pomaganie innym, tworzenie czegoś albo dobre zarobki.",
        "ar": "ما الأهم بالنسبة لك في العمل أو الدراسة؟ مثلًا الأمان، أو الحرية، أو مساعدة الآخرين، أو صنع شيء ما، أو الدخل الجيد.",
    },
    "exercise_limits": {
        "nb": "Er det noe du ikke vil gå på akkord med? For eksempel tid med familien, økonomien eller å bo et bestemt sted.",
        "nn": "Er det noko du ikkje vil gå på akkord med? Til dømes tid med familien, økonomien eller å bu ein bestemt stad.",
        "en": "Is there anything you won't compromise on? For example time with your family, money, or living in a particular place.",
        "uk": "Чи є щось, чим ви не готові поступитися? Наприклад, час із родиною, фінанси чи життя в певному місці.",
        "pl": "Czy jest coś, z czego nie chcesz rezygnować? Na przykład czas z rodziną, finanse albo mieszkanie w określonym miejscu.",
        "ar": "هل هناك شيء لا تريد التنازل عنه؟ مثلًا الوقت مع العائلة، أو الوضع المالي، أو العيش في مكان معيّن.",
    },
    "exercise_next_step": {
        "nb": "Siste spørsmål: Hvilke to eller tre muligheter vurderer du nå, og hva er ett lite steg du kan ta denne uken?",
        "nn": "Siste spørsmål: Kva for to eller tre moglegheiter vurderer du no, og kva er eitt lite steg du kan ta denne veka?",
        "en": "Last question: which two or three options are you considering now, and what is one small step you could take this week?",
        "uk": "Останнє запитання: які два-три варіанти ви зараз розглядаєте і який один невеликий крок можете зробити цього тижня?",
        "pl": "Ostatnie pytanie: jakie dwie lub trzy możliwości teraz rozważasz i jaki jeden mały krok możesz zrobić w tym tygodniu?",
        "ar": "السؤال الأخير: ما الخياران أو الثلاثة التي تفكر فيها الآن، وما الخطوة الصغيرة التي يمكنك القيام بها هذا الأسبوع؟",
    },
}

# The summary's line labels, per question.
LABELS: dict[str, dict[str, str]] = {
    "exercise_choice": {"nb": "Valget ditt", "nn": "Valet ditt", "en": "Your choice", "uk": "Ваш вибір",
                        "pl": "Twój wybór", "ar": "اختيارك"},
    "exercise_interests": {"nb": "Dette blir du oppslukt av", "nn": "Dette blir du oppslukt av",
                           "en": "What absorbs you", "uk": "Що вас захоплює", "pl": "Co cię pochłania",
                           "ar": "ما يستغرقك"},
    "exercise_ways": {"nb": "Slik liker du å jobbe", "nn": "Slik likar du å jobbe", "en": "How you like to work",
                      "uk": "Як вам подобається працювати", "pl": "Jak lubisz pracować", "ar": "كيف تحب أن تعمل"},
    "exercise_strengths": {"nb": "Dette er du god på", "nn": "Dette er du god på", "en": "What you are good at",
                           "uk": "Що вам вдається", "pl": "W czym jesteś dobry/dobra", "ar": "ما تجيده"},
    "exercise_values": {"nb": "Dette er viktigst for deg", "nn": "Dette er viktigast for deg",
                        "en": "What matters most to you", "uk": "Що для вас найважливіше",
                        "pl": "Co jest dla ciebie najważniejsze", "ar": "الأهم بالنسبة لك"},
    "exercise_limits": {"nb": "Dette vil du ikke gå på akkord med", "nn": "Dette vil du ikkje gå på akkord med",
                        "en": "What you won't compromise on", "uk": "Чим ви не поступитеся",
                        "pl": "Z czego nie zrezygnujesz", "ar": "ما لا تتنازل عنه"},
    "exercise_next_step": {"nb": "Muligheter og neste steg", "nn": "Moglegheiter og neste steg",
                           "en": "Options and your next step", "uk": "Варіанти й наступний крок",
                           "pl": "Możliwości i następny krok", "ar": "الخيارات وخطوتك التالية"},
}

TEXTS: dict[str, dict[str, str]] = {
    "summary_title": {
        "nb": "Oppsummering av øvelsen din (du kan laste den ned med «Last ned samtalen»):",
        "nn": "Oppsummering av øvinga di (du kan laste henne ned med «Last ned samtalen»):",
        "en": "A summary of your exercise (you can keep it with \"Download the conversation\"):",
        "uk": "Підсумок вашої вправи (його можна зберегти, завантаживши розмову):",
        "pl": "Podsumowanie twojego ćwiczenia (możesz je zachować, pobierając rozmowę):",
        "ar": "ملخص تمرينك (يمكنك الاحتفاظ به بتنزيل المحادثة):",
    },
    "summary_tip": {
        "nb": "Se etter mønstre i svarene dine, ikke bare etter ett enkelt yrke, og snakk gjerne med noen som jobber med det du vurderer.",
        "nn": "Sjå etter mønster i svara dine, ikkje berre etter eitt enkelt yrke, og snakk gjerne med nokon som jobbar med det du vurderer.",
        "en": "Look for patterns in your answers rather than a single job, and talk to someone who works with what you are considering.",
        "uk": "Шукайте закономірності у своїх відповідях, а не одну-єдину професію, і поговоріть із кимось, хто працює в тій сфері, яку ви розглядаєте.",
        "pl": "Szukaj wzorców w swoich odpowiedziach, a nie jednego zawodu, i porozmawiaj z kimś, kto pracuje w dziedzinie, którą rozważasz.",
        "ar": "ابحث عن أنماط في إجاباتك بدلًا من مهنة واحدة، وتحدث مع شخص يعمل في المجال الذي تفكر فيه.",
    },
    "articles_intro": {
        "nb": "Disse artiklene kan hjelpe deg videre:", "nn": "Desse artiklane kan hjelpe deg vidare:",
        "en": "These articles may help you further:", "uk": "Ці статті можуть допомогти вам далі:",
        "pl": "Te artykuły mogą ci pomóc:", "ar": "قد تساعدك هذه المقالات:",
    },
    "centre_intro": {
        "nb": "Karrieresentrene gir gratis veiledning. Nærmeste karrieresenter:",
        "nn": "Karrieresentera gir gratis rettleiing. Nærmaste karrieresenter:",
        "en": "The career centres offer free guidance. The nearest career centre:",
        "uk": "Кар'єрні центри консультують безкоштовно. Найближчий кар'єрний центр:",
        "pl": "Centra kariery doradzają bezpłatnie. Najbliższe centrum kariery:",
        "ar": "تقدم المراكز المهنية إرشادًا مجانيًا. أقرب مركز مهني:",
    },
    "ask_consent": {
        "nb": "Vil du at en karriereveileder skal få se oppsummeringen hvis du chatter med en veileder i denne samtalen?",
        "nn": "Vil du at ein karriererettleiar skal få sjå oppsummeringa om du chattar med ein rettleiar i denne samtalen?",
        "en": "Would you like a career counsellor to see this summary if you chat with one in this conversation?",
        "uk": "Чи хочете ви, щоб кар'єрний консультант побачив цей підсумок, якщо ви поспілкуєтеся з ним у цій розмові?",
        "pl": "Czy chcesz, żeby doradca zawodowy zobaczył to podsumowanie, jeśli porozmawiasz z nim w tej rozmowie?",
        "ar": "هل تريد أن يطّلع مستشار مهني على هذا الملخص إذا تحدثت مع مستشار في هذه المحادثة؟",
    },
    "shared": {
        "nb": "Takk. Veilederen får se oppsummeringen når du chatter med en veileder i denne samtalen.",
        "nn": "Takk. Rettleiaren får sjå oppsummeringa når du chattar med ein rettleiar i denne samtalen.",
        "en": "Thank you. The counsellor will see the summary when you chat with one in this conversation.",
        "uk": "Дякую. Консультант побачить підсумок, коли ви поспілкуєтеся з ним у цій розмові.",
        "pl": "Dziękuję. Doradca zobaczy podsumowanie, gdy porozmawiasz z nim w tej rozmowie.",
        "ar": "شكرًا. سيطّلع المستشار على الملخص عندما تتحدث معه في هذه المحادثة.",
    },
    "not_shared": {
        "nb": "Greit, oppsummeringen blir bare hos deg.", "nn": "Greitt, oppsummeringa blir berre hos deg.",
        "en": "All right, the summary stays with you.", "uk": "Добре, підсумок залишиться лише у вас.",
        "pl": "Dobrze, podsumowanie zostaje tylko u ciebie.", "ar": "حسنًا، سيبقى الملخص لديك فقط.",
    },
    "stopped": {
        "nb": "Greit, vi stopper øvelsen her. Spør gjerne om noe annet, eller be om en veileder.",
        "nn": "Greitt, vi stoppar øvinga her. Spør gjerne om noko anna, eller be om ein rettleiar.",
        "en": "All right, we'll stop the exercise here. Ask me anything else, or ask for a counsellor.",
        "uk": "Добре, зупинимо вправу тут. Питайте про інше або попросіть консультанта.",
        "pl": "Dobrze, przerywamy ćwiczenie. Pytaj o coś innego albo poproś o doradcę.",
        "ar": "حسنًا، سنوقف التمرين هنا. اسألني عن أي شيء آخر، أو اطلب مستشارًا.",
    },
    "button_stop": {"nb": "Stopp øvelsen", "nn": "Stopp øvinga", "en": "Stop the exercise", "uk": "Зупинити вправу",
                    "pl": "Przerwij ćwiczenie", "ar": "أوقف التمرين"},
    "button_yes": {"nb": "Ja, del den", "nn": "Ja, del henne", "en": "Yes, share it", "uk": "Так, поділитися",
                   "pl": "Tak, udostępnij", "ar": "نعم، شاركه"},
    "button_no": {"nb": "Nei, behold den selv", "nn": "Nei, behald henne sjølv", "en": "No, keep it to myself",
                  "uk": "Ні, залишити собі", "pl": "Nie, zachowam je dla siebie", "ar": "لا، احتفظ به لنفسي"},
}

# The welcome's starting points: topic id -> (the audience of the articles to show, the intro in
# six languages; the intro is also the search query, so it names what the topic is about).
TOPICS: dict[str, tuple[str, dict[str, str]]] = {
    "upper_secondary": ("youth", {
        "nb": "Å velge videregående: utdanningsprogrammer, yrkesfag eller studieforberedende, søknad og hvordan foreldre kan støtte valget.",
        "nn": "Å velje vidaregåande: utdanningsprogram, yrkesfag eller studieførebuande, søknad og korleis foreldre kan støtte valet.",
        "en": "Choosing upper secondary school: education programmes, vocational or general studies, applying, and how parents can support the choice.",
        "uk": "Вибір старшої школи (videregående): освітні програми, професійний чи загальноосвітній напрям, вступ і як батьки можуть підтримати вибір.",
        "pl": "Wybór szkoły średniej (videregående): programy nauczania, kierunek zawodowy lub ogólnokształcący, rekrutacja i jak rodzice mogą wspierać wybór.",
        "ar": "اختيار المدرسة الثانوية (videregående): البرامج التعليمية، المسار المهني أو الأكاديمي، التقديم، وكيف يمكن للوالدين دعم الاختيار.",
    }),
    "higher_education": ("youth", {
        "nb": "Høyere utdanning og poeng: opptak gjennom Samordna opptak, studiekompetanse, karakterpoeng, tilleggspoeng og poenggrenser.",
        "nn": "Høgare utdanning og poeng: opptak gjennom Samordna opptak, studiekompetanse, karakterpoeng, tilleggspoeng og poenggrenser.",
        "en": "Higher education and points: admission through Samordna opptak, entrance requirements, grade points, additional points and points thresholds.",
        "uk": "Вища освіта та бали: вступ через Samordna opptak, вступні вимоги, бали за оцінки, додаткові бали та прохідні бали.",
        "pl": "Studia wyższe i punkty: rekrutacja przez Samordna opptak, wymagania wstępne, punkty za oceny, punkty dodatkowe i progi punktowe.",
        "ar": "التعليم العالي والنقاط: القبول عبر Samordna opptak، وشروط القبول، ونقاط الدرجات، والنقاط الإضافية، والحد الأدنى للنقاط.",
    }),
    "career_change": ("adults", {
        "nb": "Å bytte karriere: omskolering som voksen, realkompetanse, fagbrev på jobb og å kartlegge det du kan.",
        "nn": "Å byte karriere: omskulering som vaksen, realkompetanse, fagbrev på jobb og å kartleggje det du kan.",
        "en": "Changing career: retraining as an adult, prior learning, a trade certificate at work and mapping what you can do.",
        "uk": "Зміна кар'єри: перекваліфікація в дорослому віці, визнання набутих навичок, фаховий сертифікат на роботі та оцінка ваших умінь.",
        "pl": "Zmiana kariery: przekwalifikowanie jako dorosły, uznanie kompetencji, świadectwo zawodowe w pracy i rozpoznanie tego, co umiesz.",
        "ar": "تغيير المسار المهني: إعادة التأهيل للبالغين، والاعتراف بالكفاءات المكتسبة، وشهادة مهنية أثناء العمل، وتحديد ما تجيده.",
    }),
    "lost_job": ("adults", {
        "nb": "Har du mistet jobben: oppsagt eller permittert, dagpenger, registrere seg som arbeidssøker og veien videre.",
        "nn": "Har du mista jobben: oppsagd eller permittert, dagpengar, registrere seg som arbeidssøkjar og vegen vidare.",
        "en": "If you have lost your job: dismissed or laid off, unemployment benefits, registering as a jobseeker and the way forward.",
        "uk": "Якщо ви втратили роботу: звільнення чи тимчасове відсторонення, допомога з безробіття (dagpenger), реєстрація як шукача роботи та що далі.",
        "pl": "Jeśli straciłeś/straciłaś pracę: zwolnienie lub przestój (permittering), zasiłek (dagpenger), rejestracja jako osoba szukająca pracy i co dalej.",
        "ar": "إذا فقدت عملك: الفصل أو التسريح المؤقت، وإعانة البطالة (dagpenger)، والتسجيل كباحث عن عمل، والخطوات التالية.",
    }),
    "foreign_education": ("immigrants", {
        "nb": "Utdanning fra utlandet: godkjenning av høyere utdanning og fagutdanning, norskkrav og lovregulerte yrker.",
        "nn": "Utdanning frå utlandet: godkjenning av høgare utdanning og fagutdanning, norskkrav og lovregulerte yrke.",
        "en": "Education from abroad: recognition of higher education and vocational qualifications, Norwegian language requirements and regulated professions.",
        "uk": "Освіта з-за кордону: визнання вищої та професійної освіти, вимоги до норвезької мови та регульовані професії.",
        "pl": "Wykształcenie z zagranicy: uznawanie wykształcenia wyższego i zawodowego, wymagania z języka norweskiego i zawody regulowane.",
        "ar": "التعليم من الخارج: الاعتراف بالتعليم العالي والمؤهلات المهنية، ومتطلبات اللغة النرويجية، والمهن المنظمة.",
    }),
}


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language, **values)


def is_stop(words: str) -> bool:
    """Whether an answer is just "stopp"/"avbryt"/"stop" (in any of the six languages)."""
    return STOP_WORDS.fullmatch(words or "") is not None


def stop_button(language: str) -> dict[str, str]:
    return button(text("button_stop", language), STOP)


def reset() -> list:
    return [SlotSet(slot, None) for slot in SLOTS]


def answers(tracker: Tracker) -> dict[str, str]:
    """The exercise's answers so far, by slot (only those given)."""
    return {slot: str(tracker.get_slot(slot)).strip() for slot in SLOTS if tracker.get_slot(slot)}


def summary_text(given: dict[str, str], language: str) -> str:
    lines = [text("summary_title", language)]
    for slot in SLOTS:
        if given.get(slot):
            answer = given[slot] if len(given[slot]) <= MAX_ANSWER else given[slot][:MAX_ANSWER].rstrip() + " …"
            lines.append(f"• {lookup(LABELS, slot, language)}: {answer}")
    lines.append(text("summary_tip", language))
    return "\n".join(lines)


def suggested_articles(query: str, language: str, audience: str | None = None, k: int = ARTICLES) -> list[dict]:
    """The ``k`` most relevant articles for the query (one per article), as sources
    ({title, url, reviewed}, plus id and topics for ``shown_articles``). Empty when the knowledge
    base cannot answer (the exercise still ends with its summary)."""
    from actions.clients.knowledge import get_knowledge_base

    try:
        hits = get_knowledge_base().search(query, language, k=k * 4, audience=audience)
    except Exception:  # never let the suggestions stop the summary
        log.exception("article suggestions failed")
        return []
    seen: dict[str, dict] = {}
    for hit in hits:
        if hit.article_id not in seen:
            seen[hit.article_id] = {"id": hit.article_id, "title": hit.title, "url": hit.source_url,
                                    "reviewed": hit.reviewed, "topics": list(hit.topics),
                                    "audience": list(hit.audience)}
        if len(seen) == k:
            break
    return list(seen.values())


def as_sources(articles: list[dict]) -> list[dict[str, str]]:
    return [{"title": a["title"], "url": a["url"], "reviewed": a["reviewed"]} for a in articles]


def remember_shown(tracker: Tracker, articles: list[dict]) -> list[dict]:
    shown = list(tracker.get_slot("shown_articles") or [])
    known = {a.get("id") for a in shown}
    shown += [{"id": a["id"], "title": a["title"], "url": a["url"], "topics": a["topics"]} for a in articles
              if a["id"] not in known]
    return shown[-10:]


def nearest_centre(tracker: Tracker) -> dict[str, str] | None:
    """The nearest career centre office as a card, from ``knowledge.centres.nearest_office`` (built
    by another part of issue 15; None while that module does not exist or finds nothing)."""
    try:
        from knowledge.centres import nearest_office
    except ImportError:
        return None
    try:
        office = nearest_office(municipality=tracker.get_slot("place") or None,
                                county=tracker.get_slot("county") or None)
    except Exception:
        log.exception("nearest_office failed")
        return None
    if office is None:
        return None
    card = {name: str(getattr(office, name, "") or "") for name in ("name", "town", "address", "phone",
                                                                    "booking_url", "url")}
    card["url"] = card["url"] or card["booking_url"]
    card["county"] = str(getattr(office, "county", "") or tracker.get_slot("county") or "")
    return card if card["name"] else None


class AskExercise:
    """One of the exercise's questions; the slot is the class's ``slot``."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "clarify", lookup(QUESTIONS, self.slot, language), language,
             buttons=[stop_button(language)])
        return []


class AskChoice(AskExercise, Action):
    slot = "exercise_choice"


class AskInterests(AskExercise, Action):
    slot = "exercise_interests"


class AskWays(AskExercise, Action):
    slot = "exercise_ways"


class AskStrengths(AskExercise, Action):
    slot = "exercise_strengths"


class AskValues(AskExercise, Action):
    slot = "exercise_values"


class AskLimits(AskExercise, Action):
    slot = "exercise_limits"


class AskNextStep(AskExercise, Action):
    slot = "exercise_next_step"


class ValidateExerciseForm(FormValidationAction):
    """Every answer is taken as written; "stopp"/"avbryt"/"stop" written as the answer (whatever the
    NLU made of it) ends the exercise with nothing kept."""

    def name(self) -> str:
        return "validate_exercise_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        # A new exercise starts empty: answers left from one a crisis or a stop ended are not reused.
        if latest_intent(tracker) == "start_exercise" and tracker.get_slot("requested_slot") is None:
            return reset()
        if tracker.get_slot("requested_slot") in SLOTS and is_stop(latest_text(tracker)):
            language = language_of(tracker)
            send(dispatcher, "smalltalk", text("stopped", language), language)
            return [*reset(), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)


class ActionExerciseSummary(Action):
    """After the last answer: the summary, suggested articles, out of hours the nearest centre, and
    the consent question. Nothing when the exercise was stopped (its answers are gone)."""

    def name(self) -> str:
        return "action_exercise_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        given = answers(tracker)
        if len(given) < len(SLOTS):
            return reset()
        summary = summary_text(given, language)
        send(dispatcher, "smalltalk", summary, language)
        articles = suggested_articles(" ".join(given.values()), language)
        if articles:
            send(dispatcher, "answer", text("articles_intro", language), language, sources=as_sources(articles))
        if tracker.get_slot("exercise_offer") == "closed":
            card = nearest_centre(tracker)
            if card:
                lines = [text("centre_intro", language),
                         " · ".join(v for v in (card["name"], card["address"], card["town"], card["phone"],
                                                card["booking_url"]) if v)]
                send(dispatcher, "career_centre", "\n".join(lines), language, career_centre=card,
                     career_centres=[card])
        send(dispatcher, "clarify", text("ask_consent", language), language, buttons=[
            button(text("button_yes", language), "/affirm"), button(text("button_no", language), "/deny")])
        return [*reset(), SlotSet("exercise_summary", summary), SlotSet("exercise_shared", None),
                SlotSet("exercise_offer", None),
                SlotSet("pending_offer", EXERCISE), SlotSet("shown_articles", remember_shown(tracker, articles))]


def reply_to_consent(dispatcher: CollectingDispatcher, tracker: Tracker, language: str, yes: bool) -> list:
    """The answer to "may a counsellor see the summary?" (called by action_reply_to_offer)."""
    ways_on = [button(texts.text("button_counsellor", language), "/request_human"),
               button(texts.text("button_centre", language), "/career_centre")]
    send(dispatcher, "smalltalk", text("shared" if yes else "not_shared", language), language, buttons=ways_on)
    return [SlotSet("exercise_shared", yes), SlotSet("pending_offer", None)]


class ActionExerciseStopped(Action):
    def name(self) -> str:
        return "action_exercise_stopped"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "smalltalk", text("stopped", language), language)
        return reset()


class ActionTopicIntro(Action):
    """A welcome button: the topic's intro and its two or three most relevant articles for the
    topic's audience."""

    def name(self) -> str:
        return "action_topic_intro"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        topic = next((str(e.get("value")) for e in (tracker.latest_message or {}).get("entities") or []
                      if e.get("entity") == "topic"), None)
        if topic not in TOPICS:
            send(dispatcher, "smalltalk", texts.text("anything_else", language), language)
            return []
        audience, intros = TOPICS[topic]
        intro = lookup({"intro": intros}, "intro", language)
        articles = suggested_articles(intro, language, audience=audience)
        send(dispatcher, "answer", intro, language, sources=as_sources(articles), topic=topic, audience=audience,
             buttons=[button(texts.text("button_counsellor", language), "/request_human")])
        return [SlotSet("shown_articles", remember_shown(tracker, articles)), SlotSet("last_question", intro)]
