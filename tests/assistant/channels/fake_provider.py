"""A stand-in for the SMS provider (Twilio's REST API) and the Telegram Bot API: a real HTTP server
on 127.0.0.1 in a thread, recording every request (method, path, headers, body) and answering the
way the providers do. ``fail_next(n, status)`` makes the next n requests fail."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class FakeProvider:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._failures: list[int] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, count: int, status: int = 500) -> None:
        with self._lock:
            self._failures = [status] * count

    def recorded(self, path_part: str = "") -> list[dict]:
        with self._lock:
            return [r for r in self.requests if path_part in r["path"]]

    def wait_for(self, predicate, timeout_s: float = 30.0) -> list[dict]:
        """Wait until ``predicate(requests)`` holds (not an assertion on time: a bound on the wait)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                requests = list(self.requests)
            if predicate(requests):
                return requests
            time.sleep(0.05)
        with self._lock:
            requests = list(self.requests)
        raise AssertionError(f"the provider did not get what was expected; it got {json.dumps(requests, ensure_ascii=False)[:3000]}")

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                record = {"method": "POST", "path": self.path, "headers": dict(self.headers.items()), "body": raw}
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("application/x-www-form-urlencoded"):
                    record["form"] = dict(parse_qsl(raw, keep_blank_values=True))
                elif content_type.startswith("application/json"):
                    record["json"] = json.loads(raw)
                auth = self.headers.get("Authorization", "")
                if auth.startswith("Basic "):
                    record["basic_auth"] = base64.b64decode(auth[6:]).decode()
                with fake._lock:
                    status = fake._failures.pop(0) if fake._failures else None
                    record["answered"] = status or 200
                    fake.requests.append(record)
                if status:
                    self._answer(status, {"ok": False, "error_code": status, "description": "failure"})
                elif "/Messages.json" in self.path:
                    self._answer(201, {"sid": f"SM{len(fake.requests):032d}", "status": "queued",
                                       "to": record.get("form", {}).get("To"), "body": record.get("form", {}).get("Body")})
                elif self.path.endswith("/sendMessage"):
                    self._answer(200, {"ok": True, "result": {"message_id": len(fake.requests),
                                                              "chat": {"id": record["json"]["chat_id"]},
                                                              "text": record["json"]["text"]}})
                elif self.path.endswith("/answerCallbackQuery"):
                    self._answer(200, {"ok": True, "result": True})
                else:
                    self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
