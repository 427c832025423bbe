// Veivalg chat widget: one session per browser tab; everything shown comes from the event stream.
(() => {
  const $ = (id) => document.getElementById(id);
  const log = $("log");
  const form = $("composer");
  const input = $("text");
  const sendButton = $("send");
  const statusLine = $("status");
  const actions = $("session-actions");
  const leaveButton = $("leave-queue");
  const endButton = $("end-chat");
  const endConfirm = $("end-confirm");
  const WHO = { citizen: "Du", bot: "Veivalg", counsellor: "Karriereveileder", system: "Veivalg" };
  // Kinds the staff see in the transcript but the citizen never should (the server filters them too).
  const STAFF_ONLY = new Set(["internal_note", "crisis_alert", "citizen_left"]);
  // The API's error codes in the citizen's words (the English detail is for developers).
  const ERRORS = {
    session_closed: "Samtalen er avsluttet. Trykk «Ny samtale» for å begynne på nytt.",
    session_not_found: "Samtalen finnes ikke lenger. Trykk «Ny samtale» for å begynne på nytt.",
    wrong_session_token: "Samtalen finnes ikke lenger. Trykk «Ny samtale» for å begynne på nytt.",
    not_queued: "Du står ikke i kø lenger.",
    rate_limited: "Du har sendt mange meldinger på kort tid. Vent litt og prøv igjen.",
    too_large: "Meldingen er for lang. Del den gjerne opp.",
    store_unavailable: "Veivalg har et problem akkurat nå, og meldingen ble ikke lagret. Prøv igjen om litt.",
    network: "Får ikke kontakt med Veivalg. Sjekk nettet og prøv igjen.",
  };
  const STORE = "veivalg-session";

  // {session_id, token, mode, modeSeq}: mode is what the page last knew, as of event modeSeq.
  let session = JSON.parse(sessionStorage.getItem(STORE) || "null");
  let mode = (session && session.mode) || "bot";
  let queue = null;        // the last known place in the queue
  let lastSeq = 0;
  let generation = 0;      // bumps when the session changes: late answers for an older one are dropped
  let polling = false;
  let pinned = null;       // the latest crisis reply: kept in view until the citizen writes again
  let inflight = null;     // the long poll's AbortController

  async function api(path, options = {}) {
    const headers = { "Content-Type": "application/json" };
    if (session) headers.Authorization = `Bearer ${session.token}`;
    let response;
    try {
      response = await fetch(path, { ...options, headers: { ...headers, ...(options.headers || {}) } });
    } catch (cause) {
      throw Object.assign(new Error(ERRORS.network), { code: "network", status: 0 });
    }
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
    if (!response.ok) {
      const code = body && body.code;
      const text = ERRORS[code] || (response.status === 413 ? ERRORS.too_large : response.status === 429 ? ERRORS.rate_limited
        : `Noe gikk galt (feil ${response.status}). Prøv igjen.`);
      throw Object.assign(new Error(text), { code, status: response.status });
    }
    return body;
  }

  function save() {
    if (session) sessionStorage.setItem(STORE, JSON.stringify({ ...session, mode, modeSeq: lastSeq }));
  }

  async function ensureSession() {
    if (session) return;
    const created = await api("/api/sessions", { method: "POST", body: JSON.stringify({ channel: "web" }) });
    session = { session_id: created.session_id, token: created.token };
    generation += 1; lastSeq = 0; mode = "bot"; queue = null;
    save();
  }

  // ---------- the conversation's mode: bot, queued, human, closed ----------
  // Replies to the citizen's own actions say the mode; the event stream only hints at it.
  function setMode(next, place) {
    mode = next || mode;
    if (place !== undefined) queue = place;
    if (mode !== "queued") queue = null;
    save();
    showState();
  }

  function modeAfter(event) {
    if (event.mode) return event.mode;
    if (event.kind === "handover_queued" || event.kind === "queue") return "queued";
    if (event.from === "counsellor") return "human";
    // While queued, the system speaks when a counsellor joins (the citizen's own close and leave set
    // the mode from their replies).
    if (event.from === "system" && event.kind === "system" && mode === "queued") return "human";
    return mode;
  }

  function showState() {
    if (mode === "queued" && queue) {
      statusLine.textContent = `Du er nummer ${queue.position} i køen (ca. ${Math.max(1, Math.round(queue.estimated_wait_s / 60))} min).`;
    } else if (mode === "queued") {
      statusLine.textContent = "Du står i kø for å chatte med en karriereveileder.";
    } else if (mode === "human") {
      statusLine.textContent = "Du chatter med en karriereveileder.";
    } else if (mode === "closed") {
      statusLine.textContent = "Samtalen er avsluttet. Trykk «Ny samtale» for å begynne på nytt.";
    } else {
      statusLine.textContent = "";
    }
    leaveButton.hidden = mode !== "queued";
    const open = mode === "queued" || mode === "human";
    if (!open) endConfirm.hidden = true;
    endButton.hidden = !open || !endConfirm.hidden; // the confirm step stands in its place
    actions.hidden = leaveButton.hidden && endButton.hidden && endConfirm.hidden;
    document.body.classList.toggle("started", log.children.length > 0);
    const closed = mode === "closed";
    input.disabled = closed; sendButton.disabled = closed;
    input.placeholder = closed ? "Samtalen er avsluttet" : "Skriv spørsmålet ditt her …";
    $("restart").classList.toggle("primary", closed);
  }

  function showError(error) { statusLine.textContent = error.message; }

  // ---------- rendering ----------
  // Phone numbers and other digit groups ("22 40 00 40") keep their order inside right-to-left
  // text: each run is isolated as left-to-right (<bdi dir="ltr">); everything stays text.
  const NUMBER_RUN = /\+?\d[\d  ]*\d/g;
  function withNumbersLeftToRight(element, value) {
    let last = 0;
    for (const match of value.matchAll(NUMBER_RUN)) {
      if (!/\s/.test(match[0])) continue;  // a single number needs no isolation
      element.append(value.slice(last, match.index));
      const run = document.createElement("bdi");
      run.dir = "ltr";
      run.textContent = match[0];
      element.append(run);
      last = match.index + match[0].length;
    }
    element.append(value.slice(last));
  }

  // Buttons answer the bot's last message only: once the citizen has written or clicked, the
  // earlier rows stop working (the gateway also refuses a button it no longer offers).
  function setButtons(scope, enabled) {
    for (const b of scope.querySelectorAll(".buttons button")) b.disabled = !enabled;
  }

  function render(event) {
    if (STAFF_ONLY.has(event.kind)) return null;
    if (event.from === "citizen") setButtons(log, false);
    const crisis = event.kind === "crisis";
    const item = document.createElement("li");
    item.className = `msg ${event.from}${crisis ? " crisis" : ""}`;
    item.dataset.seq = event.seq;
    item.dataset.kind = event.kind;
    if (event.language && event.language !== "other") item.lang = event.language;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = WHO[event.from] || event.from;
    const text = document.createElement("div");
    text.className = "text";
    text.dir = "auto";
    withNumbersLeftToRight(text, event.text);
    if (crisis) {
      // Calm, but not to be missed: its own block, announced at once, every number a tel: link.
      item.dir = event.language === "ar" ? "rtl" : "ltr";
      const box = document.createElement("div");
      box.className = "crisis-box";
      box.setAttribute("role", "alert");
      box.append(text);
      if (event.emergency && event.emergency.length) box.append(emergencyList(event.emergency));
      item.append(who, box);
    } else {
      item.append(who, text);
    }
    if (event.note) {
      // Where the answer comes from when not the asked language, and when an article is past review.
      const note = document.createElement("p");
      note.className = "note"; note.dir = "auto";
      note.textContent = event.note;
      item.append(note);
    }
    if (event.sources && event.sources.length) {
      const list = document.createElement("ul");
      list.className = "sources";
      for (const source of event.sources) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = source.url; a.target = "_blank"; a.rel = "noopener";
        // The quoted section beside the title: the portal pages have no anchors to link to.
        a.textContent = source.section ? `${source.title} – ${source.section}` : source.title;
        li.append("Kilde: ", a, ` (sist kontrollert ${source.reviewed})`);
        list.append(li);
      }
      item.append(list);
    }
    if (event.career_centre) {
      const c = event.career_centre;
      const p = document.createElement("p");
      p.textContent = [c.name, c.address, c.phone, c.url].filter(Boolean).join(" · ");
      item.append(p);
    }
    if (event.buttons && event.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const button of event.buttons) {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = button.title;
        b.addEventListener("click", async () => {
          setButtons(row, false); // a row of buttons works once
          if (await send(button.payload) === false) setButtons(row, true);
        });
        row.append(b);
      }
      item.append(row);
    }
    if (event.callback) item.append(callbackForm());
    log.append(item);
    return item;
  }

  // Each emergency number as a large link that calls it; the number reads left to right in every language.
  function emergencyList(numbers) {
    const list = document.createElement("ul");
    list.className = "emergency";
    for (const entry of numbers) {
      const digits = String(entry.number || "").replace(/[^\d+]/g, "");
      if (!digits) continue;
      const a = document.createElement("a");
      a.className = "call";
      a.href = `tel:${digits}`;
      const number = document.createElement("span");
      number.className = "number";
      number.dir = "ltr";
      number.textContent = entry.number;
      const label = document.createElement("span");
      label.className = "label";
      label.dir = "auto";
      label.textContent = entry.label || "";
      a.append(number, label);
      const li = document.createElement("li");
      li.append(a);
      list.append(li);
    }
    return list;
  }

  // New messages scroll into view, but never push the latest crisis reply (with its numbers) out of sight.
  function scrollLog() {
    let top = log.scrollHeight - log.clientHeight;
    if (pinned && pinned.isConnected) top = Math.min(top, pinned.offsetTop - 8);
    log.scrollTop = Math.max(0, top);
  }

  function show(events, gen) {
    if (gen !== generation) return;
    let shown = false;
    for (const event of events) {
      if (event.seq <= lastSeq) continue;
      const item = render(event);
      lastSeq = event.seq;
      if (!item) continue;
      shown = true;
      if (event.kind === "crisis") pinned = item;
      if (session.modeSeq !== undefined && event.seq <= session.modeSeq) continue; // replayed after a reload
      const next = modeAfter(event);
      if (next !== mode || event.queue) { mode = next; if (event.queue) queue = event.queue; if (mode !== "queued") queue = null; }
    }
    if (shown) scrollLog();
    if (session.modeSeq === undefined || lastSeq > session.modeSeq) delete session.modeSeq;
    save();
    showState();
  }

  // Out of hours (or nobody on duty): leave a question and an e-mail or phone number.
  function callbackForm() {
    const form = document.createElement("form");
    form.className = "callback";
    form.innerHTML = `
      <label>Spørsmålet ditt <textarea name="question" rows="2" maxlength="2000" dir="auto" required></textarea></label>
      <label>E-post <input name="email" type="email" maxlength="200" autocomplete="email"></label>
      <label>eller telefon <input name="phone" type="tel" maxlength="30" autocomplete="tel"></label>
      <button type="submit">Be om å bli kontaktet</button>
      <p class="callback-error" role="alert"></p>`;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      try {
        await api(`/api/sessions/${session.session_id}/callback`, { method: "POST", body: JSON.stringify(data) });
        form.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Sendt." }));
      } catch (error) {
        form.querySelector(".callback-error").textContent = error.status === 422
          ? "Skriv spørsmålet ditt og en gyldig e-postadresse eller et telefonnummer (8 siffer)." : error.message;
      }
    });
    return form;
  }

  // ---------- the event stream ----------
  async function pull(wait) {
    const gen = generation;
    const controller = wait ? new AbortController() : null; // a long poll ends early when the session changes
    if (controller) inflight = controller;
    try {
      const { events } = await api(`/api/sessions/${session.session_id}/events?after=${lastSeq}&wait=${wait}`,
        controller ? { signal: controller.signal } : {});
      show(events, gen);
    } finally {
      if (inflight === controller) inflight = null;
    }
  }

  async function poll() {
    if (polling || !session) return;
    polling = true;
    const gen = generation;
    try {
      while (session && gen === generation) await pull(20);
    } catch (error) {
      polling = false;
      if (gen !== generation) { poll(); return; }
      if ([401, 403, 404].includes(error.status)) { setMode("closed"); return; } // erased or expired
      showError(error);
      setTimeout(poll, 3000);
      return;
    }
    polling = false;
    if (session) poll(); // the session changed while waiting: follow the new one
  }

  // The page follows the conversation's language: Arabic turns the page and the inputs right-to-left.
  function followLanguage(language) {
    if (!language || language === "other") return;
    document.documentElement.lang = language;
    document.documentElement.dir = language === "ar" ? "rtl" : "ltr";
    input.dir = language === "ar" ? "rtl" : "auto";
  }

  async function send(text) {
    if (!text.trim()) return true;
    pinned = null;
    try {
      await ensureSession();
      poll();
      const gen = generation;
      const reply = await api(`/api/sessions/${session.session_id}/messages`, { method: "POST", body: JSON.stringify({ text }) });
      if (gen !== generation) return;
      await pull(0).catch(() => {}); // show the answer now (a crisis reply must not wait for the long poll)
      setMode(reply.mode, reply.queue);
      const spoken = (reply.messages || []).filter((m) => m.language).map((m) => m.language);
      followLanguage(spoken.length ? spoken[spoken.length - 1] : reply.triage && reply.triage.language);
      return true;
    } catch (error) {
      if (error.code === "session_closed") setMode("closed");
      showError(error);
      return false;
    }
  }

  // ---------- leaving: the queue, the conversation, the page ----------
  async function leaveQueue() {
    if (!session) return;
    leaveButton.disabled = true;
    try {
      const reply = await api(`/api/sessions/${session.session_id}/leave`, { method: "POST" });
      await pull(0).catch(() => {});
      setMode(reply.mode || "bot");
      if (mode === "bot") statusLine.textContent = "Du har forlatt køen. Du chatter med den digitale assistenten igjen.";
      input.focus();
    } catch (error) {
      await pull(0).catch(() => {});
      if (error.code === "session_closed") setMode("closed");
      showError(error);
    } finally {
      leaveButton.disabled = false;
    }
  }

  async function closeSession() {
    if (!session || mode === "closed") return;
    const gen = generation;
    await api(`/api/sessions/${session.session_id}/close`, { method: "POST" });
    if (gen !== generation) return;
    setMode("closed");
    await pull(0).catch(() => {});
  }

  function askToEnd() {
    $("end-confirm-question").textContent = mode === "queued"
      ? "Vil du avslutte samtalen? Du mister plassen i køen."
      : "Vil du avslutte samtalen? Veilederen får beskjed om at du har gått.";
    endConfirm.hidden = false;
    endButton.hidden = true;
    $("end-no").focus();
  }
  function keepChatting() {
    endConfirm.hidden = true;
    showState();
    (endButton.hidden ? input : endButton).focus();
  }

  // Closing the tab or leaving the page while queued or with a counsellor tells the server the page
  // is going; unless it comes back within a short grace (a reload polls again at once and keeps its
  // place), the chat is closed, so nobody waits for a citizen who has gone.
  window.addEventListener("pagehide", () => {
    if (!session || !(mode === "queued" || mode === "human")) return;
    fetch(`/api/sessions/${session.session_id}/away`, {
      method: "POST", keepalive: true, headers: { Authorization: `Bearer ${session.token}` },
    }).catch(() => {});
  });
  window.addEventListener("pageshow", (event) => { if (event.persisted) { showState(); poll(); } });

  function reset() {
    sessionStorage.removeItem(STORE);
    session = null; generation += 1; lastSeq = 0; mode = "bot"; queue = null; pinned = null;
    if (inflight) inflight.abort();
    log.replaceChildren();
    showState();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const t = input.value;
    input.value = "";
    if (!(await send(t)) && !input.value) input.value = t; // not sent: the citizen keeps what they wrote
  });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
  leaveButton.addEventListener("click", leaveQueue);
  endButton.addEventListener("click", askToEnd);
  $("end-no").addEventListener("click", keepChatting);
  $("end-yes").addEventListener("click", async () => {
    endConfirm.hidden = true;
    try { await closeSession(); } catch (error) { showError(error); showState(); }
    input.focus();
  });
  endConfirm.addEventListener("keydown", (e) => { if (e.key === "Escape") keepChatting(); });
  $("restart").addEventListener("click", async () => {
    // The current chat ends first: a counsellor must not wait for a citizen who started over.
    try { await closeSession(); } catch (error) { /* already gone: start over anyway */ }
    reset();
    input.focus();
  });
  $("erase").addEventListener("click", async () => {
    if (!session || !confirm("Slette hele samtalen for godt?")) return;
    try {
      await api(`/api/sessions/${session.session_id}`, { method: "DELETE" });
    } catch (error) { showError(error); return; }
    reset();
    statusLine.textContent = "Samtalen er slettet.";
  });
  $("download").addEventListener("click", async () => {
    if (!session) return;
    const response = await fetch(`/api/sessions/${session.session_id}/transcript?format=txt`, { headers: { Authorization: `Bearer ${session.token}` } });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement("a"); a.href = url; a.download = "veivalg-samtale.txt"; a.click(); URL.revokeObjectURL(url);
  });
  showState();
  if (session) poll();
})();
