"""Staff login and logout."""

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from handover.api.deps import CurrentStaff, Directory, Tokens
from handover.auth import AuthError

router = APIRouter(prefix="/api/auth", tags=["staff auth"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500)


class LoginPublic(BaseModel):
    token: str
    role: str
    username: str


@router.post("/login", response_model=LoginPublic)
async def login(body: Login, directory: Directory, tokens: Tokens) -> LoginPublic:
    try:
        staff = directory.verify(body.username, body.password)
    except AuthError as error:
        raise HTTPException(401, str(error)) from None
    return LoginPublic(token=tokens.issue(staff), role=staff.role, username=staff.username)


@router.post("/logout")
async def logout(staff: CurrentStaff, tokens: Tokens) -> dict:
    await tokens.revoke(staff)
    return {"logged_out": staff.username}


@router.get("/me")
async def me(staff: CurrentStaff) -> dict:
    return {"username": staff.username, "role": staff.role}
