"""The editors' search-index endpoints: a background rebuild with progress. Role ``editor``."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from core.deps import CurrentEditor as Editor
from core.errors import ApiError, ErrorPublic
from knowledge.api.deps import Rebuilder
from knowledge.rebuild import RebuildRunning

router = APIRouter(tags=["editor"])


class RebuildRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    force: bool = Field(False, description="re-embed every chunk, not only changed ones")


class IndexStatusPublic(BaseModel):
    state: Literal["idle", "running", "done", "failed"]
    started_at: str | None
    finished_at: str | None
    chunks_done: int
    chunks_total: int
    force: bool
    last_result: dict[str, Any] | None
    error: str | None


@router.post("/api/index/rebuild", status_code=202, response_model=IndexStatusPublic,
             responses={409: {"model": ErrorPublic, "description": "a rebuild is already running"}})
async def rebuild_index(staff: Editor, rebuilder: Rebuilder, body: RebuildRequest | None = None) -> dict[str, Any]:
    """Start an incremental rebuild in the background (only changed articles are re-embedded);
    follow it with ``GET /api/index/status``. Invalid files are left out and listed in
    ``last_result.refused``."""
    try:
        return rebuilder.start(force=bool(body and body.force))
    except RebuildRunning as error:
        raise ApiError(409, "rebuild_running", str(error)) from None


@router.get("/api/index/status", response_model=IndexStatusPublic)
async def index_status(staff: Editor, rebuilder: Rebuilder) -> dict[str, Any]:
    return rebuilder.status()
