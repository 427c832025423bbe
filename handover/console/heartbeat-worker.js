// The console's heartbeat timer, in a worker: browsers slow down timers in background tabs, not in
// workers. A file of its own, because the Content Security Policy allows scripts from 'self' only
// (a worker made from a blob: URL is blocked). The interval comes in the URL: ?ms=15000.
const ms = Number(new URLSearchParams(self.location.search).get("ms")) || 15000;
setInterval(() => postMessage(0), ms);
