"""Shapes every API shares: the chat message body, and clean text.

Control characters (other than line breaks and tabs) and bidirectional override, embedding and
isolate characters are removed from free text before anything is stored: they can hide or reorder
what a counsellor or evaluator reads. Arabic's ordinary direction marks (U+200E, U+200F, U+061C)
stay.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

MAX_CHARS = 4000

# C0 controls except \t \n \r, DEL, C1 controls; bidi embeddings/overrides (U+202A-202E) and
# isolates (U+2066-2069).
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """``value`` without control and bidi-override characters, line breaks normalised."""
    return UNSAFE_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


CleanText = Annotated[str, AfterValidator(clean_text)]


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_CHARS, description="The message, 1 to 4000 characters; longer is refused, "
                                                        "not cut. Control and bidi-override characters are removed.")

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        value = clean_text(value)
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class EventPublic(BaseModel):
    """One transcript event (../shared/API.md ``Event``); kinds carry extra fields such as sources."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    seq: int
    at: str
    from_: str = Field(alias="from")
    text: str
    kind: str


class QueuePublic(BaseModel):
    """Where a waiting citizen is in the queue."""

    position: int
    estimated_wait_s: int
