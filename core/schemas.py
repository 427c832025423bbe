"""The one shape of a chat message body, shared by citizens and counsellors."""

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_CHARS = 4000


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_CHARS, description="The message, 1 to 4000 characters; longer is refused, not cut.")

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()
