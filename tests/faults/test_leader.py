"""The periodic jobs run once across gateways: two app instances on one real redis-server, one
leader key (handover.leader). The lease sweeper of the follower runs no pass, a lapsed claim goes
back to the queue once and the waiting citizen hears their new place once; when the leader stops,
the other gateway takes over; when a leader dies (stops renewing), its key expires and another
instance takes it."""

import asyncio
import time

import pytest
from redis.asyncio import Redis

from core import keys
from handover.leader import Leadership
from handover.queue import HandoverRequest, HandoverStore
from tests.conftest import citizen, free_port, make_client, staff_login
from tests.processes import wait_until

pytestmark = pytest.mark.integration


def queued(redis_server, client, text="Jeg vil gjerne ha hjelp til å velge utdanning."):
    """A session waiting for a counsellor (as the gateway leaves it after Rasa's handover request)."""
    session_id, auth = citizen(client, language="nb")
    client.post(f"/api/sessions/{session_id}/messages", json={"text": text}, headers=auth)

    async def work():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            handover, _ = await HandoverStore(redis).create(session_id, HandoverRequest(
                reason="the citizen asked for a counsellor", need="human_request", language="nb",
                county=None, priority="normal", first_message=text))
            await redis.hset(keys.session(session_id), "mode", "queued")
            return handover
        finally:
            await redis.aclose()

    return session_id, auth, asyncio.run(work())


def gateway(redis_server):
    closed = f"http://127.0.0.1:{free_port()}"
    return make_client(redis_server.url, closed, closed, seed_roster=True, lease_s=1, leader_ttl_s=2)


def status(client, staff, handover_id):
    return client.get(f"/api/handovers/{handover_id}", headers=staff).json()["status"]


def positions(client, session_id, auth):
    """The places a waiting citizen was told, in order."""
    events = client.get(f"/api/sessions/{session_id}/events?after=0", headers=auth).json()["events"]
    return [(e.get("queue") or {}).get("position") for e in events if e["kind"] == "queue"]


def told_after_the_claim(client, session_id, auth):
    """The places told since the claim moved the citizen up to 1 (the sweeper may have told them
    their first place, 2, before the claim)."""
    told = positions(client, session_id, auth)
    return told[told.index(1) + 1:] if 1 in told else []


def test_the_sweeps_run_on_one_gateway_and_the_other_takes_over(redis_server, redis_client):
    with gateway(redis_server) as first, gateway(redis_server) as second:
        leader, follower = first.app.state, second.app.state
        assert redis_client.get(keys.leader("periodic")) == leader.leadership.identity
        assert leader.leadership.holds() and not follower.leadership.holds()

        # The claim goes through the leader's process: a route's announcement and the sweeper's are
        # serialised within one process (across gateways they are not: see the report).
        kari = staff_login(first, "kari", "demo")
        claimed_session, _, claimed = queued(redis_server, second)
        waiting_session, waiting_auth, _ = queued(redis_server, second)
        assert first.post(f"/api/handovers/{claimed['id']}/claim", headers=kari).status_code == 200
        # No heartbeat: the lease (1 s) lapses and the leader's sweeper returns the claim to the front.
        wait_until(lambda: status(second, kari, claimed["id"]) == "waiting", 20, "the lapsed claim back in the queue")
        wait_until(lambda: told_after_the_claim(second, waiting_session, waiting_auth), 10, "the new place announced")
        time.sleep(1.0)  # several more passes of both sweepers (every 0.2 s)
        assert told_after_the_claim(second, waiting_session, waiting_auth) == [2], positions(
            second, waiting_session, waiting_auth)
        returned = [e for e in redis_client.lrange(keys.transcript(claimed_session), 0, -1) if "mistet forbindelsen" in e]
        assert len(returned) == 1
        assert leader.sweepers["leases"].passes > 0
        assert follower.sweepers["leases"].passes == 0
        assert follower.sweepers["abandonment"].passes == 0 and follower.sweepers["retention"].passes == 0

    with gateway(redis_server) as survivor:
        # The first two stopped (their keys given up); a new gateway leads and sweeps on its own.
        assert survivor.app.state.leadership.holds()
        kari = staff_login(survivor, "kari", "demo")
        _, _, again = queued(redis_server, survivor)
        assert survivor.post(f"/api/handovers/{again['id']}/claim", headers=kari).status_code == 200
        wait_until(lambda: status(survivor, kari, again["id"]) == "waiting", 20, "the lapsed claim back in the queue")


def test_the_follower_takes_over_when_the_leader_stops(redis_server, redis_client):
    first = gateway(redis_server)
    first.__enter__()
    try:
        with gateway(redis_server) as second:
            follower = second.app.state
            assert not follower.leadership.holds()
            first.__exit__(None, None, None)
            first = None
            wait_until(lambda: follower.leadership.holds(), 20, "the follower taking the lead")
            assert redis_client.get(keys.leader("periodic")) == follower.leadership.identity
            kari = staff_login(second, "kari", "demo")
            _, _, handover = queued(redis_server, second)
            assert second.post(f"/api/handovers/{handover['id']}/claim", headers=kari).status_code == 200
            wait_until(lambda: status(second, kari, handover["id"]) == "waiting", 20, "the lapsed claim back in the queue")
            assert follower.sweepers["leases"].passes > 0
    finally:
        if first is not None:
            first.__exit__(None, None, None)


def test_a_dead_leaders_key_expires_and_another_instance_takes_it(redis_server, redis_client):
    async def scenario():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            dead = Leadership(redis, ttl_s=1.0)
            alive = Leadership(redis, ttl_s=1.0)
            assert await dead.sweep() is True
            assert await alive.sweep() is False and not alive.holds()
            # `dead` never renews again (a killed process): its key runs out and `alive` takes it.
            deadline = time.monotonic() + 15
            while not await alive.sweep():
                assert time.monotonic() < deadline, "the dead leader's key never expired"
                await asyncio.sleep(0.2)
            assert await redis.get(keys.leader("periodic")) == alive.identity
            assert await dead.sweep() is False and not dead.holds()  # back: it does not lead twice
            await alive.stop()
            assert await redis.get(keys.leader("periodic")) is None  # a clean stop gives the key up
        finally:
            await redis.aclose()

    asyncio.run(scenario())
