"""Settings of the gateway (env prefix ``ASSISTANT_``; ``REDIS_URL`` is shared by every process)."""

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_LANGUAGES = ("nb", "nn", "en", "uk", "pl", "ar")


class AssistantSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    redis_url: str = Field(
        "redis://127.0.0.1:6380/0", validation_alias=AliasChoices("REDIS_URL", "ASSISTANT_REDIS_URL")
    )
    rasa_url: str = "http://127.0.0.1:5005"
    actions_url: str = "http://127.0.0.1:5055"
    public_url: str = "http://127.0.0.1:8000"
    rasa_timeout_s: float = 30.0
    health_timeout_s: float = 2.0
    max_message_chars: int = 4000
    long_poll_max_s: float = 25.0
    default_language: str = "nb"
    announce_ready: bool = False
