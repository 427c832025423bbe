"""A request for a person in the citizen's own words, recognised without Rasa.

Used only while Rasa is down (``Conversation._without_assistant``): then nothing else can read
"I want to talk to a human", and such a request must still reach the queue (while Rasa runs, its
``request_human`` intent decides). The patterns ask for a person to talk to; they stay clear of
questions about people in general ("how do I become a counsellor", "who decides").
"""

import re

_PATTERNS = {
    "nb": r"\b(snakke|prate|chatte|skrive) med (en |et |ei )?(ekte |virkelig |levende )?"
          r"(menneske|person|veileder|rådgiver|karriereveileder|ansatt|noen)\b"
          r"|\b(ekte|virkelig) (menneske|person|veileder)\b|\bmenneskelig veileder",
    "nn": r"\b(snakke|prate|chatte|skrive) med (ein |eit |ei )?(ekte |verkeleg )?"
          r"(menneske|person|rettleiar|rådgjevar|veileder|tilsett|nokon)\b|\b(ekte|verkeleg) (menneske|person)\b",
    "en": r"\b(talk|speak|chat) (to|with) (a |an |someone|somebody)?(real |actual |live )?"
          r"(human|person|counsell?or|adviser|advisor|someone|somebody)\b|\b(real|actual|live) (human|person)\b",
    "uk": r"(поговорити|говорити|спілкуватися|зв'язатися|звʼязатися|зв’язатися) з "
          r"(живою |справжньою )?(людиною|консультантом|консультанткою|працівником|радником)",
    "pl": r"\b(porozmawiać|rozmawiać|pogadać|pisać) z (prawdziwym |żywym )?"
          r"(człowiekiem|osobą|doradcą|doradczynią|konsultantem|pracownikiem)\b",
    "ar": r"(التحدث|أتحدث|اتحدث|أتكلم|اتكلم|التكلم|الحديث) (مع|إلى|الى) "
          r"(شخص|إنسان|انسان|مستشار|مستشارة|موظف|موظفة|أحد)",
}
_COMPILED = re.compile("|".join(f"(?:{p})" for p in _PATTERNS.values()), re.IGNORECASE)


def asks_for_a_person(text: str) -> bool:
    """Whether the text asks to talk to a person (any of the six languages)."""
    return bool(_COMPILED.search(text or ""))
