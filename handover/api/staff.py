"""Administration of staff accounts (admin only)."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentAdmin, StaffAccounts
from core.staff import ROLES, StaffExists
from core.errors import ApiError, ErrorPublic

router = APIRouter(prefix="/api/staff", tags=["admin"])


class StaffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,39}$", description="lowercase letters, digits, . _ -")
    role: Literal[ROLES]  # type: ignore[valid-type]
    password: str = Field(min_length=12, max_length=200)


class StaffAccountPublic(BaseModel):
    username: str
    role: str
    disabled: bool


class StaffStatusPublic(BaseModel):
    username: str
    disabled: bool


NOT_FOUND = {404: {"model": ErrorPublic}}


@router.get("", response_model=list[StaffAccountPublic])
async def list_staff(accounts: StaffAccounts, admin: CurrentAdmin) -> list[dict]:
    return await accounts.list()


@router.post("", status_code=201, response_model=StaffAccountPublic,
             responses={409: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
async def create_staff(body: StaffCreate, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if body.password.lower() in ("demo", "password", body.username):
        raise ApiError(422, "password_too_weak", "password: too easy to guess")
    try:
        await accounts.create(body.username, body.role, body.password)
    except StaffExists as error:
        raise ApiError(409, "staff_exists", str(error)) from None
    return {"username": body.username, "role": body.role, "disabled": False}


@router.post("/{username}/disable", response_model=StaffStatusPublic,
             responses={**NOT_FOUND, 409: {"model": ErrorPublic}})
async def disable(username: str, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if username == admin.username:
        raise ApiError(409, "cannot_disable_self", "you cannot disable your own account")
    if not await accounts.set_disabled(username, True):
        raise ApiError(404, "staff_not_found", f"unknown staff user {username!r}")
    return {"username": username, "disabled": True}


@router.post("/{username}/enable", response_model=StaffStatusPublic, responses=NOT_FOUND)
async def enable(username: str, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if not await accounts.set_disabled(username, False):
        raise ApiError(404, "staff_not_found", f"unknown staff user {username!r}")
    return {"username": username, "disabled": False}
