"""The chat page's welcome: starting points by situation. A button sends
``/choose_topic{"topic": "<id>", "language": "<the page's language>"}``; the gateway takes these
payloads as buttons on offer at any time (they are on the page from the start, not in a bot
reply), answers in the button's language, and Rasa answers with the topic's
intro and articles for its audience (actions/exercise.py, action_topic_intro).

The titles are also in assistant/static/chat.js (the page shows them before any request); the
gateway keeps them to record what the citizen clicked in their language.
"""

import json
import re

TOPIC_TITLES: dict[str, dict[str, str]] = {
    "upper_secondary": {
        "nb": "Velge videregående (elever og foreldre)", "nn": "Velje vidaregåande (elevar og foreldre)",
        "en": "Choosing upper secondary (pupils and parents)", "uk": "Вибір старшої школи (учні та батьки)",
        "pl": "Wybór szkoły średniej (uczniowie i rodzice)", "ar": "اختيار المدرسة الثانوية (الطلاب والآباء)",
    },
    "higher_education": {
        "nb": "Høyere utdanning og poeng", "nn": "Høgare utdanning og poeng", "en": "Higher education and points",
        "uk": "Вища освіта та бали", "pl": "Studia wyższe i punkty", "ar": "التعليم العالي والنقاط",
    },
    "career_change": {
        "nb": "Bytte karriere", "nn": "Byte karriere", "en": "Changing career", "uk": "Зміна кар'єри",
        "pl": "Zmiana kariery", "ar": "تغيير المسار المهني",
    },
    "lost_job": {
        "nb": "Jeg har mistet jobben", "nn": "Eg har mista jobben", "en": "I have lost my job",
        "uk": "Я втратив(-ла) роботу", "pl": "Straciłem/straciłam pracę", "ar": "فقدت عملي",
    },
    "foreign_education": {
        "nb": "Utdanning fra utlandet", "nn": "Utdanning frå utlandet", "en": "Education from abroad",
        "uk": "Освіта з-за кордону", "pl": "Wykształcenie z zagranicy", "ar": "التعليم من الخارج",
    },
}


LANGUAGES = ("nb", "nn", "en", "uk", "pl", "ar")
PAYLOAD = re.compile(r"/choose_topic(\{.*\})", re.DOTALL)


def payload(topic: str, language: str) -> str:
    """What the button for ``topic`` sends, shown in ``language`` (the page's)."""
    return "/choose_topic" + json.dumps({"topic": topic, "language": language}, separators=(",", ":"))


def parse(text: str) -> tuple[str, str] | None:
    """(topic, language) of a welcome button's payload, or None when ``text`` is not one."""
    match = PAYLOAD.fullmatch(text.strip())
    if match is None:
        return None
    try:
        fields = json.loads(match.group(1))
    except ValueError:
        return None
    if not isinstance(fields, dict) or set(fields) != {"topic", "language"}:
        return None
    if fields["topic"] not in TOPIC_TITLES or fields["language"] not in LANGUAGES:
        return None
    return fields["topic"], fields["language"]


def title(topic: str, language: str) -> str:
    return TOPIC_TITLES[topic][language]
