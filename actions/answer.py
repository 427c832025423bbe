"""Information questions: search the knowledge base and answer with cited sentences."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.base import button, language_of, latest_text, send
from actions.knowledge_base import get_knowledge_base


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        question = latest_text(tracker)
        previous = tracker.get_slot("last_question")
        answer = get_knowledge_base().answer(question, language=language, topic_hint=previous)
        unhelpful = float(tracker.get_slot("unhelpful_answers") or 0)
        offer = [button(texts.text("button_counsellor", language), "/request_human"),
                 button(texts.text("button_centre", language), "/career_centre")]
        if not answer.confident:
            send(dispatcher, "fallback", texts.text("not_sure", language), language,
                 buttons=offer, confidence=round(answer.confidence, 3))
            return [SlotSet("unhelpful_answers", unhelpful + 1)]
        sources = [{"title": s.title, "url": s.url, "reviewed": s.reviewed} for s in answer.sources]
        fields: dict[str, Any] = {"sources": sources, "confidence": round(answer.confidence, 3)}
        if answer.other_language:
            fields["note"] = texts.text("other_language_note", language)
        send(dispatcher, "answer", answer.text, language, **fields)
        shown = list(tracker.get_slot("shown_articles") or [])
        shown += [{"id": s.article_id, "title": s.title, "url": s.url} for s in answer.sources
                  if s.article_id not in {a.get("id") for a in shown}]
        return [SlotSet("last_question", question), SlotSet("shown_articles", shown[-10:])]
