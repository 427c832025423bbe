"""Typed FastAPI dependencies every API shares: bearer tokens, staff accounts, roles.

The stores live on ``app.state`` (the app composes them at start); these only look them up.
"""

from typing import Annotated, Callable

from fastapi import Depends, Header, Request
from redis.asyncio import Redis

from core.lockout import LoginGuard
from core.ratelimit import RateLimiter
from core.security import client_address
from core.staff import AuthError, Staff, StaffStore
from core.tokens import TokenService
from core.errors import ApiError


def state(name: str) -> Callable:
    """A dependency that returns ``app.state.<name>``."""

    async def get(request: Request):  # async: FastAPI runs it in the loop, not in a worker thread
        return getattr(request.app.state, name)

    return get


RedisClient = Annotated[Redis, Depends(state("redis"))]
Limiter = Annotated[RateLimiter, Depends(state("limiter"))]
Guard = Annotated[LoginGuard, Depends(state("login_guard"))]


async def request_address(request: Request) -> str:
    """The client's address (behind the configured proxies, the one they forwarded)."""
    return client_address(request, request.app.state.settings.trusted_proxies)


ClientAddress = Annotated[str, Depends(request_address)]
Tokens = Annotated[TokenService, Depends(state("tokens"))]
StaffAccounts = Annotated[StaffStore, Depends(state("staff"))]


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise ApiError(401, "missing_token", "missing Authorization header: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "bad_authorization_header", "the Authorization header must be 'Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


async def current_staff(tokens: Tokens, accounts: StaffAccounts,
                        authorization: Annotated[str | None, Header()] = None) -> Staff:
    try:
        staff = await tokens.verify(bearer_token(authorization))
        await accounts.check_token_holder(staff)
    except AuthError as error:
        raise ApiError(401, error.code, str(error), headers={"WWW-Authenticate": "Bearer"}) from None
    return staff


CurrentStaff = Annotated[Staff, Depends(current_staff)]


def require(*roles: str) -> Callable:
    async def dependency(staff: CurrentStaff) -> Staff:
        if staff.role not in roles and staff.role != "admin":
            raise ApiError(403, "wrong_role", f"this needs the role {' or '.join(roles)}; you are {staff.role}")
        return staff

    return dependency


CurrentCounsellor = Annotated[Staff, Depends(require("counsellor"))]
CurrentEditor = Annotated[Staff, Depends(require("editor"))]
CurrentAdmin = Annotated[Staff, Depends(require("admin"))]
CurrentEvaluator = Annotated[Staff, Depends(require("evaluator"))]
