"""Runs the action server: rasa-sdk's app plus GET /knowledge/health, with the knowledge base
warmed up before the first request.  ``python -m actions.server --port 5055``"""

import argparse
import logging
from functools import partial

from sanic import Sanic
from sanic.response import json as json_response
from sanic.worker.loader import AppLoader

log = logging.getLogger("veivalg.actions")


def create_action_app():
    from rasa_sdk.endpoint import create_app
    from rasa_sdk.executor import ActionExecutor

    from actions.clients import knowledge as knowledge_base

    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app(executor)

    @app.get("/knowledge/health")
    async def knowledge_health(request):
        return json_response(knowledge_base.status())

    @app.before_server_start
    async def warm_up(app, loop):
        try:
            knowledge_base.get_knowledge_base()
        except Exception:  # /knowledge/health reports it; actions retry on first use
            log.exception("knowledge base not loaded at start")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Veivalg action server")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Our slots are extracted by ValidateSlotMappings, not validated: rasa_sdk warns about that on
    # every message (three to four lines per turn), which costs CPU and hides real warnings.
    logging.getLogger("rasa_sdk.forms").setLevel(logging.ERROR)
    loader = AppLoader(factory=partial(create_action_app))
    app = loader.load()
    app.prepare(host=args.host, port=args.port, workers=1, single_process=True, access_log=False)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
