"""Information questions: search the knowledge base and answer with cited sentences.

A follow-up ("og for høyere utdanning?", "how long does it take?") is read in the light of the
conversation first (``actions/followup.py``): the knowledge base is asked the rewritten question,
and the ``last_question`` slot keeps what the message was taken to mean, so the next follow-up
builds on it. When both readings are plausible, a confident standalone answer about another
article starts a new topic.

A question the knowledge base is not confident about is logged, anonymised, for the editors
(``actions/clients/unanswered_log.py``).
"""

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followup, texts
from actions.base import button, language_of, latest_text, send
from actions.reflection import situation_of
from actions.clients.knowledge import get_knowledge_base, remember_parsed_vector
from actions.clients.unanswered_log import UnansweredLog


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        text = latest_text(tracker)
        kb = get_knowledge_base()
        remember_parsed_vector(kb, tracker.latest_message)
        earlier = followup.history(tracker.events)
        if not earlier and tracker.get_slot("last_question"):  # a tracker without its events
            earlier = [followup.Turn(tracker.get_slot("last_question"), tracker.get_slot("last_question"), True)]
        known = known_of(tracker)
        # The search is CPU work (embedding, faiss, numpy release the GIL): off the event loop, so
        # the action server keeps serving other conversations meanwhile.
        reading, answer = await asyncio.to_thread(answer_in_context, kb, text, language, earlier, **known)
        question = reading.question
        unhelpful = float(tracker.get_slot("unhelpful_answers") or 0)
        offer = [button(texts.text("button_counsellor", language), "/request_human"),
                 button(texts.text("button_centre", language), "/career_centre")]
        if not answer.confident:
            log_unanswered(question, language, answer.confidence, lambda lang: kb.analyzer(lang), tracker.sender_id)
            send(dispatcher, "fallback", texts.text("not_sure", language), language,
                 buttons=offer, confidence=round(answer.confidence, 3))
            # The topic stays, so that "and the deadline?" after a miss still means this question.
            return [SlotSet("unhelpful_answers", unhelpful + 1), SlotSet("last_question", question)]
        send_answer(dispatcher, answer, language)
        return [SlotSet("last_question", question), shown_articles(tracker, answer)]


def send_answer(dispatcher: CollectingDispatcher, answer, language: str) -> None:
    """A confident answer as the clients show it: its text, sources, confidence and notes."""
    sources = [source_fields(s) for s in answer.sources]
    fields: dict[str, Any] = {"sources": sources, "confidence": round(answer.confidence, 3)}
    if answer.notes:
        # The other-language note naming the article's language, then the stale note with the
        # date the article was last checked (knowledge/notes.py), in the asked language.
        fields["note"] = " ".join(answer.notes)
    if answer.stale:
        # Chosen: a stale article is quoted, marked with when it was last checked, and a
        # counsellor is offered beside it (not left out: the fact is usually still right).
        fields["stale"] = True
        fields["buttons"] = [button(texts.text("button_counsellor", language), "/request_human")]
    send(dispatcher, "answer", answer.text, language, **fields)


def shown_articles(tracker: Tracker, answer) -> SlotSet:
    """The ``shown_articles`` slot with the answer's sources added (the last ten)."""
    shown = list(tracker.get_slot("shown_articles") or [])
    shown += [{"id": s.article_id, "title": s.title, "url": s.url, "topics": list(getattr(s, "topics", ()))} for s in answer.sources
              if s.article_id not in {a.get("id") for a in shown}]
    return SlotSet("shown_articles", shown[-10:])


# The situation the citizen describes (actions/reflection.py) → the articles' audience it points to.
AUDIENCE_OF_SITUATION = {
    "foreign_education": "immigrants",
    "lost_job": "adults",
    "career_change": "adults",
    "unhappy_at_work": "adults",
    "no_upper_secondary": "adults",
    "after_lower_secondary": "youth",
    "after_upper_secondary": "youth",
    "parents": "parents",
}


def known_of(tracker: Tracker) -> dict[str, str | None]:
    """What the conversation tells the search about the person: their audience and county."""
    return {"audience": audience_of(tracker), "county": tracker.get_slot("county") or None}


def audience_of(tracker: Tracker) -> str | None:
    """The audience the conversation so far points to, from the latest citizen message that
    describes a situation (None when none does): it favours that audience's articles."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user" and event.get("text"):
            situation = situation_of(event["text"])
            if situation in AUDIENCE_OF_SITUATION:
                return AUDIENCE_OF_SITUATION[situation]
    return None


def source_fields(source) -> dict[str, Any]:
    """A source as the clients show it: title, link, last checked, and the quoted section."""
    fields: dict[str, Any] = {"title": source.title, "url": source.url, "reviewed": source.reviewed}
    if source.section:
        fields["section"] = source.section
    if source.stale:
        fields["stale"] = True
    return fields


def answer_in_context(kb, text: str, language: str, earlier: list[followup.Turn], *,
                      audience: str | None = None, county: str | None = None):
    """(reading, answer): the message read in the light of the earlier turns, and the knowledge
    base's answer to what it was taken to mean. ``audience`` and ``county`` come from the
    conversation (triage) when known."""
    known = {"audience": audience, "county": county}
    reading = followup.read(text, language, earlier)
    if not reading.follow_up:
        alone = kb.answer(text, language=language, **known)
        if earlier and followup.is_question(text, language):
            return _continuing(kb, text, language, earlier[-1], reading, alone, known)
        return reading, alone
    # Read with a statement about oneself ("chcę napisać CV po norwesku" + "gdzie mogę je zrobić
    # online?"), the search needs the statement; which sentence answers is what the new message asks.
    focus = text if reading.how == "situation" else None
    contextual = kb.answer(reading.question, language=language, topic_hint=reading.hint, focus=focus, **known)
    if reading.alternative is not None:
        other = kb.answer(reading.alternative.question, language=language, topic_hint=reading.alternative.hint, **known)
        if other.confidence > contextual.confidence:
            reading, contextual = reading.alternative, other
    if reading.certain:
        return reading, contextual
    alone = kb.answer(text, language=language, **known)
    if prefer_standalone(alone, contextual, reading):
        return followup.Reading(text), alone
    return reading, contextual


# How much less confident the answer in the light of the earlier question may be and still win
# over a standalone answer from another article (tuned on bench/data/followup_conversations.jsonl).
CONTINUING_MARGIN = 0.05  # 0.1 when only the search hint carried the topic, not its words


def _continuing(kb, text: str, language: str, anchor: followup.Turn, reading: followup.Reading, alone, known: dict):
    """A question with its own words and nothing that points back ("hvor lang tid før må jeg si fra
    til sjefen?" after "kan jeg ta utdanningspermisjon?") may still continue the topic: asked with
    the earlier question as a search hint, it is answered from another article about as
    confidently (within ``CONTINUING_MARGIN``): the conversation's topic wins. A new topic gets a
    clearly better answer on its own and starts fresh; a question answered on its own with no
    confidence is not pulled into the earlier topic either (it is about something the portal lacks)."""
    if not alone.confident:
        return reading, alone  # no second search for a question the portal cannot answer
    question = followup.with_topic(text, language, anchor)
    contextual = kb.answer(question, language=language, topic_hint=anchor.question, **known)
    if (contextual.confident and _lead(contextual) != _lead(alone)
            and contextual.confidence >= alone.confidence - CONTINUING_MARGIN):
        return followup.Reading(question, True, anchor.question, certain=False, how="continues", hint=anchor.question), contextual
    return reading, alone


def prefer_standalone(alone, contextual, reading: followup.Reading) -> bool:
    """Whether a message that could be a follow-up is better answered on its own: only a confident
    standalone answer wins, and over a confident contextual answer only about another article,
    at least as confident, when nothing in the message names what came before."""
    if not alone.confident:
        return False
    if not contextual.confident:
        return True
    if reading.refers_back or _lead(alone) == _lead(contextual):
        return False
    return alone.confidence >= contextual.confidence


def _lead(answer) -> str | None:
    return answer.sources[0].article_id if answer.sources else None


log = logging.getLogger("veivalg.actions.answer")
unanswered_log = UnansweredLog()


def log_unanswered(question: str, language: str, confidence: float, analyzer=None,
                   session_id: str | None = None) -> None:
    try:
        unanswered_log.submit(question, language, confidence, analyzer, session_id)
    except Exception:  # never let the log stop the answer
        log.exception("could not queue an unanswered question")
