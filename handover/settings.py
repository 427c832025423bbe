"""Settings of the handover service and staff accounts (env prefix ``HANDOVER_``)."""

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_OPENING_HOURS = "mon-thu 08:30-22:00; fri 08:30-18:30; sat-sun 15:00-22:00"
DEV_SECRET = "dev-only-secret-change-me"
DEV_PASSWORD = "demo"


class HandoverSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HANDOVER_", env_file=".env", extra="ignore")

    mode: Literal["development", "production"] = "development"
    opening_hours: str = DEFAULT_OPENING_HOURS
    closed_dates: list[str] = Field(default_factory=list)  # ISO dates, e.g. ["2026-12-24"]
    timezone: str = "Europe/Oslo"
    secret_key: str = DEV_SECRET
    token_ttl_s: int = 12 * 3600
    # "username:role:password" entries; in development the demo users exist with password "demo".
    staff: list[str] = Field(default_factory=list)
    average_handling_s: int = 600  # used for wait estimates until real handling times exist
    lease_s: int = 60  # a claim lapses unless the console renews it within this time
    lease_sweep_s: float = 2.0
    presence_ttl_s: int = 60  # on duty while the console sent a heartbeat this recently
    preference_window_s: int = 60  # a handover waits this long for a county/expertise match
    fairness_window_s: int = 30  # "next" leaves a handover this long to a less busy colleague
    retention_days: int = 90  # closed transcripts are deleted this long after closing
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
