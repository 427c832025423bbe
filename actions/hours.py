"""When the counsellors are on the chat: computed from the handover service's opening hours."""

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, send
from core.settings import OpeningHoursSection
from handover.hours import OpeningHours
from handover.hours_text import describe


class ActionOpeningHours(Action):
    def __init__(self) -> None:
        self._hours: OpeningHours | None = None

    def name(self) -> str:
        return "action_opening_hours"

    def hours(self) -> OpeningHours:
        if self._hours is None:
            settings = OpeningHoursSection()
            self._hours = OpeningHours.parse(settings.opening_hours, settings.closed_dates, settings.timezone)
        return self._hours

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        language = language_of(tracker)
        send(dispatcher, "smalltalk", describe(self.hours(), language, datetime.now(timezone.utc)), language)
        return []
