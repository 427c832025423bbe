// Veivalg's chat page: one session per browser tab; everything shown in the log comes from the
// event stream (transport.js: WebSocket, long-poll as fallback). The status area says where the
// conversation stands (bot, queued, with a counsellor, closed, out of hours) and updates in place.
import { api } from "./api.js";
import { $ } from "./dom.js";
import { applyLanguage, bind, initialLanguage, isLanguage, language } from "./i18n.js";
import { renderEvent, retireButtons } from "./messages.js";
import { ratingPrompt } from "./rating.js";
import { download } from "./transcript.js";
import { openStream } from "./transport.js";
import { followVisualViewport } from "./viewport.js";
import { loadServiceInfo, outOfHoursStatus, renderWelcome, serviceInfo, showFacts } from "./welcome.js";

const log = $("log");
const form = $("composer");
const input = $("text");
const sendButton = $("send");
const statusLine = $("status");
const errorLine = $("error");
const typingLine = $("typing");
const actions = $("session-actions");
const leaveButton = $("leave-queue");
const endButton = $("end-chat");
const endConfirm = $("end-confirm");
const closedBar = $("closed-bar");
const switcher = $("language");
const eraseDialog = $("erase-dialog");

const STORE = "veivalg-session";
const TYPING_SHOWN_MS = 6000;       // a counsellor's typing signal shows this long after the last one
const CITIZEN_TYPING_EVERY_MS = 4000;

// {session_id, token, mode, queue, note, counsellor, language, seen, rated, gone}: what the page last
// knew (language: the conversation's, as the assistant last answered);
// `seen` is the last event whose effect on the mode is in it (replayed events do not move it again).
let session = JSON.parse(sessionStorage.getItem(STORE) || "null");
let stream = null;
let connection = null;   // the stream's status: live, polling, offline
let lastSeq = 0;         // the last event shown in the log
let generation = 0;      // bumps when the session changes: late answers for an older one are dropped
let pinned = null;       // the latest crisis panel: kept in view until the citizen writes again
let ratingItem = null;
let pageNote = null;     // a status key for when there is no session (erased, gone)
let botTyping = false;
let counsellorTyping = null;  // {name, timer}

const mode = () => (session && session.mode) || "bot";

function save() {
  if (session) sessionStorage.setItem(STORE, JSON.stringify(session));
}

// ---------- the status area, the buttons around the composer ----------
function statusKey() {
  if (connection === "offline" && session && mode() !== "closed") return ["status_reconnecting"];
  if (!session) return pageNote ? [pageNote] : null;
  switch (mode()) {
    case "queued":
      return session.queue
        ? ["status_queue_place", { position: session.queue.position,
            minutes: Math.max(1, Math.round((session.queue.estimated_wait_s || 0) / 60)) }]
        : ["status_queued"];
    case "human":
      return session.counsellor ? ["status_human_named", { name: session.counsellor }] : ["status_human"];
    case "closed":
      return [session.gone ? "status_gone" : "status_closed"];
    default:
      if (session.note === "out_of_hours") return outOfHoursStatus();
      if (session.note === "left_queue") return ["status_left_queue"];
      return ["status_bot"];
  }
}

function showState() {
  const key = statusKey();
  if (key) bind(statusLine, ...key);
  else {
    delete statusLine.dataset.i18n;
    statusLine.textContent = "";
  }
  const current = mode();
  const open = !!session && (current === "queued" || current === "human");
  leaveButton.hidden = !open || current !== "queued";
  if (!open) endConfirm.hidden = true;
  endButton.hidden = !open || !endConfirm.hidden;  // the confirm step stands in its place
  actions.hidden = leaveButton.hidden && endButton.hidden && endConfirm.hidden;
  const closed = !!session && current === "closed";
  closedBar.hidden = !closed;
  input.disabled = closed;
  sendButton.disabled = closed;
  bind(input, closed ? "closed_placeholder" : "placeholder", null, "placeholder");
  $("restart").classList.toggle("primary", closed);
  $("download-menu").hidden = !session || !!session.gone;
  $("erase").hidden = !session || !!session.gone;
  document.body.classList.toggle("started", log.children.length > 0);
  showTyping();
  if (closed) offerRating();
}

function showError(failure) {
  if (failure && failure.i18n) bind(errorLine, ...failure.i18n);
  else if (failure) bind(errorLine, "error_other", { status: failure.status || 0 });
}

function clearError() {
  delete errorLine.dataset.i18n;
  errorLine.textContent = "";
}

// One typing line under the log: the assistant while it answers, the counsellor while they write.
function showTyping() {
  if (counsellorTyping && mode() === "human") {
    if (counsellorTyping.name) bind(typingLine, "typing_counsellor", { name: counsellorTyping.name });
    else bind(typingLine, "typing_counsellor_anonymous");
    typingLine.hidden = false;
  } else if (botTyping) {
    bind(typingLine, "typing_bot");
    typingLine.hidden = false;
  } else {
    typingLine.hidden = true;
  }
}

function counsellorIsTyping(signal) {
  if (!signal || signal.from !== "counsellor") return;
  if (counsellorTyping) clearTimeout(counsellorTyping.timer);
  counsellorTyping = { name: String(signal.name || session?.counsellor || ""), timer: setTimeout(stopCounsellorTyping, TYPING_SHOWN_MS) };
  showTyping();
}

function stopCounsellorTyping() {
  if (counsellorTyping) clearTimeout(counsellorTyping.timer);
  counsellorTyping = null;
  showTyping();
}

// ---------- the language: the switcher, and the conversation's own ----------
function useLanguage(lang) {
  if (!isLanguage(lang)) return;
  const changed = lang !== language();
  applyLanguage(lang);
  switcher.value = lang;
  input.dir = lang === "ar" ? "rtl" : "auto";
  showState();
  if (changed || !serviceInfo()) refreshServiceInfo();
}

function refreshServiceInfo() {
  const lang = language();
  loadServiceInfo(lang).then(() => {
    if (language() !== lang) return;
    showFacts();
    showState();
  });
}

// ---------- the event stream ----------
function modeAfter(event, current) {
  if (event.mode) return event.mode;
  if (event.kind === "handover_queued" || event.kind === "queue") return "queued";
  if (event.from === "counsellor") return "human";
  // While queued, the system speaks when a counsellor joins (the citizen's own close and leave carry
  // the mode they lead to).
  if (event.from === "system" && event.kind === "system" && current === "queued") return "human";
  return current;
}

function follow(event) {
  const before = mode();
  const next = modeAfter(event, before);
  session.mode = next;
  if (event.queue) session.queue = event.queue;
  if (next !== "queued") session.queue = null;
  if (event.from === "counsellor" && event.counsellor_name) session.counsellor = String(event.counsellor_name);
  if (next !== "human" && before === "human") session.counsellor = null;
  if (event.from === "citizen") session.note = null;
  else if (event.kind === "out_of_hours") {
    session.note = "out_of_hours";
    refreshServiceInfo();  // why nobody can take it now: closed, or nobody on duty
  }
  else if (next === "bot" && before === "queued") session.note = "left_queue";
  if (next !== "bot") session.note = null;
  // The page follows the conversation's language (the one the assistant answers in) when it changes;
  // a language picked with the switcher stays until then.
  if ((event.from === "bot" || event.kind === "handover_queued") && isLanguage(event.language)
      && event.language !== session.language) {
    session.language = event.language;
    useLanguage(event.language);
  }
}

function show(events) {
  let shown = false;
  for (const event of events) {
    if (!Number.isInteger(event.seq) || event.seq <= lastSeq) continue;
    lastSeq = event.seq;
    if (event.seq > (session.seen || 0)) {  // new, not replayed after a reload
      follow(event);
      session.seen = event.seq;
    }
    if (event.from === "counsellor") stopCounsellorTyping();
    const item = renderEvent(event, { clickButton, sendCallback });
    if (!item) continue;
    if (event.from !== "bot") retireButtons(log);
    if (event.kind === "crisis") pinned = item;
    if (ratingItem && ratingItem.isConnected && !ratingItem.contains(document.activeElement)) {
      log.insertBefore(item, ratingItem);  // the rating prompt stays last
    } else {
      log.append(item);
    }
    shown = true;
  }
  save();
  showState();
  if (shown) scrollLog();
}

// New messages scroll into view, but never push the latest crisis panel (with its numbers) out of sight.
function scrollLog() {
  let top = log.scrollHeight - log.clientHeight;
  if (pinned && pinned.isConnected) top = Math.min(top, pinned.offsetTop - 8);
  log.scrollTop = Math.max(0, top);
}

function connect() {
  if (stream) stream.close();
  const gen = generation;
  const current = session;
  connection = null;
  stream = openStream({
    sessionId: current.session_id,
    token: current.token,
    after: 0,  // the whole conversation: a reload shows it again
    onEvents: (events) => { if (gen === generation) show(events); },
    onTyping: (signal) => { if (gen === generation) counsellorIsTyping(signal); },
    onGone: () => { if (gen === generation) gone(); },
    onStatus: (status) => {
      if (gen !== generation) return;
      connection = status;
      showState();
    },
  });
}

// Erased, expired or unknown: nothing to write to, nothing left to rate.
function gone() {
  if (!session) return;
  session.mode = "closed";
  session.gone = true;
  session.rated = true;
  save();
  showState();
}

// ---------- sending ----------
async function ensureSession() {
  if (session) return;
  // No language in the request: it would lock the session's language and turn off detection.
  const created = await api("/api/sessions", { method: "POST", body: { channel: "web" } });
  generation += 1;
  session = { session_id: created.session_id, token: created.token, mode: "bot", queue: null, note: null, seen: 0 };
  lastSeq = 0;
  pageNote = null;
  save();
  connect();
}

function applyReply(reply) {
  if (!session || !reply) return;
  if (reply.mode) session.mode = reply.mode;
  if (reply.queue) session.queue = reply.queue;
  if (session.mode !== "queued") session.queue = null;
  if (session.mode !== "bot") session.note = null;
  else if ((reply.messages || []).some((m) => m.kind === "out_of_hours")) {
    session.note = "out_of_hours";
    refreshServiceInfo();
  }
  save();
  showState();
}

// Sends a message or a button's payload; false when it was not taken (the caller keeps the text).
async function send(text) {
  if (!text.trim()) return true;
  if (session && mode() === "closed") {
    bind(errorLine, session.gone ? "error_gone" : "error_session_closed");
    return false;
  }
  pinned = null;
  clearError();
  let gen = generation;
  try {
    await ensureSession();
    gen = generation;
    botTyping = mode() === "bot";
    showTyping();
    const reply = await api(`/api/sessions/${session.session_id}/messages`, { token: session.token, method: "POST", body: { text } });
    if (gen !== generation) return true;
    if (stream) stream.kick();
    applyReply(reply);
    return true;
  } catch (failure) {
    if (gen !== generation) return false;
    if (failure.code === "session_closed" && session) {
      session.mode = "closed";
      save();
    } else if ([401, 403, 404].includes(failure.status) && session) {
      gone();
    }
    showError(failure);
    showState();
    return false;
  } finally {
    if (gen === generation) {
      botTyping = false;
      showTyping();
    }
  }
}

async function clickButton(button, row) {
  for (const b of row.querySelectorAll("button")) b.disabled = true;  // a row of buttons works once
  row.classList.add("used");
  const payload = String(button.payload || "");
  if (mode() === "closed" && payload.startsWith("/career_centre")) {  // under a closed chat
    if (payload === "/career_centre") { reset(); await send(button.title); return; }  // where? a new chat asks
    if (!(await showCentre(payload))) for (const b of row.querySelectorAll("button")) b.disabled = false;
    return;
  }
  await send(payload);
}

// A closed chat takes no messages: the centre card for the button under the counsellor's close
// notice (payload /career_centre{"county": ...}) comes from GET /api/career-centres/nearest.
async function showCentre(payload) {
  let values = {};
  try { values = JSON.parse(payload.slice("/career_centre".length) || "{}") || {}; } catch (error) { values = {}; }
  const query = new URLSearchParams({ language: language() });
  if (typeof values.county === "string") query.set("county", values.county);
  if (typeof values.place === "string") query.set("municipality", values.place);
  try {
    const card = await api(`/api/career-centres/nearest?${query}`);
    const item = renderEvent({ seq: 0, from: "bot", kind: card.kind, text: card.text, language: card.language,
      career_centre: card.career_centre }, { clickButton, sendCallback });
    log.append(item);
    scrollLog();
    return true;
  } catch (failure) {
    showError(failure);
    return false;
  }
}

async function sendCallback(data) {
  await api(`/api/sessions/${session.session_id}/callback`, { token: session.token, method: "POST", body: data });
}

// ---------- the rating when the chat has ended ----------
function offerRating() {
  if (!session || session.rated || session.gone || !log.children.length) return;
  if (ratingItem && ratingItem.isConnected) {  // keep it last, unless the citizen is using it
    if (log.lastElementChild !== ratingItem && !ratingItem.contains(document.activeElement)) log.append(ratingItem);
    return;
  }
  const rated = session;
  ratingItem = ratingPrompt({
    send: (rating, comment) => api(`/api/sessions/${rated.session_id}/rating`, { token: rated.token, method: "POST",
      body: { rating, comment } }),
    onRated: () => { rated.rated = true; if (rated === session) save(); },
  });
  log.append(ratingItem);
  scrollLog();
}

// ---------- leaving: the queue, the conversation, the page ----------
async function leaveQueue() {
  if (!session) return;
  leaveButton.disabled = true;
  clearError();
  try {
    const reply = await api(`/api/sessions/${session.session_id}/leave`, { token: session.token, method: "POST" });
    session.mode = reply.mode || "bot";
    session.queue = null;
    if (session.mode === "bot") session.note = "left_queue";
    save();
    showState();
    input.focus();
  } catch (failure) {
    if (failure.code === "session_closed") { session.mode = "closed"; save(); }
    showError(failure);
    showState();
  } finally {
    leaveButton.disabled = false;
  }
}

async function closeSession() {
  if (!session || mode() === "closed") return;
  const gen = generation;
  await api(`/api/sessions/${session.session_id}/close`, { token: session.token, method: "POST" });
  if (gen !== generation) return;
  session.mode = "closed";
  save();
  showState();
}

function askToEnd() {
  bind($("end-confirm-question"), mode() === "queued" ? "end_question_queued" : "end_question_human");
  endConfirm.hidden = false;
  endButton.hidden = true;
  $("end-no").focus();
}

function keepChatting() {
  endConfirm.hidden = true;
  showState();
  (endButton.hidden ? input : endButton).focus();
}

// A new conversation: the text in the box stays there (nothing typed is lost).
function reset() {
  if (stream) stream.close();
  stream = null;
  sessionStorage.removeItem(STORE);
  session = null;
  generation += 1;
  lastSeq = 0;
  pinned = null;
  ratingItem = null;
  connection = null;
  botTyping = false;
  stopCounsellorTyping();
  log.replaceChildren();
  clearError();
  showState();
}

async function startOver() {
  // The current chat ends first: a counsellor must not wait for a citizen who started over.
  try { await closeSession(); } catch (error) { /* already gone: start over anyway */ }
  pageNote = null;
  reset();
  input.focus();
}

// Closing the tab or leaving the page while queued or with a counsellor tells the server the page
// is going; unless it comes back within a short grace (a reload keeps its place), the chat closes.
window.addEventListener("pagehide", () => {
  if (!session || !(mode() === "queued" || mode() === "human")) return;
  // The stream first: an open socket is a sign of life, which would cancel the "away".
  if (stream) stream.close();
  stream = null;
  fetch(`/api/sessions/${session.session_id}/away`, {
    method: "POST", keepalive: true, headers: { Authorization: `Bearer ${session.token}` },
  }).catch(() => {});
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted && session && !session.gone) { showState(); connect(); }  // back from the cache
});

// With a counsellor: tell the server "typing" (no text) at most every few seconds.
let typingSentAt = 0;
input.addEventListener("input", () => {
  if (!session || mode() !== "human" || !input.value.trim()) return;
  const at = Date.now();
  if (at - typingSentAt < CITIZEN_TYPING_EVERY_MS) return;
  typingSentAt = at;
  api(`/api/sessions/${session.session_id}/typing`, { token: session.token, method: "POST" }).catch(() => {});
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = "";
  if (!(await send(text)) && !input.value) input.value = text;  // not sent: the citizen keeps what they wrote
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
leaveButton.addEventListener("click", leaveQueue);
endButton.addEventListener("click", askToEnd);
$("end-no").addEventListener("click", keepChatting);
$("end-yes").addEventListener("click", async () => {
  endConfirm.hidden = true;
  try { await closeSession(); } catch (failure) { showError(failure); showState(); }
  input.focus();
});
endConfirm.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  event.preventDefault();
  keepChatting();
});
$("restart").addEventListener("click", startOver);
$("new-chat").addEventListener("click", () => {
  pageNote = null;
  reset();
  input.focus();
});

// "Erase my conversation": an in-page dialog in the page language, then a notice.
$("erase").addEventListener("click", () => {
  if (!session) return;
  eraseDialog.showModal();
  $("erase-no").focus();
});
$("erase-no").addEventListener("click", () => eraseDialog.close());
$("erase-yes").addEventListener("click", async () => {
  eraseDialog.close();
  if (!session) return;
  try {
    await api(`/api/sessions/${session.session_id}`, { token: session.token, method: "DELETE" });
  } catch (failure) {
    if (![401, 403, 404].includes(failure.status)) { showError(failure); return; }
  }
  reset();
  pageNote = "status_erased";
  showState();
  input.focus();
});

for (const button of document.querySelectorAll("#download-menu [data-format]")) {
  button.addEventListener("click", async () => {
    if (!session) return;
    clearError();
    try {
      await download(session, button.dataset.format, language());
      $("download-menu").open = false;
    } catch (failure) {
      bind(errorLine, "download_failed");
    }
  });
}

switcher.addEventListener("change", () => useLanguage(switcher.value));

// ---------- inside the widget's frame (?embed=1) ----------
const params = new URLSearchParams(window.location.search);
const embedded = params.get("embed") === "1";
if (embedded) document.documentElement.classList.add("embedded");
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const menu = $("download-menu");
  if (menu.open) {  // Escape closes the download menu first
    menu.open = false;
    $("download").focus();
    event.preventDefault();
    return;
  }
  if (!embedded || eraseDialog.open || !endConfirm.hidden || window.parent === window) return;
  window.parent.postMessage({ type: "veivalg:escape" }, "*");  // the widget closes its panel
});
window.addEventListener("focus", () => {
  if (embedded && document.activeElement === document.body && !input.disabled) input.focus();
});

// ---------- start ----------
followVisualViewport(() => scrollLog());
useLanguage(initialLanguage(params.get("lang")));
renderWelcome((topic) => send(`/choose_topic${JSON.stringify({ topic, language: language() })}`));
showState();
if (session) connect();
