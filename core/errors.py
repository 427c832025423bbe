"""API errors with a stable machine ``code`` beside the English ``detail`` (../shared/API.md).

Raise ``ApiError(status, code, detail)``; a plain ``HTTPException`` gets the code of its status.
Pages translate codes, never the English sentences. ``install(app)`` registers the handlers.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import RedisError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("veivalg.errors")

CODES_BY_STATUS = {
    400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_request",
    429: "rate_limited", 503: "unavailable",
}


class ApiError(HTTPException):
    """An HTTP error with a stable machine-readable code."""

    def __init__(self, status_code: int, code: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code, detail, headers=headers)
        self.code = code


class ErrorPublic(BaseModel):
    detail: str
    code: str


def code_of(error: StarletteHTTPException) -> str:
    return getattr(error, "code", None) or CODES_BY_STATUS.get(error.status_code, "error")


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def describe_validation_errors(errors: list[dict]) -> str:
    described = []
    for error in errors:
        if error.get("type") == "json_invalid":
            described.append("the request body is not valid JSON")
        elif error.get("type") == "missing" and tuple(error.get("loc", ())) == ("body",):
            described.append("the request needs a JSON body")
        elif error.get("type") == "string_too_long":
            limit = (error.get("ctx") or {}).get("max_length")
            described.append(f"{_field(error['loc'])}: too long (at most {limit} characters); nothing was saved")
        elif error.get("type") == "extra_forbidden":
            described.append(f"{_field(error['loc'])}: unknown field")
        else:
            described.append(f"{_field(error['loc'])}: {error['msg'].removeprefix('Value error, ')}")
    return "; ".join(described)


def field_errors(errors: list[dict]) -> list[dict[str, Any]]:
    return [{"field": _field(e["loc"]), "message": e["msg"]} for e in errors]


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "code": code_of(error)}, status_code=error.status_code,
                            headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": describe_validation_errors(error.errors()), "code": "invalid_request",
                             "errors": field_errors(error.errors())}, status_code=422)

    @app.exception_handler(RedisError)
    async def redis_down(request: Request, error: RedisError) -> JSONResponse:
        log.error("Redis error on %s: %s", request.url.path, error)
        return JSONResponse({"detail": "Veivalg cannot reach its message store right now, so nothing was "
                                       "saved. Please try again in a moment.", "code": "store_unavailable"},
                            status_code=503)
