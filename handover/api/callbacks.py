"""Callback requests left by citizens out of hours: counsellors see the open ones first."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentCounsellor
from core.errors import ApiError, ErrorPublic
from handover.api.deps import Callbacks

router = APIRouter(prefix="/api/callbacks", tags=["counsellor"])


class Done(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field("", max_length=2000)


class CallbackPublic(BaseModel):
    id: str
    session_id: str
    question: str
    email: str = ""
    phone: str = ""
    language: str
    status: str
    created_at: str
    exercise_summary: str = Field("", description="The reflection exercise's summary, when the citizen agreed to share it")


class CallbackDonePublic(BaseModel):
    id: str
    status: str


@router.get("", response_model=list[CallbackPublic])
async def open_callbacks(callbacks: Callbacks, staff: CurrentCounsellor) -> list[dict]:
    return await callbacks.open()


@router.post("/{callback_id}/done", response_model=CallbackDonePublic, responses={404: {"model": ErrorPublic}})
async def done(callback_id: str, body: Done, callbacks: Callbacks, staff: CurrentCounsellor) -> dict:
    if not await callbacks.complete(callback_id, staff.username, body.note):
        raise ApiError(404, "callback_not_found", f"unknown callback request {callback_id!r}")
    return {"id": callback_id, "status": "done"}
