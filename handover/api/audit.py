"""The access log for admins: which staff member read which conversation, raw or anonymised."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from core.audit import AuditLog
from core.deps import CurrentAdmin, state

Audit = Annotated[AuditLog, Depends(state("audit"))]

router = APIRouter(prefix="/api/audit", tags=["admin"])


class AuditEntryPublic(BaseModel):
    at: str
    username: str
    role: str
    action: str = Field(description="what was read: handover (a counsellor's view of a conversation) or "
                                    "transcript_sample (an evaluator's sample)")
    session_id: str | None
    handover_id: str | None
    view: Literal["raw", "anonymised"]


@router.get("", response_model=list[AuditEntryPublic])
async def access_log(audit: Audit, admin: CurrentAdmin,
                     username: str | None = Query(None, description="only this staff member's reads"),
                     session_id: str | None = Query(None, description="only reads of this conversation"),
                     limit: int = Query(200, ge=1, le=1000)) -> list[dict]:
    """Every staff read of a transcript, newest first. The log holds no conversation text."""
    return await audit.entries(limit, username=username or None, session_id=session_id or None)
