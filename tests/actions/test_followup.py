"""Follow-up questions in six languages: what the conversation carries into a new message, and
what starts fresh (``actions/followup.py``), and how the answer action uses it."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions.followup import Turn, history, is_question, read
from tests.actions.trackers import tracker

pytestmark = pytest.mark.unit


def asked(question: str) -> list[Turn]:
    """An earlier question the answer action read as it stands."""
    return [Turn(question, question, answered=True)]


def said(statement: str) -> list[Turn]:
    """An earlier statement about the person that no answer read (e.g. a reflective need)."""
    return [Turn(statement, statement)]


# ---- the same question about another level or subject

@pytest.mark.parametrize("language, earlier, text, expected", [
    ("nb", "Når er søknadsfristen for videregående?", "Og for høyere utdanning?",
     "Når er søknadsfristen for høyere utdanning?"),
    ("nb", "hva er en bachelorgrad?", "og en master?", "hva er en master?"),
    ("nn", "Når er søknadsfristen til vidaregåande?", "og til universitetet?",
     "Når er søknadsfristen til universitetet?"),
    ("nn", "Kor lenge varer ein bachelorgrad?", "Og ein master?", "Kor lenge varer ein master?"),
    ("en", "What is the application deadline for upper secondary school?", "And for university?",
     "What is the application deadline for university?"),
    ("en", "How long is a bachelor's degree in Norway?", "and a master's?", "How long is a master's in Norway?"),
    ("uk", "Скільки років навчаються на бакалавра?", "а на магістра?", "Скільки років навчаються на магістра?"),
    ("pl", "Ile trwają studia licencjackie?", "a co z magistrem?", "Ile trwają magistrem?"),
    ("ar", "كم سنة تستغرق البكالوريوس؟", "وماذا عن الماجستير؟", "كم سنة تستغرق الماجستير؟"),
])
def test_another_level_is_asked_the_earlier_question(language, earlier, text, expected):
    reading = read(text, language, asked(earlier))
    assert reading.follow_up and reading.certain and reading.how == "same_question"
    assert reading.question == expected
    assert reading.anchor == earlier
    # The search hint is the earlier question without its old level, so it cannot pull back to it.
    assert reading.hint is not None and len(reading.hint) < len(earlier)
    assert all(word.strip("?؟") in earlier for word in reading.hint.split())


def test_another_subject_keeps_what_was_asked_and_drops_the_old_subject():
    reading = read("what about nursing?", "en", asked("How long does it take to become an electrician?"))
    assert reading.how == "same_question" and reading.hint is None
    assert reading.question.startswith("How long does it take") and "nursing" in reading.question
    assert "electrician" not in reading.question


# ---- a new question about the same thing

@pytest.mark.parametrize("language, earlier, text, carried", [
    ("nb", "Hva er en fagskole?", "Hvor lenge varer det?", ["fagskole"]),
    ("nb", "Hva er karakterpoeng?", "hva er maks?", ["karakterpoeng"]),
    ("nb", "Hvordan blir man praksiskandidat?", "hvor mye erfaring trenger jeg?", ["praksiskandidat"]),
    ("nb", "Hva er folkehøgskole?", "kan jeg få lån til det?", ["folkehøgskole"]),
    ("nn", "Kva er fagskule?", "kor lenge varer det?", ["fagskule"]),
    ("nn", "korleis søkjer eg om stipend frå Lånekassen?", "kva er fristen?", ["stipend", "Lånekassen"]),
    ("en", "What are grade points?", "what's the maximum?", ["grade", "points"]),
    ("en", "How do I apply for student support from Lånekassen?", "what's the deadline?", ["Lånekassen"]),
    ("uk", "Як отримати визнання моєї вищої освіти з України?", "А скільки це коштує?", ["визнання", "України"]),
    ("uk", "Як зареєструватися в NAV як шукач роботи?", "а якщо я не можу онлайн?", ["NAV", "онлайн"]),
    ("pl", "Jak uznać w Norwegii moje studia z Polski?", "a ile to kosztuje?", ["uznać", "Polski"]),
    ("pl", "Jak zarejestrować się w NAV jako bezrobotny?", "a jak często muszę to potwierdzać?", ["NAV"]),
    ("ar", "كيف أعادل شهادتي الجامعية من سوريا في النرويج؟", "وكم يكلف ذلك؟", ["أعادل", "سوريا"]),
    ("ar", "هل تعلم اللغة النرويجية مجاني؟", "ومن ينظمه؟", ["اللغة", "النرويجية"]),
])
def test_a_question_without_its_own_subject_gets_the_earlier_subject(language, earlier, text, carried):
    reading = read(text, language, asked(earlier))
    assert reading.follow_up and reading.certain and reading.how == "same_topic"
    for word in carried:
        assert word in reading.question
    assert reading.hint == earlier


def test_the_new_level_replaces_the_old_one_but_a_level_the_person_lacks_stays():
    situation = asked("Jeg er 26 og har ikke fullført videregående, kan jeg søke høyskole?")
    reading = read("og når er fristen for universitetet?", "nb", situation)
    assert "universitetet" in reading.question and "høyskole" not in reading.question
    assert "ikke fullført videregående" in reading.question


# ---- the person's situation

@pytest.mark.parametrize("language, statement, text", [
    ("nb", "Jeg er 26 og har ikke fullført videregående", "Kan jeg likevel søke på høyskole?"),
    ("nn", "Eg er 30 og manglar studiekompetanse", "kan eg søkje høgskule likevel?"),
    ("en", "I'm a nurse from the Philippines", "do I need authorisation to work here?"),
    ("uk", "Я лікар з України", "що мені потрібно, щоб працювати тут?"),
    ("pl", "Jestem pielęgniarką z Polski", "czego potrzebuję, żeby pracować w Norwegii?"),
    ("ar", "أنا طبيب من سوريا", "ماذا أحتاج للعمل في النرويج؟"),
])
def test_a_statement_about_oneself_is_the_situation_of_the_next_question(language, statement, text):
    reading = read(text, language, said(statement))
    assert reading.follow_up and reading.how == "situation"
    assert statement in reading.question and reading.question.startswith(text.rstrip("?؟"))


@pytest.mark.parametrize("language, statement, text, expected", [
    ("nb", "Jeg vurderer å bli elektriker", "Hvor lang tid tar det?", "Hvor lang tid tar det for å bli elektriker?"),
    ("nn", "Eg vil bli sjukepleiar", "kor lenge varer utdanninga?", "kor lenge varer utdanninga for å bli sjukepleiar?"),
    ("en", "I'm thinking of becoming an electrician", "How long does it take?",
     "How long does it take to become an electrician?"),
    ("uk", "Я хочу стати електриком", "скільки це триває?", "скільки це триває щоб стати електриком?"),
    ("pl", "Chcę zostać elektrykiem", "ile to trwa?", "ile to trwa żeby zostać elektrykiem?"),
    ("ar", "أريد أن أصبح كهربائيا", "كم يستغرق ذلك؟", "كم يستغرق ذلك لكي أصبح كهربائيا؟"),
])
def test_a_goal_the_person_names_is_what_the_next_question_is_for(language, statement, text, expected):
    reading = read(text, language, said(statement))
    assert reading.how == "situation" and reading.question == expected


def test_the_situation_carries_through_a_chain_of_follow_ups():
    first = read("Kan jeg likevel søke på høyskole?", "nb", said("Jeg er 26 og har ikke fullført videregående"))
    earlier = [Turn("Jeg er 26 og har ikke fullført videregående", "Jeg er 26 og har ikke fullført videregående"),
               Turn("Kan jeg likevel søke på høyskole?", first.question, answered=True)]
    second = read("Når er fristen?", "nb", earlier)
    assert second.how == "same_topic"
    for word in ("fristen", "høyskole", "26", "ikke", "fullført", "videregående"):
        assert word in second.question


# ---- a new topic starts fresh

@pytest.mark.parametrize("language, earlier, text", [
    ("nb", "Hvordan søker jeg lån fra Lånekassen?", "Hva er en folkehøgskole?"),
    ("nb", "Hva er en fagskole?", "Hvordan registrerer jeg meg som arbeidssøker?"),
    ("nn", "Kva er søknadsfristen til vidaregåande?", "Kva er karakterpoeng?"),
    ("en", "How much do apprentices get paid?", "How do I register as a job seeker?"),
    ("en", "What's the deadline for Samordna opptak?", "What is the 23/5 rule?"),
    ("uk", "Як отримати визнання диплома?", "Як зареєструватися в NAV?"),
    ("pl", "Jak napisać CV po norwesku?", "Jak zarejestrować się jako bezrobotny w NAV?"),
    ("ar", "ما هو برنامج التعريف؟", "كيف أكتب سيرة ذاتية؟"),
    ("nb", "Hva er en fagskole?", "takk!"),
])
def test_a_message_that_stands_on_its_own_starts_fresh(language, earlier, text):
    reading = read(text, language, asked(earlier))
    assert reading == read(text, language, [])
    assert not reading.follow_up and reading.question == text and reading.hint is None


def test_a_question_of_its_own_that_also_points_back_is_left_to_the_answers():
    reading = read("og hva er en fagskole?", "nb", asked("Når er søknadsfristen for videregående?"))
    assert reading.follow_up and not reading.certain and not reading.refers_back
    reading = read("kor mange studiepoeng gir det?", "nn", asked("Kva er ein bachelorgrad?"))
    assert not reading.certain and reading.refers_back and "bachelorgrad" in reading.question


def test_with_nothing_before_every_message_is_fresh():
    assert read("Hvor lenge varer det?", "nb", []) == read("Hvor lenge varer det?", "nb", [])
    assert not read("Hvor lenge varer det?", "nb", []).follow_up


@pytest.mark.parametrize("language, text, question", [
    ("nb", "Jeg vurderer å bli elektriker", False), ("nb", "hvordan søker jeg lånekassen", True),
    ("en", "I'm thinking of becoming an electrician", False), ("en", "what is fagskole", True),
    ("uk", "Я лікар з України", False), ("pl", "Jestem pielęgniarką z Polski", False),
    ("ar", "أنا طبيب من سوريا", False), ("ar", "كيف أكتب سيرة ذاتية", True),
])
def test_statements_and_questions_are_told_apart(language, text, question):
    assert is_question(text, language) is question


# ---- the conversation from the tracker's events

def test_history_keeps_what_each_message_was_taken_to_mean():
    events = tracker("og for master?", "ask_information", history=[
        ("hei", None, "greet"),
        ("Hva er en bachelorgrad?", "Hva er en bachelorgrad?", "ask_information"),
        ("/feedback_helpful", None, "feedback_helpful"),
        ("takk", None, "thanks"),
        ("hvor lang tid tar det?", "hvor lang tid tar det bachelorgrad?", "ask_information"),
    ]).events
    assert history(events) == [
        Turn("Hva er en bachelorgrad?", "Hva er en bachelorgrad?", answered=True),
        Turn("hvor lang tid tar det?", "hvor lang tid tar det bachelorgrad?", answered=True),
    ]


def test_history_drops_messages_rasa_reverted_and_starts_again_with_a_new_session():
    events = [
        {"event": "user", "text": "Hva er en fagskole?", "parse_data": {}},
        {"event": "session_started"},
        {"event": "user", "text": "Jeg er sykepleier fra Polen", "parse_data": {}},
        {"event": "user", "text": "??", "parse_data": {}},
        {"event": "rewind"},
        {"event": "user", "text": "hvor søker jeg?", "parse_data": {}},
    ]
    assert history(events) == [Turn("Jeg er sykepleier fra Polen", "Jeg er sykepleier fra Polen")]


# ---- the answer action reads the message in the light of the conversation

class KnowledgeBase:
    """Answers from a table: question (or (question, topic hint)) -> (article, confidence); anything
    else is not confident."""

    def __init__(self, table: dict[str, tuple[str, float]]):
        self.table = table
        self.calls = []
        self.focus = []

    def answer(self, question, language, topic_hint=None, audience=None, county=None, focus=None):
        self.calls.append((question, topic_hint))
        self.focus.append(focus)
        article, confidence = self.table.get((question, topic_hint), self.table.get(question, ("none", 0.1)))
        source = SimpleNamespace(article_id=article, title=article, url=f"https://example.org/{article}",
                                 reviewed="2026-05-01", section="", stale=False)
        return SimpleNamespace(text=f"Svar fra {article}.", confident=confidence >= 0.5, confidence=confidence,
                               sources=[source], other_language=False, notes=(), stale=False)

    def analyzer(self, language):
        return None


def run(tracker_, kb, monkeypatch):
    monkeypatch.setattr(answer_module, "get_knowledge_base", lambda: kb)
    monkeypatch.setattr(answer_module, "log_unanswered", lambda *args, **kwargs: None)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(answer_module.ActionAnswerQuestion().run(dispatcher, tracker_, {}))
    return [m["custom"] for m in dispatcher.messages], events


def test_a_follow_up_is_answered_as_the_person_means_it(monkeypatch):
    rewritten = "Når er søknadsfristen for høyere utdanning?"
    kb = KnowledgeBase({rewritten: ("samordna-opptak-soknadsfrister", 0.9)})
    earlier = ("Når er søknadsfristen for videregående?",) * 2 + ("ask_information",)
    messages, events = run(tracker("Og for høyere utdanning?", "ask_information", history=[earlier]), kb, monkeypatch)
    assert kb.calls == [(rewritten, "Når er søknadsfristen for ?")]
    assert messages[0]["kind"] == "answer" and "samordna" in messages[0]["text"]
    assert SlotSet("last_question", rewritten) in events


def test_a_new_topic_is_asked_as_it_stands_without_the_old_topic(monkeypatch):
    kb = KnowledgeBase({"Hva er en folkehøgskole?": ("folkehogskole", 0.95),
                        "Hva er en folkehøgskole lån?": ("folkehogskole", 0.9)})
    earlier = ("Hvordan søker jeg lån?", "Hvordan søker jeg lån?", "ask_information")
    messages, events = run(tracker("Hva er en folkehøgskole?", "ask_information", history=[earlier]), kb, monkeypatch)
    # asked on its own, and with the earlier question's subject (the same article: nothing to choose)
    assert kb.calls == [("Hva er en folkehøgskole?", None), ("Hva er en folkehøgskole lån?", "Hvordan søker jeg lån?")]
    assert "folkehogskole" in messages[0]["text"]
    assert SlotSet("last_question", "Hva er en folkehøgskole?") in events


LEAVE = ("kan jeg ta utdanningspermisjon fra jobben?",) * 2 + ("ask_information",)
NOTICE = "hvor lang tid før må jeg si fra til sjefen?"
# asked again with the earlier question's subject ("... utdanningspermisjon jobben?") and as a hint
NOTICE_ON_LEAVE = "hvor lang tid før må jeg si fra til sjefen utdanningspermisjon jobben?"


@pytest.mark.parametrize("alone, contextual, chosen", [
    # about as confident in the light of the earlier question: the conversation's topic wins
    (("oppsagt-eller-permittert", 0.6), ("utdanningspermisjon", 0.57), "utdanningspermisjon"),
    # clearly better on its own: a new topic
    (("oppsagt-eller-permittert", 0.9), ("utdanningspermisjon", 0.7), "oppsagt-eller-permittert"),
])
def test_a_question_of_its_own_may_still_continue_the_topic(monkeypatch, alone, contextual, chosen):
    kb = KnowledgeBase({(NOTICE, None): alone, (NOTICE_ON_LEAVE, LEAVE[0]): contextual})
    messages, events = run(tracker(NOTICE, "ask_information", history=[LEAVE]), kb, monkeypatch)
    assert kb.calls == [(NOTICE, None), (NOTICE_ON_LEAVE, LEAVE[0])]
    assert messages[0]["kind"] == "answer" and chosen in messages[0]["text"]
    taken = NOTICE_ON_LEAVE if chosen == "utdanningspermisjon" else NOTICE
    assert SlotSet("last_question", taken) in events


def test_a_question_the_portal_cannot_answer_is_not_pulled_into_the_earlier_topic(monkeypatch):
    # "how do I get a driving licence?" after a question about leave: the earlier topic's article
    # would answer it confidently with the hint, but on its own nothing does
    text = "hvordan tar jeg førerkort?"
    kb = KnowledgeBase({(text, None): ("arbeid-for-innvandrere", 0.3), (text, LEAVE[0]): ("utdanningspermisjon", 0.8)})
    messages, _ = run(tracker(text, "ask_information", history=[LEAVE]), kb, monkeypatch)
    assert messages[0]["kind"] == "fallback"


def test_without_the_events_the_last_question_slot_is_the_topic(monkeypatch):
    kb = KnowledgeBase({"fristen fagskole?": ("fagskole", 0.8)})
    messages, events = run(tracker("og hva med fristen?", "ask_information", last_question="Hva er en fagskole?"),
                           kb, monkeypatch)
    assert kb.calls == [("fristen fagskole?", "Hva er en fagskole?")]
    assert messages[0]["kind"] == "answer" and SlotSet("last_question", "fristen fagskole?") in events


def test_a_miss_keeps_the_topic_for_the_next_follow_up(monkeypatch):
    kb = KnowledgeBase({})
    earlier = ("Hva er en fagskole?", "Hva er en fagskole?", "ask_information")
    messages, events = run(tracker("hva koster det?", "nlu_fallback", history=[earlier]), kb, monkeypatch)
    assert messages[0]["kind"] == "fallback"
    assert SlotSet("last_question", "hva koster det fagskole?") in events
    assert SlotSet("unhelpful_answers", 1.0) in events


@pytest.mark.parametrize("alone, contextual, chosen", [
    (("fagskole", 0.9), ("videregaende-soknadsfrist", 0.7), "fagskole"),  # confident, another article: fresh
    (("fagskole", 0.6), ("videregaende-soknadsfrist", 0.8), "videregaende-soknadsfrist"),  # less sure
    (("fagskole", 0.3), ("videregaende-soknadsfrist", 0.8), "videregaende-soknadsfrist"),  # not confident
    (("fagskole", 0.9), ("videregaende-soknadsfrist", 0.2), "fagskole"),  # only the standalone is confident
])
def test_when_both_readings_fit_a_confident_standalone_answer_about_another_article_wins(
        monkeypatch, alone, contextual, chosen):
    text = "og hva er en fagskole?"
    earlier = ("Når er søknadsfristen for videregående?",) * 2 + ("ask_information",)
    rewritten = "hva er en fagskole?"
    kb = KnowledgeBase({text: alone, rewritten: contextual})
    messages, events = run(tracker(text, "ask_information", history=[earlier]), kb, monkeypatch)
    assert [call[0] for call in kb.calls] == [rewritten, text]
    assert chosen in messages[0]["text"]
    assert SlotSet("last_question", text if chosen == "fagskole" else rewritten) in events


def test_a_message_that_names_the_earlier_topic_stays_with_it(monkeypatch):
    text = "kor mange studiepoeng gir det?"
    rewritten = "kor mange studiepoeng gir det bachelorgrad?"
    kb = KnowledgeBase({text: ("studiepoeng", 0.95), rewritten: ("bachelor-master-phd", 0.9)})
    earlier = ("Kva er ein bachelorgrad?",) * 2 + ("ask_information",)
    messages, _ = run(tracker(text, "ask_information", language="nn", history=[earlier]), kb, monkeypatch)
    assert "bachelor-master-phd" in messages[0]["text"]


# ---- a short message of its own words, without "og"/"what about": two readings compete

def test_a_bare_subject_without_a_connector_is_read_both_ways():
    # "tel deltidsjobb med?" after "kva krev 23/5-regelen?" asks whether part-time work counts for
    # 23/5-regelen (same topic), not "kva tel deltidsjobb med?" about part-time work in general.
    reading = read("tel deltidsjobb med?", "nn", asked("kva krev 23/5-regelen?"))
    assert reading.how == "same_question" and reading.alternative is not None
    assert reading.alternative.how == "same_topic"
    assert "deltidsjobb" in reading.alternative.question and "23/5-regelen" in reading.alternative.question
    # with a connector it is the same question about another subject, as before
    reading = read("og for deltidsjobb?", "nn", asked("kva krev 23/5-regelen?"))
    assert reading.alternative is None


@pytest.mark.parametrize("same_question, same_topic, chosen", [
    (("deltid-og-nettstudier", 0.6), ("23-5-regelen-nn", 0.85), "23-5-regelen-nn"),
    (("deltid-og-nettstudier", 0.9), ("23-5-regelen-nn", 0.7), "deltid-og-nettstudier"),
])
def test_of_two_readings_the_more_confident_answer_wins(monkeypatch, same_question, same_topic, chosen):
    text = "tel deltidsjobb med?"
    earlier = ("kva krev 23/5-regelen?",) * 2 + ("ask_information",)
    reading = read(text, "nn", asked(earlier[0]))
    kb = KnowledgeBase({reading.question: same_question, reading.alternative.question: same_topic})
    messages, events = run(tracker(text, "ask_information", language="nn", history=[earlier]), kb, monkeypatch)
    assert [call[0] for call in kb.calls] == [reading.question, reading.alternative.question]
    assert chosen in messages[0]["text"]
    taken = reading.alternative.question if chosen == "23-5-regelen-nn" else reading.question
    assert SlotSet("last_question", taken) in events


def test_a_full_question_after_a_statement_is_compared_with_itself_alone():
    # "I have worked in the same firm for 5 years" then "can I get leave to study?": the question
    # stands on its own (a subject and a question word); read with the statement, "5 years" pulls
    # it towards 23/5-regelen. Both readings go to the answers, where a confident standalone
    # answer about another article wins.
    reading = read("czy mogę dostać urlop żeby iść na studia?", "pl", said("Pracuję w tej samej firmie od 5 lat"))
    assert reading.how == "situation" and not reading.certain
    # a question without its own subject still takes the situation as it is
    assert read("Hvor mye koster det?", "nb", said("Jeg er 26 og har ikke fullført videregående")).certain


def test_after_a_statement_a_confident_answer_to_the_question_alone_about_another_article_wins(monkeypatch):
    text = "czy mogę dostać urlop żeby iść na studia?"
    statement = ("Pracuję w tej samej firmie od 5 lat",) * 2 + ("need_guidance",)
    reading = read(text, "pl", said(statement[0]))
    kb = KnowledgeBase({text: ("utdanningspermisjon-pl", 0.9), reading.question: ("23-5-regelen-pl", 0.7)})
    messages, events = run(tracker(text, "ask_information", language="pl", history=[statement]), kb, monkeypatch)
    assert "utdanningspermisjon-pl" in messages[0]["text"]
    assert SlotSet("last_question", text) in events


def test_after_a_statement_the_answer_is_chosen_by_what_the_new_message_asks(monkeypatch):
    # "I want to write my CV in Norwegian" + "where can I make it online?": the search needs the
    # statement, but the sentence is chosen by the words of the question itself.
    text = "gdzie mogę je zrobić online?"
    statement = ("chcę napisać CV po norwesku",) * 2 + ("need_guidance",)
    reading = read(text, "pl", said(statement[0]))
    kb = KnowledgeBase({reading.question: ("skrive-cv-pl", 0.9)})
    run(tracker(text, "ask_information", language="pl", history=[statement]), kb, monkeypatch)
    assert kb.calls[0][0] == reading.question and kb.focus[0] == text


def test_a_same_topic_follow_up_is_answered_by_all_its_words(monkeypatch):
    kb = KnowledgeBase({"fristen fagskole?": ("fagskole", 0.8)})
    run(tracker("og hva med fristen?", "ask_information", last_question="Hva er en fagskole?"), kb, monkeypatch)
    assert kb.focus == [None]


@pytest.mark.parametrize("language, statement, text", [
    # nynorsk calls a bachelorgrad "han": "kan eg få han godkjend?" is about the degree just named
    ("nn", "Eg har ein bachelorgrad frå Iran", "kan eg få han godkjend i Noreg?"),
    ("nb", "Sønnen min er 16 år", "kan han søke på yrkesfag?"),
    ("en", "My daughter finished upper secondary in Syria", "can she apply to university here?"),
])
def test_a_pronoun_for_what_was_just_named_points_back(language, statement, text):
    reading = read(text, language, said(statement))
    assert reading.how == "situation" and reading.refers_back
