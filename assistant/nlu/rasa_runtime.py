"""Runs inside the Rasa server (the .venv-rasa process): the gateway's input channel, with one
round trip per turn, and a cheaper check of the action server's answers.

``credentials.yml`` names :class:`VeivalgInput`; Rasa builds it at start and calls its
``blueprint``, which is where the check is installed (nothing happens at import).

One round trip: ``POST /webhooks/veivalg/webhook`` takes what Rasa's REST channel takes
(``sender``, ``message``, ``metadata``) and answers ``{"messages": [...], "intent": {"name",
"confidence"}, "slots": {...}}``: the bot's messages and, from the tracker as it was saved after the
turn, what the gateway used to fetch with a second request (``GET /conversations/{id}/tracker``).

The tracker the turn saved is kept (:func:`install_saved_tracker_capture`) and answered from,
instead of reading it back from the tracker store (a Redis GET and a deserialisation per turn).

Event types: Rasa 3.6 finds an event's class by walking every subclass of ``Event`` for each event
it deserialises (``Event.resolve_by_type``); :func:`install_event_type_table` answers from a table
built once (same classes, same order of precedence, same errors for unknown names).

The check: Rasa 3.6 validates every answer of the action server with ``jsonschema.validate``, which
first re-validates the (large) response schema against its meta-schema on every call. Measured with
cProfile on this machine, that was about 60 % of Rasa's CPU per message (119 → 49 ms per message
without it, bench in bench/load.py's notes). The schema never changes, so it is checked once and
prepared validators are reused; each event is checked against the alternative of its own name instead
of trying all twenty (:class:`ActionResponseValidator`). Every answer is still validated against the
same schema.

Kept connections: Rasa 3.6 opens a new HTTP session, so a new TCP connection, for every call of the
action server; :func:`install_kept_endpoint_sessions` keeps one session per endpoint and worker.
"""

import contextvars
import functools
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


class ActionResponseValidator:
    """Rasa's action response schema, checked with prepared validators.

    The schema's ``events`` items are an object with ``oneOf`` over ~20 alternatives, each fixed by
    ``event: {const: <name>}``. A generic validator tries every alternative for every event; here an
    event is checked against the common part plus the one alternative of its name, which is the
    same test (the other alternatives fail on their ``const``, so "exactly one" holds). An event
    whose name no alternative has, or that is not an object, goes through the full item schema, so
    it fails as Rasa's check fails."""

    def __init__(self, schema: Dict[Text, Any]) -> None:
        import copy

        from jsonschema import validators

        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, not per answer
        outer = copy.deepcopy(schema)
        items = outer["properties"]["events"].pop("items")
        self._outer = cls(outer)
        self._any_event = cls(items)
        common = {key: value for key, value in items.items() if key != "oneOf"}
        by_name: Dict[Text, list] = {}
        for alternative in items.get("oneOf", []):
            name = alternative.get("properties", {}).get("event", {}).get("const")
            by_name.setdefault(name, []).append(alternative)
        if None in by_name:  # an alternative without a fixed name could match any event
            by_name = {}
        self._by_name = {name: cls({**common, "allOf": alternatives}) for name, alternatives in by_name.items()
                         if len(alternatives) == 1}

    def validate(self, result: Any) -> None:
        self._outer.validate(result)
        events = result.get("events") if isinstance(result, dict) else None
        for event in events if isinstance(events, list) else []:
            name = event.get("event") if isinstance(event, dict) else None
            validator = self._by_name.get(name) if isinstance(name, str) else None
            (validator or self._any_event).validate(event)


@functools.lru_cache(maxsize=None)
def _action_response_validator() -> ActionResponseValidator:
    from rasa.core.actions.action import RemoteAction

    return ActionResponseValidator(RemoteAction.action_response_format_spec())


def install_fast_action_validation() -> None:
    """Validate the action server's answers with one prepared validator (same schema, same errors)."""
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "veivalg_prepared", False):
        return

    def validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
        try:
            _action_response_validator().validate(result)
        except ValidationError as error:
            error.message += (". Failed to validate Action server response from API, make sure your response "
                              "from the Action endpoint is valid.")
            raise
        return True

    validate_action_result.veivalg_prepared = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result


_SAVED_TRACKER: contextvars.ContextVar[Dict[Text, Any] | None] = contextvars.ContextVar("veivalg_saved_tracker",
                                                                                       default=None)


def install_saved_tracker_capture() -> None:
    """Let a webhook turn see the tracker its processor saved (``MessageProcessor.save_tracker``)."""
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor.save_tracker
    if getattr(original, "veivalg_capture", False):
        return

    async def save_tracker(self: Any, tracker: Any) -> None:
        await original(self, tracker)
        holder = _SAVED_TRACKER.get()
        if holder is not None:
            holder["tracker"] = tracker

    save_tracker.veivalg_capture = True  # type: ignore[attr-defined]
    MessageProcessor.save_tracker = save_tracker


def install_event_type_table() -> None:
    """Resolve event type names from a table (rebuilt when a name is missing, e.g. a class added later)."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.__dict__["resolve_by_type"].__func__
    if getattr(original, "veivalg_table", False):
        return
    table: Dict[Text, Any] = {}

    def rebuild() -> None:
        table.clear()
        for cls in all_subclasses(Event):
            table.setdefault(cls.type_name, cls)  # the first match wins, as in Rasa's loop

    def resolve_by_type(type_name: Text, default: Any = None) -> Any:
        cls = table.get(type_name)
        if cls is None:
            rebuild()
            cls = table.get(type_name)
        return cls if cls is not None else original(type_name, default)

    resolve_by_type.veivalg_table = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)


class _KeptSession:
    """``async with`` on a session that stays open afterwards (its connections are kept alive)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> bool:
        return False


def install_kept_endpoint_sessions() -> None:
    """One HTTP client session per endpoint and worker, kept open: Rasa 3.6 opens a new session for
    every request (``EndpointConfig.request``), so each call of the action server (two per turn:
    the slot validation and the action) paid a new TCP connection and its teardown on both ends.
    A session whose event loop has ended, or that was closed, is replaced."""
    import asyncio
    import json

    from rasa.utils import endpoints

    original = endpoints.EndpointConfig.session
    if getattr(original, "veivalg_kept", False):
        return
    kept: Dict[Any, Any] = {}

    def session(self: Any) -> Any:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return original(self)  # outside a loop: as Rasa does
        key = (id(loop), self.url, json.dumps(self.headers, sort_keys=True, default=str),
               json.dumps(self.basic_auth, sort_keys=True, default=str))
        current = kept.get(key)
        if current is None or current.closed or getattr(current, "_loop", loop) is not loop:
            current = original(self)
            kept[key] = current
        return _KeptSession(current)

    session.veivalg_kept = True  # type: ignore[attr-defined]
    endpoints.EndpointConfig.session = session


def install_sequential_graph_runner() -> None:
    """Run the model's graph node after node in one thread, in the order of its needs. Rasa 3.6 hands
    each run (the parse of every message and each prediction of the next action: three or more per
    turn) to dask's scheduler, which rebuilds the minimal graph and its task queue every time, for
    graphs of a few nodes that run one after another anyway. The plan (which nodes, in which
    order, what each needs) is made once per set of targets; nodes and their hooks are Rasa's, and
    an input that clashes with a node name, or a ``RuntimeError``, fails as in Rasa."""
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    if getattr(DaskGraphRunner.run, "veivalg_sequential", False):
        return

    def plan(self: Any, targets: tuple) -> tuple:
        plans = self.__dict__.setdefault("_veivalg_plans", {})
        if targets not in plans:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            order: list = []

            def visit(name: Text, path: tuple) -> None:
                if name in order or name not in schema.nodes:
                    return  # done, or an input placeholder
                if name in path:
                    raise GraphRunError(f"The graph has a cycle through '{name}'.")
                for need in schema.nodes[name].needs.values():
                    visit(need, path + (name,))
                order.append(name)

            for target in targets:
                visit(target, ())
            plans[targets] = (set(schema.nodes), [(name, list(schema.nodes[name].needs.values())) for name in order])
        return plans[targets]

    def run(self: Any, inputs: Dict[Text, Any] | None = None, targets: Any = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        nodes, steps = plan(self, run_targets)
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in nodes:
                raise GraphRunError(f"Input value '{value}' clashes with a node name. Make sure that none of the "
                                    f"input names passed to the `run` method are the same as node names in the "
                                    f"graph schema.")
            results[name] = (name, value)
        try:
            for name, needs in steps:
                results[name] = self._instantiated_nodes[name](*[results.get(need, need) for need in needs])
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] if target in results else (target, target) for target in run_targets)

    run.veivalg_sequential = True  # type: ignore[attr-defined]
    DaskGraphRunner.run = run


class VeivalgInput(InputChannel):
    """The gateway's channel: the turn's messages with the intent and slots in one response."""

    @classmethod
    def name(cls) -> Text:
        return "veivalg"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        install_fast_action_validation()
        install_saved_tracker_capture()
        install_event_type_table()
        install_kept_endpoint_sessions()
        install_sequential_graph_runner()
        hook = Blueprint("veivalg_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json or {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message (strings) are required"}, status=400)
            collector = CollectingOutputChannel()
            saved: Dict[Text, Any] = {}
            token = _SAVED_TRACKER.set(saved)
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=body.get("metadata")))
            finally:
                _SAVED_TRACKER.reset(token)
            tracker = saved.get("tracker") or await request.app.ctx.agent.tracker_store.retrieve(sender)
            intent = (tracker.latest_message.intent if tracker is not None and tracker.latest_message else {}) or {}
            return response.json({
                "messages": collector.messages,
                "intent": {"name": intent.get("name"), "confidence": intent.get("confidence") or 0.0},
                "slots": tracker.current_slot_values() if tracker is not None else {},
            })

        return hook
