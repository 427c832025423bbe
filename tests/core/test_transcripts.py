"""The transcript store (core/transcripts.py) on the real Redis: several events of one turn are
appended in order in one step and announced once, with the sequence numbers a listener reads."""

import asyncio

from redis.asyncio import Redis

from core import keys
from core.transcripts import TranscriptStore


def test_a_turns_events_are_appended_in_order_and_announced_once(redis_server):
    async def scenario():
        redis = Redis(port=redis_server.port, decode_responses=True)
        store = TranscriptStore(redis)
        pubsub = redis.pubsub()
        await pubsub.subscribe(keys.session_events_channel("s-many"))
        first = await store.append("s-many", "citizen", "Når er fristen?", "message", language="nb")
        many = await store.append_many("s-many", [
            ("bot", "Fristen er 1. mars.", "answer", {"language": "nb", "sources": [{"title": "Vilbli"}]}),
            ("bot", "Var svaret til hjelp?", "feedback", {"language": "nb", "note": None}),
        ])
        nothing = await store.append_many("s-many", [])
        announced = []
        for _ in range(6):  # the subscription's confirmation reads as None too
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
            if message is not None:
                announced.append(int(message["data"]))
        stored = await store.read("s-many", 0)
        await pubsub.aclose()
        await redis.aclose()
        return first, many, nothing, announced, stored

    first, many, nothing, announced, stored = asyncio.run(scenario())
    assert [e["seq"] for e in many] == [2, 3] and nothing == []
    assert announced == [1, 3]  # the citizen's message, then the turn's two answers once
    assert [(e["seq"], e["from"], e["kind"], e["text"]) for e in stored] == [
        (1, "citizen", "message", "Når er fristen?"), (2, "bot", "answer", "Fristen er 1. mars."),
        (3, "bot", "feedback", "Var svaret til hjelp?")]
    assert stored[1]["sources"] == [{"title": "Vilbli"}] and "note" not in stored[2]
    assert stored[1:] == many
