"""The FastAPI application: the citizen gateway and the handover service under one base URL.

``create_app()`` builds it; nothing connects until the app starts (lifespan).
"""

import asyncio
import logging
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from redis.asyncio import Redis
from redis.exceptions import RedisError

from assistant.api import citizen, health
from assistant.conversation import Conversation
from assistant.rasa_client import RasaClient
from assistant.sessions import SessionStore
from assistant.settings import AssistantSettings
from assistant.transcripts import TranscriptStore
from handover.api.routes import auth as auth_routes
from handover.api.routes import handovers as handover_routes
from handover.auth import StaffDirectory, TokenService
from handover.hours import OpeningHours
from handover.queue import HandoverStore
from handover.settings import HandoverSettings

log = logging.getLogger("veivalg")
STATIC = Path(__file__).parent / "static"
CONSOLE = Path(__file__).resolve().parent.parent / "handover" / "console"


def create_app(
    settings: AssistantSettings | None = None, handover_settings: HandoverSettings | None = None
) -> FastAPI:
    settings = settings or AssistantSettings()
    handover_settings = handover_settings or HandoverSettings()
    hours = OpeningHours.parse(
        handover_settings.opening_hours, handover_settings.closed_dates, handover_settings.timezone
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = app.state
        state.settings = settings
        state.redis = Redis.from_url(settings.redis_url, decode_responses=True,
                                     socket_connect_timeout=2, socket_timeout=5)
        state.http = httpx.AsyncClient()
        state.rasa = RasaClient(state.http, settings.rasa_url, settings.rasa_timeout_s)
        state.sessions = SessionStore(state.redis)
        state.transcripts = TranscriptStore(state.redis)
        state.handovers = HandoverStore(state.redis)
        state.staff_directory = StaffDirectory(handover_settings)
        state.tokens = TokenService(handover_settings, state.redis)
        state.conversation = Conversation(
            state.sessions, state.transcripts, state.handovers, state.rasa, hours,
            handover_settings.average_handling_s, handover_settings.counsellors_on_duty,
        )
        announcer = asyncio.create_task(_announce_when_ready(app)) if settings.announce_ready else None
        try:
            yield
        finally:
            if announcer:
                announcer.cancel()
            await state.http.aclose()
            await state.redis.aclose()

    app = FastAPI(
        title="Veivalg",
        description="National career-guidance chat: citizen gateway, handover to e-counsellors, staff APIs.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(citizen.router)
    app.include_router(auth_routes.router)
    app.include_router(handover_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/console/static", StaticFiles(directory=CONSOLE), name="console-static")

    @app.get("/", include_in_schema=False)
    async def chat_page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/console", include_in_schema=False)
    async def console_page() -> FileResponse:
        return FileResponse(CONSOLE / "index.html")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_validation_errors(error.errors()),
                             "errors": [{"field": _field(e["loc"]), "message": e["msg"]} for e in error.errors()]},
                            status_code=422)

    @app.exception_handler(RedisError)
    async def redis_down(request: Request, error: RedisError) -> JSONResponse:
        log.error("Redis error on %s: %s", request.url.path, error)
        return JSONResponse({"detail": "Veivalg cannot reach its message store right now, so nothing was "
                                       "saved. Please try again in a moment."}, status_code=503)

    return app


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def describe_validation_errors(errors: list[dict]) -> str:
    described = []
    for error in errors:
        if error.get("type") == "json_invalid":
            described.append("the request body is not valid JSON")
        elif error.get("type") == "missing" and tuple(error.get("loc", ())) == ("body",):
            described.append("the request needs a JSON body")
        elif error.get("type") == "string_too_long":
            limit = (error.get("ctx") or {}).get("max_length")
            described.append(f"{_field(error['loc'])}: too long (at most {limit} characters); nothing was saved")
        elif error.get("type") == "extra_forbidden":
            described.append(f"{_field(error['loc'])}: unknown field")
        else:
            described.append(f"{_field(error['loc'])}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(described)


async def _announce_when_ready(app: FastAPI) -> None:
    """Print the URLs once every component answers (used by `make run`)."""
    from assistant.api.health import check_components

    class _Request:  # check_components only needs request.app
        def __init__(self, app: FastAPI) -> None:
            self.app = app

    url = app.state.settings.public_url.rstrip("/")
    while True:
        components = await check_components(_Request(app))  # type: ignore[arg-type]
        if all(v == "ok" for v in components.values()):
            print(f"\nVeivalg is ready:\n  chat page:          {url}/\n  counsellor console: {url}/console"
                  f"\n  API docs:           {url}/docs\n  health:             {url}/health\n", flush=True)
            return
        await asyncio.sleep(2)
