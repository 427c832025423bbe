"""Counsellor presence and profiles: the console's heartbeat keeps the counsellor on duty and
renews the leases on their claims."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentAdmin, CurrentCounsellor
from core.errors import ApiError, ErrorPublic
from handover.api.deps import Counsellors, Handovers
from handover.counsellors import EXPERTISE, CounsellorProfile

router = APIRouter(prefix="/api/counsellors", tags=["counsellor"])


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("", max_length=100)
    languages: list[str] = Field(min_length=1)
    counties: list[str] = []
    expertise: list[str] = []
    max_parallel: int = Field(3, ge=1, le=10)


class HeartbeatPublic(BaseModel):
    on_duty: bool
    renewed: list[str] = Field(description="ids of the handovers whose leases were renewed")
    lease_s: int


class OffDutyPublic(BaseModel):
    on_duty: bool


class CounsellorProfilePublic(BaseModel):
    username: str
    name: str
    languages: list[str]
    counties: list[str]
    expertise: list[str]
    max_parallel: int


class MyProfilePublic(CounsellorProfilePublic):
    active: list[str] = Field(description="ids of the handovers I hold")


class OnDutyPublic(BaseModel):
    username: str
    name: str
    languages: list[str]
    counties: list[str]
    expertise: list[str]
    active: int = Field(description="how many chats the counsellor holds")
    max_parallel: int


@router.post("/me/heartbeat", response_model=HeartbeatPublic)
async def heartbeat(counsellors: Counsellors, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    await counsellors.heartbeat(staff.username)
    held = await handovers.held_by(staff.username)
    for handover_id in held:
        await handovers.renew(handover_id)
    return {"on_duty": True, "renewed": held, "lease_s": handovers.lease_s}


@router.post("/me/off-duty", response_model=OffDutyPublic)
async def off_duty(counsellors: Counsellors, staff: CurrentCounsellor) -> dict:
    await counsellors.leave(staff.username)
    return {"on_duty": False}


@router.get("/me", response_model=MyProfilePublic)
async def my_profile(counsellors: Counsellors, handovers: Handovers, staff: CurrentCounsellor) -> dict:
    profile = await counsellors.get(staff.username)
    return {**profile.__dict__, "active": await handovers.held_by(staff.username)}


@router.get("/on-duty", response_model=list[OnDutyPublic])
async def on_duty(counsellors: Counsellors, handovers: Handovers, staff: CurrentCounsellor) -> list[dict]:
    loads = await handovers.loads()
    return [{"username": p.username, "name": p.name, "languages": p.languages, "counties": p.counties,
             "expertise": p.expertise, "active": loads.get(p.username, 0), "max_parallel": p.max_parallel}
            for p in await counsellors.on_duty()]


@router.put("/{username}", response_model=CounsellorProfilePublic,
            responses={422: {"model": ErrorPublic}})
async def set_profile(username: str, body: ProfileUpdate, counsellors: Counsellors, admin: CurrentAdmin) -> dict:
    unknown = set(body.expertise) - set(EXPERTISE)
    if unknown:
        raise ApiError(422, "unknown_expertise", f"expertise: unknown {sorted(unknown)}; use {list(EXPERTISE)}")
    profile = CounsellorProfile(username=username, **body.model_dump())
    await counsellors.save(profile)
    return profile.__dict__
