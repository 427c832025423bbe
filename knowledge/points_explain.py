"""A points result explained in the citizen's language: each line of the sum with its source, the
quotas, what is left out, and that the official calculation is Samordna opptak's.

Pure: ``explain(result, language)`` returns an ``Explanation`` (text lines + the sources), used by
the chat (actions/points.py) and the page (knowledge/api/points.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.languages import LANGUAGES
from core.texts import lookup
from knowledge.points import SAMORDNA_URL, PointsResult

TEXTS: dict[str, dict[str, str]] = {
    "grade_points": {
        "nb": "Karakterpoeng: snittet ditt {average} × 10 = {points}",
        "nn": "Karakterpoeng: snittet ditt {average} × 10 = {points}",
        "en": "Grade points: your average {average} × 10 = {points}",
        "uk": "Бали за оцінки (karakterpoeng): середня оцінка {average} × 10 = {points}",
        "pl": "Punkty za oceny (karakterpoeng): średnia {average} × 10 = {points}",
        "ar": "نقاط الدرجات (karakterpoeng): معدلك {average} × 10 = {points}",
    },
    "grade_points_23_5": {
        "nb": "Karakterpoeng (23/5: snittet i de seks studiekompetansefagene) {average} × 10 = {points}",
        "nn": "Karakterpoeng (23/5: snittet i dei seks studiekompetansefaga) {average} × 10 = {points}",
        "en": "Grade points (23/5: average of the six general study subjects) {average} × 10 = {points}",
        "uk": "Бали за оцінки (23/5: середня з шести загальних предметів) {average} × 10 = {points}",
        "pl": "Punkty za oceny (23/5: średnia z sześciu przedmiotów ogólnych) {average} × 10 = {points}",
        "ar": "نقاط الدرجات (23/5: معدل المواد العامة الست) {average} × 10 = {points}",
    },
    "science_points": {
        "nb": "Realfagspoeng: + {points}", "nn": "Realfagspoeng: + {points}",
        "en": "Science points (realfagspoeng): + {points}", "uk": "Бали за природничі предмети (realfagspoeng): + {points}",
        "pl": "Punkty za przedmioty ścisłe (realfagspoeng): + {points}", "ar": "نقاط المواد العلمية (realfagspoeng): + {points}",
    },
    "science_points_capped": {
        "nb": " (høyst 1,5 for samme fag)", "nn": " (høgst 1,5 for same fag)", "en": " (at most 1.5 for the same subject)",
        "uk": " (не більше 1,5 за один предмет)", "pl": " (najwyżej 1,5 za ten sam przedmiot)", "ar": " (بحد أقصى 1.5 للمادة نفسها)",
    },
    "language_points": {
        "nb": "Språkpoeng: + {points}", "nn": "Språkpoeng: + {points}", "en": "Language points (språkpoeng): + {points}",
        "uk": "Бали за іноземні мови (språkpoeng): + {points}", "pl": "Punkty za języki obce (språkpoeng): + {points}",
        "ar": "نقاط اللغات الأجنبية (språkpoeng): + {points}",
    },
    "science_and_language_cap": {
        "nb": "Høyst 4 realfags- og språkpoeng til sammen: {points}",
        "nn": "Høgst 4 realfags- og språkpoeng til saman: {points}",
        "en": "At most 4 science and language points together: {points}",
        "uk": "Разом не більше 4 балів за природничі предмети й мови: {points}",
        "pl": "Łącznie najwyżej 4 punkty za przedmioty ścisłe i języki: {points}",
        "ar": "بحد أقصى 4 نقاط للمواد العلمية واللغات معًا: {points}",
    },
    "extra_points": {
        "nb": "Tilleggspoeng (folkehøgskole, verneplikt, høyere utdanning, fagskole; høyst 2): + {points}",
        "nn": "Tilleggspoeng (folkehøgskule, verneplikt, høgare utdanning, fagskule; høgst 2): + {points}",
        "en": "Additional points (folk high school, military or civilian service, higher education, vocational college; at most 2): + {points}",
        "uk": "Додаткові бали (народна вища школа, військова чи цивільна служба, вища освіта, фахова школа; не більше 2): + {points}",
        "pl": "Punkty dodatkowe (uniwersytet ludowy, służba wojskowa lub cywilna, studia wyższe, szkoła zawodowa; najwyżej 2): + {points}",
        "ar": "نقاط إضافية (مدرسة شعبية عليا، خدمة عسكرية أو مدنية، تعليم عالٍ، كلية مهنية؛ بحد أقصى 2): + {points}",
    },
    "age_points": {
        "nb": "Alderspoeng (2 per år fra året du fyller {from_age}, høyst 8; du fyller {age} i {year}): + {points}",
        "nn": "Alderspoeng (2 per år frå året du fyller {from_age}, høgst 8; du fyller {age} i {year}): + {points}",
        "en": "Age points (2 a year from the year you turn {from_age}, at most 8; you turn {age} in {year}): + {points}",
        "uk": "Бали за вік (2 за рік, починаючи з року, коли вам виповнюється {from_age}, не більше 8; у {year} вам виповнюється {age}): + {points}",
        "pl": "Punkty za wiek (2 za rok od roku, w którym kończysz {from_age} lat, najwyżej 8; w {year} kończysz {age} lat): + {points}",
        "ar": "نقاط العمر (2 عن كل سنة ابتداءً من السنة التي تبلغ فيها {from_age}، بحد أقصى 8؛ تبلغ {age} في {year}): + {points}",
    },
    "source": {
        "nb": "   Kilde: {url}", "nn": "   Kjelde: {url}", "en": "   Source: {url}",
        "uk": "   Джерело: {url}", "pl": "   Źródło: {url}", "ar": "   المصدر: {url}",
    },
    "school_points": {
        "nb": "Skolepoeng (teller i kvote for førstegangsvitnemål): {points}",
        "nn": "Skolepoeng (tel i kvote for førstegongsvitnemål): {points}",
        "en": "School points (skolepoeng, used in the first-time diploma quota): {points}",
        "uk": "Шкільні бали (skolepoeng, для квоти першого атестата): {points}",
        "pl": "Punkty szkolne (skolepoeng, w kwocie pierwszego świadectwa): {points}",
        "ar": "النقاط المدرسية (skolepoeng، في حصة الشهادة الأولى): {points}",
    },
    "competition_points": {
        "nb": "Konkurransepoeng (teller i ordinær kvote): {points}",
        "nn": "Konkurransepoeng (tel i ordinær kvote): {points}",
        "en": "Competition points (konkurransepoeng, used in the ordinary quota): {points}",
        "uk": "Конкурсні бали (konkurransepoeng, для звичайної квоти): {points}",
        "pl": "Punkty konkursowe (konkurransepoeng, w kwocie zwykłej): {points}",
        "ar": "نقاط المنافسة (konkurransepoeng، في الحصة العادية): {points}",
    },
    "quota_eligible": {
        "nb": "Du konkurrerer i kvote for førstegangsvitnemål med skolepoengene, og i ordinær kvote med konkurransepoengene. Alders- og tilleggspoeng teller bare i ordinær kvote.",
        "nn": "Du konkurrerer i kvote for førstegongsvitnemål med skolepoenga, og i ordinær kvote med konkurransepoenga. Alders- og tilleggspoeng tel berre i ordinær kvote.",
        "en": "You compete in the first-time diploma quota with your school points, and in the ordinary quota with your competition points. Age and additional points count only in the ordinary quota.",
        "uk": "Ви конкуруєте у квоті першого атестата зі шкільними балами, а у звичайній квоті — з конкурсними. Бали за вік і додаткові бали враховуються лише у звичайній квоті.",
        "pl": "Konkurujesz w kwocie pierwszego świadectwa punktami szkolnymi, a w kwocie zwykłej punktami konkursowymi. Punkty za wiek i dodatkowe liczą się tylko w kwocie zwykłej.",
        "ar": "تتنافس في حصة الشهادة الأولى بنقاطك المدرسية، وفي الحصة العادية بنقاط المنافسة. نقاط العمر والنقاط الإضافية تُحتسب في الحصة العادية فقط.",
    },
    "quota_too_old": {
        "nb": "Du fyller {age} i {year}, altså mer enn 21, så du konkurrerer bare i ordinær kvote (med konkurransepoengene).",
        "nn": "Du fyller {age} i {year}, altså meir enn 21, så du konkurrerer berre i ordinær kvote (med konkurransepoenga).",
        "en": "You turn {age} in {year}, which is over 21, so you compete only in the ordinary quota (with your competition points).",
        "uk": "У {year} вам виповнюється {age}, тобто більше 21, тому ви конкуруєте лише у звичайній квоті (з конкурсними балами).",
        "pl": "W {year} kończysz {age} lat, czyli więcej niż 21, więc konkurujesz tylko w kwocie zwykłej (punktami konkursowymi).",
        "ar": "تبلغ {age} في {year}، أي أكثر من 21، لذلك تتنافس في الحصة العادية فقط (بنقاط المنافسة).",
    },
    "quota_no_diploma": {
        "nb": "Uten førstegangsvitnemål konkurrerer du i ordinær kvote (med konkurransepoengene).",
        "nn": "Utan førstegongsvitnemål konkurrerer du i ordinær kvote (med konkurransepoenga).",
        "en": "Without a first-time diploma you compete in the ordinary quota (with your competition points).",
        "uk": "Без першого атестата ви конкуруєте у звичайній квоті (з конкурсними балами).",
        "pl": "Bez pierwszego świadectwa konkurujesz w kwocie zwykłej (punktami konkursowymi).",
        "ar": "من دون شهادة أولى تتنافس في الحصة العادية (بنقاط المنافسة).",
    },
    "quota_23_5": {
        "nb": "Etter 23/5-regelen konkurrerer du i ordinær kvote (med konkurransepoengene).",
        "nn": "Etter 23/5-regelen konkurrerer du i ordinær kvote (med konkurransepoenga).",
        "en": "Under the 23/5 rule you compete in the ordinary quota (with your competition points).",
        "uk": "За правилом 23/5 ви конкуруєте у звичайній квоті (з конкурсними балами).",
        "pl": "Według zasady 23/5 konkurujesz w kwocie zwykłej (punktami konkursowymi).",
        "ar": "وفق قاعدة 23/5 تتنافس في الحصة العادية (بنقاط المنافسة).",
    },
    "not_counted": {
        "nb": "Ikke regnet med: kjønnspoeng og opptaksprøver, som bare gjelder enkelte studier.",
        "nn": "Ikkje rekna med: kjønnspoeng og opptaksprøver, som berre gjeld einskilde studium.",
        "en": "Not included: gender points and admission tests, which apply only to some studies.",
        "uk": "Не враховано: бали за стать і вступні іспити, які стосуються лише деяких програм.",
        "pl": "Nie uwzględniono: punktów za płeć i egzaminów wstępnych, które dotyczą tylko niektórych kierunków.",
        "ar": "غير محتسب: نقاط الجنس واختبارات القبول، وهي تخص بعض الدراسات فقط.",
    },
    "official_note": {
        "nb": "Dette er et anslag. Den offisielle poengberegningen gjør Samordna opptak: {url}",
        "nn": "Dette er eit overslag. Den offisielle poengberekninga gjer Samordna opptak: {url}",
        "en": "This is an estimate. The official calculation is made by Samordna opptak: {url}",
        "uk": "Це лише оцінка. Офіційний розрахунок робить Samordna opptak: {url}",
        "pl": "To tylko szacunek. Oficjalne wyliczenie robi Samordna opptak: {url}",
        "ar": "هذا تقدير فقط. الحساب الرسمي تقوم به Samordna opptak: {url}",
    },
    "title": {
        "nb": "Poengene dine for opptaksåret {year}:", "nn": "Poenga dine for opptaksåret {year}:",
        "en": "Your points for the admission year {year}:", "uk": "Ваші бали на рік вступу {year}:",
        "pl": "Twoje punkty na rok rekrutacji {year}:", "ar": "نقاطك لسنة القبول {year}:",
    },
    "not_settled": {
        "nb": "Reglene for opptaksåret {year} er ikke avklart ennå (nye opptaksregler er på vei), så jeg regner ikke ut poeng for det året. Følg med hos Samordna opptak: {url}",
        "nn": "Reglane for opptaksåret {year} er ikkje avklarte enno (nye opptaksreglar er på veg), så eg reknar ikkje ut poeng for det året. Følg med hos Samordna opptak: {url}",
        "en": "The rules for the admission year {year} are not settled yet (new admission rules are on the way), so I won't work out points for that year. Keep an eye on Samordna opptak: {url}",
        "uk": "Правила на рік вступу {year} ще не остаточні (готуються нові правила вступу), тому я не рахую бали на цей рік. Стежте за Samordna opptak: {url}",
        "pl": "Zasady na rok rekrutacji {year} nie są jeszcze ustalone (nadchodzą nowe zasady przyjęć), więc nie liczę punktów na ten rok. Śledź Samordna opptak: {url}",
        "ar": "قواعد سنة القبول {year} لم تُحسم بعد (هناك قواعد قبول جديدة قادمة)، لذلك لن أحسب النقاط لتلك السنة. تابع Samordna opptak: {url}",
    },
}

DECIMAL_COMMA = {"nb", "nn", "uk", "pl"}


@dataclass(frozen=True)
class Explanation:
    language: str
    lines: tuple[str, ...]  # the text, line by line
    sources: tuple[str, ...]  # every rule url used, in order, without repeats
    note: str  # the official calculation is Samordna opptak's

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def number(value: float, language: str) -> str:
    shown = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return shown.replace(".", ",") if language in DECIMAL_COMMA else shown


def text(key: str, language: str, **values: object) -> str:
    return lookup(TEXTS, key, language if language in LANGUAGES else "en", **values)


def explain(result: PointsResult, language: str) -> Explanation:
    language = language if language in LANGUAGES else "en"
    note = text("official_note", language, url=SAMORDNA_URL)
    if not result.settled:
        url = result.sources[0] if result.sources else SAMORDNA_URL
        return Explanation(language, (text("not_settled", language, year=result.year, url=url),),
                           tuple(result.sources), note)
    n = lambda v: number(v, language)  # noqa: E731
    lines = [text("title", language, year=result.year)]
    sources: list[str] = []
    for line in result.lines:
        if line.rule == "grade_points":
            key = "grade_points_23_5" if line.detail.get("six_subjects") else "grade_points"
            shown = text(key, language, average=n(line.detail["average"]), points=n(line.points))
        elif line.rule == "age_points":
            shown = text("age_points", language, from_age=line.detail["from_age"], age=line.detail["age_in_year"],
                         year=result.year, points=n(line.points))
        else:
            shown = text(line.rule, language, points=n(line.points))
            if line.rule == "science_points" and line.detail.get("capped_groups"):
                shown += text("science_points_capped", language)
        lines.append("• " + shown)
        lines.append(text("source", language, url=line.source))
        if line.source not in sources:
            sources.append(line.source)
    lines.append(text("school_points", language, points=n(result.school_points)))
    lines.append(text("competition_points", language, points=n(result.competition_points)))
    quota_key = {"eligible": "quota_eligible", "too_old": "quota_too_old", "rule_23_5": "quota_23_5"}.get(
        result.first_time_reason, "quota_no_diploma")
    lines.append(text(quota_key, language, age=result.age_in_year, year=result.year))
    lines.append(text("source", language, url=result.quota_source))
    if result.quota_source and result.quota_source not in sources:
        sources.append(result.quota_source)
    if result.not_counted:
        lines.append(text("not_counted", language))
    lines.append(note)
    return Explanation(language, tuple(lines), tuple(sources), note)
