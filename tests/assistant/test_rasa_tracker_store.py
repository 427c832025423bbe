"""Rasa's tracker store without the read-back before each write (assistant/nlu/tracker_store.py),
run in the Rasa venv against the real Redis: a single-session tracker is written with one SET and
no GET, and what is stored is what Rasa's own store stores; a tracker of several sessions keeps
its earlier sessions (Rasa's merge still runs for it); a citizen's e5 vector is never stored."""

import json
import subprocess
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import asyncio, json, sys
    from rasa.core.tracker_store import RedisTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from assistant.nlu.tracker_store import RetrievedTrackerRedisStore, merged_events, retrieved_from_store

    port = int(sys.argv[1])
    domain = Domain.load("domain.yml")
    ours = RetrievedTrackerRedisStore(domain, host="127.0.0.1", port=port, key_prefix="vvtest_ours")
    rasas = RedisTrackerStore(domain, host="127.0.0.1", port=port, key_prefix="vvtest_rasa")
    calls = []
    for store in (ours, rasas):
        for name in ("get", "set"):
            original = getattr(store.red, name)
            def spy(*args, _name=name, _original=original, _store=store, **kwargs):
                calls.append((_store is ours, _name))
                return _original(*args, **kwargs)
            setattr(store.red, name, spy)

    def turn(text, ts):
        return [ActionExecuted("action_listen", timestamp=ts),
                UserUttered(text, {"name": "ask_information", "confidence": 1.0}, timestamp=ts + 0.1),
                SlotSet("county", "Vestland", timestamp=ts + 0.2)]

    async def one_session(store, sender):
        tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
        for event in [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.1)] + turn("hei", 2.0):
            tracker.update(event)
        await store.save(tracker)
        again = await store.retrieve(sender)
        for event in turn("og fristen?", 3.0):
            again.update(event)
        del calls[:]
        await store.save(again)
        return again

    async def two_sessions(store, sender):
        tracker = store.init_tracker(sender)
        for event in ([ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.1)] + turn("hei", 2.0)
                      + [ActionExecuted("action_session_start", timestamp=5.0), SessionStarted(timestamp=5.1)] + turn("igjen", 6.0)):
            tracker.update(event)
        await super(RetrievedTrackerRedisStore, ours).save(tracker) if store is ours else await store.save(tracker)
        latest = await store.retrieve(sender)
        for event in turn("og fristen?", 7.0):
            latest.update(event)
        del calls[:]
        await store.save(latest)
        return latest

    async def main():
        out = {}
        t = await one_session(ours, "a")
        out["noted"] = retrieved_from_store(t) is not None
        out["ours_calls"] = [name for mine, name in calls if mine]
        await one_session(rasas, "a")
        out["rasa_calls"] = [name for mine, name in calls if not mine]
        out["same_stored"] = json.loads(ours.red.get(ours.key_prefix + "a")) == json.loads(rasas.red.get(rasas.key_prefix + "a"))
        latest = await two_sessions(ours, "b")
        out["latest_events"] = len(latest.events)
        out["two_ours_calls"] = [name for mine, name in calls if mine]
        await two_sessions(rasas, "b")
        stored_ours = json.loads(ours.red.get(ours.key_prefix + "b"))
        out["two_same_stored"] = stored_ours == json.loads(rasas.red.get(rasas.key_prefix + "b"))
        out["two_users"] = [e["text"] for e in stored_ours["events"] if e["event"] == "user"]
        # A citizen's e5 vector serves its own turn and is not stored, by either path of save.
        tracker = await ours.get_or_create_tracker("v", append_action_listen=False)
        vector = {"text": "og fristen?", "vector": "AAAA" * 512}
        parse = {"intent": {"name": "ask_information", "confidence": 1.0}, "entities": [], "e5_query": vector}
        for event in [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.1),
                      UserUttered("hei", parse["intent"], [], parse, timestamp=2.0)]:
            tracker.update(event)
        await ours.save(tracker)  # not retrieved by this store: Rasa's save path
        again = await ours.retrieve("v")
        out["vector_after_retrieve"] = [e.parse_data.get("e5_query") for e in again.events if e.type_name == "user"]
        again.update(UserUttered("og fristen?", parse["intent"], [], parse, timestamp=3.0))
        out["vector_this_turn"] = again.latest_message.parse_data.get("e5_query") == vector
        del calls[:]
        await ours.save(again)
        await ours.save(again)  # saved twice in one turn, as Rasa does for a new conversation
        out["vector_calls"] = [name for mine, name in calls if mine]
        stored = json.loads(ours.red.get(ours.key_prefix + "v"))
        out["vector_stored"] = ["e5_query" in e["parse_data"] for e in stored["events"] if e["event"] == "user"]
        out["vector_users"] = [e["text"] for e in stored["events"] if e["event"] == "user"]
        from assistant.nlu import e5_featurizer, tracker_store
        out["same_field"] = e5_featurizer.QUERY_VECTOR == tracker_store.QUERY_VECTOR
        # Repeats dropped as Rasa's merge drops them; a tracker that does not continue what was
        # retrieved is left to Rasa's own save.
        out["merge"] = merged_events([{"e": 0}], [{"e": 1}, {"e": 2}], [{"e": 1}, {"e": 2}, {"e": 3}, {"e": 1}, {"e": 3}])
        out["not_continued"] = merged_events([{"e": 0}], [{"e": 1}, {"e": 2}], [{"e": 1}, {"e": 9}])
        print(json.dumps(out))

    asyncio.run(main())
""")


def test_a_tracker_is_written_without_the_read_back_and_stored_as_rasas_merge_stores_it(redis_server):
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", SCRIPT, str(redis_server.port)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["noted"] is True
    assert out["ours_calls"] == ["set"]  # no read-back
    assert out["rasa_calls"] == ["get", "set"]  # what Rasa's store does
    assert out["same_stored"] is True
    # Two sessions: retrieve gives the latest only; the earlier one is written back without a read.
    assert out["latest_events"] == 8  # the latest session: its start, its turn and the new one
    assert out["two_ours_calls"] == ["set"]
    assert out["two_same_stored"] is True
    assert out["two_users"] == ["hei", "igjen", "og fristen?"]
    assert out["merge"] == [{"e": 0}, {"e": 1}, {"e": 2}, {"e": 3}]
    # The vector reaches the turn's actions (latest_message) but is never stored.
    assert out["vector_this_turn"] is True
    assert out["vector_after_retrieve"] == [None]
    assert out["vector_calls"] == ["set", "set"]  # both saves of the turn without a read-back
    assert out["vector_stored"] == [False, False]
    assert out["vector_users"] == ["hei", "og fristen?"]
    assert out["same_field"] is True  # the featuriser's field name, repeated in the store
    assert out["not_continued"] is None

