// Counsellor console: login, live queue (polled), claim, transcript + triage, reply, close.
(() => {
  let auth = JSON.parse(sessionStorage.getItem("veivalg-staff") || "null");
  let current = null;
  const $ = (id) => document.getElementById(id);

  async function api(path, options = {}) {
    const headers = { "Content-Type": "application/json" };
    if (auth) headers.Authorization = `Bearer ${auth.token}`;
    const response = await fetch(path, { ...options, headers });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401 && auth) { logout(); }
    if (!response.ok) throw new Error(body.detail || `HTTP ${response.status}`);
    return body;
  }

  function showWork() {
    $("login-view").hidden = !!auth; $("work-view").hidden = !auth; $("logout").hidden = !auth;
    $("who").textContent = auth ? `${auth.username} (${auth.role})` : "";
  }

  function logout() {
    if (auth) fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${auth.token}` } });
    auth = null; current = null; sessionStorage.removeItem("veivalg-staff"); showWork();
  }

  function entry(h, onClick) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.className = h.priority === "crisis" ? "crisis" : "";
    b.textContent = `${h.need} · ${h.language}${h.county ? " · " + h.county : ""} · siden ${new Date(h.waiting_since).toLocaleTimeString("nb-NO")}`;
    b.title = h.summary;
    b.addEventListener("click", onClick);
    li.append(b);
    return li;
  }

  async function refreshQueue() {
    if (!auth) return;
    try {
      const waiting = await api("/api/handovers?status=waiting");
      const active = (await api("/api/handovers?status=active")).filter((h) => h.counsellor === auth.username);
      $("waiting-count").textContent = `(${waiting.length})`;
      $("waiting").replaceChildren(...waiting.map((h) => entry(h, () => claim(h.id))));
      $("mine").replaceChildren(...active.map((h) => entry(h, () => open(h.id))));
    } catch (error) { $("action-error").textContent = error.message; }
  }

  async function claim(id) {
    try { await api(`/api/handovers/${id}/claim`, { method: "POST" }); await open(id); refreshQueue(); }
    catch (error) { $("action-error").textContent = error.message; refreshQueue(); }
  }

  async function open(id) {
    current = id; $("conversation").hidden = false; $("action-error").textContent = "";
    await refreshConversation();
  }

  async function refreshConversation() {
    if (!current || !auth) return;
    const h = await api(`/api/handovers/${current}`);
    $("summary").textContent = h.summary;
    $("events").replaceChildren(...h.events.map((e) => {
      const li = document.createElement("li");
      li.className = e.from;
      const who = document.createElement("span"); who.className = "who";
      who.textContent = `${e.from} · ${new Date(e.at).toLocaleTimeString("nb-NO")}`;
      const text = document.createElement("span"); text.dir = "auto"; text.textContent = e.text;
      li.append(who, text);
      return li;
    }));
    if (h.status === "closed") { $("conversation").hidden = true; current = null; }
  }

  $("login").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      auth = await api("/api/auth/login", { method: "POST", body: JSON.stringify({ username: $("username").value, password: $("password").value }) });
      sessionStorage.setItem("veivalg-staff", JSON.stringify(auth)); $("login-error").textContent = ""; showWork(); refreshQueue();
    } catch (error) { $("login-error").textContent = error.message; auth = null; }
  });
  $("logout").addEventListener("click", logout);
  $("reply").addEventListener("submit", async (e) => {
    e.preventDefault();
    try { await api(`/api/handovers/${current}/messages`, { method: "POST", body: JSON.stringify({ text: $("reply-text").value }) });
      $("reply-text").value = ""; refreshConversation(); }
    catch (error) { $("action-error").textContent = error.message; }
  });
  $("close").addEventListener("submit", async (e) => {
    e.preventDefault();
    try { await api(`/api/handovers/${current}/close`, { method: "POST", body: JSON.stringify({ outcome: $("outcome").value, note: $("close-note").value }) });
      current = null; $("conversation").hidden = true; refreshQueue(); }
    catch (error) { $("action-error").textContent = error.message; }
  });
  // On duty while the console is open: the heartbeat also renews the leases on my claims.
  const heartbeat = () => { if (auth) api("/api/counsellors/me/heartbeat", { method: "POST" }).catch(() => {}); };
  showWork();
  heartbeat();
  setInterval(heartbeat, 15000);
  setInterval(refreshQueue, 2000);
  setInterval(() => refreshConversation().catch(() => {}), 2000);
  refreshQueue();
})();
