"""The FastAPI application: the citizen gateway and the handover service under one base URL.

``create_app()`` builds it; nothing connects until the app starts (lifespan).
"""

import asyncio
import logging
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from redis.exceptions import RedisError

from assistant.api import citizen, health, live, service_info
from assistant.channels import api as channel_routes
from assistant.channels import service as channel_service
from assistant.channels import shortlinks as short_link_routes
from assistant.conversation import Conversation
from assistant.rasa_client import RasaClient
from core import errors, security
from core.audit import AuditLog
from core.lockout import LoginGuard
from core.metrics import Metrics
from core.ratelimit import RateLimiter
from core.ratings import Ratings
from core.redis_client import make_redis
from core.sessions import SessionStore
from core.settings import (
    DEV_PASSWORD,
    AssistantSettings,
    ChannelSettings,
    HandoverSettings,
    KnowledgeSettings,
)
from core.staff import StaffStore
from core.tokens import TokenService
from core.transcripts import TranscriptStore
from evaluation import api as evaluation_routes
from evaluation import samples_api as sample_routes
from evaluation import stats_api as stats_routes
from handover.abandonment import AbandonmentSweeper, sweep_interval
from handover.api import audit as audit_routes
from handover.api import auth as auth_routes
from handover.api import backroom as backroom_routes
from handover.api import callbacks as callback_routes
from handover.api import canned as canned_routes
from handover.api import counsellors as counsellor_routes
from handover.api import handovers as handover_routes
from handover.api import kb_search as kb_search_routes
from handover.api import staff as staff_routes
from handover.api import typing as typing_routes
from handover.backroom import BackRoom
from handover.callbacks import CallbackStore
from handover.canned import CannedReplies
from handover.counsellor_names import CounsellorNames
from handover.counsellor_typing import CounsellorTyping
from handover.counsellors import CounsellorStore, load_roster
from handover.flow import SessionFlow, WaitingByAddress
from handover.hours import OpeningHours
from handover.leader import Leadership
from handover.leases import LeaseSweeper
from handover.presence import Presence
from handover.queue import HandoverStore
from handover.retention_sweep import RetentionSweeper
from handover.waiting import WaitingRoom
from knowledge.api import articles as article_routes
from knowledge.api import centres as centre_routes
from knowledge.api import index as index_routes
from knowledge.api import points as points_routes
from knowledge.api import reports as report_routes
from knowledge.content_gaps import ContentGapStore
from knowledge.search import KnowledgeBase

log = logging.getLogger("veivalg")
STATIC = Path(__file__).parent / "static"
CONSOLE = Path(__file__).resolve().parent.parent / "handover" / "console"
EDITOR = Path(__file__).resolve().parent.parent / "knowledge" / "editor"
POINTS_PAGE = Path(__file__).resolve().parent.parent / "knowledge" / "points_page"  # the points calculator
EVALUATE = Path(__file__).resolve().parent.parent / "evaluation" / "page"
STAFF_UI = Path(__file__).resolve().parent.parent / "core" / "staff_ui"  # shared by console and editor
STATS_PAGE = Path(__file__).resolve().parent.parent / "evaluation" / "stats_page"


def create_app(
    settings: AssistantSettings | None = None, handover_settings: HandoverSettings | None = None,
    knowledge_settings: KnowledgeSettings | None = None, channel_settings: ChannelSettings | None = None,
) -> FastAPI:
    settings = settings or AssistantSettings()
    handover_settings = handover_settings or HandoverSettings()
    knowledge_settings = knowledge_settings or KnowledgeSettings()
    channel_settings = channel_settings or ChannelSettings()
    hours = OpeningHours.parse(
        handover_settings.opening_hours, handover_settings.closed_dates, handover_settings.timezone
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = app.state
        state.settings = settings
        state.handover_settings = handover_settings
        state.knowledge_settings = knowledge_settings
        state.hours = hours  # the counsellors' opening hours (GET /api/service-info, the conversation)
        state.index_rebuilders = {}
        state.redis = make_redis(settings.redis_url)
        state.http = httpx.AsyncClient()
        state.rasa = RasaClient(state.http, settings.rasa_url, settings.rasa_timeout_s)
        state.sessions = SessionStore(state.redis)
        state.transcripts = TranscriptStore(state.redis)
        state.handovers = HandoverStore(state.redis, handover_settings.lease_s, state.sessions)
        state.staff = StaffStore(state.redis, handover_settings)
        state.tokens = TokenService(handover_settings, state.redis)
        state.counsellors = CounsellorStore(state.redis, handover_settings.presence_ttl_s,
                                            handover_settings.preference_window_s,
                                            handover_settings.fairness_window_s)
        state.counsellor_names = CounsellorNames(state.counsellors)  # first names the citizen sees
        state.counsellor_typing = CounsellorTyping(state.redis, handover_settings.counsellor_typing_ttl_s)
        state.callbacks = CallbackStore(state.redis)
        state.backroom = BackRoom(state.redis)
        state.canned = CannedReplies(state.redis)
        state.presence = Presence(state.redis, handover_settings.typing_ttl_s, handover_settings.citizen_idle_after_s)
        state.staff_kb = KnowledgeBase(knowledge_settings, build_if_missing=False)  # loads on the first staff search
        state.content_gaps = ContentGapStore(state.redis)
        state.audit = AuditLog(state.redis)
        state.limiter = RateLimiter(settings.redis_url, {
            **settings.rate_limits(), "logins_per_address": handover_settings.limit_logins_per_address,
            "counsellor_typing": handover_settings.limit_counsellor_typing})
        state.login_guard = LoginGuard(state.redis, handover_settings.lockout_after_failures,
                                       handover_settings.lockout_address_after_failures,
                                       handover_settings.lockout_base_s, handover_settings.lockout_max_s)
        state.metrics = Metrics(state.redis, handover_settings.timezone,
                                keep_s=(handover_settings.retention_days + 1) * 86400)
        state.ratings = Ratings(state.redis, state.metrics, handover_settings.retention_days * 86400)
        state.waiting = WaitingRoom(state.handovers, state.counsellors, state.transcripts, state.sessions,
                                    handover_settings.average_handling_s)
        state.flow = SessionFlow(state.sessions, state.transcripts, state.handovers, state.waiting,
                                 state.counsellors, handover_settings.retention_days, backroom=state.backroom,
                                 waiting_by_address=WaitingByAddress(state.redis, state.handovers,
                                                                     handover_settings.max_waiting_per_address),
                                 metrics=state.metrics)
        state.conversation = Conversation(sessions=state.sessions, transcripts=state.transcripts, flow=state.flow,
                                          rasa=state.rasa, hours=hours, counsellors=state.counsellors,
                                          waiting=state.waiting, limiter=state.limiter, metrics=state.metrics,
                                          exercise_offer_wait_s=handover_settings.exercise_offer_after_wait_s,
                                          actions_up=lambda: _actions_up(state.http, settings))
        # Several gateways on one Redis: the sweeps run on the one holding the leader key.
        state.leadership = Leadership(state.redis, handover_settings.leader_ttl_s)
        try:
            await state.leadership.sweep()  # lead at once when no other gateway does
        except RedisError as error:
            log.warning("cannot take part in the leader election yet (%s); retrying", error)
        state.leadership.start()
        sweeper = LeaseSweeper(state.flow, handover_settings.lease_sweep_s).led_by(state.leadership)
        sweeper.start()
        abandonment = AbandonmentSweeper(state.flow, state.handovers, state.sessions,
                                         handover_settings.abandoned_after_s,
                                         sweep_interval(handover_settings.abandoned_after_s,
                                                        handover_settings.lease_sweep_s,
                                                        handover_settings.away_grace_s),
                                         handover_settings.away_grace_s).led_by(state.leadership)
        abandonment.start()
        retention = RetentionSweeper(state.flow, state.sessions, handover_settings.retention_days,
                                     handover_settings.retention_sweep_s).led_by(state.leadership)
        retention.start()
        # SMS and Telegram: webhooks, short links, and the dispatcher that sends what the channel's
        # citizen should read (assistant/channels).
        state.channels = channel_service.build(
            channel_settings, redis=state.redis, http=state.http, sessions=state.sessions,
            transcripts=state.transcripts, conversation=state.conversation, flow=state.flow, limiter=state.limiter,
            identity_secret=handover_settings.secret_key, public_url=settings.public_url,
            default_language=settings.default_language, retention_days=handover_settings.retention_days,
            counsellor_names=getattr(state, "counsellor_names", None),
            production=handover_settings.mode == "production")
        state.short_links = state.channels.links
        state.channels.dispatcher.start()
        state.sweepers = {"leases": sweeper, "abandonment": abandonment, "retention": retention}
        tasks: list[asyncio.Task] = []
        try:
            await _seed_once(state, handover_settings)
        except RedisError as error:
            log.warning("cannot seed staff accounts yet (%s); retrying in the background", error)
            tasks.append(asyncio.create_task(_seed(state, handover_settings)))
        if settings.announce_ready:
            tasks.append(asyncio.create_task(_announce_when_ready(app)))
        # Language detection and anonymisation load their models on first use (seconds): load them
        # now in a thread, so the first citizen or evaluator does not stall the event loop.
        tasks.append(asyncio.create_task(asyncio.to_thread(_warm_models)))
        try:
            yield
        finally:
            # The sweeper finishes its pass instead of being cancelled in the middle of a Redis
            # command (a cancelled command can leave a connection the client then waits on).
            for task in tasks:
                task.cancel()
            await sweeper.stop(timeout_s=10)
            await abandonment.stop(timeout_s=10)
            await retention.stop(timeout_s=10)
            await state.channels.dispatcher.stop(timeout_s=10)
            await state.leadership.stop(timeout_s=10)  # gives the key up: another gateway leads at once
            if tasks:
                await asyncio.wait(tasks, timeout=10)
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
    app.include_router(service_info.router)
    app.include_router(live.router)  # the WebSocket /ws/sessions/{id} (not in OpenAPI)
    app.include_router(auth_routes.router)
    app.include_router(handover_routes.router)
    app.include_router(typing_routes.router)
    app.include_router(counsellor_routes.router)
    app.include_router(backroom_routes.router)
    app.include_router(callback_routes.router)
    app.include_router(canned_routes.router)
    app.include_router(kb_search_routes.router)
    app.include_router(staff_routes.router)
    app.include_router(audit_routes.router)
    app.include_router(evaluation_routes.router)
    app.include_router(sample_routes.router)
    app.include_router(stats_routes.router)
    app.include_router(article_routes.router)
    app.include_router(index_routes.router)
    app.include_router(report_routes.router)
    app.include_router(points_routes.router)
    app.include_router(centre_routes.router)
    app.include_router(channel_routes.router)
    app.include_router(short_link_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/console/static", StaticFiles(directory=CONSOLE), name="console-static")
    app.mount("/editor/static", StaticFiles(directory=EDITOR), name="editor-static")
    app.mount("/points/static", StaticFiles(directory=POINTS_PAGE), name="points-static")
    app.mount("/evaluate/static", StaticFiles(directory=EVALUATE), name="evaluate-static")
    app.mount("/staff/static", StaticFiles(directory=STAFF_UI), name="staff-static")
    app.mount("/stats/static", StaticFiles(directory=STATS_PAGE), name="stats-static")

    # Each page is one HTML file; its scripts and styles come from the mounts above.
    pages = {"/": STATIC / "index.html", "/console": CONSOLE / "index.html", "/editor": EDITOR / "index.html",
             "/editor/centres": EDITOR / "centres.html", "/points": POINTS_PAGE / "index.html",
             "/evaluate": EVALUATE / "index.html", "/stats": STATS_PAGE / "index.html"}
    for route, page in pages.items():
        app.add_api_route(route, _page(page), methods=["GET"], include_in_schema=False)

    errors.install(app)
    security.install(app, settings.cors_origins, settings.widget_origins)
    return app


async def _actions_up(http: httpx.AsyncClient, settings: AssistantSettings) -> bool:
    """Whether Rasa's action server answers its health check (rasa-sdk's GET /health)."""
    try:
        response = await http.get(f"{settings.actions_url.rstrip('/')}/health", timeout=settings.health_timeout_s)
        return response.status_code == 200
    except httpx.HTTPError:
        return False


def _page(path: Path):
    async def page() -> FileResponse:
        return FileResponse(path)
    return page


async def _seed_once(state, settings: HandoverSettings) -> None:
    """Staff accounts (and in development the dev roster). Production refuses to start while a
    default password is in place (RuntimeError)."""
    roster = load_roster() if settings.mode == "development" and settings.seed_roster else []
    await state.staff.seed([(p.username, "counsellor", DEV_PASSWORD) for p in roster
                            if not p.username.startswith("demo-")])
    for profile in roster:
        await state.counsellors.save(profile)


async def _seed(state, settings: HandoverSettings) -> None:
    while True:
        try:
            await _seed_once(state, settings)
            return
        except RedisError as error:
            log.warning("cannot seed staff accounts yet (%s); retrying", error)
            await asyncio.sleep(2)


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
                  f"\n  editor page:        {url}/editor\n  API docs:           {url}/docs"
                  f"\n  health:             {url}/health\n", flush=True)
            return
        await asyncio.sleep(2)


def _warm_models() -> None:
    """Load the language detector and the anonymiser's pipeline (once per process)."""
    from assistant import language
    from core import anonymise

    try:
        language.warm_up()
        anonymise.warm_up()
    except Exception:  # a model that cannot load now fails again, visibly, where it is used
        log.exception("could not warm up the language and anonymisation models")
