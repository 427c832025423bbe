"""The long-poll's wait: new events, or a counsellor who starts typing.

``TranscriptStore.wait`` wakes up on a new event only; a page on the long-poll (the fallback of
the live stream) would then learn that the counsellor is typing only with the next event. This
wait also wakes up on the session's typing channel (``handover.counsellor_typing``), so the poll
returns at once with ``typing``. It is used only while no typing signal is fresh: a fresh one is
returned with the poll anyway, and the page shows it for a few seconds without asking again.
"""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from core import keys
from core.transcripts import TranscriptStore


async def wait_for_events_or_typing(redis: Redis, transcripts: TranscriptStore, session_id: str, after: int,
                                    timeout_s: float) -> list[dict]:
    """Events after ``after``; if none yet, wait up to ``timeout_s`` for the next event or typing
    signal (then the events are [] and the caller reads the signal)."""
    events = await transcripts.read(session_id, after)
    if events or timeout_s <= 0:
        return events
    typing_channel = keys.session_typing_channel(session_id)
    pubsub = redis.pubsub()
    try:
        await pubsub.subscribe(keys.session_events_channel(session_id), typing_channel)
        # Read again after subscribing, so an event appended in between is not missed.
        events = await transcripts.read(session_id, after)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while not events:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(remaining, 1.0))
            if message is None:
                continue
            events = await transcripts.read(session_id, after)
            if message["channel"] == typing_channel:
                break
    finally:
        await pubsub.aclose()
    return events
