"""The back room: counsellors ask each other; @username mentions."""

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentCounsellor
from handover.api.deps import Room
from core.schemas import MessageCreate as Text

router = APIRouter(prefix="/api/backroom", tags=["counsellor"])


class BackroomPostPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    seq: int
    at: str
    from_: str = Field(alias="from", description="the author's username, or \"system\"")
    text: str
    mentions: list[str] = Field(description="usernames mentioned with @username")
    kind: str | None = Field(None, exclude_if=lambda value: value is None,
                             description="system posts only: what it is about, e.g. \"crisis\"")
    handover_id: str | None = Field(None, exclude_if=lambda value: value is None,
                                    description="system posts only: the handover it names")


class BackroomMessagePublic(BackroomPostPublic):
    mentions_me: bool


class BackroomPublic(BaseModel):
    messages: list[BackroomMessagePublic]


@router.get("", response_model=BackroomPublic)
async def read(room: Room, staff: CurrentCounsellor, after: int = Query(0, ge=0)) -> dict:
    messages = await room.read(after)
    for message in messages:
        message["mentions_me"] = staff.username in message["mentions"]
    return {"messages": messages}


@router.post("", status_code=201, response_model=BackroomPostPublic)
async def post(body: Text, room: Room, staff: CurrentCounsellor) -> dict:
    return await room.post(staff.username, body.text)
