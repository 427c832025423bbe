// The chat's live event stream: a WebSocket (/ws/sessions/{id}) with the long-poll
// (GET /api/sessions/{id}/events?after=&wait=) as fallback.
//
//   const stream = openStream({ sessionId, token, after, onEvents, onTyping, onGone, onStatus });
//   stream.kick();   // "something may have happened": a one-shot fetch when polling, nothing when live
//   stream.close();  // stop for good (a new chat opens a new stream)
//
// onEvents(events): new events in seq order; a seq is never delivered twice and none is skipped
//   (after a dropped connection or a fallback the stream resumes from the last seq it delivered).
// onTyping({from, name}): the counsellor is typing (show it for ~6 s after the last signal).
// onGone(code): the session is gone (erased, expired, unknown, or the token is wrong): WebSocket close
//   code 4404/4401 or HTTP 404/401/403. The stream stops.
// onStatus(status): "live" (WebSocket), "polling" (long-poll fallback) or "offline" (neither answers;
//   it keeps trying). Called on changes only.
//
// No dependencies; the token never goes into a URL (the WebSocket sends it as its first message).

const POLL_WAIT_S = 20;
const RETRY_MAX_S = 30;
const OFFLINE_RETRY_MS = 3000;
const CONNECT_TIMEOUT_MS = 8000;  // a socket that is not answering by then counts as failed
const GONE_WS = new Set([4401, 4404]);
const GONE_HTTP = new Set([401, 403, 404]);

function socketUrl(base, sessionId) {
  const url = new URL(`/ws/sessions/${encodeURIComponent(sessionId)}`, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export function openStream({
  sessionId, token, after = 0, onEvents = () => {}, onTyping = () => {}, onGone = () => {},
  onStatus = () => {}, base = window.location.href,
}) {
  let lastSeq = Number(after) || 0;
  let stopped = false;
  let status = null;
  let socket = null;          // the current WebSocket (open or connecting)
  let live = false;           // the socket is authenticated and delivering
  let retryDelayS = 1;        // WebSocket back-off: 1, 2, 4 ... 30 s
  let retryTimer = null;
  let polling = false;        // the long-poll loop is running
  let pollController = null;  // aborts the running long-poll when the socket takes over

  const setStatus = (next) => {
    if (stopped || next === status) return;
    status = next;
    onStatus(next);
  };

  const gone = (code) => {
    if (stopped) return;
    stop();
    onGone(code);
  };

  // Every path (socket, long-poll, kick) delivers through here: in seq order, each seq once.
  const deliver = (events) => {
    if (stopped || !Array.isArray(events)) return;
    const fresh = events.filter((e) => Number.isInteger(e.seq) && e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    const next = [];
    for (const event of fresh) {
      if (event.seq <= lastSeq) continue;  // the same seq twice in one batch
      next.push(event);
      lastSeq = event.seq;
    }
    if (next.length) onEvents(next);
  };

  const typing = (signal) => {
    if (!stopped && signal && signal.from) onTyping({ from: signal.from, name: signal.name || "" });
  };

  // ---------- long-poll (fallback) ----------
  async function fetchEvents(wait, signal) {
    const url = new URL(`/api/sessions/${encodeURIComponent(sessionId)}/events`, base);
    url.searchParams.set("after", String(lastSeq));
    url.searchParams.set("wait", String(wait));
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal, cache: "no-store" });
    if (GONE_HTTP.has(response.status)) {
      gone(response.status);
      return false;
    }
    if (!response.ok) throw new Error(`events: HTTP ${response.status}`);
    const body = await response.json();
    deliver(body.events);
    if (body.typing) typing(body.typing);
    return true;
  }

  async function poll() {
    if (polling || stopped || live) return;
    polling = true;
    let wait = 0;  // first a quick fetch: catch up at once and know whether the server answers
    try {
      while (!stopped && !live) {
        pollController = new AbortController();
        try {
          if (!(await fetchEvents(wait, pollController.signal))) return;
          if (!live) setStatus("polling");
          wait = POLL_WAIT_S;
        } catch (error) {
          if (stopped || live) return;
          if (error.name !== "AbortError") {
            setStatus("offline");
            wait = 0;
            await new Promise((resolve) => setTimeout(resolve, OFFLINE_RETRY_MS));
          }
        } finally {
          pollController = null;
        }
      }
    } finally {
      polling = false;
    }
  }

  function stopPolling() {
    if (pollController) pollController.abort();
  }

  // ---------- WebSocket ----------
  function connect() {
    retryTimer = null;
    if (stopped || socket || typeof WebSocket === "undefined") return;
    let ws;
    try {
      ws = new WebSocket(socketUrl(base, sessionId));
    } catch (error) {
      scheduleRetry();
      return;
    }
    socket = ws;
    const giveUp = setTimeout(() => { if (ws === socket && !live) ws.close(); }, CONNECT_TIMEOUT_MS);
    ws.addEventListener("open", () => {
      ws.send(JSON.stringify({ type: "auth", token, after: lastSeq }));
    });
    ws.addEventListener("message", (message) => {
      if (ws !== socket || stopped) return;
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (data.type === "events") {
        if (!live) {  // the first message answers the auth: from now on events come by push
          clearTimeout(giveUp);
          live = true;
          retryDelayS = 1;
          stopPolling();
          setStatus("live");
        }
        deliver(data.events);
      } else if (data.type === "typing") {
        typing(data);
      }
      // "ping" keeps the connection open through proxies: nothing to do
    });
    ws.addEventListener("close", (event) => {
      clearTimeout(giveUp);
      if (ws !== socket) return;
      socket = null;
      live = false;
      if (stopped) return;
      if (GONE_WS.has(event.code)) {
        gone(event.code);
        return;
      }
      poll();
      scheduleRetry();
    });
    // "error" is always followed by "close": the fallback starts there.
  }

  function scheduleRetry() {
    if (stopped || retryTimer) return;
    const delay = retryDelayS;
    retryDelayS = Math.min(retryDelayS * 2, RETRY_MAX_S);
    retryTimer = setTimeout(connect, delay * 1000);
  }

  const online = () => {  // the network came back: try the socket now instead of waiting out the back-off
    if (stopped || socket) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryDelayS = 1;
    connect();
  };

  function stop() {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    stopPolling();
    window.removeEventListener("online", online);
    const ws = socket;
    socket = null;
    live = false;
    if (ws) ws.close(1000, "closed by the page");
  }

  window.addEventListener("online", online);
  if (typeof WebSocket === "undefined") {
    poll();
  } else {
    connect();
  }

  return {
    kick() {
      if (stopped || live) return;
      fetchEvents(0).catch(() => {});
    },
    close: stop,
    get lastSeq() { return lastSeq; },
    get status() { return status; },
  };
}
