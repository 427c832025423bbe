"""The points calculator in the chat: points_form asks one thing at a time (admission year, birth
year, which diploma, grade average, science/language subjects, additional points), each answer is
validated here (validate_points_form), then action_points_result shows the explained sum
(knowledge.points + knowledge.points_explain). "Avbryt"/"stop" (intent points_cancel) ends the form
(action_points_cancelled). A year whose rules are not settled ends the form at once with that news.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_intent, send
from core.texts import lookup
from knowledge import points_parse as parse
from knowledge.points import (
    PointsInput,
    PointsInputError,
    available_years,
    calculate,
    load_rules,
    not_settled,
)
from knowledge.points_explain import explain

SLOTS = ("points_applying_year", "points_birth_year", "points_diploma", "points_grade_average",
         "points_subjects", "points_extra")
SKIPPED = "-"  # the value of the remaining slots when the year's rules are not settled
CANCEL = "/points_cancel"

TEXTS: dict[str, dict[str, str]] = {
    "ask_points_applying_year": {
        "nb": "Jeg kan regne ut et anslag på poengene dine, ett spørsmål om gangen. Hvilket år skal du søke opptak (for eksempel 2025)?",
        "nn": "Eg kan rekne ut eit overslag over poenga dine, eitt spørsmål om gongen. Kva år skal du søkje opptak (til dømes 2025)?",
        "en": "I can estimate your points, one question at a time. Which year are you applying for admission (for example 2025)?",
        "uk": "Я можу оцінити ваші бали, по одному питанню. У якому році ви подаєте документи на вступ (наприклад, 2025)?",
        "pl": "Mogę oszacować twoje punkty, jedno pytanie naraz. W którym roku składasz podanie o przyjęcie (na przykład 2025)?",
        "ar": "يمكنني تقدير نقاطك، سؤالًا واحدًا في كل مرة. في أي سنة ستتقدم للقبول (مثلًا 2025)؟",
    },
    "ask_points_birth_year": {
        "nb": "Hvilket år er du født?", "nn": "Kva år er du fødd?", "en": "What year were you born?",
        "uk": "У якому році ви народилися?", "pl": "W którym roku się urodziłeś/urodziłaś?", "ar": "في أي سنة وُلدت؟",
    },
    "ask_points_diploma": {
        "nb": "Har du førstegangsvitnemål, altså vitnemål fra videregående uten fag du har tatt opp eller forbedret etterpå? Svar ja eller nei, eller 23/5 hvis du søker etter 23/5-regelen.",
        "nn": "Har du førstegongsvitnemål, altså vitnemål frå vidaregåande utan fag du har teke opp eller forbetra etterpå? Svar ja eller nei, eller 23/5 om du søkjer etter 23/5-regelen.",
        "en": "Do you have a first-time diploma (førstegangsvitnemål): your upper secondary diploma with no subjects retaken or improved afterwards? Answer yes or no, or 23/5 if you apply under the 23/5 rule.",
        "uk": "Чи маєте ви перший атестат (førstegangsvitnemål) — атестат середньої школи без предметів, перескладених чи покращених згодом? Відповідайте так або ні, або 23/5, якщо вступаєте за правилом 23/5.",
        "pl": "Czy masz pierwsze świadectwo (førstegangsvitnemål), czyli świadectwo szkoły średniej bez przedmiotów poprawianych później? Odpowiedz tak lub nie albo 23/5, jeśli składasz podanie według zasady 23/5.",
        "ar": "هل لديك شهادة أولى (førstegangsvitnemål)، أي شهادة الثانوية دون مواد أعدتها أو حسّنتها لاحقًا؟ أجب بنعم أو لا، أو 23/5 إذا كنت تتقدم وفق قاعدة 23/5.",
    },
    "ask_points_grade_average": {
        "nb": "Hva er karaktersnittet ditt, gjennomsnittet av alle tallkarakterene på vitnemålet (for eksempel 4,3)?",
        "nn": "Kva er karaktersnittet ditt, gjennomsnittet av alle talkarakterane på vitnemålet (til dømes 4,3)?",
        "en": "What is your grade average, the average of all numeric grades on your diploma (for example 4.3)?",
        "uk": "Яка ваша середня оцінка — середнє всіх числових оцінок в атестаті (наприклад, 4,3)?",
        "pl": "Jaka jest twoja średnia ocen ze wszystkich ocen liczbowych na świadectwie (na przykład 4,3)?",
        "ar": "ما معدل درجاتك، أي متوسط كل الدرجات الرقمية في شهادتك (مثلًا 4.3)؟",
    },
    "ask_points_grade_average_23_5": {
        "nb": "Hva er snittet ditt i de seks studiekompetansefagene (for eksempel 4,3)?",
        "nn": "Kva er snittet ditt i dei seks studiekompetansefaga (til dømes 4,3)?",
        "en": "What is your average in the six general study subjects (for example 4.3)?",
        "uk": "Яка ваша середня оцінка з шести загальних предметів (наприклад, 4,3)?",
        "pl": "Jaka jest twoja średnia z sześciu przedmiotów ogólnych (na przykład 4,3)?",
        "ar": "ما معدلك في المواد العامة الست (مثلًا 4.3)؟",
    },
    "ask_points_subjects": {
        "nb": "Hvilke realfag og fremmedspråk har du fra videregående? Skriv for eksempel «R1, R2, fysikk 1, spansk nivå III», eller «ingen».",
        "nn": "Kva realfag og framandspråk har du frå vidaregåande? Skriv til dømes «R1, R2, fysikk 1, spansk nivå III», eller «ingen».",
        "en": "Which science subjects and foreign languages do you have from upper secondary? Write for example \"R1, R2, physics 1, Spanish level III\", or \"none\".",
        "uk": "Які природничі предмети та іноземні мови у вас є із середньої школи? Напишіть, наприклад, «R1, R2, фізика 1, іспанська рівень III» або «немає».",
        "pl": "Jakie przedmioty ścisłe i języki obce masz ze szkoły średniej? Napisz na przykład „R1, R2, fizyka 1, hiszpański poziom III” albo „brak”.",
        "ar": "ما المواد العلمية واللغات الأجنبية التي درستها في الثانوية؟ اكتب مثلًا \"R1, R2, فيزياء 1, الإسبانية مستوى III\" أو \"لا شيء\".",
    },
    "ask_points_extra": {
        "nb": "Har du noe som gir tilleggspoeng: folkehøgskole, militær- eller siviltjeneste, høyere utdanning eller fagskole (skriv hvor mange studiepoeng)? Skriv «ingen» hvis ikke.",
        "nn": "Har du noko som gir tilleggspoeng: folkehøgskule, militær- eller sivilteneste, høgare utdanning eller fagskule (skriv kor mange studiepoeng)? Skriv «ingen» om ikkje.",
        "en": "Do you have anything that gives additional points: folk high school, military or civilian service, higher education or vocational college (write how many credits)? Write \"none\" if not.",
        "uk": "Чи маєте ви щось, що дає додаткові бали: народна вища школа (folkehøgskole), військова чи цивільна служба, вища освіта або фахова школа (напишіть кількість кредитів)? Якщо ні, напишіть «немає».",
        "pl": "Czy masz coś, co daje punkty dodatkowe: uniwersytet ludowy (folkehøgskole), służba wojskowa lub cywilna, studia wyższe albo szkoła zawodowa (napisz, ile punktów ECTS)? Jeśli nie, napisz „brak”.",
        "ar": "هل لديك ما يمنح نقاطًا إضافية: مدرسة شعبية عليا (folkehøgskole)، خدمة عسكرية أو مدنية، تعليم عالٍ أو كلية مهنية (اكتب عدد الساعات المعتمدة)؟ اكتب \"لا شيء\" إن لم يكن.",
    },
    "invalid_year": {
        "nb": "Skriv året med fire sifre, for eksempel 2025.", "nn": "Skriv året med fire siffer, til dømes 2025.",
        "en": "Please write the year with four digits, for example 2025.", "uk": "Напишіть рік чотирма цифрами, наприклад 2025.",
        "pl": "Napisz rok czterema cyframi, na przykład 2025.", "ar": "اكتب السنة بأربعة أرقام، مثلًا 2025.",
    },
    "invalid_birth_year": {
        "nb": "Det fødselsåret passer ikke med opptaksåret {year}. Skriv året du er født, for eksempel 2006.",
        "nn": "Det fødselsåret passar ikkje med opptaksåret {year}. Skriv året du er fødd, til dømes 2006.",
        "en": "That birth year does not fit the admission year {year}. Write the year you were born, for example 2006.",
        "uk": "Цей рік народження не відповідає року вступу {year}. Напишіть рік народження, наприклад 2006.",
        "pl": "Ten rok urodzenia nie pasuje do roku rekrutacji {year}. Napisz rok urodzenia, na przykład 2006.",
        "ar": "سنة الميلاد هذه لا تتوافق مع سنة القبول {year}. اكتب سنة ميلادك، مثلًا 2006.",
    },
    "invalid_diploma": {
        "nb": "Svar ja, nei eller 23/5.", "nn": "Svar ja, nei eller 23/5.", "en": "Please answer yes, no or 23/5.",
        "uk": "Відповідайте так, ні або 23/5.", "pl": "Odpowiedz tak, nie albo 23/5.", "ar": "أجب بنعم أو لا أو 23/5.",
    },
    "invalid_23_5": {
        "nb": "23/5-regelen gjelder fra året du fyller 23, og du fyller {age} i {year}. Svar ja eller nei.",
        "nn": "23/5-regelen gjeld frå året du fyller 23, og du fyller {age} i {year}. Svar ja eller nei.",
        "en": "The 23/5 rule applies from the year you turn 23, and you turn {age} in {year}. Please answer yes or no.",
        "uk": "Правило 23/5 діє з року, коли вам виповнюється 23, а у {year} вам виповнюється {age}. Відповідайте так або ні.",
        "pl": "Zasada 23/5 obowiązuje od roku, w którym kończysz 23 lata, a w {year} kończysz {age}. Odpowiedz tak lub nie.",
        "ar": "قاعدة 23/5 تنطبق ابتداءً من السنة التي تبلغ فيها 23، وأنت تبلغ {age} في {year}. أجب بنعم أو لا.",
    },
    "invalid_grade_average": {
        "nb": "Jeg trenger et snitt mellom 1 og 6, for eksempel 4,3.", "nn": "Eg treng eit snitt mellom 1 og 6, til dømes 4,3.",
        "en": "I need an average between 1 and 6, for example 4.3.", "uk": "Потрібна середня оцінка від 1 до 6, наприклад 4,3.",
        "pl": "Potrzebuję średniej od 1 do 6, na przykład 4,3.", "ar": "أحتاج إلى معدل بين 1 و6، مثلًا 4.3.",
    },
    "invalid_subjects": {
        "nb": "Jeg kjente ikke igjen fagene. Skriv fagnavn som R1, R2, S1, fysikk 2, kjemi 1, biologi 1 eller spansk nivå III, eller «ingen».",
        "nn": "Eg kjende ikkje att faga. Skriv fagnamn som R1, R2, S1, fysikk 2, kjemi 1, biologi 1 eller spansk nivå III, eller «ingen».",
        "en": "I didn't recognise those subjects. Write names like R1, R2, S1, physics 2, chemistry 1, biology 1 or Spanish level III, or \"none\".",
        "uk": "Я не розпізнав предмети. Напишіть, наприклад, R1, R2, S1, фізика 2, хімія 1, біологія 1 або іспанська рівень III, або «немає».",
        "pl": "Nie rozpoznałem przedmiotów. Napisz np. R1, R2, S1, fizyka 2, chemia 1, biologia 1 albo hiszpański poziom III, albo „brak”.",
        "ar": "لم أتعرف على المواد. اكتب مثلًا R1 أو R2 أو S1 أو فيزياء 2 أو كيمياء 1 أو أحياء 1 أو الإسبانية مستوى III، أو \"لا شيء\".",
    },
    "invalid_extra": {
        "nb": "Jeg forsto ikke helt. Skriv for eksempel «folkehøgskole», «militæret» eller «60 studiepoeng», eller «ingen».",
        "nn": "Eg forstod ikkje heilt. Skriv til dømes «folkehøgskule», «militæret» eller «60 studiepoeng», eller «ingen».",
        "en": "I didn't quite understand. Write for example \"folk high school\", \"military service\" or \"60 credits\", or \"none\".",
        "uk": "Я не зовсім зрозумів. Напишіть, наприклад, «folkehøgskole», «військова служба» або «60 кредитів», або «немає».",
        "pl": "Nie do końca rozumiem. Napisz na przykład „folkehøgskole”, „służba wojskowa” albo „60 ECTS”, albo „brak”.",
        "ar": "لم أفهم تمامًا. اكتب مثلًا \"folkehøgskole\" أو \"خدمة عسكرية\" أو \"60 ساعة معتمدة\"، أو \"لا شيء\".",
    },
    "cancelled": {
        "nb": "Greit, jeg avslutter poengberegningen. Spør gjerne om noe annet.",
        "nn": "Greitt, eg avsluttar poengberekninga. Spør gjerne om noko anna.",
        "en": "All right, I've stopped the points calculation. Feel free to ask something else.",
        "uk": "Добре, я зупинив розрахунок балів. Питайте про інше.",
        "pl": "Dobrze, przerywam liczenie punktów. Pytaj śmiało o coś innego.",
        "ar": "حسنًا، أوقفت حساب النقاط. اسأل عن أي شيء آخر.",
    },
    "button_cancel": {
        "nb": "Avbryt", "nn": "Avbryt", "en": "Stop", "uk": "Скасувати", "pl": "Przerwij", "ar": "إلغاء",
    },
    "button_yes": {"nb": "Ja", "nn": "Ja", "en": "Yes", "uk": "Так", "pl": "Tak", "ar": "نعم"},
    "button_no": {"nb": "Nei", "nn": "Nei", "en": "No", "uk": "Ні", "pl": "Nie", "ar": "لا"},
    "button_23_5": {
        "nb": "23/5-regelen", "nn": "23/5-regelen", "en": "The 23/5 rule", "uk": "Правило 23/5",
        "pl": "Zasada 23/5", "ar": "قاعدة 23/5",
    },
    "button_none": {"nb": "Ingen", "nn": "Ingen", "en": "None", "uk": "Немає", "pl": "Brak", "ar": "لا شيء"},
}


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language, **values)


def cancel_button(language: str) -> dict[str, str]:
    return button(text("button_cancel", language), CANCEL)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AskPoints:
    """The question for one slot, with its buttons and a way out (mixed into each slot's Action)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def buttons(self, language: str, tracker: Tracker) -> list[dict[str, str]]:
        return []

    def question(self, language: str, tracker: Tracker) -> str:
        return text(f"ask_{self.slot}", language)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "clarify", self.question(language, tracker), language,
             buttons=[*self.buttons(language, tracker), cancel_button(language)])
        return []


class AskApplyingYear(AskPoints, Action):
    slot = "points_applying_year"

    def buttons(self, language: str, tracker: Tracker) -> list[dict[str, str]]:
        return [button(str(y), str(y)) for y in available_years()]


class AskBirthYear(AskPoints, Action):
    slot = "points_birth_year"


class AskDiploma(AskPoints, Action):
    slot = "points_diploma"

    def buttons(self, language: str, tracker: Tracker) -> list[dict[str, str]]:
        return [button(text("button_yes", language), "ja"), button(text("button_no", language), "nei"),
                button(text("button_23_5", language), "23/5")]


class AskGradeAverage(AskPoints, Action):
    slot = "points_grade_average"

    def question(self, language: str, tracker: Tracker) -> str:
        rule_23_5 = tracker.get_slot("points_diploma") == "rule_23_5"
        return text("ask_points_grade_average_23_5" if rule_23_5 else "ask_points_grade_average", language)


class AskSubjects(AskPoints, Action):
    slot = "points_subjects"

    def buttons(self, language: str, tracker: Tracker) -> list[dict[str, str]]:
        return [button(text("button_none", language), "ingen")]


class AskExtra(AskPoints, Action):
    slot = "points_extra"

    def buttons(self, language: str, tracker: Tracker) -> list[dict[str, str]]:
        return [button(text("button_none", language), "ingen")]


class ValidatePointsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_points_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        # A new calculation starts empty: answers left from one that a crisis or a handover ended
        # are not reused (the form validates leftover slots when it starts).
        if latest_intent(tracker) == "ask_points" and tracker.get_slot("requested_slot") is None:
            return reset()
        return await super().run(dispatcher, tracker, domain)

    def _refuse(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, key: str,
                **values: object) -> dict[str, Any]:
        language = language_of(tracker)
        send(dispatcher, "clarify", text(key, language, **values), language)
        return {slot: None}

    async def validate_points_applying_year(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: dict) -> dict[str, Any]:
        year = parse.year(str(value or ""), 2000, 2100)
        if year is None:
            return self._refuse(dispatcher, tracker, "points_applying_year", "invalid_year")
        if not load_rules(year).settled:  # nothing to ask: the result says the rules are not settled
            return {"points_applying_year": str(year), **{s: SKIPPED for s in SLOTS[1:]}}
        return {"points_applying_year": str(year)}

    async def validate_points_birth_year(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: dict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"points_birth_year": SKIPPED}
        applying = _int(tracker.get_slot("points_applying_year")) or 0
        born = parse.year(str(value or ""))
        if born is None or not 15 <= applying - born <= 100:
            return self._refuse(dispatcher, tracker, "points_birth_year", "invalid_birth_year", year=applying)
        return {"points_birth_year": str(born)}

    async def validate_points_diploma(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: dict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"points_diploma": SKIPPED}
        diploma = parse.diploma(str(value or ""))
        if diploma is None:
            return self._refuse(dispatcher, tracker, "points_diploma", "invalid_diploma")
        applying = _int(tracker.get_slot("points_applying_year")) or 0
        age = applying - (_int(tracker.get_slot("points_birth_year")) or applying)
        if diploma == "rule_23_5" and age < 23:
            return self._refuse(dispatcher, tracker, "points_diploma", "invalid_23_5", age=age, year=applying)
        return {"points_diploma": diploma}

    async def validate_points_grade_average(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: dict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"points_grade_average": SKIPPED}
        average = parse.grade_average(str(value or ""))
        if average is None:
            return self._refuse(dispatcher, tracker, "points_grade_average", "invalid_grade_average")
        return {"points_grade_average": str(average)}

    async def validate_points_subjects(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: dict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"points_subjects": SKIPPED}
        subjects = parse.subjects(str(value or ""))
        if subjects is None:
            return self._refuse(dispatcher, tracker, "points_subjects", "invalid_subjects")
        return {"points_subjects": json.dumps({"science": list(subjects[0]), "language": list(subjects[1])})}

    async def validate_points_extra(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict) -> dict[str, Any]:
        if value == SKIPPED:
            return {"points_extra": SKIPPED}
        items = parse.extra_items(str(value or ""))
        if items is None:
            return self._refuse(dispatcher, tracker, "points_extra", "invalid_extra")
        return {"points_extra": json.dumps(list(items))}


def points_input(tracker: Tracker) -> PointsInput:
    """The form's validated slots as the calculator's input."""
    subjects = json.loads(tracker.get_slot("points_subjects") or "{}")
    diploma = tracker.get_slot("points_diploma")
    return PointsInput(
        applying_year=int(tracker.get_slot("points_applying_year")),
        birth_year=int(tracker.get_slot("points_birth_year")),
        grade_average=float(tracker.get_slot("points_grade_average")),
        science_subjects=tuple(subjects.get("science") or ()),
        language_subjects=tuple(subjects.get("language") or ()),
        extra_items=tuple(json.loads(tracker.get_slot("points_extra") or "[]")),
        first_time_diploma=diploma == "first_time", rule_23_5=diploma == "rule_23_5",
    )


def reset() -> list:
    return [SlotSet(slot, None) for slot in SLOTS]


class ActionPointsResult(Action):
    def name(self) -> str:
        return "action_points_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        year = _int(tracker.get_slot("points_applying_year"))
        if year is None:
            return reset()
        rules = load_rules(year)
        try:
            result = calculate(points_input(tracker), rules) if rules.settled else not_settled(rules)
        except (PointsInputError, TypeError, ValueError):
            send(dispatcher, "clarify", text("cancelled", language), language)
            return reset()
        explanation = explain(result, language)
        # The text ends with the note that the official calculation is Samordna opptak's.
        send(dispatcher, "answer", explanation.text, language,
             sources=[{"title": "Samordna opptak" if "samordnaopptak" in url else url.split("/")[2],
                       "url": url, "reviewed": "2026-11-30"} for url in explanation.sources])
        return reset()


class ActionPointsCancelled(Action):
    def name(self) -> str:
        return "action_points_cancelled"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        if tracker.latest_action_name == "action_deactivate_loop":  # the form was running
            send(dispatcher, "smalltalk", text("cancelled", language), language)
        else:
            send(dispatcher, "smalltalk", texts.text("anything_else", language), language)
        return reset()
