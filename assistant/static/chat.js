// Veivalg chat widget: one session per browser tab; everything shown comes from the event stream.
(() => {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const statusLine = document.getElementById("status");
  const WHO = { citizen: "Du", bot: "Veivalg", counsellor: "Karriereveileder", system: "Veivalg" };
  let session = JSON.parse(sessionStorage.getItem("veivalg-session") || "null");
  let lastSeq = 0;
  let polling = false;

  async function api(path, options = {}) {
    const headers = { "Content-Type": "application/json" };
    if (session) headers.Authorization = `Bearer ${session.token}`;
    const response = await fetch(path, { ...options, headers: { ...headers, ...(options.headers || {}) } });
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
    if (!response.ok) throw new Error((body && body.detail) || `HTTP ${response.status}`);
    return body;
  }

  async function ensureSession() {
    if (session) return;
    session = await api("/api/sessions", { method: "POST", body: JSON.stringify({ channel: "web" }) });
    sessionStorage.setItem("veivalg-session", JSON.stringify(session));
  }

  function render(event) {
    const item = document.createElement("li");
    item.className = `msg ${event.from} ${event.kind === "crisis" ? "crisis" : ""}`;
    item.dataset.seq = event.seq;
    item.dataset.kind = event.kind;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = WHO[event.from] || event.from;
    const text = document.createElement("div");
    text.className = "text";
    text.dir = "auto";
    text.textContent = event.text;
    item.append(who, text);
    if (event.sources && event.sources.length) {
      const list = document.createElement("ul");
      list.className = "sources";
      for (const source of event.sources) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = source.url; a.textContent = source.title; a.target = "_blank"; a.rel = "noopener";
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
        b.addEventListener("click", () => send(button.payload));
        row.append(b);
      }
      item.append(row);
    }
    if (event.callback) item.append(callbackForm());
    if (event.queue) showState({ mode: "queued", queue: event.queue });
    log.append(item);
    item.scrollIntoView({ block: "end" });
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
        form.querySelector(".callback-error").textContent = error.message;
      }
    });
    return form;
  }

  async function poll() {
    if (polling || !session) return;
    polling = true;
    try {
      while (session) {
        const { events } = await api(`/api/sessions/${session.session_id}/events?after=${lastSeq}&wait=20`);
        for (const event of events) { if (event.seq > lastSeq) { render(event); lastSeq = event.seq; } }
      }
    } catch (error) {
      statusLine.textContent = error.message;
      setTimeout(() => { polling = false; poll(); }, 3000);
      return;
    }
    polling = false;
  }

  // The page follows the conversation's language: Arabic turns the page and the inputs right-to-left.
  function followLanguage(language) {
    if (!language || language === "other") return;
    document.documentElement.lang = language;
    document.documentElement.dir = language === "ar" ? "rtl" : "ltr";
    input.dir = language === "ar" ? "rtl" : "auto";
  }

  function showState(reply) {
    if (reply.mode === "queued" && reply.queue) {
      statusLine.textContent = `Du er nummer ${reply.queue.position} i køen (ca. ${Math.max(1, Math.round(reply.queue.estimated_wait_s / 60))} min).`;
    } else if (reply.mode === "human") {
      statusLine.textContent = "Du chatter med en karriereveileder.";
    } else if (reply.mode === "closed") {
      statusLine.textContent = "Samtalen er avsluttet.";
    } else {
      statusLine.textContent = "";
    }
  }

  async function send(text) {
    if (!text.trim()) return;
    try {
      await ensureSession();
      poll();
      const reply = await api(`/api/sessions/${session.session_id}/messages`, { method: "POST", body: JSON.stringify({ text }) });
      showState(reply);
      const spoken = (reply.messages || []).filter((m) => m.language).map((m) => m.language);
      followLanguage(spoken.length ? spoken[spoken.length - 1] : reply.triage && reply.triage.language);
    } catch (error) {
      statusLine.textContent = error.message;
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); const t = input.value; input.value = ""; send(t); });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
  document.getElementById("restart").addEventListener("click", () => {
    sessionStorage.removeItem("veivalg-session"); session = null; lastSeq = 0; log.replaceChildren(); statusLine.textContent = "";
  });
  document.getElementById("erase").addEventListener("click", async () => {
    if (!session || !confirm("Slette hele samtalen for godt?")) return;
    await api(`/api/sessions/${session.session_id}`, { method: "DELETE" });
    sessionStorage.removeItem("veivalg-session"); session = null; lastSeq = 0; log.replaceChildren();
    statusLine.textContent = "Samtalen er slettet.";
  });
  document.getElementById("download").addEventListener("click", async () => {
    if (!session) return;
    const response = await fetch(`/api/sessions/${session.session_id}/transcript?format=txt`, { headers: { Authorization: `Bearer ${session.token}` } });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement("a"); a.href = url; a.download = "veivalg-samtale.txt"; a.click(); URL.revokeObjectURL(url);
  });
  if (session) poll();
})();
