"""Rasa's ticket lock in two atomic steps (assistant/nlu/lock_store.py), run in the Rasa venv
against the real Redis: an uncontended turn costs two round trips (Rasa's store: seven) and leaves
no lock behind; turns of one conversation still run one after another, in the order their tickets
were issued, also when two processes take tickets at the same moment; what it stores is what
Rasa's own store reads; an expired ticket does not block the next turn."""

import subprocess
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import asyncio, json, sys, time
    from multiprocessing import Pool
    from rasa.core.lock_store import RedisLockStore
    from assistant.nlu.lock_store import AtomicRedisLockStore

    port = int(sys.argv[1])

    def store():
        return AtomicRedisLockStore(host="127.0.0.1", port=port, key_prefix="vvtest")

    ours, rasas = store(), RedisLockStore(host="127.0.0.1", port=port, key_prefix="vvtest")
    calls = []
    original = ours.red.execute_command
    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)
    ours.red.execute_command = counting

    async def uncontended():
        async with ours.lock("warm-up"):  # the scripts are loaded into Redis on first use
            pass
        del calls[:]
        async with ours.lock("alone") as lock:
            assert lock.now_serving == 0 and not lock.is_locked(0)
            assert rasas.get_lock("alone").last_issued == 0  # Rasa's store reads our lock
        turn_calls = list(calls)
        assert ours.red.exists(ours.key_prefix + "alone") == 0, "the lock is gone after the turn"
        return turn_calls

    order = []
    async def turn(name, hold):
        async with ours.lock("shared", wait_time_in_seconds=0.05):
            order.append(("start", name))
            await asyncio.sleep(hold)
            order.append(("end", name))

    async def serialised():
        await asyncio.gather(turn("a", 0.3), turn("b", 0.01), turn("c", 0.01))
        return order

    def issue(_):
        return store().issue_ticket("raced")

    async def expired():
        ours.issue_ticket("stale", lock_lifetime=0.05)  # a turn that died holding its ticket
        await asyncio.sleep(0.1)
        async with ours.lock("stale", wait_time_in_seconds=0.05) as lock:
            return lock.now_serving

    round_trips = asyncio.run(uncontended())
    print(json.dumps({
        "round_trips": round_trips,
        "order": asyncio.run(serialised()),
        "tickets": sorted(Pool(8).map(issue, range(40))),
        "expired": asyncio.run(expired()),
    }))
""")


def test_the_lock_takes_two_steps_and_keeps_turns_apart(redis_server):
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", SCRIPT, str(redis_server.port)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    import json

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["round_trips"] == ["EVALSHA", "EVALSHA"]  # issue (served at once) and give back
    starts = [name for kind, name in result["order"] if kind == "start"]
    assert starts == ["a", "b", "c"]  # in ticket order
    for first, second in zip(result["order"][::2], result["order"][1::2]):  # never two at once
        assert first[0] == "start" and second == ["end", first[1]]
    assert result["tickets"] == list(range(40))  # 40 tickets from 8 processes: no number given twice
    assert result["expired"] == 0  # the dead turn's ticket expired and is gone: the next turn is served
