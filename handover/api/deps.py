"""Typed dependencies of the staff API."""

from typing import Annotated, Callable

from fastapi import Depends, Header, HTTPException, Request

from assistant.api.deps import bearer_token
from handover.auth import TokenService
from handover.backroom import BackRoom
from handover.callbacks import CallbackStore
from handover.counsellors import CounsellorStore
from handover.queue import HandoverStore
from handover.staff import AuthError, Staff, StaffStore
from handover.waiting import WaitingRoom


def _state(name: str) -> Callable:
    def get(request: Request):
        return getattr(request.app.state, name)

    return get


Handovers = Annotated[HandoverStore, Depends(_state("handovers"))]
Tokens = Annotated[TokenService, Depends(_state("tokens"))]
StaffAccounts = Annotated[StaffStore, Depends(_state("staff"))]
Counsellors = Annotated[CounsellorStore, Depends(_state("counsellors"))]
Callbacks = Annotated[CallbackStore, Depends(_state("callbacks"))]
Room = Annotated[BackRoom, Depends(_state("backroom"))]
Waiting = Annotated[WaitingRoom, Depends(_state("waiting"))]


async def current_staff(tokens: Tokens, accounts: StaffAccounts,
                        authorization: Annotated[str | None, Header()] = None) -> Staff:
    try:
        staff = await tokens.verify(bearer_token(authorization))
    except AuthError as error:
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from None
    if not await accounts.is_active(staff.username):
        raise HTTPException(401, "this account is disabled or no longer exists", headers={"WWW-Authenticate": "Bearer"})
    return staff


CurrentStaff = Annotated[Staff, Depends(current_staff)]


def require(*roles: str) -> Callable:
    async def dependency(staff: CurrentStaff) -> Staff:
        if staff.role not in roles and staff.role != "admin":
            raise HTTPException(403, f"this needs the role {' or '.join(roles)}; you are {staff.role}")
        return staff

    return dependency


CurrentCounsellor = Annotated[Staff, Depends(require("counsellor"))]
CurrentEditor = Annotated[Staff, Depends(require("editor"))]
CurrentAdmin = Annotated[Staff, Depends(require("admin"))]
CurrentEvaluator = Annotated[Staff, Depends(require("evaluator"))]
