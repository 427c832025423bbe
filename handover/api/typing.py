"""The counsellor's typing signal to the citizen (``handover.counsellor_typing``)."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from core.deps import CurrentCounsellor, Limiter, state
from core.errors import ApiError, ErrorPublic
from handover.api.deps import Flow
from handover.counsellor_names import CounsellorNames
from handover.counsellor_typing import CounsellorTyping
from handover.flow import FlowError, NotFound

router = APIRouter(prefix="/api/handovers", tags=["counsellor"])

TypingSignals = Annotated[CounsellorTyping, Depends(state("counsellor_typing"))]
Names = Annotated[CounsellorNames, Depends(state("counsellor_names"))]


class CounsellorTypingPublic(BaseModel):
    id: str
    session_id: str
    name: str = Field(description="The first name the citizen sees (\"\" when the profile has no name).")
    ttl_s: int = Field(description="The citizen's page shows \"<name> is typing\" this long; send again to "
                                   "keep it (at most every few seconds).")


async def typing_allowed(handover_id: str, limiter: Limiter, staff: CurrentCounsellor) -> None:
    await limiter.hit("counsellor_typing", staff.username, handover_id)


@router.post("/{handover_id}/typing", response_model=CounsellorTypingPublic, responses={
    404: {"model": ErrorPublic, "description": "`handover_not_found`"},
    409: {"model": ErrorPublic, "description": "`not_claimed`, `handover_closed` or `held_by_colleague`: only the "
                                               "counsellor who holds the chat may signal."},
    429: {"model": ErrorPublic, "description": "`rate_limited`: too many signals; try again after `Retry-After`."}})
async def counsellor_typing(handover_id: str, flow: Flow, names: Names, signals: TypingSignals,
                            staff: CurrentCounsellor, _: Annotated[None, Depends(typing_allowed)]) -> dict:
    """The counsellor who holds the chat is typing a reply (no text is sent): the citizen's page
    shows "<first name> is typing" for a few seconds."""
    try:
        handover = await flow.holding(handover_id, staff.username)
    except FlowError as refused:
        raise ApiError(404 if isinstance(refused, NotFound) else 409, refused.code, refused.detail) from None
    name = (await names.of([staff.username]))[staff.username]
    await signals.signal(handover["session_id"], name)
    return {"id": handover_id, "session_id": handover["session_id"], "name": name, "ttl_s": signals.ttl_s}

