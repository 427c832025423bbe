// Veivalg counsellor console: login and presence, callbacks first, the live queue, several
// conversations at once, transcript with triage, replies with canned responses, internal notes,
// transfer, hand back, close, and the back room. Anything written by citizens or colleagues is
// put into the page with textContent only. The shared staff module holds the helpers, the session
// and the texts for the API's error codes.
import { $, LANGUAGES as STAFF_LANGUAGES, NEEDS, StaffSession, bindLoginForm, el, messageFor }
  from "/staff/static/staff.js";

const POLL_MS = 2000;
const HEARTBEAT_MS = 15000;
const SLOW_EVERY = 5; // callbacks and colleagues every 5th poll

// Plain Norwegian for the codes the server sends: needs, languages and queues. The one table the
// console reads them from (staff.js has the shorter words the other staff pages use).
const LABELS = {
  needs: { ...NEEDS, human_request: "Ønsker å snakke med et menneske", crisis: "Krise", information: "Informasjon",
    reflective: "Veiledning og refleksjon", career_centre: "Spør om karrieresenter", smalltalk: "Småprat", out_of_scope: "Utenfor tema" },
  languages: { ...STAFF_LANGUAGES, other: "annet språk" },
  queue: (code) => `Køen for ${LABELS.languages[code] || code}`,
};
const LANGUAGES = LABELS.languages;
const OUTCOMES = { information: "informasjon", reflective: "refleksjon / veiledning", referred_career_centre: "henvist til karrieresenter",
  referred_elsewhere: "henvist andre steder", referred: "henvist", no_show: "ikke svar", returned_to_bot: "gitt tilbake til assistenten", withdrawn: "gikk ut av køen", other: "annet" };
const SENDERS = { citizen: "Innbygger", bot: "Assistent", counsellor: "Veileder", system: "System" };

// The canned replies come from the server (GET /api/canned-replies), filled for the open chat.
const SOUND_KEY = "veivalg-console-sound";

// Why the session was handed over, by reason_code (core/vocabulary.py HANDOVER_REASONS).
const REASONS = {
  asked: "innbyggeren ba om en veileder",
  accepted_offer: "innbyggeren takket ja til tilbudet om en veileder",
  crisis: "krise: innbyggeren kan være i fare",
};

// Counsellors' fields of expertise (handover/counsellors.py EXPERTISE).
const EXPERTISE = {
  school: "skole og videregående", higher_education: "høyere utdanning og opptak", work_nav: "arbeid og NAV",
  immigrants: "innvandrere og godkjenning", adults_in_transition: "voksne i omstilling",
};

// Why a queue entry is held for someone else or open to me, by the codes the server sends
// (handover/routing.py): each hint is {code, language?, county?, seconds?, expertise?}.
const ROUTING = {
  kept_for_language: (h) => `Holdes for en kollega som snakker ${langName(h.language)}`,
  nobody_speaks: (h) => `Ingen på vakt snakker ${langName(h.language)}`,
  kept_for_county: (h) => `Holdes i ${h.seconds} s for en kollega som kjenner ${h.county}`,
  kept_for_expertise: (h) => `Holdes for en kollega som kan ${(h.expertise || []).map((e) => EXPERTISE[e] || e).join(", ")}`,
  left_for_fewer_chats: () => "Overlates en kort stund til en kollega med færre samtaler",
  you_know_county: (h) => `Du kjenner ${h.county}`,
};

const session = new StaffSession("veivalg-staff", { onExpired: (error) => signedOut(error.message) });
const api = (path, options) => session.api(path, options);

const state = {
  profile: null,
  onDuty: true,
  current: null,          // id of the open conversation
  rendered: 0,            // last seq rendered for the open conversation
  mine: new Map(),        // id -> handover (active, mine)
  departed: new Map(),    // id -> handover: mine until the citizen left; stays in view until I close it
  details: new Map(),     // id -> last GET /api/handovers/{id}
  seen: JSON.parse(sessionStorage.getItem("veivalg-seen") || "{}"), // id -> last seq read
  colleagues: [],
  backroomAfter: 0,
  mentionsRead: 0,
  unreadMentions: 0,
  callbacksShown: false,
  ticks: 0,
  polling: false,
  mineGeneration: 0,
  pendingOpen: null,
  canned: new Map(),      // `${id}:${language}` -> replies filled for that chat
  heard: new Map(),       // id -> last seq an alert was given for
  sound: localStorage.getItem(SOUND_KEY) !== "off",
};

// ---------- small helpers ----------
const time = (iso) => new Date(iso).toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit" });
function waited(iso) {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} t ${m % 60} min`;
}
const langName = (code) => LABELS.languages[code] || code || "ukjent";
const needName = (code) => LABELS.needs[code] || code || "ukjent";
function notice(text) { $("notice").textContent = text; }
function actionError(text) { $("action-error").textContent = text || ""; }
function saveSeen() { sessionStorage.setItem("veivalg-seen", JSON.stringify(state.seen)); }

// Crisis alerts (staff-only, from the safety net) and the citizen leaving, read from the transcript.
const crisisAlerts = (h) => ((h && h.events) || []).filter((e) => e.kind === "crisis_alert");
const citizenLeft = (h) => ((h && h.events) || []).some((e) => e.kind === "citizen_left");
const isCrisis = (h, detail) => (h && h.priority === "crisis") || crisisAlerts(detail).length > 0;
const LEFT_TEXT = "Innbyggeren har forlatt samtalen";
function chatLabel(h, detail, marked = true) {
  return `${marked && isCrisis(h, detail) ? "KRISE · " : ""}${needName(h.need)} · ${langName(h.language)}${h.county ? " · " + h.county : ""}`;
}
// A crisis alert in one of my chats that I have not had open since it came.
function unreadCrisis(id) {
  const alerts = crisisAlerts(state.details.get(id));
  return alerts.length > 0 && alerts[alerts.length - 1].seq > (state.seen[id] || 0);
}

// Update a <ul>/<ol> keyed by id without recreating the nodes that stay (keeps keyboard focus).
function reconcile(list, items, key, create, update, fallback = null) {
  const existing = new Map([...list.children].map((node) => [node.dataset.key, node]));
  const wanted = [];
  for (const item of items) {
    const id = key(item);
    let node = existing.get(id);
    if (!node) { node = create(item); node.dataset.key = id; }
    update(node, item);
    wanted.push(node);
    existing.delete(id);
  }
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  for (const node of existing.values()) node.remove();
  wanted.forEach((node, index) => { if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null); });
  if (focused && !document.contains(focused)) {
    // The focused entry went away: keep the keyboard user in the same list (the queue: its
    // heading, never another claim button by surprise).
    const next = fallback ? fallback() : list.querySelector("button:not([disabled])");
    (next || list.closest("section")?.querySelector("h2[tabindex]") || document.body).focus();
  }
}
const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };

// ---------- login, presence ----------
function showWork() {
  const on = !!session.auth;
  $("login-view").hidden = on; $("work-view").hidden = !on; $("logout").hidden = !on;
  $("duty-toggle").hidden = !on; $("duty").hidden = !on;
  $("alerts-toggle").hidden = !on; $("backroom-toggle").hidden = !on;
  $("who").textContent = on ? `${session.auth.username} (${session.auth.role === "admin" ? "admin" : "veileder"})` : "";
  renderDuty();
}

function renderDuty() {
  $("duty").textContent = state.onDuty ? "På vakt" : "Av vakt";
  $("duty").className = `duty ${state.onDuty ? "on" : "off"}`;
  $("duty-toggle").textContent = state.onDuty ? "Gå av vakt" : "Gå på vakt";
}

function signedOut(message) {
  session.forget(); state.current = null; state.profile = null;
  state.mine.clear(); state.details.clear(); state.departed.clear();
  state.backroomAfter = 0; state.callbacksShown = false;
  for (const id of ["waiting", "mine", "events", "backroom", "callbacks", "on-duty", "crisis-notice", "crisis-banner"]) $(id).replaceChildren();
  $("conversation").hidden = true; $("empty-state").hidden = false;
  document.title = "Veivalg – veilederkonsoll";
  showWork();
  if (message) $("login-error").textContent = message;
}

async function logout() {
  if (state.mine.size && !confirm(`Du har ${state.mine.size} åpne samtaler. De går tilbake i køen om et minutt. Logge ut likevel?`)) return;
  await session.logOut(); // forgets the token first: polling and heartbeats stop
  signedOut("");
}

async function heartbeat() {
  if (!session.auth || !state.onDuty) return;
  try { await api("/api/counsellors/me/heartbeat", { method: "POST" }); }
  catch (error) { if (error.status !== 401) notice(`Fikk ikke meldt at du er på vakt: ${error.message}`); }
}

async function toggleDuty() {
  if (state.onDuty) {
    if (state.mine.size && !confirm(`Du har ${state.mine.size} åpne samtaler. De går tilbake i køen om et minutt. Gå av vakt likevel?`)) return;
    await api("/api/counsellors/me/off-duty", { method: "POST" }).catch((e) => notice(e.message));
    state.onDuty = false; notice("Du er av vakt. Kolleger ser deg ikke, og nye samtaler fordeles til andre.");
  } else {
    state.onDuty = true; await heartbeat(); notice("Du er på vakt.");
  }
  renderDuty();
}

async function afterLogin() {
  showWork();
  try {
    state.profile = await api("/api/counsellors/me");
  } catch (error) {
    if (error.status === 403) {
      session.logOut();
      signedOut("Konsollen er for veiledere. Denne brukeren har ikke tilgang.");
      return;
    }
    if (!session.auth) return; // the token was no longer valid: signed out
  }
  state.mentionsRead = Number(localStorage.getItem(`veivalg-mentions-${session.auth.username}`) || 0);
  await heartbeat();
  await Promise.allSettled([refreshCallbacks(), refreshColleagues()]);
  poll();
}

bindLoginForm(session, { signedIn: () => { state.onDuty = true; return afterLogin(); } });
$("logout").addEventListener("click", logout);
$("duty-toggle").addEventListener("click", toggleDuty);

// ---------- callbacks (shown first) ----------
async function refreshCallbacks() {
  const items = await api("/api/callbacks");
  $("callbacks-panel").hidden = items.length === 0;
  $("callback-count").textContent = items.length ? `(${items.length})` : "";
  reconcile($("callbacks"), items, (c) => c.id, (c) => {
    const contact = el("p", { class: "contact" });
    if (c.email) contact.append(el("a", { href: `mailto:${c.email}`, text: c.email }));
    if (c.email && c.phone) contact.append(" · ");
    if (c.phone) contact.append(el("a", { href: `tel:${c.phone}`, text: c.phone }));
    const noteId = `cb-note-${c.id}`;
    const form = el("form", { class: "row" },
      el("label", { htmlFor: noteId, class: "sr-only", text: "Notat" }),
      el("input", { id: noteId, placeholder: "Notat (valgfritt)", maxLength: 2000 }),
      el("button", { type: "submit", text: "Merk som fulgt opp" }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api(`/api/callbacks/${c.id}/done`, { method: "POST", body: { note: form.querySelector("input").value } });
        notice("Spørsmålet er merket som fulgt opp.");
        await refreshCallbacks();
      } catch (error) { notice(error.message); }
    });
    return el("li", { class: "card" },
      el("p", { class: "meta", text: `${langName(c.language)} · lagt igjen ${new Date(c.created_at).toLocaleString("nb-NO", { dateStyle: "short", timeStyle: "short" })}` }),
      el("p", { class: "question", dir: "auto", text: c.question }),
      contact, form);
  }, () => {});
  if (!items.length && document.activeElement === document.body) $("queue-heading").focus();
  if (items.length && !state.callbacksShown) {
    state.callbacksShown = true;
    notice(`${items.length} ${items.length === 1 ? "spørsmål" : "spørsmål"} ble lagt igjen utenfor åpningstid. Ta dem først.`);
    $("callbacks-heading").focus();
  }
}

// ---------- queue ----------
function queueEntry() {
  const li = el("li");
  const button = el("button", { type: "button", class: "entry" },
    el("span", { class: "sr-only", text: "Ta samtalen: " }),
    el("span", { class: "line1" }, el("span", { class: "pill", text: "KRISE", hidden: true }), el("span", { class: "need" }),
      el("span", { class: "waited" })),
    el("span", { class: "line2" }), el("span", { class: "line3", dir: "auto" }));
  button.addEventListener("click", () => claim(li.dataset.key));
  li.append(button, el("p", { class: "notes" }));
  return li;
}

function updateQueueEntry(li, h) {
  const button = li.querySelector("button");
  const crisis = h.priority === "crisis";
  li.className = [crisis && "crisis", h.eligible === false && "ineligible"].filter(Boolean).join(" ");
  button.querySelector(".pill").hidden = !crisis;
  setText(button.querySelector(".need"), needName(h.need));
  setText(button.querySelector(".waited"), waited(h.waiting_since));
  setText(button.querySelector(".line2"), `${langName(h.language)} · ${h.county || "fylke ukjent"}`);
  const first = (h.triage && h.triage.first_message) || "";
  setText(button.querySelector(".line3"), first ? `«${first.slice(0, 90)}»` : "");
  button.disabled = h.eligible === false;
  setText(li.querySelector(".notes"), routingNote(h));
}

// Why an entry is held for someone else or open to me: the server decides and says why in codes.
function routingNote(h) {
  const hints = (h.routing || []).map((hint) => (ROUTING[hint.code] ? ROUTING[hint.code](hint) : ""));
  return hints.filter(Boolean).join(". ") || (h.eligible === false ? "Holdes for en kollega" : "");
}

async function refreshQueue() {
  const waiting = await api("/api/handovers?status=waiting");
  const count = waiting.length;
  const crisis = waiting.filter((h) => h.priority === "crisis").length;
  setText($("waiting-count"), `(${count}${crisis ? `, ${crisis} krise` : ""})`);
  $("queue-empty").hidden = count > 0;
  const before = new Set([...$("waiting").children].map((li) => li.dataset.key));
  reconcile($("waiting"), waiting, (h) => h.id, queueEntry, updateQueueEntry, () => $("queue-heading"));
  if (state.ticks > 0 && waiting.some((h) => h.priority === "crisis" && !before.has(h.id))) raiseAlert(true);
}

async function claim(id) {
  actionError("");
  state.pendingOpen = id;
  try {
    await api(`/api/handovers/${id}/claim`, { method: "POST" });
    await refreshMine();
    await open(id);
    focusReply();
  } catch (error) { actionError(error.message); }
  refreshQueue().catch(() => {});
}

async function takeNext() {
  actionError("");
  try {
    const taken = await api("/api/handovers/next", { method: "POST" });
    state.pendingOpen = taken.id;
    await refreshMine();
    await open(taken.id);
    focusReply();
  } catch (error) {
    if (error.code === "nobody_waiting") notice(error.message);
    else actionError(error.message);
  }
  refreshQueue().catch(() => {});
}
$("next").addEventListener("click", takeNext);

// ---------- my conversations ----------
function mineEntry() {
  const li = el("li");
  const button = el("button", { type: "button" }, el("span", { class: "label" }), el("span", { class: "unread badge" }));
  button.addEventListener("click", () => open(li.dataset.key));
  li.append(button);
  return li;
}

function unreadOf(id) {
  const detail = state.details.get(id);
  if (!detail) return 0;
  const seen = state.seen[id] || 0;
  return detail.events.filter((e) => e.seq > seen && e.from === "citizen").length;
}

function updateMineEntry(li, h) {
  const id = h.id;
  const button = li.querySelector("button");
  const detail = state.details.get(id);
  const left = citizenLeft(detail);
  li.className = [isCrisis(h, detail) && "crisis", unreadCrisis(id) && id !== state.current && "alert", left && "left"]
    .filter(Boolean).join(" ");
  const active = id === state.current;
  if (active) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
  const [presence, presenceWords] = presenceText(detail);
  const shown = left ? " · har gått" : presence === "typing" || presence === "idle" ? ` · ${presenceWords.toLowerCase()}` : "";
  // What tells the chats apart first (the tab may be cut short; the title has it all).
  const tab = `${isCrisis(h, detail) ? "KRISE · " : ""}${h.county || "fylke ukjent"} · ${langName(h.language)} · ${needName(h.need)}`;
  setText(button.querySelector(".label"), `${tab}${shown}`);
  button.title = `${chatLabel(h, detail)}${shown}`;
  const fresh = state.seen[id] === undefined && !active;
  const unread = active ? 0 : unreadOf(id);
  const badge = button.querySelector(".unread");
  setText(badge, fresh ? "ny" : unread === 1 ? "1 ny" : unread ? `${unread} nye` : "");
  badge.hidden = !fresh && !unread;
}

async function refreshMine() {
  if (!session.auth) return;
  const generation = ++state.mineGeneration;
  const active = (await api("/api/handovers?status=active")).filter((h) => h.counsellor === session.auth.username);
  if (generation !== state.mineGeneration) return; // a newer refresh (or a local change) wins
  const previous = state.mine;
  const before = new Set(previous.keys());
  state.mine = new Map(active.map((h) => [h.id, h]));
  // Conversations that came to me without my claim (a colleague's transfer).
  const arrived = active.filter((h) => !before.has(h.id) && state.ticks > 0 && state.seen[h.id] === undefined && h.id !== state.pendingOpen);
  if (arrived.length) notice(`${arrived.length === 1 ? "En samtale" : `${arrived.length} samtaler`} ble overført til deg.`);
  // Details for every conversation: unread counts, and the open one's transcript.
  await Promise.all(active.map(async (h) => {
    try { state.details.set(h.id, await api(`/api/handovers/${h.id}`)); } catch (error) { /* shown next time */ }
  }));
  // Chats the citizen left (closed, or gone quiet) stay, marked, until I close them myself.
  await Promise.all([...previous.values()].filter((h) => !state.mine.has(h.id) && !state.departed.has(h.id)).map(async (h) => {
    try {
      const detail = await api(`/api/handovers/${h.id}`);
      if (citizenLeft(detail)) { state.departed.set(h.id, h); state.details.set(h.id, detail); }
    } catch (error) { /* erased, or no longer mine to read */ }
  }));
  if (generation !== state.mineGeneration) return;
  for (const id of [...state.details.keys()]) if (!kept(id) && id !== state.current) state.details.delete(id);
  const max = (state.profile && state.profile.max_parallel) || 3;
  setText($("mine-count"), `(${active.length} av ${max})`);
  reconcile($("mine"), tabs(), (h) => h.id, mineEntry, updateMineEntry);
  for (const h of active) alertNew(h.id, state.details.get(h.id));
  if (state.current && !kept(state.current)) await lost(state.current);
  else if (state.current) renderConversation();
  renderCrisisNotice();
  updateTitle();
}

const kept = (id) => state.mine.has(id) || state.departed.has(id);
const tabs = () => [...state.mine.values(), ...[...state.departed.values()].filter((h) => !state.mine.has(h.id))];

// Console-wide: a crisis in one of my chats that is not the open one. Names it; a click opens it.
function renderCrisisNotice() {
  const waiting = [...state.mine.values()].filter((h) => h.id !== state.current && unreadCrisis(h.id));
  reconcile($("crisis-notice"), waiting, (h) => h.id, (h) => {
    const button = el("button", { type: "button", class: "crisis-open" });
    button.addEventListener("click", () => open(h.id));
    return el("p", {}, el("strong", { text: "KRISE" }), button);
  }, (p, h) => {
    setText(p.querySelector("button"), `i samtalen «${chatLabel(h, state.details.get(h.id), false)}» – åpne den nå`);
  });
}

// The open conversation is no longer mine: closed by the citizen, lease lapsed, or moved.
async function lost(id) {
  let text = "Samtalen er ikke lenger hos deg.";
  try {
    const h = await api(`/api/handovers/${id}`);
    if (h.status === "closed") text = h.closed_by === "citizen" ? "Innbyggeren avsluttet samtalen." : `Samtalen er avsluttet (${OUTCOMES[h.outcome] || h.outcome}).`;
    else if (h.status === "waiting") text = "Samtalen gikk tilbake til køen.";
    else if (h.counsellor === session.auth.username) return; // still mine: an older list was read
    else if (h.counsellor) text = `Samtalen er nå hos ${h.counsellor}.`;
  } catch (error) { /* erased */ }
  if (state.current === id) closeView(text);
}

function closeView(text) {
  state.mineGeneration += 1;
  state.current = null;
  $("conversation").hidden = true; $("empty-state").hidden = false;
  if (text) notice(text);
  const next = tabs().map((h) => h.id)[0];
  for (const box of TOOLS) $(box).open = false;
  if (next) open(next).then(() => { if (!focusMoved()) focusReply(); });
  else $("queue-heading").focus();
}

// Whether the counsellor has put the focus somewhere visible (outside the queue) while the next
// chat loaded: then it stays there instead of being pulled to the reply box.
function focusMoved() {
  const active = document.activeElement;
  return Boolean(active && active !== document.body && active.isConnected && active.offsetParent !== null
    && !$("waiting").contains(active));
}

// The reply box of the open chat; when the citizen has left, the "Avslutt" tool instead.
function focusReply() {
  if (!state.current) { $("queue-heading").focus(); return; }
  if (!$("reply-text").disabled) $("reply-text").focus();
  else { const box = $("close-box"); box.querySelector("summary").focus(); }
}

// ---------- the open conversation ----------
async function open(id) {
  if (!id) return;
  state.pendingOpen = id;
  if (state.current !== id) {
    state.current = id; state.rendered = 0;
    $("events").replaceChildren();
    for (const box of TOOLS) $(box).open = false;
    $("kb-results").replaceChildren();
    actionError("");
  }
  $("conversation").hidden = false; $("empty-state").hidden = true;
  try {
    state.details.set(id, await api(`/api/handovers/${id}`));
  } catch (error) { actionError(error.message); return; }
  const h = state.details.get(id);
  $("canned-lang").value = LABELS.languages[h.language] && h.language !== "other" ? h.language : "nb";
  renderConversation();
  loadCanned().catch((error) => actionError(error.message));
  reconcile($("mine"), tabs(), (x) => x.id, mineEntry, updateMineEntry);
  renderCrisisNotice();
  updateTitle();
  fillTransferTargets();
}

function renderSummary(h) {
  const t = h.triage || {};
  const dl = el("dl");
  const row = (label, value, wide) => { if (value) dl.append(el("div", { class: wide ? "wide" : "" }, el("dt", { text: label }), el("dd", { dir: "auto", text: value }))); };
  row("Behov", needName(h.need));
  row("Språk", langName(h.language));
  row("Fylke", h.county || "ukjent");
  row("I kø fra", `${time(h.waiting_since)}`);
  if (h.priority === "crisis") row("Prioritet", "KRISE – assistenten har gitt nødnumrene");
  row("Grunn", REASONS[h.reason_code] || h.reason || "", true);
  if (t.topics && t.topics.length) row("Emner", t.topics.join(", "), true);
  row("Første melding", t.first_message ? `«${t.first_message}»` : "", true);
  const summary = $("summary");
  summary.className = `summary${isCrisis(h, h) ? " crisis" : ""}`;
  const articles = (t.articles || []).filter((a) => a && a.title);
  const shown = el("div", { class: "articles" }, el("span", { class: "label", text: "Artikler assistenten viste: " }));
  if (articles.length) {
    const list = el("ul");
    for (const a of articles) {
      const safe = /^https?:\/\//.test(a.url || "");
      list.append(el("li", {}, safe ? el("a", { href: a.url, target: "_blank", rel: "noopener", text: a.title }) : el("span", { text: a.title })));
    }
    shown.append(list);
  } else shown.append(el("span", { text: "ingen" }));
  summary.replaceChildren(...[dl, shown, exerciseSummaryNode(h)].filter(Boolean));
  setText($("conv-heading"), chatLabel(h, h));
}

// The citizen's reflection exercise, when they agreed that the counsellor may see it (one line each).
function exerciseSummaryNode(h) {
  if (!h.exercise_summary) return null;
  const box = el("div", { class: "exercise-summary" }, el("span", { class: "label", text: "Refleksjonsøvelsen (delt av innbyggeren): " }));
  for (const line of h.exercise_summary.split("\n")) box.append(el("div", { dir: "auto", text: line }));
  return box;
}

function eventNode(e) {
  const note = e.kind === "internal_note";
  const li = el("li", { class: `${e.from}${note ? " internal" : ""} kind-${e.kind}` });
  let who = SENDERS[e.from] || e.from;
  if (e.from === "counsellor") who = note ? `Internt notat · ${e.counsellor || ""}` : `Veileder · ${e.counsellor === session.auth.username ? "deg" : e.counsellor || ""}`;
  if (note) li.append(el("span", { class: "tag", text: "Bare for veiledere" }));
  if (e.kind === "crisis_alert") li.append(el("span", { class: "tag", text: "Krisevarsel · bare for veiledere" }));
  if (e.kind === "citizen_left") li.append(el("span", { class: "tag", text: LEFT_TEXT }));
  li.append(el("span", { class: "who", text: `${who} · ${time(e.at)}` }), el("span", { class: "text", dir: "auto", text: e.text }));
  if (Array.isArray(e.sources) && e.sources.length) {
    const list = el("ul", { class: "sources" });
    for (const s of e.sources) {
      const safe = /^https?:\/\//.test(s.url || "");
      const link = safe ? el("a", { href: s.url, target: "_blank", rel: "noopener", text: s.title }) : el("span", { text: s.title });
      list.append(el("li", {}, link, s.reviewed ? ` (sist kontrollert ${s.reviewed})` : ""));
    }
    li.append(list);
  }
  return li;
}

function renderConversation() {
  const id = state.current;
  const h = id && state.details.get(id);
  if (!h) return;
  if (h.status !== "active" || h.counsellor !== session.auth.username) {
    if (!kept(id)) { lost(id); return; }
  }
  renderSummary(h);
  renderAlerts(h);
  const list = $("events");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const fresh = h.events.filter((e) => e.seq > state.rendered);
  if (fresh.length) {
    list.append(...fresh.map(eventNode));
    state.rendered = fresh[fresh.length - 1].seq;
    if (nearBottom || fresh.length === h.events.length) list.scrollTop = list.scrollHeight;
  }
  state.seen[id] = state.rendered; saveSeen();
}

// The open conversation's crisis banner, and a reply box that closes when the citizen has gone.
function renderAlerts(h) {
  const alerts = crisisAlerts(h);
  const banner = $("crisis-banner");
  if (!alerts.length) banner.replaceChildren();
  else {
    const last = alerts[alerts.length - 1];
    const head = `KRISE kl. ${time(last.at)}${alerts.length > 1 ? ` (${alerts.length}. varsel)` : ""}: `;
    const body = last.text.replace(/^KRISE:\s*/, "");
    if (banner.textContent !== head + body) banner.replaceChildren(el("strong", { text: head }), el("span", { dir: "auto", text: body }));
  }
  const left = citizenLeft(h);
  setText($("citizen-left"), left ? `${LEFT_TEXT}. Du kan ikke svare lenger. Lukk samtalen med «Avslutt samtalen» når du er ferdig.` : "");
  $("reply-text").disabled = left;
  for (const button of $("reply").querySelectorAll("button")) button.disabled = left;
  for (const box of ["transfer-box", "release-box", "note-box"]) $(box).hidden = left; // nobody to transfer or hand back
  renderPresence(h);
}

async function refreshOpen() {
  if (!state.current) return;
  state.details.set(state.current, await api(`/api/handovers/${state.current}`));
  renderConversation();
}

// Enter sends, Shift+Enter makes a new line.
for (const [area, form] of [["reply-text", "reply"], ["note-text", "note-form"], ["backroom-text", "backroom-form"]]) {
  $(area).addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); $(form).requestSubmit(); }
  });
}

async function send(path, input, body) {
  const text = input.value.trim();
  if (!text || !state.current) return;
  actionError("");
  try {
    await api(path, { method: "POST", body: body(text) });
    input.value = "";
    await refreshOpen();
  } catch (error) { actionError(error.message); }
}
$("reply").addEventListener("submit", (event) => {
  event.preventDefault();
  send(`/api/handovers/${state.current}/messages`, $("reply-text"), (text) => ({ text }));
});
// While I write a reply, the citizen's page shows "<my first name> is typing": a signal at most
// every 4 s (no text is sent; a signal that fails is not worth an error message).
const TYPING_SIGNAL_EVERY_MS = 4000;
let typingSignal = { id: null, at: 0 };
$("reply-text").addEventListener("input", () => {
  const id = state.current;
  if (!id || !$("reply-text").value.trim()) return;
  const at = Date.now();
  if (typingSignal.id === id && at - typingSignal.at < TYPING_SIGNAL_EVERY_MS) return;
  typingSignal = { id, at };
  api(`/api/handovers/${encodeURIComponent(id)}/typing`, { method: "POST" }).catch(() => {});
});
$("note-form").addEventListener("submit", (event) => {
  event.preventDefault();
  send(`/api/handovers/${state.current}/notes`, $("note-text"), (text) => ({ text }));
});

// Canned replies in the chat's language, filled for it (county, centre, opening hours, my name).
async function loadCanned() {
  const id = state.current;
  const language = $("canned-lang").value;
  if (!id) return;
  const key = `${id}:${language}`;
  if (!state.canned.has(key)) {
    const { replies } = await api(`/api/canned-replies?handover_id=${encodeURIComponent(id)}&language=${language}`);
    state.canned.set(key, replies);
  }
  if (state.current !== id || $("canned-lang").value !== language) return;
  const replies = state.canned.get(key);
  $("canned").replaceChildren(...replies.map((r) => el("button", { type: "button", text: r.label,
    title: r.texts[language], dataset: { canned: r.id } })));
}
$("canned-lang").addEventListener("change", () => loadCanned().catch((error) => actionError(error.message)));

function insertIntoReply(text, language) {
  const box = $("reply-text");
  box.value = box.value.trim() ? `${box.value.trim()} ${text}` : text;
  box.dir = language === "ar" ? "rtl" : "auto";
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

$("canned").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-canned]");
  if (!button) return;
  const language = $("canned-lang").value;
  const reply = (state.canned.get(`${state.current}:${language}`) || []).find((r) => r.id === button.dataset.canned);
  if (reply) insertIntoReply(reply.texts[language], language);
});

// ---------- the knowledge base ----------
const safeUrl = (url) => /^https?:\/\//.test(url || "");
$("kb-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = $("kb-query").value.trim();
  const language = $("canned-lang").value;
  const results = $("kb-results");
  if (q.length < 2) return;
  results.replaceChildren(el("p", { class: "hint", text: "Søker …" }));
  try {
    const found = await api(`/api/staff/kb-search?q=${encodeURIComponent(q)}&language=${language}`);
    const parts = [];
    const source = found.answer.sources.find((s) => safeUrl(s.url));
    if (found.answer.text) {
      const insert = el("button", { type: "button", class: "kb-insert", text: "Sett inn svaret med kilde" });
      insert.addEventListener("click", () => {
        insertIntoReply(source ? `${found.answer.text}\nKilde: ${source.title} – ${source.url}` : found.answer.text, language);
      });
      parts.push(el("div", { class: "kb-answer" },
        el("p", { dir: "auto", text: found.answer.text }),
        el("p", { class: "hint" }, "Kilde: ", source
          ? el("a", { href: source.url, target: "_blank", rel: "noopener", text: source.title })
          : el("span", { text: "ingen lenke" })),
        insert));
    } else parts.push(el("p", { class: "hint", text: "Fant ikke noe svar i artiklene. Prøv andre ord." }));
    const hits = found.hits.filter((h) => safeUrl(h.url));
    if (hits.length) {
      const list = el("ul", { class: "kb-hits", "aria-label": "Artikler som passer" });
      for (const hit of hits) {
        const link = el("button", { type: "button", text: "Sett inn lenke" });
        link.addEventListener("click", () => insertIntoReply(`${hit.title}: ${hit.url}`, language));
        list.append(el("li", {}, el("a", { href: hit.url, target: "_blank", rel: "noopener", dir: "auto",
          text: hit.section ? `${hit.title} – ${hit.section}` : hit.title }), link));
      }
      parts.push(list);
    }
    results.replaceChildren(...parts);
  } catch (error) { results.replaceChildren(el("p", { class: "error", text: messageFor(error) })); }
});

// ---------- the citizen's presence ----------
function presenceText(h) {
  const p = h && h.presence;
  if (!p) return ["", ""];
  if (p.state === "left" || citizenLeft(h)) return ["left", "Har forlatt samtalen"];
  if (p.state === "typing") return ["typing", "Skriver …"];
  if (p.state === "idle") return ["idle", p.last_seen ? `Stille i ${waited(p.last_seen)}` : "Stille"];
  return ["present", "Til stede"];
}
function renderPresence(h) {
  const [kind, text] = presenceText(h);
  const node = $("presence");
  node.className = `presence ${kind}`;
  setText(node, text ? `Innbyggeren: ${text.toLowerCase()}` : "");
}

// ---------- alerts: a short beep (WebAudio, nothing downloaded) and a flash; can be switched off ----------
let audio = null;
function beep(crisis) {
  if (!state.sound) return;
  try {
    audio = audio || new AudioContext();
    const tones = crisis ? [880, 660, 880] : [660];
    tones.forEach((frequency, index) => {
      const start = audio.currentTime + index * 0.22;
      const osc = audio.createOscillator(); const gain = audio.createGain();
      osc.frequency.value = frequency; gain.gain.setValueAtTime(0.15, start); gain.gain.exponentialRampToValueAtTime(0.001, start + 0.18);
      osc.connect(gain).connect(audio.destination); osc.start(start); osc.stop(start + 0.2);
    });
  } catch (error) { /* no audio here: the visual alert remains */ }
}
function raiseAlert(crisis, id = null) {
  beep(crisis);
  if (!id) return;
  const li = $("mine").querySelector(`li[data-key="${CSS.escape(id)}"]`);
  if (li) { li.classList.remove("flash"); void li.offsetWidth; li.classList.add("flash"); }
}
function renderSound() {
  const button = $("alerts-toggle");
  button.setAttribute("aria-pressed", String(state.sound));
  button.textContent = state.sound ? "Varsellyd på" : "Varsellyd av";
  button.title = "Lyd ved krise og nye meldinger. Blinkende fane viser det samme uten lyd.";
}
$("alerts-toggle").addEventListener("click", () => {
  state.sound = !state.sound;
  localStorage.setItem(SOUND_KEY, state.sound ? "on" : "off");
  renderSound();
  if (state.sound) beep(false);
});
renderSound();

// New citizen messages or a crisis alert in one of my chats since the last look: beep and flash.
function alertNew(id, detail) {
  const events = (detail && detail.events) || [];
  const last = events.length ? events[events.length - 1].seq : 0;
  const heard = state.heard.get(id);
  state.heard.set(id, last);
  if (heard === undefined) return; // first sight (just claimed): no alert
  const fresh = events.filter((e) => e.seq > heard);
  if (fresh.some((e) => e.kind === "crisis_alert")) raiseAlert(true, id);
  else if (fresh.some((e) => e.from === "citizen")) raiseAlert(false, id);
}

// ---------- the tools, the summary and the back room fold away ----------
const TOOLS = ["note-box", "kb-box", "transfer-box", "release-box", "close-box"];
for (const id of TOOLS) {
  $(id).addEventListener("toggle", () => {
    if (!$(id).open) return;
    for (const other of TOOLS) if (other !== id) $(other).open = false; // one drawer at a time
    const first = $(id).querySelector("textarea, input, select");
    if (first && !first.disabled) first.focus();
  });
}
function showSummary(on) {
  $("summary").hidden = !on;
  $("summary-toggle").setAttribute("aria-expanded", String(on));
  localStorage.setItem("veivalg-console-summary", on ? "open" : "closed");
}
$("summary-toggle").addEventListener("click", () => showSummary($("summary").hidden));
showSummary(localStorage.getItem("veivalg-console-summary") === "open");

function showBackroom(on) {
  $("backroom-panel").hidden = !on;
  $("work-view").classList.toggle("with-backroom", on);
  $("backroom-toggle").setAttribute("aria-expanded", String(on));
  localStorage.setItem("veivalg-console-backroom", on ? "open" : "closed");
  if (on) markMentionsRead();
}
$("backroom-toggle").addEventListener("click", () => {
  const on = $("backroom-panel").hidden;
  showBackroom(on);
  if (on) $("backroom-text").focus();
});
{
  const remembered = localStorage.getItem("veivalg-console-backroom");
  // Wide screens have room for it; at 1280 px and below the conversation gets it unless asked.
  $("backroom-panel").hidden = !(remembered ? remembered === "open" : window.innerWidth >= 1500);
  $("work-view").classList.toggle("with-backroom", !$("backroom-panel").hidden);
  $("backroom-toggle").setAttribute("aria-expanded", String(!$("backroom-panel").hidden));
}

// ---------- transfer, hand back, close ----------
async function refreshColleagues() {
  state.colleagues = await api("/api/counsellors/on-duty");
  const list = $("on-duty");
  reconcile(list, state.colleagues, (c) => c.username, (c) => {
    const button = el("button", { type: "button", class: "chip", title: "Nevn i bakrommet" });
    button.addEventListener("click", () => {
      const box = $("backroom-text");
      box.value = `${box.value ? box.value.trimEnd() + " " : ""}@${c.username} `;
      box.focus();
    });
    return el("li", {}, button);
  }, (li, c) => {
    const me = c.username === session.auth.username;
    const button = li.querySelector("button");
    const shown = `${c.username}${me ? " (deg)" : ""} ${c.active}/${c.max_parallel}`;
    setText(button, shown);
    // The accessible name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch).
    button.setAttribute("aria-label", `${shown}: nevn ${c.username} i bakrommet. Språk: ${c.languages.join(", ")}. ${c.active} av ${c.max_parallel} samtaler.`);
    button.title = `${c.name || c.username} · ${c.languages.join(", ")}${c.counties.length ? " · " + c.counties.join(", ") : ""}`;
  });
  fillTransferTargets();
}

function fillTransferTargets() {
  const select = $("transfer-to");
  const previous = select.value;
  const people = el("optgroup", { label: "Kollega på vakt" });
  for (const c of state.colleagues) {
    if (!session.auth || c.username === session.auth.username) continue;
    const full = c.active >= c.max_parallel;
    people.append(el("option", { value: `c:${c.username}`, disabled: full,
      text: `${c.name || c.username} (${c.username}) · ${c.languages.join(", ")} · ${c.active}/${c.max_parallel}${full ? " – full" : ""}` }));
  }
  const queues = el("optgroup", { label: "Tilbake i køen for språk" });
  for (const code of Object.keys(LANGUAGES)) if (code !== "other") queues.append(el("option", { value: `l:${code}`, text: LABELS.queue(code) }));
  const placeholder = el("option", { value: "", text: "Velg kollega eller språkkø" });
  select.replaceChildren(placeholder, ...(people.children.length ? [people] : []), queues);
  if ([...select.options].some((o) => o.value === previous && !o.disabled)) select.value = previous;
}

$("transfer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = $("transfer-to").value;
  const id = state.current;
  if (!target || !id) return;
  const body = { note: $("transfer-note").value.trim() };
  if (target.startsWith("c:")) body.to_counsellor = target.slice(2); else body.to_language = target.slice(2);
  try {
    const result = await api(`/api/handovers/${id}/transfer`, { method: "POST", body });
    $("transfer-note").value = ""; $("transfer-box").open = false;
    state.mine.delete(id); state.details.delete(id);
    const to = result.transferred_to.startsWith("queue:") ? LABELS.queue(result.transferred_to.slice(6)).toLowerCase() : result.transferred_to;
    closeView(`Samtalen er overført til ${to}.`);
    await Promise.allSettled([refreshMine(), refreshQueue(), refreshColleagues()]);
  } catch (error) { actionError(messageFor(error, { colleague: body.to_counsellor })); }
});

$("release").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = state.current;
  try {
    await api(`/api/handovers/${id}/release`, { method: "POST", body: { text: $("release-text").value.trim() } });
    $("release-text").value = ""; $("release-box").open = false;
    state.mine.delete(id); state.details.delete(id);
    closeView("Samtalen er gitt tilbake til assistenten.");
    await refreshMine();
  } catch (error) { actionError(error.message); }
});

$("close").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = state.current;
  if (!id) return;
  const departed = state.departed.has(id) && !state.mine.has(id);
  try {
    await api(`/api/handovers/${id}/close`, { method: "POST", body: {
      outcome: $("outcome").value, note: $("close-note").value.trim(), missing_content: $("missing-content").value.trim() } });
  } catch (error) {
    // The citizen's leaving already closed it (as "ikke svar"): closing here takes it off my screen.
    if (!departed || ![403, 404, 409].includes(error.status)) { actionError(error.message); return; }
    $("close-note").value = ""; $("missing-content").value = "";
    state.departed.delete(id); state.details.delete(id);
    closeView("Samtalen er lukket. Innbyggeren hadde forlatt den, så den er registrert som «ikke svar».");
    await refreshMine();
    return;
  }
  $("close-note").value = ""; $("missing-content").value = "";
  state.mine.delete(id); state.departed.delete(id); state.details.delete(id);
  closeView(`Samtalen er avsluttet (${OUTCOMES[$("outcome").value]}).`);
  await refreshMine();
});

// ---------- back room ----------
async function refreshBackroom() {
  const { messages } = await api(`/api/backroom?after=${state.backroomAfter}`);
  if (!messages.length) return;
  const list = $("backroom");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  for (const m of messages) {
    // Two refreshes can overlap (the poll and the one after sending): each message is shown once.
    if (m.seq <= state.backroomAfter) continue;
    const mine = m.from === session.auth.username;
    const li = el("li", { class: [m.mentions_me && !mine && "mention-me", mine && "own"].filter(Boolean).join(" ") },
      el("span", { class: "who", text: `${mine ? "deg" : m.from} · ${time(m.at)}${m.mentions_me && !mine ? " · nevner deg" : ""}` }),
      el("span", { class: "text", dir: "auto", text: m.text }));
    li.dataset.seq = m.seq;
    list.append(li);
    state.backroomAfter = Math.max(state.backroomAfter, m.seq);
    if (m.mentions_me && !mine && m.seq > state.mentionsRead) state.unreadMentions += 1;
  }
  if (nearBottom || list.children.length === messages.length) list.scrollTop = list.scrollHeight;
  if (document.activeElement && $("backroom-panel").contains(document.activeElement)) markMentionsRead();
  renderMentions();
}

function renderMentions() {
  const badge = $("mention-count");
  badge.hidden = state.unreadMentions === 0;
  badge.textContent = state.unreadMentions ? `${state.unreadMentions} ${state.unreadMentions === 1 ? "omtale" : "omtaler"}` : "";
  updateTitle();
}

function markMentionsRead() {
  if (!session.auth) return;
  state.mentionsRead = state.backroomAfter;
  localStorage.setItem(`veivalg-mentions-${session.auth.username}`, String(state.mentionsRead));
  if (state.unreadMentions) { state.unreadMentions = 0; renderMentions(); }
}
$("backroom-panel").addEventListener("focusin", markMentionsRead);
$("backroom-panel").addEventListener("pointerdown", markMentionsRead);

$("backroom-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const box = $("backroom-text");
  const text = box.value.trim();
  if (!text) return;
  try {
    await api("/api/backroom", { method: "POST", body: { text } });
    box.value = "";
    await refreshBackroom();
  } catch (error) { notice(`Bakrommet: ${error.message}`); }
});

function updateTitle() {
  let unread = 0;
  for (const id of state.mine.keys()) if (id !== state.current) unread += unreadOf(id);
  const count = unread + state.unreadMentions;
  const crisis = [...state.mine.keys()].some((id) => id !== state.current && unreadCrisis(id));
  document.title = `${crisis ? "KRISE · " : ""}${count ? `(${count}) ` : ""}Veivalg – veilederkonsoll`;
}

// ---------- keyboard ----------
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    for (const id of [...TOOLS, "help"]) {
      if ($(id).open) { $(id).open = false; $(id).querySelector("summary").focus(); }
    }
    return;
  }
  if (!session.auth || !event.altKey || event.ctrlKey || event.metaKey) return;
  const actions = {
    KeyN: () => takeNext(),
    KeyK: () => ($("waiting").querySelector("button:not([disabled])") || $("queue-heading")).focus(),
    KeyS: () => { if (state.current) $("reply-text").focus(); },
    KeyI: () => { if (state.current && !$("note-box").hidden) { $("note-box").open = true; $("note-text").focus(); } },
    KeyF: () => { if (state.current) { $("kb-box").open = true; $("kb-query").focus(); } },
    KeyB: () => { showBackroom(true); $("backroom-text").focus(); markMentionsRead(); },
    PageDown: () => cycle(1),
    PageUp: () => cycle(-1),
  };
  const action = actions[event.code];
  if (action) { event.preventDefault(); action(); }
});

function cycle(step) {
  const ids = tabs().map((h) => h.id);
  if (!ids.length) return;
  const index = ids.indexOf(state.current);
  open(ids[(index + step + ids.length) % ids.length]);
}

// ---------- polling ----------
async function poll() {
  if (!session.auth || state.polling) return;
  state.polling = true;
  try {
    const jobs = [refreshQueue(), refreshMine(), refreshBackroom()];
    if (state.ticks % SLOW_EVERY === 0) jobs.push(refreshCallbacks(), refreshColleagues());
    const results = await Promise.allSettled(jobs);
    const failed = results.find((r) => r.status === "rejected" && r.reason.status !== 401);
    if (failed) notice(`Oppdatering feilet: ${failed.reason.message}`);
    state.ticks += 1;
  } finally { state.polling = false; }
}
setInterval(poll, POLL_MS);

// The heartbeat runs from a worker's timer: browsers slow down timers in background tabs,
// and a console left in a background tab must keep its leases.
// The worker is a file (the Content Security Policy blocks blob: workers); if it cannot start, a
// plain timer takes over.
function plainTicker() { setInterval(heartbeat, HEARTBEAT_MS); }
try {
  const ticker = new Worker(`/console/static/heartbeat-worker.js?ms=${HEARTBEAT_MS}`);
  ticker.onmessage = heartbeat;
  ticker.onerror = () => { ticker.terminate(); plainTicker(); };
} catch (error) { plainTicker(); }

showWork();
if (session.auth) afterLogin();
