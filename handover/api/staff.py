"""Administration of staff accounts (admin only)."""

from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentAdmin, StaffAccounts
from core.staff import ROLES, StaffExists

router = APIRouter(prefix="/api/staff", tags=["admin"])


class StaffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,39}$", description="lowercase letters, digits, . _ -")
    role: Literal[ROLES]  # type: ignore[valid-type]
    password: str = Field(min_length=12, max_length=200)


@router.get("")
async def list_staff(accounts: StaffAccounts, admin: CurrentAdmin) -> list[dict]:
    return await accounts.list()


@router.post("", status_code=201)
async def create_staff(body: StaffCreate, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if body.password.lower() in ("demo", "password", body.username):
        raise HTTPException(422, "password: too easy to guess")
    try:
        await accounts.create(body.username, body.role, body.password)
    except StaffExists as error:
        raise HTTPException(409, str(error)) from None
    return {"username": body.username, "role": body.role, "disabled": False}


@router.post("/{username}/disable")
async def disable(username: str, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if username == admin.username:
        raise HTTPException(409, "you cannot disable your own account")
    if not await accounts.set_disabled(username, True):
        raise HTTPException(404, f"unknown staff user {username!r}")
    return {"username": username, "disabled": True}


@router.post("/{username}/enable")
async def enable(username: str, accounts: StaffAccounts, admin: CurrentAdmin) -> dict:
    if not await accounts.set_disabled(username, False):
        raise HTTPException(404, f"unknown staff user {username!r}")
    return {"username": username, "disabled": False}
