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
    if (closed) offerRating();
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
    if (event.career_centre) item.append(centreCard(event.career_centre));
    if (event.buttons && event.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const button of event.buttons) {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = button.title;
        b.addEventListener("click", async () => {
          setButtons(row, false); // a row of buttons works once
          if (mode === "closed" && button.payload.startsWith("/career_centre")) { // under a closed chat
            if (button.payload === "/career_centre") { reset(); await send(button.title); return; } // where? a new chat asks
            if (await showCentre(button.payload, event.language) === false) setButtons(row, true);
            return;
          }
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

  // A closed chat takes no messages: the centre card for the button under the counsellor's close
  // notice (payload /career_centre{"county": ...}) comes from GET /api/career-centres/nearest.
  async function showCentre(payload, language) {
    let values = {};
    try { values = JSON.parse(payload.slice("/career_centre".length) || "{}") || {}; } catch (error) { values = {}; }
    const query = new URLSearchParams({ language: language && language !== "other" ? language : "nb" });
    if (typeof values.county === "string") query.set("county", values.county);
    if (typeof values.place === "string") query.set("municipality", values.place);
    try {
      const card = await api(`/api/career-centres/nearest?${query}`);
      render({ from: "bot", kind: card.kind, text: card.text, language: card.language, career_centre: card.career_centre });
      return true;
    } catch (error) {
      showError(error);
      return false;
    }
  }

  // The career centre card: name, address, a tel: link and the booking link; every value as text.
  function centreCard(c) {
    const card = document.createElement("div");
    card.className = "centre-card";
    const link = (href, label) => {
      const a = document.createElement("a");
      a.href = href; a.textContent = label;
      if (!href.startsWith("tel:")) { a.target = "_blank"; a.rel = "noopener"; }
      return a;
    };
    const line = (...parts) => { const p = document.createElement("p"); p.append(...parts); card.append(p); };
    const strong = document.createElement("strong");
    strong.textContent = c.name || "";
    line(strong);
    if (c.address) line(c.address);
    if (c.phone && /^tel:\+?\d+$/.test(c.phone_uri || "")) line("Telefon: ", link(c.phone_uri, c.phone));
    const safe = (url) => typeof url === "string" && /^https?:\/\//.test(url);
    if (safe(c.booking_url)) line(link(c.booking_url, "Bestill time"));
    if (safe(c.url)) line(link(c.url, "Nettside"));
    if (safe(c.alternative_url)) line(link(c.alternative_url, "karriereveiledning.no"));
    return card;
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

  // ---------- the rating when the chat has ended: 1-5 and an optional comment, once ----------
  const RATING = {
    nb: { ask: "Hvordan var samtalen?", hint: "Gi en vurdering fra 1 (dårlig) til 5 (svært bra).", comment: "Kommentar (valgfritt)",
      send: "Send vurdering", thanks: "Takk for vurderingen!", failed: "Vurderingen ble ikke sendt. Prøv igjen.", of: "av 5" },
    nn: { ask: "Korleis var samtalen?", hint: "Gi ei vurdering frå 1 (dårleg) til 5 (svært bra).", comment: "Kommentar (valfritt)",
      send: "Send vurdering", thanks: "Takk for vurderinga!", failed: "Vurderinga vart ikkje send. Prøv igjen.", of: "av 5" },
    en: { ask: "How was the chat?", hint: "Rate it from 1 (poor) to 5 (very good).", comment: "Comment (optional)",
      send: "Send rating", thanks: "Thank you for your rating!", failed: "Your rating was not sent. Please try again.", of: "of 5" },
    uk: { ask: "Як вам розмова?", hint: "Оцініть її від 1 (погано) до 5 (дуже добре).", comment: "Коментар (необов’язково)",
      send: "Надіслати оцінку", thanks: "Дякуємо за оцінку!", failed: "Оцінку не надіслано. Спробуйте ще раз.", of: "з 5" },
    pl: { ask: "Jak oceniasz rozmowę?", hint: "Oceń ją od 1 (słabo) do 5 (bardzo dobrze).", comment: "Komentarz (opcjonalnie)",
      send: "Wyślij ocenę", thanks: "Dziękujemy za ocenę!", failed: "Nie udało się wysłać oceny. Spróbuj ponownie.", of: "z 5" },
    ar: { ask: "كيف كانت المحادثة؟", hint: "قيّمها من 1 (ضعيفة) إلى 5 (جيدة جدًا).", comment: "تعليق (اختياري)",
      send: "إرسال التقييم", thanks: "شكرًا على تقييمك!", failed: "لم يُرسَل التقييم. حاول مرة أخرى.", of: "من 5" },
  };
  let ratingItem = null; // the prompt in the log (one per session)

  function offerRating() {
    if (!session || session.rated || !log.children.length) return;
    if (ratingItem && ratingItem.isConnected) { // keep it last, unless the citizen is using it
      if (log.lastElementChild !== ratingItem && !ratingItem.contains(document.activeElement)) log.append(ratingItem);
      return;
    }
    const language = document.documentElement.lang;
    const t = RATING[language] || RATING.nb;
    const node = (tag, props = {}) => Object.assign(document.createElement(tag), props);
    const item = node("li", { className: "msg rating" });
    item.style.background = "#fff7e0"; // like a notice (set through the CSSOM, which the CSP allows)
    item.lang = RATING[language] ? language : "nb";
    item.dir = item.lang === "ar" ? "rtl" : "ltr";
    const ratedSession = session;
    const form = node("form", { className: "callback" });
    const question = node("strong", { id: "rating-question", textContent: t.ask });
    const row = node("div", { className: "buttons" });
    row.setAttribute("role", "group"); row.setAttribute("aria-labelledby", "rating-question");
    let chosen = 0;
    const send = node("button", { type: "submit", textContent: t.send, disabled: true });
    for (let value = 1; value <= 5; value += 1) {
      const b = node("button", { type: "button", textContent: String(value) });
      b.setAttribute("aria-label", `${value} ${t.of}`);
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", () => {
        chosen = value; send.disabled = false;
        for (const other of row.children) { // chosen: filled (set through the CSSOM, which the CSP allows)
          other.setAttribute("aria-pressed", String(other === b));
          other.style.background = other === b ? "#0b4f6c" : ""; other.style.color = other === b ? "#fff" : "";
        }
      });
      row.append(b);
    }
    const comment = node("textarea", { name: "comment", rows: 2, maxLength: 1000, dir: "auto" });
    const label = node("label", { textContent: t.comment });
    label.append(comment);
    const error = node("p", { className: "callback-error" });
    error.setAttribute("role", "alert");
    form.append(node("div", { textContent: t.hint }), row, label, send, error);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!chosen || session !== ratedSession) return;
      send.disabled = true;
      try {
        await api(`/api/sessions/${ratedSession.session_id}/rating`, { method: "POST",
          body: JSON.stringify({ rating: chosen, comment: comment.value }) });
      } catch (failure) {
        if (failure.code !== "already_rated") { error.textContent = t.failed; send.disabled = false; return; }
      }
      ratedSession.rated = true; save();
      form.replaceChildren(node("p", { textContent: t.thanks }));
    });
    item.append(question, form);
    ratingItem = item;
    log.append(item);
    scrollLog();
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
      if ([401, 403, 404].includes(error.status)) { // erased or expired: nothing left to rate
        if (session) session.rated = true;
        setMode("closed"); return;
      }
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

  // With a counsellor: tell the server "typing" (no text) at most every few seconds while the
  // citizen types, so the counsellor's console can show it.
  const TYPING_EVERY_MS = 4000;
  let typingSentAt = 0;
  function signalTyping() {
    if (!session || mode !== "human" || !input.value.trim()) return;
    const at = Date.now();
    if (at - typingSentAt < TYPING_EVERY_MS) return;
    typingSentAt = at;
    api(`/api/sessions/${session.session_id}/typing`, { method: "POST" }).catch(() => {});
  }
  input.addEventListener("input", signalTyping);

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
  // ---------- the welcome: starting points by situation (shown until the chat has begun) ----------
  // A button sends /choose_topic{"topic", "language"}; the gateway accepts these at any time and
  // the assistant answers with the topic's intro and articles for its audience.
  const WELCOME = {
    nb: { title: "Hvor står du nå?", intro: "Velg et utgangspunkt, eller skriv spørsmålet ditt nedenfor.",
          upper_secondary: "Velge videregående (elever og foreldre)", higher_education: "Høyere utdanning og poeng",
          career_change: "Bytte karriere", lost_job: "Jeg har mistet jobben", foreign_education: "Utdanning fra utlandet" },
    nn: { title: "Kvar står du no?", intro: "Vel eit utgangspunkt, eller skriv spørsmålet ditt nedanfor.",
          upper_secondary: "Velje vidaregåande (elevar og foreldre)", higher_education: "Høgare utdanning og poeng",
          career_change: "Byte karriere", lost_job: "Eg har mista jobben", foreign_education: "Utdanning frå utlandet" },
    en: { title: "Where are you now?", intro: "Choose a starting point, or write your question below.",
          upper_secondary: "Choosing upper secondary (pupils and parents)", higher_education: "Higher education and points",
          career_change: "Changing career", lost_job: "I have lost my job", foreign_education: "Education from abroad" },
    uk: { title: "Яка ваша ситуація?", intro: "Оберіть, з чого почати, або напишіть своє запитання нижче.",
          upper_secondary: "Вибір старшої школи (учні та батьки)", higher_education: "Вища освіта та бали",
          career_change: "Зміна кар'єри", lost_job: "Я втратив(-ла) роботу", foreign_education: "Освіта з-за кордону" },
    pl: { title: "W jakiej jesteś sytuacji?", intro: "Wybierz, od czego zacząć, albo napisz pytanie poniżej.",
          upper_secondary: "Wybór szkoły średniej (uczniowie i rodzice)", higher_education: "Studia wyższe i punkty",
          career_change: "Zmiana kariery", lost_job: "Straciłem/straciłam pracę", foreign_education: "Wykształcenie z zagranicy" },
    ar: { title: "ما هو وضعك الآن؟", intro: "اختر نقطة بداية، أو اكتب سؤالك في الأسفل.",
          upper_secondary: "اختيار المدرسة الثانوية (الطلاب والآباء)", higher_education: "التعليم العالي والنقاط",
          career_change: "تغيير المسار المهني", lost_job: "فقدت عملي", foreign_education: "التعليم من الخارج" },
  };
  const WELCOME_TOPICS = ["upper_secondary", "higher_education", "career_change", "lost_job", "foreign_education"];

  // The browser's first language among the six (Norwegian "no" is bokmål); bokmål otherwise.
  function welcomeLanguage() {
    for (const tag of navigator.languages || [navigator.language || ""]) {
      const code = tag.toLowerCase().split("-")[0];
      if (code === "no" || code === "nb") return "nb";
      if (WELCOME[code]) return code;
    }
    return "nb";
  }

  function renderWelcome() {
    const language = welcomeLanguage();
    const t = WELCOME[language];
    const box = $("welcome");
    if (!box) return;
    box.lang = language;
    box.dir = language === "ar" ? "rtl" : "ltr";
    $("welcome-title").textContent = t.title;
    $("welcome-intro").textContent = t.intro;
    const row = $("welcome-buttons");
    row.replaceChildren();
    for (const topic of WELCOME_TOPICS) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = t[topic];
      b.dataset.topic = topic;
      b.addEventListener("click", async () => {
        setButtons(box, false); // one click at a time; the welcome hides once the chat has begun
        await send(`/choose_topic${JSON.stringify({ topic, language })}`);
        setButtons(box, true);
      });
      row.append(b);
    }
    box.hidden = false; // hidden again by CSS (.started) once the conversation has begun
  }

  renderWelcome();
  showState();
  if (session) poll();
})();
