"""Reflective needs and the offers that follow: reflect what the person said, say what a
counsellor can help with, offer the ways forward, and act on the citizen's yes or no."""

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import exercise, followup, texts
from actions.answer import known_of, send_answer, shown_articles
from actions.base import button, language_of, latest_intent, latest_text, send
from actions.clients.knowledge import get_knowledge_base
from actions.handover import handover_request
from actions.reflection import reflect

# What an open question to the citizen is about, kept in the `pending_offer` slot so that a
# plain "yes" or "no" is answered in context (see ActionReplyToOffer).
COUNSELLOR = "counsellor"
FEEDBACK = "feedback"


def offer_buttons(language: str) -> list[dict[str, str]]:
    return [
        button(texts.text("button_counsellor", language), "/request_human"),
        button(texts.text("button_centre", language), "/career_centre"),
        button(texts.text("button_keep_asking", language), "/deny"),
    ]


# A reflective need that also asks a question the portal answers well ("eg er 25 og har jobba i
# seks år, må eg ta påbygg for å studere", "straciłem pracę, co zrobić najpierw") gets that answer
# before the counsellor is offered. Set so that of the 42 need_guidance training examples that ask
# something only 1 gets an answer ("hvordan finner jeg ut hva som passer for meg": tips for
# choosing), while 8 of the 10 factual dev questions the NLU read as guidance that reach it hold the
# asked fact.
GUIDANCE_ANSWER_CONFIDENCE = 0.75
log = logging.getLogger("veivalg.actions.triage")


class ActionOfferGuidance(Action):
    def name(self) -> str:
        return "action_offer_guidance"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        text = latest_text(tracker)
        events = await answer_first(dispatcher, tracker, text, language)
        situation, reflection = reflect(text, language)
        send(dispatcher, "offer_counsellor", f"{reflection} {texts.text('guidance_offer', language)}", language,
             buttons=offer_buttons(language), situation=situation)
        return events + [SlotSet("pending_offer", COUNSELLOR), SlotSet("offer_need", "reflective")]


async def answer_first(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, language: str) -> list:
    """Answer the question in a reflective message when the knowledge base is sure of it."""
    if not text or not followup.asks_something(text, language):
        return []
    try:
        kb = get_knowledge_base()
        answer = await asyncio.to_thread(kb.answer, text, language, **known_of(tracker))
    except Exception:  # the offer of a counsellor goes out whatever happens to the search
        log.exception("no answer for a reflective message")
        return []
    if not answer.confident or answer.confidence < GUIDANCE_ANSWER_CONFIDENCE:
        return []
    send_answer(dispatcher, answer, language)
    return [SlotSet("last_question", text), shown_articles(tracker, answer)]


class ActionReplyToOffer(Action):
    """A plain yes or no: accepts or declines the counsellor just offered, or answers "was this
    helpful?"; with nothing open it just asks what else the citizen needs."""

    def name(self) -> str:
        return "action_reply_to_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        pending = tracker.get_slot("pending_offer")
        yes = latest_intent(tracker) == "affirm"
        if pending == COUNSELLOR and yes:
            dispatcher.utter_message(json_message={
                "kind": "system", "text": "",
                "handover": handover_request(tracker, "accepted_offer",
                                             tracker.get_slot("offer_need") or "reflective")})
            return [SlotSet("pending_offer", None)]
        if pending == FEEDBACK:
            return feedback(dispatcher, tracker, language, helpful=yes)
        if pending == exercise.EXERCISE:  # may a counsellor see the exercise's summary?
            return exercise.reply_to_consent(dispatcher, tracker, language, yes=yes)
        send(dispatcher, "smalltalk", texts.text("anything_else", language), language)
        return [SlotSet("pending_offer", None)]


def feedback(dispatcher: CollectingDispatcher, tracker: Tracker, language: str, helpful: bool) -> list:
    """Thanks for a helpful answer; for an unhelpful one a way forward, and after the second the
    offer of a counsellor."""
    if helpful:
        send(dispatcher, "smalltalk", texts.text("feedback_thanks", language), language)
        return [SlotSet("pending_offer", None)]
    unhelpful = float(tracker.get_slot("unhelpful_answers") or 0) + 1
    if unhelpful >= 2:
        send(dispatcher, "offer_counsellor", texts.text("unhelpful_offer", language), language,
             buttons=offer_buttons(language))
        return [SlotSet("unhelpful_answers", 0.0), SlotSet("pending_offer", COUNSELLOR),
                SlotSet("offer_need", "information")]
    send(dispatcher, "clarify", texts.text("feedback_sorry", language), language,
         buttons=[button(texts.text("button_counsellor", language), "/request_human")])
    return [SlotSet("unhelpful_answers", unhelpful), SlotSet("pending_offer", None)]


class ActionFeedback(Action):
    """The answer's feedback buttons (or typed feedback)."""

    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        return feedback(dispatcher, tracker, language_of(tracker),
                        helpful=latest_intent(tracker) == "feedback_helpful")


class ActionFollowUpAnswer(Action):
    """Runs after every knowledge-base answer: asks whether a real answer helped; after a
    low-confidence answer (which already points to a counsellor) a plain yes hands over, and
    after the second miss the counsellor is offered outright, so nobody goes round in circles."""

    def name(self) -> str:
        return "action_follow_up_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        kind = last_bot_kind(tracker)
        if kind == "answer":
            # The "was this helpful?" prompt is its own kind: its buttons work once (the gateway
            # refuses a button it no longer offers), and either click gets a short acknowledgement.
            send(dispatcher, "feedback", texts.text("ask_feedback", language), language, buttons=[
                button(texts.text("button_helpful", language), "/feedback_helpful"),
                button(texts.text("button_unhelpful", language), "/feedback_unhelpful"),
            ])
            return [SlotSet("pending_offer", FEEDBACK)]
        if float(tracker.get_slot("unhelpful_answers") or 0) >= 2:
            send(dispatcher, "offer_counsellor", texts.text("unhelpful_offer", language), language,
                 buttons=offer_buttons(language))
            return [SlotSet("unhelpful_answers", 0.0), SlotSet("pending_offer", COUNSELLOR),
                    SlotSet("offer_need", "information")]
        return [SlotSet("pending_offer", COUNSELLOR), SlotSet("offer_need", "information")]


def last_bot_kind(tracker: Tracker) -> str | None:
    """The kind of the last message the bot sent in this turn (None if it sent none)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return None
        if event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom") or {}
            return custom.get("kind")
    return None


class ActionCoreFallback(Action):
    """When no rule fits: say so, and offer a counsellor; a second miss in a row offers the
    counsellor outright (the same count as unhelpful answers), so nobody is left in a loop."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        from rasa_sdk.events import UserUtteranceReverted

        language = language_of(tracker)
        misses = float(tracker.get_slot("unhelpful_answers") or 0) + 1
        if misses >= 2:
            send(dispatcher, "offer_counsellor", texts.text("unhelpful_offer", language), language,
                 buttons=offer_buttons(language))
            return [UserUtteranceReverted(), SlotSet("unhelpful_answers", 0.0),
                    SlotSet("pending_offer", COUNSELLOR), SlotSet("offer_need", "information")]
        send(dispatcher, "fallback", texts.text("not_understood", language), language,
             buttons=[button(texts.text("button_counsellor", language), "/request_human")])
        return [UserUtteranceReverted(), SlotSet("unhelpful_answers", misses)]
