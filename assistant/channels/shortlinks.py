"""Short links for sources on SMS and Telegram: ``/s/{code}`` redirects (302) to the source's URL.

A code is derived from the URL (the same source always gets the same code), so the store holds
only public article addresses, never anything about a citizen. ``ShortLinks`` is the only writer
of ``keys.short_link``.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from redis.asyncio import Redis

from core import keys
from core.errors import ApiError

CODE = re.compile(r"[a-z2-7]{8}")


class ShortLinks:
    def __init__(self, redis: Redis, base_url: str, keep_s: int) -> None:
        self.redis = redis
        self.base_url = base_url.rstrip("/")
        self.keep_s = keep_s

    @staticmethod
    def code_for(url: str) -> str:
        return base64.b32encode(hashlib.sha256(url.encode()).digest()).decode().lower()[:8]

    async def shorten(self, url: str) -> str:
        """The short link for ``url`` (only http(s) addresses are shortened; others come back as they are)."""
        if not url.startswith(("https://", "http://")):
            return url
        code = self.code_for(url)
        await self.redis.set(keys.short_link(code), url, ex=self.keep_s)
        return f"{self.base_url}/s/{code}"

    async def resolve(self, code: str) -> str | None:
        if not CODE.fullmatch(code):
            return None
        return await self.redis.get(keys.short_link(code))


router = APIRouter(tags=["channels"])


@router.get("/s/{code}", status_code=302, response_class=RedirectResponse, responses={
    302: {"description": "Redirect to the source the short link stands for."},
    404: {"description": "`short_link_not_found`: no such short link (or it expired)."}})
async def follow(code: str, request: Request) -> RedirectResponse:
    """A source's short link, as sent on SMS and Telegram."""
    url = await request.app.state.short_links.resolve(code)
    if url is None:
        raise ApiError(404, "short_link_not_found", "this short link does not exist (or has expired)")
    return RedirectResponse(url, status_code=302)
