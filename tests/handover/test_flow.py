"""The session state machine (handover.flow) against a real redis-server: each transition, the
guards that refuse one, what the citizen is told, and the session hash and the handover agreeing."""

import asyncio
import time

import pytest
from redis.asyncio import Redis

from core import keys, texts
from core.sessions import MODES, ModeConflict, SessionStore
from core.transcripts import TranscriptStore
from handover.abandonment import AbandonmentSweeper
from handover.backroom import BackRoom
from handover.counsellors import CounsellorProfile, CounsellorStore
from handover.flow import (
    ABANDON,
    CITIZEN_CLOSE,
    CLAIM,
    COUNSELLOR_CLOSE,
    CRISIS_ALERT_HELD,
    CRISIS_ALERT_WAITING,
    LEASE_EXPIRED,
    QUEUE,
    RELEASE,
    TRANSFER_TO_QUEUE,
    TRANSITIONS,
    WITHDRAW,
    IllegalTransition,
    NotFound,
    Refused,
    SessionFlow,
    WaitingByAddress,
)
from handover.leases import LeaseSweeper
from handover.queue import HandoverRequest, HandoverStore
from handover.waiting import WaitingRoom

pytestmark = pytest.mark.integration


def test_the_transitions_table():
    assert {(t.name, t.sources, t.target) for t in TRANSITIONS} == {
        ("queue", ("bot", "queued"), "queued"),
        ("claim", ("queued",), "human"),
        ("transfer_to_queue", ("human",), "queued"),
        ("lease_expired", ("human",), "queued"),
        ("release", ("human",), "bot"),
        ("counsellor_close", ("human",), "closed"),
        ("citizen_close", ("bot", "queued", "human"), "closed"),
        ("withdraw", ("queued",), "bot"),
        ("abandon", ("queued", "human"), "closed"),
    }
    assert all(t.target in MODES and set(t.sources) <= set(MODES) for t in TRANSITIONS)
    assert not any("closed" in t.sources for t in TRANSITIONS)  # closed is final


class World:
    """The stores and the flow on one Redis connection, with two counsellors on duty."""

    def __init__(self, redis: Redis, lease_s: int = 60) -> None:
        self.redis = redis
        self.sessions = SessionStore(redis)
        self.transcripts = TranscriptStore(redis)
        self.handovers = HandoverStore(redis, lease_s, self.sessions)
        self.counsellors = CounsellorStore(redis, presence_ttl_s=60)
        self.waiting = WaitingRoom(self.handovers, self.counsellors, self.transcripts, self.sessions, 600)
        self.backroom = BackRoom(redis)
        self.by_address = WaitingByAddress(redis, self.handovers, limit=2)
        self.flow = SessionFlow(self.sessions, self.transcripts, self.handovers, self.waiting, self.counsellors,
                                retention_days=30, backroom=self.backroom, waiting_by_address=self.by_address)

    async def staff(self) -> None:
        for name in ("kari", "per"):
            await self.counsellors.save(CounsellorProfile(username=name, max_parallel=2))
            await self.counsellors.heartbeat(name)

    async def citizen(self, language: str = "nb") -> str:
        session, _token = await self.sessions.create("web", language, language_locked=False)
        return session.id

    async def queued(self, language: str = "nb", priority: str = "normal") -> tuple[str, str]:
        session_id = await self.citizen(language)
        queued = await self.flow.queue(session_id, request(language, priority), language)
        return session_id, queued.handover["id"]

    async def mode(self, session_id: str) -> str:
        return (await self.sessions.get(session_id)).mode

    async def told(self, session_id: str) -> list[tuple[str, str, str]]:
        return [(e["from"], e["kind"], e["text"]) for e in await self.transcripts.read(session_id)]


def texts_of(key: str, language: str = "nb") -> str:
    return texts.text(key, language)


def request(language: str = "nb", priority: str = "normal") -> HandoverRequest:
    return HandoverRequest(reason="test", need="human_request", language=language, priority=priority,
                           first_message="Kan jeg snakke med en veileder?")


def scenario(redis_server, work, lease_s: int = 60):
    async def run():
        redis = Redis.from_url(redis_server.url, decode_responses=True)
        try:
            world = World(redis, lease_s)
            await world.staff()
            return await work(world)
        finally:
            await redis.aclose()

    return asyncio.run(run())


def test_queue_moves_bot_to_queued_and_tells_the_citizen_their_place(redis_server, redis_client):
    async def work(w: World):
        session_id = await w.citizen()
        queued = await w.flow.queue(session_id, request(), "en")
        assert queued.created and queued.position == 1 and queued.estimated_wait_s > 0
        assert await w.mode(session_id) == "queued"
        assert (await w.sessions.get(session_id)).handover_id == queued.handover["id"]
        stored = await w.handovers.get(queued.handover["id"])
        assert stored["status"] == "waiting" and stored["announced_position"] == "1"
        events = await w.transcripts.read(session_id)
        assert [(e["from"], e["kind"], e["language"]) for e in events] == [("system", "handover_queued", "en")]
        assert events[0]["text"] == queued.notice and "number 1 in the queue" in queued.notice

        again = await w.flow.queue(session_id, request(), "en")  # asking twice is the same request
        assert not again.created and again.handover["id"] == queued.handover["id"]
        assert await w.redis.zcard(keys.HANDOVERS_WAITING) == 1
    scenario(redis_server, work)


def test_a_crisis_moves_the_others_back_and_they_hear_it(redis_server, redis_client):
    async def work(w: World):
        first, _ = await w.queued()
        crisis, _ = await w.queued(priority="crisis")
        assert (await w.flow.queue(crisis, request(priority="crisis"), "nb")).position == 1
        updates = [e for e in await w.transcripts.read(first) if e["kind"] == "queue"]
        assert [u["queue"]["position"] for u in updates] == [2]
    scenario(redis_server, work)


def test_claim_moves_queued_to_human_once(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        results = await asyncio.gather(w.flow.claim(handover_id, "kari"), w.flow.claim(handover_id, "per"),
                                       return_exceptions=True)
        won = [r for r in results if not isinstance(r, Exception)]
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1 and len(lost) == 1
        assert isinstance(lost[0], Refused) and lost[0].code == "already_claimed"
        winner = won[0].counsellor
        assert await w.mode(session_id) == "human"
        assert (await w.handovers.get(handover_id))["counsellor"] == winner
        assert (await w.told(session_id))[-1] == ("system", "system", "En karriereveileder har kommet inn i samtalen.")
        assert (await w.flow.claim(handover_id, winner)).handover_id == handover_id  # already yours: no change
        assert [kind for _, kind, _ in await w.told(session_id)].count("system") == 1
        with pytest.raises(NotFound) as unknown:
            await w.flow.claim("no-such-handover", "kari")
        assert unknown.value.code == "handover_not_found"
    scenario(redis_server, work)


def test_claim_guards_language_and_capacity(redis_server, redis_client):
    async def work(w: World):
        await w.counsellors.save(CounsellorProfile(username="olena", languages=["uk", "en"]))
        await w.counsellors.heartbeat("olena")
        _, ukrainian = await w.queued(language="uk")
        with pytest.raises(Refused) as kept:
            await w.flow.claim(ukrainian, "kari")
        assert kept.value.code == "not_yours_yet" and "speaks uk" in kept.value.detail
        for _ in range(2):
            _, handover_id = await w.queued()
            await w.flow.claim(handover_id, "kari")
        _, third = await w.queued()
        with pytest.raises(Refused) as full:
            await w.flow.claim(third, "kari")
        assert full.value.code == "too_many_chats"
        with pytest.raises(Refused) as full_next:
            await w.flow.claim_next("kari")
        assert full_next.value.code == "too_many_chats"
        assert (await w.flow.claim_next("per")).handover_id == third
        assert (await w.flow.claim_next("olena")).handover_id == ukrainian
        with pytest.raises(NotFound) as nobody:
            await w.flow.claim_next("per")
        assert nobody.value.code == "nobody_waiting"
    scenario(redis_server, work)


def test_transfer_to_a_queue_moves_human_to_queued(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        with pytest.raises(Refused) as not_mine:
            await w.flow.transfer_to_queue(handover_id, "per", "en", "for English")
        assert not_mine.value.code == "held_by_colleague"
        assert await w.flow.transfer_to_queue(handover_id, "kari", "en", "Prefers English") == "queue:en"
        assert await w.mode(session_id) == "queued"
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["language"], stored["counsellor"]) == ("waiting", "en", None)
        assert await w.handovers.position(handover_id) == 1
        told = await w.told(session_id)
        assert ("counsellor", "internal_note", "Overført til queue:en av kari: Prefers English") in told
        assert told[-1] == ("system", "system", texts_of("transferred"))
    scenario(redis_server, work)


def test_transfer_to_a_colleague_keeps_the_chat_with_a_human(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        for colleague, code in (("kari", "already_yours"), ("nobody", "colleague_off_duty")):
            with pytest.raises(Refused) as refused:
                await w.flow.transfer_to_counsellor(handover_id, "kari", colleague, "x")
            assert refused.value.code == code
        assert await w.flow.transfer_to_counsellor(handover_id, "kari", "per", "knows fagbrev") == "per"
        assert await w.mode(session_id) == "human"
        assert (await w.handovers.get(handover_id))["counsellor"] == "per"
        assert (await w.told(session_id))[-1] == ("system", "system", texts_of("transferred"))
    scenario(redis_server, work)


def test_a_lapsed_lease_moves_human_to_queued_and_the_citizen_is_told(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        later, later_handover = await w.queued()
        await w.flow.claim(handover_id, "kari")
        await asyncio.sleep(0.05)  # lease_s=0: lapsed at once
        assert await w.flow.expire_leases() == [handover_id]
        assert await w.mode(session_id) == "queued"
        stored = await w.handovers.get(handover_id)
        assert stored["status"] == "waiting" and stored["counsellor"] is None
        assert [h["id"] for h in await w.handovers.list("waiting")] == [handover_id, later_handover]
        assert (await w.told(session_id))[-1] == ("system", "system", texts_of("returned_to_queue"))
        assert (await w.told(later))[-1][1] == "queue"  # back to number 2
        assert await w.flow.expire_leases() == []
    scenario(redis_server, work, lease_s=0)


def test_a_lapsed_lease_leaves_a_closed_session_alone(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        await w.sessions.set_mode(session_id, "closed")  # as if closed in a way the flow did not see
        await asyncio.sleep(0.05)
        assert await w.flow.expire_leases() == [handover_id]
        assert await w.mode(session_id) == "closed"
        assert texts_of("returned_to_queue") not in [text for _, _, text in await w.told(session_id)]
    scenario(redis_server, work, lease_s=0)


def test_the_sweeper_runs_the_flow_and_stops_between_passes(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        sweeper = LeaseSweeper(w.flow, every_s=0.05)
        sweeper.start()
        deadline = time.monotonic() + 5
        while await w.mode(session_id) != "queued" and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await sweeper.stop(timeout_s=5)
        assert await w.mode(session_id) == "queued"
    scenario(redis_server, work, lease_s=0)


def test_release_moves_human_to_bot_and_a_new_request_opens_a_new_handover(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        with pytest.raises(Refused) as unclaimed:
            await w.flow.release(handover_id, "kari", "only facts")
        assert unclaimed.value.code == "not_claimed"
        await w.flow.claim(handover_id, "kari")
        await w.flow.release(handover_id, "kari", "only facts")
        assert await w.mode(session_id) == "bot"
        session = await w.sessions.get(session_id)
        assert session.handover_id is None
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["outcome"], stored["note"]) == ("closed", "returned_to_bot", "only facts")
        assert (await w.told(session_id))[-1] == ("system", "system", texts_of("back_to_bot"))
        again = await w.flow.queue(session_id, request(), "nb")
        assert again.created and again.handover["id"] != handover_id
    scenario(redis_server, work)


def test_counsellor_close_moves_human_to_closed_and_retires_the_transcript(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        closed = await w.flow.close(handover_id, "kari", "information", "all clear")
        assert closed["id"] == handover_id
        assert await w.mode(session_id) == "closed"
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["outcome"], stored["closed_by"]) == ("closed", "information", "kari")
        assert (await w.told(session_id))[-1] == ("system", "system", texts_of("conversation_closed"))
        assert 0 < await w.redis.ttl(keys.session(session_id)) <= 30 * 86400
        assert await w.redis.zscore(keys.TRANSCRIPTS_CLOSED, session_id) is not None
        with pytest.raises(Refused) as twice:
            await w.flow.close(handover_id, "kari", "information", "")
        assert twice.value.code == "handover_closed"
        with pytest.raises(IllegalTransition) as closed_for_good:
            await w.flow.queue(session_id, request(), "nb")
        assert closed_for_good.value.code == "session_closed"
    scenario(redis_server, work)


def test_citizen_close_ends_an_open_handover_as_no_show(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        assert await w.flow.citizen_close(session_id) is True
        assert await w.mode(session_id) == "closed"
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["outcome"], stored["closed_by"]) == ("closed", "no_show", "citizen")
        assert (await w.told(session_id))[-1] == ("system", "system", "Samtalen ble avsluttet av deg.")
        assert await w.flow.citizen_close(session_id) is False  # twice is fine, and says nothing more
        assert len(await w.told(session_id)) == 2
        with pytest.raises(Refused) as gone:
            await w.flow.claim(handover_id, "kari")
        assert gone.value.code == "handover_closed"
    scenario(redis_server, work)


def test_a_claim_racing_the_citizen_closing_ends_closed(redis_server, redis_client):
    async def work(w: World):
        for _ in range(5):
            session_id, handover_id = await w.queued()
            await asyncio.gather(w.flow.claim(handover_id, "kari"), w.flow.citizen_close(session_id),
                                 return_exceptions=True)
            assert await w.mode(session_id) == "closed"
            assert (await w.handovers.get(handover_id))["status"] == "closed"
    scenario(redis_server, work)


def test_a_transition_from_the_wrong_mode_is_refused(redis_server, redis_client):
    async def work(w: World):
        session_id = await w.citizen()
        handover, _ = await w.handovers.create(session_id, request())  # queued behind the flow's back
        with pytest.raises(IllegalTransition) as refused:
            await w.flow.claim(handover["id"], "kari")
        assert refused.value.code == "illegal_transition" and refused.value.current == "bot"
        assert refused.value.transition is CLAIM and "possible from queued" in refused.value.detail
        with pytest.raises(NotFound):
            await w.flow.queue("no-such-session", request(), "nb")
    scenario(redis_server, work)


def test_erase_removes_the_session_and_its_handover(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.erase(session_id)
        assert await w.sessions.get(session_id) is None
        assert await w.handovers.get(handover_id) is None
        assert await w.handovers.list("waiting") == []
    scenario(redis_server, work)


def test_the_session_store_owns_mode_and_handover(redis_server, redis_client):
    async def work(w: World):
        session_id = await w.citizen()
        with pytest.raises(ValueError, match="set_mode"):
            await w.sessions.update(session_id, mode="human")
        with pytest.raises(ModeConflict) as conflict:
            await w.sessions.set_mode(session_id, "human", expected=("queued",))
        assert conflict.value.current == "bot"
        assert await w.sessions.set_mode(session_id, "queued", expected=("bot",)) == "bot"
        with pytest.raises(ModeConflict) as missing:
            await w.sessions.set_mode("no-such-session", "queued", expected=("bot",))
        assert missing.value.current is None
        assert await w.sessions.attach_handover(session_id, "h1") == "h1"
        assert await w.sessions.attach_handover(session_id, "h2") == "h1"  # one open handover
        assert await w.sessions.attach_handover(session_id, "h2", replacing="h1") == "h2"
        await w.sessions.detach_handover(session_id)
        assert (await w.sessions.get(session_id)).handover_id is None
    scenario(redis_server, work)


@pytest.mark.parametrize("transition", [QUEUE, CLAIM, TRANSFER_TO_QUEUE, LEASE_EXPIRED, RELEASE, COUNSELLOR_CLOSE,
                                        CITIZEN_CLOSE, WITHDRAW, ABANDON])
def test_no_transition_leaves_closed(transition, redis_server, redis_client):
    async def work(w: World):
        session_id = await w.citizen()
        await w.sessions.set_mode(session_id, "closed")
        with pytest.raises(IllegalTransition) as refused:
            await w.flow._move(session_id, transition)
        assert refused.value.code == "session_closed"
    scenario(redis_server, work)


# --- safety: a crisis while a handover is open

def test_a_crisis_while_waiting_goes_to_the_front_alerts_the_staff_and_the_back_room(redis_server, redis_client):
    async def work(w: World):
        ahead = [await w.queued() for _ in range(3)]
        session_id, handover_id = await w.queued()
        assert await w.handovers.position(handover_id) == 4
        escalated = await w.flow.crisis(session_id)
        assert escalated["priority"] == "crisis" and escalated["status"] == "waiting"
        assert await w.handovers.position(handover_id) == 1
        assert [h["id"] for h in await w.handovers.list("waiting")] == [handover_id] + [h for _, h in ahead]
        told = await w.transcripts.read(session_id)
        alert = next(e for e in told if e["kind"] == "crisis_alert")
        assert (alert["from"], alert["text"], alert["handover_id"]) == ("system", CRISIS_ALERT_WAITING, handover_id)
        assert told[-1]["kind"] == "queue" and told[-1]["queue"]["position"] == 1  # the citizen hears the new place
        for other, _ in ahead:  # everyone else moved back one
            assert (await w.transcripts.read(other))[-1]["queue"]["position"] in (2, 3, 4)
        [post] = await w.backroom.read()
        assert post["from"] == "system" and post["kind"] == "crisis" and post["handover_id"] == handover_id
        assert handover_id in post["text"] and post["mentions"] == []
    scenario(redis_server, work)


def test_a_crisis_with_a_counsellor_alerts_the_one_who_holds_it(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        escalated = await w.flow.crisis(session_id)
        assert (escalated["priority"], escalated["status"], escalated["counsellor"]) == ("crisis", "active", "kari")
        assert await w.mode(session_id) == "human"
        alert = (await w.transcripts.read(session_id))[-1]
        assert (alert["kind"], alert["text"], alert["counsellor"]) == ("crisis_alert", CRISIS_ALERT_HELD, "kari")
        [post] = await w.backroom.read()
        assert post["mentions"] == ["kari"] and post["text"].startswith("@kari KRISE")
        assert await w.flow.crisis(await w.citizen()) is None  # nothing open: nothing to escalate
    scenario(redis_server, work)


# --- leaving

def test_leave_takes_a_queued_citizen_back_to_the_bot_and_the_others_move_up(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        behind, behind_handover = await w.queued()
        assert await w.flow.leave(session_id) == "bot"
        assert await w.mode(session_id) == "bot"
        assert (await w.sessions.get(session_id)).handover_id is None
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["outcome"], stored["closed_by"]) == ("closed", "withdrawn", "citizen")
        last = (await w.transcripts.read(session_id))[-1]
        assert (last["kind"], last["text"], last["mode"]) == ("system", texts_of("left_queue"), "bot")
        assert await w.handovers.position(behind_handover) == 1
        assert (await w.transcripts.read(behind))[-1]["queue"]["position"] == 1
        with pytest.raises(Refused) as not_queued:
            await w.flow.leave(session_id)
        assert not_queued.value.code == "not_queued"
        again = await w.flow.queue(session_id, request(), "nb")  # may ask again: a new handover
        assert again.created and again.handover["id"] != handover_id
    scenario(redis_server, work)


def test_leave_with_a_counsellor_ends_the_chat_and_the_counsellor_is_told(redis_server, redis_client):
    async def work(w: World):
        session_id, handover_id = await w.queued()
        await w.flow.claim(handover_id, "kari")
        assert await w.flow.leave(session_id) == "closed"
        stored = await w.handovers.get(handover_id)
        assert (stored["status"], stored["outcome"], stored["closed_by"]) == ("closed", "no_show", "citizen")
        told = await w.transcripts.read(session_id)
        left = next(e for e in told if e["kind"] == "citizen_left")
        assert (left["from"], left["counsellor"], left["handover_id"]) == ("system", "kari", handover_id)
        assert (told[-1]["text"], told[-1]["mode"]) == ("Samtalen ble avsluttet av deg.", "closed")
        with pytest.raises(IllegalTransition) as closed:
            await w.flow.leave(session_id)
        assert closed.value.code == "session_closed"
    scenario(redis_server, work)


def test_abandon_closes_queued_and_held_chats_but_not_the_bot(redis_server, redis_client):
    async def work(w: World):
        queued, queued_handover = await w.queued()
        held, held_handover = await w.queued()
        await w.flow.claim(held_handover, "kari")
        bot = await w.citizen()
        assert await w.flow.abandon(queued, 600) and await w.flow.abandon(held, 600)
        assert not await w.flow.abandon(bot, 600) and not await w.flow.abandon(queued, 600)
        assert await w.mode(bot) == "bot"
        for session_id, handover_id in ((queued, queued_handover), (held, held_handover)):
            assert await w.mode(session_id) == "closed"
            stored = await w.handovers.get(handover_id)
            assert (stored["status"], stored["outcome"], stored["closed_by"]) == ("closed", "no_show", "system")
            assert (await w.told(session_id))[-1] == ("system", "system", texts_of("abandoned"))
        assert [e["text"] for e in await w.transcripts.read(held) if e["kind"] == "citizen_left"] == [
            "Innbyggeren har ikke vært aktiv på 10 minutter. Samtalen er avsluttet som «ikke svar»."]
        assert not [e for e in await w.transcripts.read(queued) if e["kind"] == "citizen_left"]  # nobody held it
    scenario(redis_server, work)


def test_the_abandonment_sweep_closes_only_chats_without_a_sign_of_the_citizen(redis_server, redis_client):
    async def work(w: World):
        gone, _ = await w.queued()
        held_gone, held_handover = await w.queued()
        await w.flow.claim(held_handover, "kari")
        present, _ = await w.queued()
        idle_bot = await w.citizen()
        sweeper = AbandonmentSweeper(w.flow, w.handovers, w.sessions, abandoned_after_s=1, every_s=0.05)
        await asyncio.sleep(1.2)
        await w.sessions.touch(present)
        assert sorted(await sweeper.sweep()) == sorted([gone, held_gone])
        assert [await w.mode(s) for s in (gone, held_gone, present, idle_bot)] == ["closed", "closed", "queued", "bot"]
        assert (await w.transcripts.read(held_gone))[-2]["kind"] == "citizen_left"
        assert await sweeper.sweep() == []
        sweeper.start()  # and as a task: the present one goes too once it falls silent
        deadline = time.monotonic() + 5
        while await w.mode(present) != "closed" and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await sweeper.stop(timeout_s=5)
        assert await w.mode(present) == "closed"
    scenario(redis_server, work)


# --- the cap on waiting handovers per client address

def test_the_cap_per_address_refuses_a_new_request_but_never_a_crisis(redis_server, redis_client):
    async def work(w: World):
        first, second, third = [await w.citizen() for _ in range(3)]
        one = await w.flow.queue(first, request(), "nb", address="10.0.0.1")
        await w.flow.queue(second, request(), "nb", address="10.0.0.1")
        assert await w.by_address.count("10.0.0.1") == 2
        assert (await w.flow.queue(second, request(), "nb", address="10.0.0.1")).created is False  # same request
        with pytest.raises(Refused) as capped:
            await w.flow.queue(third, request(), "nb", address="10.0.0.1")
        assert capped.value.code == "too_many_waiting"
        assert await w.mode(third) == "bot" and await w.transcripts.read(third) == []
        assert (await w.flow.queue(third, request(), "nb", address="10.0.0.2")).created  # another network
        crisis = await w.citizen()
        assert (await w.flow.queue(crisis, request(priority="crisis"), "nb", address="10.0.0.1")).position == 1
        await w.flow.claim(one.handover["id"], "kari")  # taken: no longer waiting
        await w.flow.crisis(crisis)
        await w.flow.leave(crisis)
        assert await w.by_address.count("10.0.0.1") == 1
        assert (await w.flow.queue(await w.citizen(), request(), "nb", address="10.0.0.1")).created
        assert 0 < await w.redis.ttl(keys.waiting_by_address("10.0.0.1")) <= 12 * 3600
    scenario(redis_server, work)


def test_a_crisis_request_is_queued_with_its_own_notice(redis_server, redis_client):
    async def work(w: World):
        await w.queued()
        session_id = await w.citizen("en")
        queued = await w.flow.queue(session_id, request("en", "crisis"), "en")
        assert queued.position == 1
        assert queued.notice == texts.text("handover_queued_crisis", "en", position=1)
    scenario(redis_server, work)
