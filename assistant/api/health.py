"""GET /health: which component answers."""

import asyncio
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

router = APIRouter(tags=["health"])


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    components: dict[str, str] = Field(
        description='Each component ("redis", "rasa", "actions", "knowledge"): "ok", or what is wrong.')
    down: list[str] = Field(default_factory=list,
                            description="The components that are not ok (empty when status is ok).")


async def check_components(request: Request) -> dict[str, str]:
    state = request.app.state
    timeout = state.settings.health_timeout_s

    async def redis() -> str:
        await asyncio.wait_for(state.redis.ping(), timeout)
        return "ok"

    async def rasa() -> str:
        status = await asyncio.wait_for(state.rasa.status(), timeout)
        return "ok" if status.get("model_file") else "no model loaded"

    async def actions_and_knowledge() -> tuple[str, str]:
        response = await state.http.get(f"{state.settings.actions_url}/knowledge/health", timeout=timeout)
        response.raise_for_status()
        knowledge = response.json()
        return "ok", ("ok" if knowledge.get("status") == "ok" else knowledge.get("detail", "not ready"))

    results = await asyncio.gather(redis(), rasa(), actions_and_knowledge(), return_exceptions=True)

    def describe(result: object) -> str:
        if isinstance(result, BaseException):
            return f"down ({type(result).__name__})"
        return str(result)

    components = {"redis": describe(results[0]), "rasa": describe(results[1])}
    if isinstance(results[2], BaseException):
        components["actions"] = describe(results[2])
        components["knowledge"] = "unknown (action server down)"
    else:
        components["actions"], components["knowledge"] = results[2]
    return components


@router.get("/health", response_model=HealthPublic, responses={
    503: {"model": HealthPublic, "description": "Some component does not answer yet (named in components)."}})
async def health(request: Request, response: Response) -> HealthPublic:
    components = await check_components(request)
    healthy = all(value == "ok" for value in components.values())
    response.status_code = 200 if healthy else 503
    return HealthPublic(status="ok" if healthy else "degraded", components=components,
                        down=[name for name, value in components.items() if value != "ok"])
