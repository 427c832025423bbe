"""The NLU pipeline in config.yml, run by the real Rasa server: messages written for this test
(not in training_data/) in all six languages get the right intent, keyboard mashing is not
mistaken for a greeting, and the classifier's ranking comes from the e5 components."""

import httpx
import pytest

pytestmark = pytest.mark.integration

HELD_OUT = [
    ("nb", "hvor mange studiepoeng er en bachelorgrad?", "ask_information"),
    ("nn", "kor lenge må eg ha jobba for å ta fagbrev på jobb?", "ask_information"),
    ("en", "how do I get my nursing degree from abroad approved?", "ask_information"),
    ("uk", "як подати документи на навчання в університеті в Норвегії?", "ask_information"),
    ("pl", "jak zarejestrować się w NAV jako osoba poszukująca pracy?", "ask_information"),
    ("ar", "كيف أقدم طلبًا للدراسة الجامعية في النرويج؟", "ask_information"),
    ("nb", "jeg har jobbet på lager i tjue år og aner ikke hva jeg skal gjøre nå", "need_guidance"),
    ("nn", "eg trivst ikkje på linja eg går på og tenkjer på å byte", "need_guidance"),
    ("en", "I have no idea what kind of work would suit me", "need_guidance"),
    ("uk", "я не знаю, яку професію обрати після школи", "need_guidance"),
    # losing a job, said plainly, is no crisis (it was read as one: 0.62 for "jeg mistet jobben")
    ("nb", "mistet jobben på fredag", "need_guidance"),
    ("en", "I got fired last week", "need_guidance"),
    ("uk", "я залишилася без роботи", "need_guidance"),
    ("uk", "скільки годин навчання на тиждень у магістратурі?", "ask_information"),
    ("nb", "kan jeg få prate med en ekte veileder?", "request_human"),
    ("en", "put me through to a real person please", "request_human"),
    ("pl", "chcę porozmawiać z doradcą, nie z botem", "request_human"),
    ("nb", "jeg orker ikke mer, jeg vil dø", "crisis"),
    ("en", "I am going to kill myself tonight", "crisis"),
    ("ar", "أريد أن أنهي حياتي", "crisis"),
    ("nb", "finnes det et karrieresenter i nærheten av Hamar?", "career_centre"),
    ("en", "can I meet a career adviser face to face somewhere in Bergen?", "career_centre"),
    ("nb", "når kan jeg chatte med en veileder?", "opening_hours"),
    ("nb", "kan du svare på engelsk i stedet?", "change_language"),
    ("nb", "kan du anbefale en god pizzarestaurant?", "out_of_scope"),
    # information questions with a town, waiting, "is that a problem?" or a counsellor in them were
    # misrouted (a town read as career_centre, "waiting" as opening_hours, or nlu_fallback)
    ("en", "I'm a Swedish citizen moving to Bergen for a job. Do I have to register anywhere?", "ask_information"),
    ("ar", "بدي حط 12 برنامج بطلب samordna opptak، في مشكلة؟", "ask_information"),
    ("ar", "هل يمكنني العمل أثناء انتظار الترخيص؟", "ask_information"),
    ("en", "How long is the waiting time for a place on a Norwegian course in Oslo?", "ask_information"),
    ("pl", "Przeprowadzam się do Kristiansand do pracy, czy muszę się gdzieś zameldować?", "ask_information"),
    ("pl", "Czy doradcy w centrum kariery mają obowiązek zachowania tajemnicy?", "ask_information"),
    ("ar", "انتقلت إلى ستافانغر للعمل، هل يجب أن أسجل عنواني في مكان ما؟", "ask_information"),
    ("ar", "هل في مشكلة إذا قدمت على برنامج واحد فقط في samordna opptak؟", "ask_information"),
]


# A career goal said as a fact about oneself is information, never a crisis: "jeg vil bli ..." and
# "I want to ..." open crisis messages too, and most of these were read as crisis (0.77 for "Jeg vil
# bli tømrer"). None of these professions is in the training data.
CAREER_GOALS = [
    ("nb", "Jeg vil bli tømrer"), ("nb", "jeg har lyst til å bli tømrer"), ("nb", "Jeg vil bli lærer når jeg blir stor"),
    ("nn", "Eg vil bli tømrar"), ("nn", "eg vil bli sjukepleiar"),
    ("en", "I want to become a carpenter"), ("en", "I want to be a nurse"),
    ("uk", "Я хочу стати теслею"), ("uk", "хочу стати медсестрою"),
    ("pl", "Chcę zostać stolarzem"), ("pl", "chcę być pielęgniarką"),
    ("ar", "أريد أن أصبح نجاراً"), ("ar", "بدي صير ممرضة"),
]


@pytest.mark.parametrize("language, text", CAREER_GOALS, ids=[f"{g[0]}: {g[1]}" for g in CAREER_GOALS])
def test_a_career_goal_is_not_a_crisis(rasa_stack, language, text):
    parsed = parse(rasa_stack, text)
    assert parsed["intent"]["name"] != "crisis", parsed["intent_ranking"][:3]
    assert parsed["intent"]["name"] in ("ask_information", "need_guidance"), parsed["intent_ranking"][:3]


# Wanting to quit school or studies is a need for guidance; "eg vil slutte på vidaregåande" and
# "я більше не хочу вчитися" were read as crisis. None of these is in the training data.
QUITTING = [
    ("nb", "jeg vil slutte på skolen"), ("nn", "eg vil slutte på vidaregåande"), ("en", "I want to quit my studies"),
    ("uk", "я більше не хочу вчитися"), ("pl", "chcę rzucić studia"), ("ar", "لا أريد أن أدرس بعد الآن"),
]


@pytest.mark.parametrize("language, text", QUITTING, ids=[f"{q[0]}: {q[1]}" for q in QUITTING])
def test_wanting_to_quit_school_is_a_need_for_guidance(rasa_stack, language, text):
    parsed = parse(rasa_stack, text)
    assert parsed["intent"]["name"] == "need_guidance", parsed["intent_ranking"][:3]


def parse(rasa_stack, text: str) -> dict:
    return httpx.post(f"{rasa_stack['rasa_url']}/model/parse", json={"text": text}, timeout=30).json()


@pytest.mark.parametrize("language, text, intent", HELD_OUT, ids=[f"{h[0]}: {h[1][:30]}" for h in HELD_OUT])
def test_unseen_messages_get_the_right_intent(rasa_stack, language, text, intent):
    parsed = parse(rasa_stack, text)
    assert parsed["intent"]["name"] == intent, f"{text!r}: {parsed['intent_ranking'][:3]}"


@pytest.mark.parametrize("text", ["asdfgh", "kjhkjhkjh", "qqqqqq"])
def test_keyboard_mashing_is_not_a_greeting_or_thanks(rasa_stack, text):
    assert parse(rasa_stack, text)["intent"]["name"] in ("out_of_scope", "nlu_fallback")


def test_the_ranking_is_a_probability_distribution_over_the_intents(rasa_stack):
    ranking = parse(rasa_stack, "hei, hvordan søker jeg på høyere utdanning?")["intent_ranking"]
    assert len(ranking) == 10 and all(0.0 <= r["confidence"] <= 1.0 for r in ranking)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True) and sum(confidences) <= 1.0 + 1e-6


ENTITIES = [  # written for this test; old county names, inflected and non-Latin names map to the value
    ("jeg bor i Hordaland og vil snakke med noen", {("county", "Vestland")}),
    ("Finnes det et karrieresenter i Sør-Trøndelag?", {("county", "Trøndelag")}),
    ("eg bur på Voss, kvar er næraste karrieresenter?", {("place", "Voss")}),
    ("Я живу в Бергені, де кар'єрний центр?", {("place", "Bergen")}),
    ("أين مركز الإرشاد المهني في أوسلو؟", {("county", "Oslo")}),
    ("jeg bor i mo i rana", {("place", "mo i rana")}),  # the whole name, not "mo"
    ("Czy możemy rozmawiać po polsku?", {("language", "pl")}),
    ("هل يمكن أن نتحدث بالعربية؟", {("language", "ar")}),
    ("Hvor lenge varer en bachelorgrad?", set()),
]


@pytest.mark.parametrize("text, expected", ENTITIES, ids=[e[0][:30] for e in ENTITIES])
def test_places_counties_and_languages_are_found_and_mapped_to_their_value(rasa_stack, text, expected):
    found = {(e["entity"], e["value"]) for e in parse(rasa_stack, text)["entities"]}
    assert found == expected
