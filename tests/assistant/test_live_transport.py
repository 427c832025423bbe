"""The chat page's transport (web/chat/transport.js) run by node against scripted fakes of WebSocket,
fetch and timers: the auth message and resume from the last seq, no seq delivered twice across the
socket, the fallback and kick(), the back-off 1, 2, 4 ... 30 s, typing, and onGone on 4404/4401 and
HTTP 401/403/404. (The real thing, in Chromium against the real server: tests/e2e/test_reload_ws.py.)"""

import json
import shutil
import subprocess

import pytest

from tests.processes import ROOT

NODE = shutil.which("node") or "/usr/bin/node"

HARNESS = r"""
const sockets = [];
const fetches = [];
const timers = [];
const listeners = {};
globalThis.window = {
  location: { href: "http://chat.test/" },
  addEventListener: (name, fn) => { listeners[name] = fn; },
  removeEventListener: (name) => { delete listeners[name]; },
};
globalThis.setTimeout = (fn, ms) => { timers.push({ fn, ms }); return timers.length; };
globalThis.clearTimeout = (id) => { if (timers[id - 1]) timers[id - 1].cleared = true; };
class FakeSocket {
  constructor(url) { this.url = url; this.sent = []; this.handlers = {}; sockets.push(this); }
  addEventListener(name, fn) { (this.handlers[name] ||= []).push(fn); }
  emit(name, event = {}) { for (const fn of this.handlers[name] || []) fn(event); }
  send(data) { this.sent.push(JSON.parse(data)); }
  close(code = 1000) { this.closedByPage = code; }
}
globalThis.WebSocket = FakeSocket;
let answer = () => ({ status: 200, body: { events: [] } });
globalThis.fetch = (url, options) => {
  fetches.push({ url: String(url), auth: options.headers.Authorization });
  const { status, body, pending } = answer(String(url));
  if (pending) {  // a long-poll with nothing new: open until aborted
    return new Promise((resolve, reject) => options.signal.addEventListener("abort", () => {
      reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    }));
  }
  if (status === 0) return Promise.reject(new TypeError("network"));
  return Promise.resolve({ status, ok: status < 400, json: async () => body });
};
const settle = () => new Promise((resolve) => setImmediate(resolve));
const ev = (seq, text = `m${seq}`) => ({ seq, from: "bot", kind: "answer", text });
const runDue = () => { const due = timers.filter((t) => !t.cleared && !t.ran); for (const t of due) { t.ran = true; t.fn(); } };

const { pathToFileURL } = await import("node:url");
const { openStream } = await import(pathToFileURL(process.argv[2]).href);
const out = {};
const got = [];
const statuses = [];
const typing = [];
const gone = [];
const stream = openStream({
  sessionId: "s1", token: "secret-token", after: 2,
  onEvents: (events) => got.push(events.map((e) => e.seq)),
  onTyping: (signal) => typing.push(signal), onGone: (code) => gone.push(code),
  onStatus: (status) => statuses.push(status),
});
// 1. the socket: same host, no token in the URL; auth with after
let ws = sockets[0];
out.url = ws.url;
ws.emit("open");
out.auth = ws.sent[0];
ws.emit("message", { data: JSON.stringify({ type: "events", events: [ev(3), ev(4)] }) });
ws.emit("message", { data: JSON.stringify({ type: "events", events: [ev(4), ev(5)] }) });  // 4 again
ws.emit("message", { data: JSON.stringify({ type: "ping" }) });
ws.emit("message", { data: JSON.stringify({ type: "typing", from: "counsellor", name: "Kari" }) });
ws.emit("message", { data: "not json" });
stream.kick();  // live: nothing to fetch
await settle();
out.fetchesWhileLive = fetches.length;
// 2. the socket drops: a quick catch-up fetch, then the long-poll; the socket is retried with back-off
let longPolls = 0;
answer = (url) => {
  if (url.includes("wait=0")) return { status: 200, body: { events: [ev(5), ev(6)] } };
  longPolls += 1;
  return longPolls === 1 ? { status: 200, body: { events: [], typing: { from: "counsellor", name: "Kari" } } }
                         : { pending: true };
};
ws.emit("close", { code: 1006 });
await settle(); await settle();
out.afterDrop = fetches.slice(0, 2).map((f) => [f.url, f.auth]);
const delays = [];
for (let i = 0; i < 7; i += 1) {  // each new socket fails at once
  const retry = timers.filter((t) => !t.cleared && !t.ran && t.ms >= 1000).pop();
  delays.push(retry.ms);
  retry.ran = true; retry.fn();
  const next = sockets[sockets.length - 1];
  next.emit("close", { code: 1006 });
}
out.delays = delays;
// 3. a socket comes back: it resumes after the last seq delivered
const retry = timers.filter((t) => !t.cleared && !t.ran && t.ms >= 1000).pop();
retry.ran = true; retry.fn();
ws = sockets[sockets.length - 1];
ws.emit("open");
out.resumeAuth = ws.sent[0];
ws.emit("message", { data: JSON.stringify({ type: "events", events: [ev(7)] }) });
out.got = got; out.statuses = statuses; out.typing = typing;
// 4. the session is erased: 4404 ends the stream, no retry
const before = timers.filter((t) => !t.cleared && !t.ran).length;
ws.emit("close", { code: 4404 });
await settle();
out.gone = gone;
out.retriesAfterGone = timers.filter((t) => !t.cleared && !t.ran).length - before;
// 5. HTTP: a 403 on the poll is "gone" too
const gone2 = [];
const s2 = openStream({ sessionId: "s2", token: "t2", onGone: (code) => gone2.push(code) });
answer = (url) => url.includes("/s2/") ? { status: 403, body: { code: "wrong_session_token" } } : { pending: true };
sockets[sockets.length - 1].emit("close", { code: 1006 });
await settle(); await settle();
out.gone2 = gone2;
// 6. 4401 from the socket
const gone3 = [];
openStream({ sessionId: "s3", token: "t3", onGone: (code) => gone3.push(code) });
sockets[sockets.length - 1].emit("open");
sockets[sockets.length - 1].emit("close", { code: 4401 });
out.gone3 = gone3;
console.log(JSON.stringify(out));
"""


def run_harness(tmp_path) -> dict:
    script = tmp_path / "harness.mjs"
    script.write_text(HARNESS, encoding="utf-8")
    result = subprocess.run([NODE, str(script), str(ROOT / "web/chat/transport.js")], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> dict:
    if not shutil.which("node") and not (ROOT / NODE).exists():
        raise RuntimeError("node is not installed: run `make install`")
    return run_harness(tmp_path_factory.mktemp("transport"))


def test_the_socket_authenticates_by_its_first_message_and_never_by_url(out):
    assert out["url"] == "ws://chat.test/ws/sessions/s1"
    assert out["auth"] == {"type": "auth", "token": "secret-token", "after": 2}


def test_each_seq_is_delivered_once_in_order_across_socket_and_fallback(out):
    assert out["got"] == [[3, 4], [5], [6], [7]]
    assert out["typing"][0] == {"from": "counsellor", "name": "Kari"}  # by socket, then by long-poll body
    assert {"from": "counsellor", "name": "Kari"} in out["typing"][1:]


def test_live_kick_fetches_nothing_and_a_drop_falls_back_at_once(out):
    assert out["fetchesWhileLive"] == 0
    (quick, quick_auth), (long_poll, _) = out["afterDrop"]
    assert quick == "http://chat.test/api/sessions/s1/events?after=5&wait=0"
    assert quick_auth == "Bearer secret-token"
    assert long_poll == "http://chat.test/api/sessions/s1/events?after=6&wait=20"
    assert out["statuses"] == ["live", "polling", "live"]


def test_the_socket_is_retried_with_backoff_up_to_30_s(out):
    assert out["delays"] == [1000, 2000, 4000, 8000, 16000, 30000, 30000]


def test_a_resumed_socket_starts_after_the_last_seq(out):
    assert out["resumeAuth"] == {"type": "auth", "token": "secret-token", "after": 6}


def test_gone_on_4404_4401_and_http_403_without_retrying(out):
    assert out["gone"] == [4404] and out["retriesAfterGone"] <= 0
    assert out["gone2"] == [403]
    assert out["gone3"] == [4401]
