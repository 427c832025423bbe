"""Staff login and logout. A counsellor who logs in is on duty until logout or silence."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from core.deps import ClientAddress, CurrentStaff, Guard, Limiter, StaffAccounts, Tokens
from handover.api.deps import Counsellors
from core.staff import AuthError
from core.errors import ApiError, ErrorPublic

router = APIRouter(prefix="/api/auth", tags=["staff auth"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500)


class LoginPublic(BaseModel):
    token: str
    role: str
    username: str


class LogoutPublic(BaseModel):
    logged_out: str = Field(description="the username whose token was revoked")


class IdentityPublic(BaseModel):
    username: str
    role: str


UNAUTHENTICATED = {401: {"model": ErrorPublic}}
LIMITED = {429: {"model": ErrorPublic, "description": "too many attempts; see Retry-After"}}


@router.post("/login", response_model=LoginPublic, responses={**UNAUTHENTICATED, **LIMITED})
async def login(body: Login, accounts: StaffAccounts, tokens: Tokens, counsellors: Counsellors,
                limiter: Limiter, guard: Guard, address: ClientAddress) -> LoginPublic:
    """Log in. Wrong passwords lock the account (and, after more, the address) for a while,
    doubling with each further failure; logins per address are rate limited."""
    await limiter.hit("logins_per_address", address)
    await guard.check(body.username, address)
    try:
        staff = await accounts.verify(body.username, body.password)
    except AuthError as error:
        if error.code == "login_failed":
            await guard.failed(body.username, address)
        raise ApiError(401, error.code, str(error)) from None
    await guard.succeeded(body.username)
    if staff.role == "counsellor":
        await counsellors.heartbeat(staff.username)
    return LoginPublic(token=tokens.issue(staff), role=staff.role, username=staff.username)


@router.post("/logout", response_model=LogoutPublic, responses=UNAUTHENTICATED)
async def logout(staff: CurrentStaff, tokens: Tokens, counsellors: Counsellors) -> LogoutPublic:
    await tokens.revoke(staff)
    await counsellors.leave(staff.username)
    return LogoutPublic(logged_out=staff.username)


@router.get("/me", response_model=IdentityPublic, responses=UNAUTHENTICATED)
async def me(staff: CurrentStaff) -> IdentityPublic:
    return IdentityPublic(username=staff.username, role=staff.role)
