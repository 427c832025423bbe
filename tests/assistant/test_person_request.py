"""Asking for a person in words, recognised without Rasa (used while Rasa is down)."""

import pytest

from assistant.person_request import asks_for_a_person

ASKS = [
    "jeg vil snakke med et menneske", "Kan jeg få prate med en ekte veileder?", "kan eg snakke med ein rettleiar",
    "I want to talk to a real person", "can I speak with a counsellor please", "Можна поговорити з живою людиною?",
    "Хочу поговорити з консультантом", "Chcę porozmawiać z doradcą", "czy mogę porozmawiać z człowiekiem?",
    "أريد التحدث مع شخص", "هل يمكنني التحدث مع مستشار؟",
]
OTHER = [
    "Hvordan blir jeg karriereveileder?", "Hvem bestemmer opptaket?", "How do I become a career adviser?",
    "Når er søknadsfristen for videregående?", "Як стати консультантом?", "Jak zostać doradcą zawodowym?",
    "كيف أصبح مستشارًا مهنيًا؟", "jeg snakker med sjefen min om permisjon i morgen", "",
]


@pytest.mark.parametrize("text", ASKS)
def test_a_request_for_a_person_is_recognised_in_every_language(text):
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", OTHER)
def test_questions_about_counsellors_and_people_are_not_requests(text):
    assert not asks_for_a_person(text)
