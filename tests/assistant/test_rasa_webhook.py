"""The gateway's webhook inside Rasa (assistant/nlu/rasa_runtime.py): one round trip per turn that
answers with the tracker as the turn saved it, and the event-type table that replaces Rasa's walk
over every ``Event`` subclass."""

import subprocess
import textwrap
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def turn(rasa_url: str, sender: str, text: str) -> dict:
    reply = httpx.post(f"{rasa_url}/webhooks/veivalg/webhook", timeout=60,
                       json={"sender": sender, "message": text, "metadata": {"language": "nb"}})
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_each_turn_answers_with_the_slots_and_intent_the_tracker_store_holds(rasa_stack):
    sender = uuid.uuid4().hex
    for text in ("Hei", "Jeg bor i Bergen og lurer på om jeg bør bytte jobb", "Når er søknadsfristen for høyere utdanning?"):
        body = turn(rasa_stack["rasa_url"], sender, text)
        stored = httpx.get(f"{rasa_stack['rasa_url']}/conversations/{sender}/tracker", timeout=30).json()
        assert body["slots"] == stored["slots"]  # this turn's tracker, not the one before it
        assert body["intent"]["name"] == stored["latest_message"]["intent"]["name"]
        assert stored["latest_message"]["text"] == text
    assert body["intent"]["name"] == "ask_information"


def test_the_webhook_refuses_a_turn_without_sender_or_message(rasa_stack):
    reply = httpx.post(f"{rasa_stack['rasa_url']}/webhooks/veivalg/webhook", json={"message": "hei"}, timeout=30)
    assert reply.status_code == 400 and "sender" in reply.json()["error"]


def test_the_event_type_table_resolves_as_rasa_does():
    script = textwrap.dedent("""
        from rasa.shared.core.events import Event, UserUttered, SlotSet, ActionExecuted
        from rasa.shared.utils.common import all_subclasses
        names = sorted({cls.type_name for cls in all_subclasses(Event)})
        before = {name: Event.resolve_by_type(name) for name in names}
        from assistant.nlu.rasa_runtime import install_event_type_table
        install_event_type_table(); install_event_type_table()
        assert Event.resolve_by_type.veivalg_table
        assert {name: Event.resolve_by_type(name) for name in names} == before, "a name resolves differently"
        assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
        assert Event.resolve_by_type("no such event", default=ActionExecuted) is ActionExecuted
        assert Event.resolve_by_type("topic") is None
        try:
            Event.resolve_by_type("no such event")
        except ValueError as error:
            assert "no such event" in str(error)
        else:
            raise AssertionError("an unknown name must raise")
        class LaterEvent(SlotSet):
            type_name = "veivalg_later"
        assert Event.resolve_by_type("veivalg_later") is LaterEvent  # a class added after the table was built
        event = Event.from_parameters({"event": "slot", "name": "language", "value": "nb"})
        assert isinstance(event, SlotSet) and event.value == "nb"
        print(len(names), "names")
    """)
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[0]) > 20


def test_the_action_answer_check_accepts_and_refuses_exactly_what_rasas_schema_does():
    script = textwrap.dedent("""
        import jsonschema
        from rasa.core.actions.action import RemoteAction
        from assistant.nlu.rasa_runtime import ActionResponseValidator
        schema = RemoteAction.action_response_format_spec()
        ours = ActionResponseValidator(schema)
        assert len(ours._by_name) > 15, "each event name gets its own prepared check"
        bot = {"event": "bot", "text": None, "data": {"custom": {"kind": "answer"}}, "metadata": {}}
        user = {"event": "user", "text": "hei", "parse_data": {"intent": {"name": "greet", "confidence": 0.9},
                "entities": [{"entity": "place", "value": "Bodø", "start": 0, "end": 4}]}}
        cases = [
            {"events": [], "responses": []},
            {"events": [{"event": "slot", "name": "county", "value": "Nordland"}, bot, user,
                        {"event": "action", "name": "action_answer", "policy": None, "confidence": 1.0},
                        {"event": "followup", "name": "action_listen"}, {"event": "restart"}],
             "responses": [{"custom": {"kind": "answer", "text": "Svar"}}]},
            {"events": [{"event": "slot", "name": "county"}]},                       # no value
            {"events": [{"event": "slot", "name": 3, "value": 1}]},                  # name not a string
            {"events": [{"event": "no_such_event"}]},
            {"events": [{"name": "county", "value": 1}]},                             # no event name
            {"events": [{"event": 7}]},
            {"events": ["slot"]},
            {"events": {"event": "slot"}},
            {"events": [{"event": "user", "parse_data": "greet"}]},
            {"events": [{"event": "entities", "entities": [{"entity": "place"}]}]},  # entity without value
            {"events": [{"event": "slot", "name": "a", "value": 1, "timestamp": "now"}]},
            {"events": [], "responses": "text"},
            "not an object",
        ]
        for case in cases:
            try:
                jsonschema.validate(case, schema)
                rasa = True
            except jsonschema.ValidationError:
                rasa = False
            try:
                ours.validate(case)
                mine = True
            except jsonschema.ValidationError:
                mine = False
            assert rasa == mine, (case, rasa, mine)
        print(sum(1 for case in cases), "cases")
    """)
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[0]) == 14


def test_the_sequential_graph_runner_parses_and_predicts_as_dask_does():
    script = textwrap.dedent("""
        import asyncio, json
        from rasa.core.agent import Agent
        from rasa.engine.runner.dask import DaskGraphRunner
        from rasa.shared.core.events import ActionExecuted, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker
        from assistant.nlu.rasa_runtime import install_sequential_graph_runner

        agent = Agent.load("models/veivalg.tar.gz")
        texts = ["Hei", "Når er søknadsfristen for høyere utdanning?", "Jeg bor i Bergen", "I want to talk to a person",
                 "Jeg orker ikke mer, vil ikke leve", "Як визнати мій диплом?", "ok takk", ""]

        def run_all():
            parses = [asyncio.run(agent.parse_message(text)) for text in texts]
            predictions = []
            for parse in parses:
                tracker = DialogueStateTracker.from_events("t", [
                    ActionExecuted("action_session_start"), ActionExecuted("action_listen"),
                    UserUttered(parse["text"], parse["intent"], parse["entities"])])
                prediction = agent.processor._predict_next_with_tracker(tracker)
                predictions.append((prediction.max_confidence_index, prediction.policy_name,
                                    [round(p, 6) for p in prediction.probabilities]))
            return [{"intent": p["intent"], "entities": p["entities"],
                     "ranking": p.get("intent_ranking")} for p in parses], predictions

        before = run_all()
        install_sequential_graph_runner(); install_sequential_graph_runner()
        assert DaskGraphRunner.run.veivalg_sequential
        after = run_all()
        assert json.dumps(before, sort_keys=True, default=str) == json.dumps(after, sort_keys=True, default=str)
        print(len(texts), sorted({p["intent"]["name"] for p in after[0]}))
    """)
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    count, _, intents = done.stdout.strip().splitlines()[-1].partition(" ")
    assert int(count) == 8 and "crisis" in intents and "greet" in intents  # the parses were real ones


def test_calls_of_an_endpoint_reuse_one_kept_connection():
    """Rasa opened a new session (a new TCP connection) for every call of the action server; after
    install_kept_endpoint_sessions the calls of one worker share one kept-alive connection."""
    script = textwrap.dedent("""
        import asyncio
        from aiohttp import web
        from rasa.utils.endpoints import EndpointConfig
        from assistant.nlu.rasa_runtime import install_kept_endpoint_sessions

        peers = []
        async def hello(request):
            peers.append(request.transport.get_extra_info("peername"))
            return web.json_response({"ok": len(peers)})

        async def calls(endpoint, n):
            return [await endpoint.request("post", json={}) for _ in range(n)]

        async def main():
            app = web.Application(); app.router.add_post("/webhook", hello)
            runner = web.AppRunner(app); await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0); await site.start()
            port = site._server.sockets[0].getsockname()[1]
            endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
            before = await calls(endpoint, 3)
            connections_before = len(set(peers)); peers.clear()
            install_kept_endpoint_sessions(); install_kept_endpoint_sessions()
            after = await calls(endpoint, 3)
            print(connections_before, len(set(peers)), [r["ok"] for r in after])
            await runner.cleanup()

        asyncio.run(main())
    """)
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    before, after, answers = done.stdout.split(maxsplit=2)
    assert int(before) == 3  # Rasa's own: a connection per call
    assert int(after) == 1 and answers.strip() == "[1, 2, 3]"
