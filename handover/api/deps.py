"""Typed dependencies of the staff API."""

from typing import Annotated, Callable

from fastapi import Depends, Header, HTTPException, Request

from assistant.api.deps import bearer_token
from handover.auth import AuthError, Staff, StaffDirectory, TokenService
from handover.queue import HandoverStore


def get_handovers(request: Request) -> HandoverStore:
    return request.app.state.handovers


def get_tokens(request: Request) -> TokenService:
    return request.app.state.tokens


def get_directory(request: Request) -> StaffDirectory:
    return request.app.state.staff_directory


Handovers = Annotated[HandoverStore, Depends(get_handovers)]
Tokens = Annotated[TokenService, Depends(get_tokens)]
Directory = Annotated[StaffDirectory, Depends(get_directory)]


async def current_staff(tokens: Tokens, authorization: Annotated[str | None, Header()] = None) -> Staff:
    try:
        return await tokens.verify(bearer_token(authorization))
    except AuthError as error:
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from None


CurrentStaff = Annotated[Staff, Depends(current_staff)]


def require(*roles: str) -> Callable:
    async def dependency(staff: CurrentStaff) -> Staff:
        if staff.role not in roles and staff.role != "admin":
            raise HTTPException(403, f"this needs the role {' or '.join(roles)}; you are {staff.role}")
        return staff

    return dependency


CurrentCounsellor = Annotated[Staff, Depends(require("counsellor"))]
