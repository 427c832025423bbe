"""Settings of the action server (env prefix ``ACTIONS_``; ``REDIS_URL`` is shared by every
process). Read when first needed, never at import."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ActionsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACTIONS_", env_file=".env", extra="ignore")

    redis_url: str = Field(
        "redis://127.0.0.1:6380/0", validation_alias=AliasChoices("REDIS_URL", "ACTIONS_REDIS_URL")
    )
    redis_timeout_s: float = 0.5  # an unreachable Redis must not hold up an answer
    redis_retry_after_s: float = 30.0  # after a failure, skip logging this long before trying again
