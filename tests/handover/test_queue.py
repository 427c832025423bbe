"""The handover queue and claims against a real redis-server."""

import asyncio
import json

import pytest
from redis.asyncio import Redis

from core import keys
from handover.queue import HandoverRequest, HandoverStore

pytestmark = pytest.mark.integration


def run(coroutine):
    return asyncio.run(coroutine)


async def with_store(redis_server, work):
    redis = Redis.from_url(redis_server.url, decode_responses=True)
    try:
        return await work(HandoverStore(redis), redis)
    finally:
        await redis.aclose()


def request(need="human_request", priority="normal", language="nb") -> HandoverRequest:
    return HandoverRequest(reason="test", need=need, language=language, priority=priority,
                           first_message="Kan jeg snakke med en veileder?")


def test_crisis_goes_first_then_waiting_time(redis_server, redis_client):
    async def work(store, redis):
        first, _ = await store.create("s1", request())
        await asyncio.sleep(0.01)
        second, _ = await store.create("s2", request(need="reflective"))
        await asyncio.sleep(0.01)
        crisis, _ = await store.create("s3", request(need="crisis", priority="crisis"))
        waiting = await store.list("waiting")
        assert [h["id"] for h in waiting] == [crisis["id"], first["id"], second["id"]]
        assert await store.position(crisis["id"]) == 1
        assert await store.position(second["id"]) == 3
    run(with_store(redis_server, work))


def test_a_session_has_one_open_handover(redis_server, redis_client):
    async def work(store, redis):
        first, created = await store.create("s1", request())
        again, created_again = await store.create("s1", request())
        assert created and not created_again and again["id"] == first["id"]
        assert await redis.zcard(keys.HANDOVERS_WAITING) == 1
        await store.close(first["id"], "information", "", "anna")
        third, created_third = await store.create("s1", request())
        assert created_third and third["id"] != first["id"]
    run(with_store(redis_server, work))


def test_concurrent_claims_exactly_one_wins(redis_server, redis_client):
    async def work(store, redis):
        handover, _ = await store.create("s1", request())
        counsellors = [f"c{i}" for i in range(12)]
        results = await asyncio.gather(*(store.claim(handover["id"], c) for c in counsellors))
        assert results.count("claimed") == 1
        assert results.count("active") == 11
        winner = counsellors[results.index("claimed")]
        stored = await store.get(handover["id"])
        assert stored["status"] == "active" and stored["counsellor"] == winner
        assert await store.claim(handover["id"], winner) == "already_yours"
        assert await store.list("waiting") == []
        assert [h["id"] for h in await store.list("active")] == [handover["id"]]
        assert await store.claim("missing", winner) == "not_found"
    run(with_store(redis_server, work))


def test_summary_carries_the_triage(redis_server, redis_client):
    async def work(store, redis):
        req = HandoverRequest(reason="the citizen asked for a counsellor", need="reflective", language="nn",
                              county="Vestland", articles=[{"id": "fagskole", "title": "Fagskole"}],
                              first_message="Eg er redd for å velje feil.")
        handover, _ = await store.create("s1", req)
        stored = await store.get(handover["id"])
        assert stored["county"] == "Vestland" and stored["language"] == "nn"
        assert "Eg er redd for å velje feil." in stored["summary"] and "Fagskole" in stored["summary"]
        assert stored["triage"]["articles"] == [{"id": "fagskole", "title": "Fagskole"}]
    run(with_store(redis_server, work))


def test_topics_come_from_the_articles_the_bot_showed():
    request = HandoverRequest.from_payload(
        {"articles": [{"id": "fagskole", "title": "Fagskole", "topics": ["fagskole", "hoyere-utdanning"]},
                      {"id": "studiepoeng", "title": "Studiepoeng", "topics": ["hoyere-utdanning"]}]},
        language="nb", county=None)
    assert request.topics == ["fagskole", "hoyere-utdanning"]
    assert "emner: fagskole, hoyere-utdanning" in request.summary()


def test_two_gateways_announce_a_new_queue_place_once(redis_server, redis_client):
    """Each gateway has its own waiting room (and lock); the place written to Redis decides who
    tells the citizen, so a new place is announced once, not once per gateway."""
    from core.sessions import SessionStore
    from core.transcripts import TranscriptStore
    from handover.counsellors import CounsellorStore
    from handover.waiting import WaitingRoom

    async def work(store, redis):
        rooms = [WaitingRoom(HandoverStore(redis), CounsellorStore(redis, 60), TranscriptStore(redis),
                             SessionStore(redis), 600) for _ in range(2)]
        sessions = SessionStore(redis)
        (one, _), (two, _) = await sessions.create("web", "nb", False), await sessions.create("web", "nb", False)
        first, _ = await store.create(one.id, request())
        await asyncio.sleep(0.01)
        second, _ = await store.create(two.id, request())
        for handover in (first, second):
            await rooms[0].admit(handover["id"])
        assert await store.claim(first["id"], "kari") == "claimed"  # s2 moves up to place 1
        for _ in range(3):
            await asyncio.gather(*(room.announce() for room in rooms))
        told = [json.loads(e) for e in await redis.lrange(keys.transcript(two.id), 0, -1)]
        assert [(e["kind"], e["queue"]["position"]) for e in told] == [("queue", 1)]
    run(with_store(redis_server, work))
