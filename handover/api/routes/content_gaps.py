"""What counsellors noticed was missing from the portal, for the editors."""

import json

from fastapi import APIRouter, Query, Request

from handover import keys
from handover.api.deps import CurrentEditor

router = APIRouter(prefix="/api/reports", tags=["editor"])


@router.get("/content-gaps")
async def content_gaps(request: Request, staff: CurrentEditor, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
    raw = await request.app.state.redis.lrange(keys.CONTENT_GAPS, 0, limit - 1)
    return [json.loads(item) for item in raw]
