"""Security headers on every response, CORS for the configured origins, and the client address.

The pages load their scripts and styles from files (no inline script), so the Content Security
Policy allows only 'self'. ``client_address`` trusts ``X-Forwarded-For`` only from the configured
proxies (the load balancer in front of the gateways).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.datastructures import QueryParams
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
DOCS_PATHS = ("/docs", "/redoc")  # FastAPI's API pages load their script and style from a CDN
EMBEDDABLE_PATH = "/"  # the chat page, with ?embed=1, is what the widget shows in its frame


def embedded_policy(widget_origins: list[str]) -> str:
    """The chat page in the widget's frame: framed by itself and by the sites in ASSISTANT_WIDGET_ORIGINS."""
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'",
                                           " ".join(["frame-ancestors 'self'", *widget_origins]))


def response_headers(path: str, embedded: bool, widget_origins: list[str]) -> list[tuple[bytes, bytes]]:
    """The security headers a response to ``path`` gets (the chat page in the widget's frame: framed
    by the widget origins; FastAPI's API pages: no CSP, they load from a CDN)."""
    headers = []
    for name, value in HEADERS.items():
        if name == "Content-Security-Policy" and path.startswith(DOCS_PATHS):
            continue
        if embedded and name == "Content-Security-Policy":
            value = embedded_policy(widget_origins)
        if embedded and name == "X-Frame-Options":
            continue  # it knows no list of origins; frame-ancestors decides
        headers.append((name.lower().encode(), value.encode()))
    return headers


class SecurityHeaders:
    """Pure ASGI middleware (no extra task or body stream per request, unlike ``BaseHTTPMiddleware``):
    adds the security headers to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, widget_origins: list[str] = ()) -> None:
        self.app, self.widget_origins = app, list(widget_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        embedded = path == EMBEDDABLE_PATH and QueryParams(scope.get("query_string", b"")).get("embed") == "1"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in response_headers(path, embedded, self.widget_origins) if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, cors_origins: list[str], widget_origins: list[str] = ()) -> None:
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.add_middleware(SecurityHeaders, widget_origins=list(widget_origins))


def client_address(request: Request, trusted_proxies: list[str]) -> str:
    """The citizen's address: the peer, or the last untrusted hop in X-Forwarded-For when the peer
    is a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return peer
