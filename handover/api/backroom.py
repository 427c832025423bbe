"""The back room: counsellors ask each other; @username mentions."""

from fastapi import APIRouter, Query

from core.deps import CurrentCounsellor
from handover.api.deps import Room
from core.schemas import MessageCreate as Text

router = APIRouter(prefix="/api/backroom", tags=["counsellor"])


@router.get("")
async def read(room: Room, staff: CurrentCounsellor, after: int = Query(0, ge=0)) -> dict:
    messages = await room.read(after)
    for message in messages:
        message["mentions_me"] = staff.username in message["mentions"]
    return {"messages": messages}


@router.post("", status_code=201)
async def post(body: Text, room: Room, staff: CurrentCounsellor) -> dict:
    return await room.post(staff.username, body.text)
