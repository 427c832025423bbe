"""Runs inside the Rasa server (the .venv-rasa process): Rasa's Redis tracker store without the
second read per turn.

Rasa 3.6's ``RedisTrackerStore.save`` reads the stored tracker back before each write, replays
every event of it, and merges it with the tracker being saved, comparing each event with every
other one (``_merge_trackers``): ``retrieve`` hands the processor only the latest conversation
session, and the merge puts the earlier events back. Every stored tracker has such earlier events:
Rasa sets ``session_started_metadata`` before the first ``action_session_start``.

The turn runs under the conversation's lock (the lock store), so what the read-back would find is
what ``retrieve`` read a moment before. This store keeps, on the tracker it returns, the events it
left out and the latest session's events as retrieved, and writes what Rasa's merge writes, from
those, without reading or replaying anything: the earlier events, then the tracker's events, each
event that equals one already there (as a dict, as Rasa compares them) dropped. A tracker this
store did not retrieve, or whose retrieved events changed, is saved as Rasa saves it. Same key,
same serialisation, same expiry.

The e5 vector of a citizen's message (``e5_query`` in the parsed message, for the action server
in the same turn) is not stored: it was two fifths of a stored tracker, written to Redis, sent to
the action server and parsed again at every later turn, and it is of no use after its turn.

``endpoints.yml`` names it (``tracker_store: type: assistant.nlu.tracker_store.RetrievedTrackerRedisStore``).
"""

import json
from typing import Any, Dict, List, Optional, Text

from rasa.core.tracker_store import RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

RETRIEVED = "_veivalg_retrieved"
# The parsed message's e5 vector field (``QUERY_VECTOR`` of assistant/nlu/e5_featurizer.py; a module
# Rasa loads imports no other project module, so the name is repeated here).
QUERY_VECTOR = "e5_query"


def stored_form(event: Dict[Text, Any]) -> Dict[Text, Any]:
    """The event as stored: a user message without its e5 vector."""
    parse_data = event.get("parse_data")
    if event.get("event") != "user" or not parse_data or QUERY_VECTOR not in parse_data:
        return event
    return {**event, "parse_data": {k: v for k, v in parse_data.items() if k != QUERY_VECTOR}}


def stored_events(tracker: DialogueStateTracker) -> List[Dict[Text, Any]]:
    return [stored_form(event.as_dict()) for event in tracker.events]


def retrieved_from_store(tracker: DialogueStateTracker) -> Optional[Dict[Text, Any]]:
    """What this store noted when it returned ``tracker`` (None for any other tracker)."""
    return getattr(tracker, RETRIEVED, None)


def merged_events(earlier: List[Dict], retrieved: List[Dict], current: List[Dict]) -> Optional[List[Dict]]:
    """The events Rasa's merge stores (None when ``current`` does not continue ``retrieved``)."""
    if current[:len(retrieved)] != retrieved:
        return None
    merged = earlier + retrieved
    for event in current[len(retrieved):]:
        if all(event != existing for existing in merged):
            merged.append(event)
    return merged


class RetrievedTrackerRedisStore(RedisTrackerStore):
    @staticmethod
    def serialise_tracker(tracker: DialogueStateTracker) -> Text:
        # Rasa's own save (a tracker this store did not retrieve) stores the same form as ours.
        return json.dumps({"events": stored_events(tracker), "name": tracker.sender_id})

    async def _retrieve(self, sender_id: Text, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        stored = self.red.get(self.key_prefix + sender_id)
        if stored is None:
            return None
        tracker = self.deserialise_tracker(sender_id, stored)
        if tracker is None:
            return None
        result = tracker
        if not fetch_all_sessions:
            sessions = get_trackers_for_conversation_sessions(tracker)
            if len(sessions) > 1:
                result = sessions[-1]
        if self.max_event_history is None:  # with a limit, a tracker may hold fewer events than stored
            events = stored_events(tracker)
            left_out = len(events) - len(result.events)
            setattr(result, RETRIEVED, {"earlier": events[:left_out], "events": events[left_out:]})
        return result

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None, **kwargs: Any) -> None:
        noted = retrieved_from_store(tracker)
        merged = (merged_events(noted["earlier"], noted["events"], stored_events(tracker))
                  if noted is not None else None)
        if merged is None:
            await super().save(tracker, timeout)
            return
        await self.stream_events(tracker)
        if not timeout and self.record_exp:
            timeout = self.record_exp
        serialised = json.dumps({"events": merged, "name": tracker.sender_id})
        self.red.set(self.key_prefix + tracker.sender_id, serialised, ex=timeout)
        # Saved again in the same turn (Rasa does, for a new conversation): continue from what is stored now.
        setattr(tracker, RETRIEVED, {"earlier": merged[:len(merged) - len(tracker.events)],
                                     "events": merged[len(merged) - len(tracker.events):]})
