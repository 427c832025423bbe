"""Opening hours in words, in the six languages: "mandag–torsdag 08.30–22.00, fredag ...".

Used by the assistant when a citizen asks when counsellors are on the chat, so the answer always
follows HANDOVER_OPENING_HOURS and HANDOVER_CLOSED_DATES instead of a text that can go stale.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from core.texts import lookup
from handover.hours import OpeningHours

WEEKDAYS = {
    "nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
    "nn": ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "uk": ["понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"],
    "pl": ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"],
    "ar": ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
}
LANGUAGES_WITH_TEXT = tuple(WEEKDAYS)
AND = {"nb": " og ", "nn": " og ", "en": " and ", "uk": " і ", "pl": " i ", "ar": " و"}

TEXTS = {
    "week": {
        "nb": "Karriereveilederne er på chatten {week} (norsk tid).",
        "nn": "Karriererettleiarane er på chatten {week} (norsk tid).",
        "en": "The career counsellors are on the chat {week} (Norwegian time).",
        "uk": "Кар'єрні консультанти працюють у чаті: {week} (за норвезьким часом).",
        "pl": "Doradcy zawodowi są na czacie: {week} (czasu norweskiego).",
        "ar": "المستشارون المهنيون متاحون في الدردشة: {week} (بتوقيت النرويج).",
    },
    "always": {
        "nb": "Karriereveilederne er på chatten hele døgnet.",
        "nn": "Karriererettleiarane er på chatten heile døgeret.",
        "en": "The career counsellors are on the chat around the clock.",
        "uk": "Кар'єрні консультанти працюють у чаті цілодобово.",
        "pl": "Doradcy zawodowi są na czacie przez całą dobę.",
        "ar": "المستشارون المهنيون متاحون في الدردشة على مدار الساعة.",
    },
    "never": {
        "nb": "Chatten med karriereveiledere er stengt inntil videre.",
        "nn": "Chatten med karriererettleiarar er stengd inntil vidare.",
        "en": "The chat with career counsellors is closed until further notice.",
        "uk": "Чат із кар'єрними консультантами тимчасово закритий.",
        "pl": "Czat z doradcami zawodowymi jest do odwołania zamknięty.",
        "ar": "الدردشة مع المستشارين المهنيين مغلقة حتى إشعار آخر.",
    },
    "open_now": {
        "nb": "Chatten er åpen nå.", "nn": "Chatten er open no.", "en": "The chat is open now.",
        "uk": "Зараз чат відкритий.", "pl": "Czat jest teraz otwarty.", "ar": "الدردشة مفتوحة الآن.",
    },
    "opens": {
        "nb": "Den åpner igjen {when}.", "nn": "Han opnar igjen {when}.", "en": "It opens again {when}.",
        "uk": "Він знову відкриється {when}.", "pl": "Zostanie ponownie otwarty {when}.",
        "ar": "ستفتح مجددًا {when}.",
    },
    "rest": {
        "nb": "Jeg svarer hele døgnet. Karrieresentrene har egne åpningstider; spør meg om karrieresenteret der du bor.",
        "nn": "Eg svarar heile døgeret. Karrieresentera har eigne opningstider; spør meg om karrieresenteret der du bur.",
        "en": "I answer around the clock. The career centres have their own opening hours; ask me about the centre where you live.",
        "uk": "Я відповідаю цілодобово. Кар'єрні центри мають власний графік; запитайте мене про центр у вашому регіоні.",
        "pl": "Odpowiadam przez całą dobę. Centra kariery mają własne godziny otwarcia; zapytaj mnie o centrum w twoim regionie.",
        "ar": "أنا أجيب على مدار الساعة. للمراكز المهنية مواعيد عمل خاصة بها؛ اسألني عن المركز في منطقتك.",
    },
}


def _text(key: str, language: str, **values: str) -> str:
    return lookup(TEXTS, key, language, **values)


def _clock(moment: time, language: str) -> str:
    return moment.strftime("%H.%M" if language in ("nb", "nn") else "%H:%M")


def describe_week(hours: OpeningHours, language: str) -> str:
    """Consecutive days with the same hours are joined: "mandag–torsdag 08.30–22.00"."""
    days = WEEKDAYS.get(language, WEEKDAYS["en"])
    groups: list[tuple[int, int, tuple]] = []
    for day in range(7):
        ranges = hours.weekly.get(day, ())
        if groups and groups[-1][2] == ranges and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, ranges)
        else:
            groups.append((day, day, ranges))
    parts = []
    for first, last, ranges in groups:
        if not ranges:
            continue
        span = days[first] if first == last else f"{days[first]}–{days[last]}"
        times = ", ".join(f"{_clock(start, language)}–{_clock(end, language)}" for start, end in ranges)
        parts.append(f"{span} {times}")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + AND.get(language, AND["en"]) + parts[-1]
    return parts[0] if parts else ""


def when(at: datetime, language: str, timezone: str = "Europe/Oslo") -> str:
    local = at.astimezone(ZoneInfo(timezone))
    day = WEEKDAYS.get(language, WEEKDAYS["en"])[local.weekday()]
    return f"{day} {local:%d.%m} {_clock(local.time(), language)}"


def describe(hours: OpeningHours, language: str, at: datetime) -> str:
    """The weekly hours, whether the chat is open at ``at`` (or when it opens), and a pointer to
    the assistant and the career centres."""
    if hours.always and not hours.closed_dates:
        parts = [_text("always", language)]
    elif not hours.always and not hours.weekly:
        parts = [_text("never", language)]
    else:
        parts = [_text("always", language) if hours.always else
                 _text("week", language, week=describe_week(hours, language))]
        if hours.is_open(at):
            parts.append(_text("open_now", language))
        else:
            opens = hours.next_opening(at)
            if opens:
                parts.append(_text("opens", language, when=when(opens, language, hours.timezone)))
    parts.append(_text("rest", language))
    return " ".join(parts)
