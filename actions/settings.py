"""Settings of the action server (env prefix ``ACTIONS_``; ``REDIS_URL`` is shared by every
process). Read when first needed, never at import."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from handover.settings import DEFAULT_OPENING_HOURS


class ActionsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACTIONS_", env_file=".env", extra="ignore")

    redis_url: str = Field(
        "redis://127.0.0.1:6380/0", validation_alias=AliasChoices("REDIS_URL", "ACTIONS_REDIS_URL")
    )
    redis_timeout_s: float = 0.5  # an unreachable Redis must not hold up an answer
    redis_retry_after_s: float = 30.0  # after a failure, skip logging this long before trying again
    # The counsellors' opening hours are the handover service's; read from the same variables so
    # what the assistant says always matches when the queue is open.
    opening_hours: str = Field(DEFAULT_OPENING_HOURS, validation_alias=AliasChoices(
        "HANDOVER_OPENING_HOURS", "ACTIONS_OPENING_HOURS"))
    closed_dates: list[str] = Field(default_factory=list, validation_alias=AliasChoices(
        "HANDOVER_CLOSED_DATES", "ACTIONS_CLOSED_DATES"))
    timezone: str = Field("Europe/Oslo", validation_alias=AliasChoices("HANDOVER_TIMEZONE", "ACTIONS_TIMEZONE"))
