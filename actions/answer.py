"""Information questions: search the knowledge base and answer with cited sentences.

A question the knowledge base is not confident about is logged, anonymised, for the editors
(``actions/clients/unanswered_log.py``).
"""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_text, send
from actions.clients.knowledge import get_knowledge_base
from actions.clients.unanswered_log import UnansweredLog


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        question = latest_text(tracker)
        previous = tracker.get_slot("last_question")
        kb = get_knowledge_base()
        answer = kb.answer(question, language=language, topic_hint=previous)
        unhelpful = float(tracker.get_slot("unhelpful_answers") or 0)
        offer = [button(texts.text("button_counsellor", language), "/request_human"),
                 button(texts.text("button_centre", language), "/career_centre")]
        if not answer.confident:
            log_unanswered(question, language, answer.confidence, lambda lang: kb.analyzer(lang), tracker.sender_id)
            send(dispatcher, "fallback", texts.text("not_sure", language), language,
                 buttons=offer, confidence=round(answer.confidence, 3))
            return [SlotSet("unhelpful_answers", unhelpful + 1)]
        sources = [{"title": s.title, "url": s.url, "reviewed": s.reviewed} for s in answer.sources]
        fields: dict[str, Any] = {"sources": sources, "confidence": round(answer.confidence, 3)}
        if answer.other_language:
            fields["note"] = texts.text("other_language_note", language)
        send(dispatcher, "answer", answer.text, language, **fields)
        shown = list(tracker.get_slot("shown_articles") or [])
        shown += [{"id": s.article_id, "title": s.title, "url": s.url, "topics": list(getattr(s, "topics", ()))} for s in answer.sources
                  if s.article_id not in {a.get("id") for a in shown}]
        return [SlotSet("last_question", question), SlotSet("shown_articles", shown[-10:])]


log = logging.getLogger("veivalg.actions.answer")
unanswered_log = UnansweredLog()


def log_unanswered(question: str, language: str, confidence: float, analyzer=None,
                   session_id: str | None = None) -> None:
    try:
        unanswered_log.submit(question, language, confidence, analyzer, session_id)
    except Exception:  # never let the log stop the answer
        log.exception("could not queue an unanswered question")
