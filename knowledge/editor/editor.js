// Veivalg editor page: login (editors and admins only), the article list with filters and
// articles overdue for review, the article form (create, save, delete, publish, unpublish) with
// the API's field-level errors next to the fields, the index rebuild with progress, and the two
// reports that tell editors what to write next. Text from the API and from citizens is put into
// the page with textContent only. The shared staff module holds the helpers, the session and the
// texts for the API's error codes and fields.
import { $, LANGUAGES, NEEDS, StaffSession, bindLoginForm, el, fieldMessage } from "/staff/static/staff.js";

const INDEX_POLL_MS = 1000;
const SEARCH_DELAY_MS = 250;

// The article vocabulary (knowledge/articles.py: AUDIENCES, TOPICS; counties from
// knowledge/data/municipalities.csv). Values the page does not know are kept and shown.
const AUDIENCES = { youth: "Ungdom", adults: "Voksne", immigrants: "Innvandrere", parents: "Foreldre", counsellors: "Veiledere" };
const TOPICS = {
  "samordna-opptak": "Samordna opptak", studiekompetanse: "Studiekompetanse", videregaende: "Videregående",
  fagbrev: "Fagbrev", "hoyere-utdanning": "Høyere utdanning", fagskole: "Fagskole", folkehogskole: "Folkehøgskole",
  lanekassen: "Lånekassen", "utenlandsk-utdanning": "Utenlandsk utdanning", arbeid: "Arbeid", nav: "NAV",
  karriereveiledning: "Karriereveiledning", innvandrere: "Innvandrere", refleksjon: "Refleksjon",
};
const COUNTIES = ["Agder", "Akershus", "Buskerud", "Finnmark", "Innlandet", "Møre og Romsdal", "Nordland", "Oslo",
  "Rogaland", "Telemark", "Troms", "Trøndelag", "Vestfold", "Vestland", "Østfold"];
const STATUSES = { draft: "Utkast", published: "Publisert" };
const REVIEW_STATES = { draft: "Ikke sendt til godkjenning", in_review: "Venter på godkjenning", changes_requested: "Endringer ønsket",
  approved: "Godkjent", published: "Publisert" };
const ACTIONS = { created: "opprettet", updated: "endret", published: "publisert", unpublished: "avpublisert", deleted: "slettet",
  outside_editor: "slik filen var (endret utenfor redigeringssiden)", review: "gjennomgang" };
const ROLES = { counsellor: "veileder", editor: "redaktør", evaluator: "evaluator", admin: "administrator" };
const FIELD_NAMES = { id: "Id", title: "Tittel", language: "Språk", translation_of: "Oversettelse av", audience: "Målgruppe",
  topics: "Emner", counties: "Fylker", source_url: "Kilde", reviewed: "Sist gjennomgått", review_by: "Gjennomgås innen",
  status: "Status", body: "Tekst", questions: "Spørsmål", front_matter: "Front matter", path: "Filplassering" };
const TEXT_FIELDS = ["id", "title", "language", "translation_of", "status", "source_url", "reviewed", "review_by", "questions", "body"];
const CHOICE_FIELDS = { audience: AUDIENCES, topics: TOPICS, counties: Object.fromEntries(COUNTIES.map((c) => [c, c])) };

const session = new StaffSession("veivalg-editor", { onExpired: (error) => signedOut(error.message) });
const api = (path, options) => session.api(path, options);

const state = {
  current: null,      // id of the article in the form; null for a new one
  version: null,      // the version of the article in the form (sent with every change: optimistic locking)
  article: null,      // the article as last loaded or saved
  mine: null,         // what the editor had typed when another editor's change was loaded instead
  questionsKnown: false, // the API sent the article's questions (so the form may send them back)
  formOpen: false,
  snapshot: "",       // the form as last loaded or saved (to notice unsaved changes)
  stale: new Map(),   // id -> row of GET /api/reports/stale?within_days=30
  busy: false,
  indexTimer: null,
  searchTimer: null,
  listGeneration: 0,
};

const enc = encodeURIComponent;

// ---------- small helpers ----------
function notice(text) { $("notice").textContent = text || ""; }
const langName = (code) => LANGUAGES[code] || code || "–";
function day(iso) { // "2026-10-15" -> "15.10.2026" (no time zone games with date-only values)
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (iso || "–");
}
function when(iso) {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleDateString("nb-NO", { day: "2-digit", month: "2-digit", year: "numeric" })} kl. ${
    date.toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit" })}`;
}
function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
function staleTag(row) {
  if (!row) return null;
  if (row.days_overdue > 0) {
    return el("span", { class: "tag stale", text: `Forfalt (${row.days_overdue} ${row.days_overdue === 1 ? "dag" : "dager"})` });
  }
  const left = -row.days_overdue;
  return el("span", { class: "tag soon", text: left === 0 ? "Forfaller i dag" : `Forfaller om ${left} ${left === 1 ? "dag" : "dager"}` });
}

// ---------- login ----------
const mayEdit = (auth) => auth && (auth.role === "editor" || auth.role === "admin");

function showWork() {
  const on = !!session.auth;
  $("login-view").hidden = on; $("work-view").hidden = !on; $("logout").hidden = !on;
  $("who").textContent = on ? `${session.auth.username} (${ROLES[session.auth.role] || session.auth.role})` : "";
}

function signedOut(message) {
  session.forget(); state.current = null; state.formOpen = false; state.snapshot = "";
  clearTimeout(state.indexTimer); state.indexTimer = null;
  $("articles").tBodies[0].replaceChildren(); $("unanswered").tBodies[0].replaceChildren(); $("gaps").tBodies[0].replaceChildren();
  $("article-form").hidden = true; $("edit-empty").hidden = false;
  setIndexStatus("", ""); $("index-progress").hidden = true; $("rebuild").disabled = false;
  notice("");
  showWork();
  $("login-error").textContent = message || "";
  if (message) $("username").focus();
}

async function logout() {
  if (dirty() && !confirm("Du har endringer som ikke er lagret. Logge ut likevel?")) return;
  await session.logOut();
  signedOut("");
}

async function afterLogin() {
  showWork();
  selectTab($("tab-articles"), false);
  await Promise.allSettled([refreshList(), refreshIndexStatus()]);
}

bindLoginForm(session, {
  refuse: (auth) => (mayEdit(auth) ? "" : `Redaksjonssiden er bare for redaktører. «${auth.username}» er ${ROLES[auth.role] || auth.role} ` +
    "og har ikke tilgang her." + (auth.role === "counsellor" ? " Veiledere bruker konsollen på /console." : "")),
  signedIn: async () => { await afterLogin(); $("main-heading").focus(); },
});
$("logout").addEventListener("click", logout);

// ---------- tabs ----------
const TABS = ["tab-articles", "tab-unanswered", "tab-gaps"].map((id) => $(id));
function selectTab(tab, focus = true) {
  for (const other of TABS) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !selected;
  }
  if (focus) tab.focus();
  if (tab.id === "tab-unanswered") refreshUnanswered();
  if (tab.id === "tab-gaps") refreshGaps();
}
for (const tab of TABS) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (event) => {
    const index = TABS.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(TABS[(next + TABS.length) % TABS.length]);
  });
}

// ---------- the article list ----------
async function refreshList() {
  const generation = ++state.listGeneration;
  const params = new URLSearchParams();
  if ($("f-language").value) params.set("language", $("f-language").value);
  if ($("f-status").value) params.set("status", $("f-status").value);
  if ($("f-q").value.trim()) params.set("q", $("f-q").value.trim());
  let rows, stale, originals;
  try {
    [rows, stale, originals] = await Promise.all([
      api(`/api/articles?${params}`),
      api("/api/reports/stale?within_days=30"),
      api("/api/articles?language=nb"),
    ]);
  } catch (error) {
    if (error.status !== 401) notice(`Fikk ikke hentet artiklene: ${error.message}`);
    return;
  }
  if (generation !== state.listGeneration) return; // a newer refresh is under way
  state.stale = new Map(stale.map((s) => [s.id, s]));
  $("nb-ids").replaceChildren(...originals.map((a) => el("option", { value: a.id, text: a.title || a.id })));
  const onlyStale = $("f-stale").checked;
  const shown = onlyStale ? rows.filter((r) => (state.stale.get(r.id)?.days_overdue ?? 0) > 0) : rows;
  shown.sort((a, b) => (a.title || a.id).localeCompare(b.title || b.id, "nb"));
  renderList(shown);
  const overdue = stale.filter((s) => s.days_overdue > 0).length;
  $("list-summary").textContent = `${shown.length} ${shown.length === 1 ? "artikkel" : "artikler"}` +
    (overdue ? ` · ${overdue} publisert${overdue === 1 ? "" : "e"} over fristen for gjennomgang` : "");
}

function renderList(rows) {
  const body = $("articles").tBodies[0];
  const focusedId = body.contains(document.activeElement) ? document.activeElement.dataset.id : null;
  body.replaceChildren(...rows.map((row) => {
    const staleRow = state.stale.get(row.id);
    const open = el("button", { type: "button", class: "link", text: row.title || row.id, dataset: { id: row.id } });
    open.addEventListener("click", () => openArticle(row.id));
    const titleCell = el("td", {}, open,
      el("span", { class: "sub", text: row.path }),
      row.valid ? null : el("span", { class: "tag invalid", text: "Ugyldig fil",
        title: [...errorTexts(row.errors)].map(([f, texts]) => `${FIELD_NAMES[f] || f}: ${texts.join(" ")}`).join("\n") }));
    const tr = el("tr", { dataset: { id: row.id } },
      titleCell,
      el("td", { class: "nowrap", text: langName(row.language) }),
      el("td", {}, el("span", { class: `tag ${row.status === "published" ? "published" : "draft"}`, text: STATUSES[row.status] || row.status || "–" })),
      el("td", { class: "nowrap", text: day(row.reviewed) }),
      el("td", { class: "nowrap" }, day(row.review_by), staleRow ? el("br") : null, staleTag(staleRow)));
    if (staleRow && staleRow.days_overdue > 0) tr.classList.add("stale");
    if (state.formOpen && row.id === state.current) tr.setAttribute("aria-current", "true");
    return tr;
  }));
  $("list-empty").hidden = rows.length > 0;
  if (focusedId) body.querySelector(`button[data-id="${CSS.escape(focusedId)}"]`)?.focus();
}

function markCurrentRow() {
  for (const tr of $("articles").tBodies[0].rows) {
    if (state.formOpen && tr.dataset.id === state.current) tr.setAttribute("aria-current", "true");
    else tr.removeAttribute("aria-current");
  }
}

for (const id of ["f-language", "f-status", "f-stale"]) $(id).addEventListener("change", refreshList);
$("f-q").addEventListener("input", () => {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(refreshList, SEARCH_DELAY_MS);
});
$("filters").addEventListener("submit", (event) => { event.preventDefault(); refreshList(); });

// ---------- the article form ----------
function buildChoices(field, selected) {
  const known = CHOICE_FIELDS[field];
  const values = [...Object.keys(known), ...selected.filter((v) => !(v in known))];
  $(`a-${field}`).replaceChildren(...values.map((value) => {
    const box = el("input", { type: "checkbox", name: field, value, checked: selected.includes(value) });
    const unknown = !(value in known);
    return el("label", { class: unknown ? "unknown" : "" }, box, unknown ? `${value} (ukjent verdi)` : known[value]);
  }));
}

function readForm() {
  const text = (field) => { const value = $(`a-${field}`).value.trim(); return value === "" ? null : value; };
  const checked = (field) => [...$(`a-${field}`).querySelectorAll("input:checked")].map((box) => box.value);
  return {
    id: text("id"), title: $("a-title").value.trim(), language: $("a-language").value, translation_of: text("translation_of"),
    audience: checked("audience"), topics: checked("topics"), counties: checked("counties"),
    source_url: text("source_url"), reviewed: text("reviewed"), review_by: text("review_by"),
    status: $("a-status").value, body: $("a-body").value,
    // One question per line. Left out when the API did not send the article's questions and
    // nothing was typed: the server then keeps the questions the file already has.
    ...questionsField(),
  };
}

function questionsField() {
  const questions = $("a-questions").value.split("\n").map((line) => line.trim()).filter(Boolean);
  return state.questionsKnown || questions.length ? { questions } : {};
}

function fillForm(article) {
  state.current = article.id || null;
  state.version = article.version || null;
  state.article = article.id ? article : null;
  $("conflict").hidden = true;
  state.formOpen = true;
  const isNew = state.current === null;
  $("a-id").value = article.id || "";
  $("a-id").readOnly = !isNew;
  delete $("a-id").dataset.typed;
  $("a-title").value = article.title || "";
  for (const field of ["language", "status"]) {
    const select = $(`a-${field}`);
    const value = article[field] || (field === "language" ? "nb" : "draft");
    if (![...select.options].some((o) => o.value === value)) select.append(el("option", { value, text: `${value} (ukjent)` }));
    select.value = value;
  }
  $("a-translation_of").value = article.translation_of || "";
  $("a-source_url").value = article.source_url || "";
  $("a-reviewed").value = article.reviewed || "";
  $("a-review_by").value = article.review_by || "";
  $("a-body").value = article.body || "";
  state.questionsKnown = isNew || Array.isArray(article.questions);
  $("a-questions").value = (article.questions || []).join("\n");
  for (const field of Object.keys(CHOICE_FIELDS)) buildChoices(field, article[field] || []);
  $("form-heading").textContent = isNew ? "Ny artikkel" : `Rediger: ${article.title || article.id}`;
  renderFormStatus(article);
  $("publish").hidden = isNew || article.status === "published";
  $("unpublish").hidden = isNew || article.status !== "published";
  $("delete").hidden = isNew;
  renderReview(article);
  resetHistory();
  $("article-form").hidden = false; $("edit-empty").hidden = true;
  state.snapshot = JSON.stringify(readForm());
  clearErrors();
  markCurrentRow();
}

function renderFormStatus(article) {
  const status = $("form-status");
  if (!article.id) { status.textContent = ""; status.className = "badge"; $("form-stale").replaceChildren(); return; }
  status.className = `tag ${article.status === "published" ? "published" : "draft"}`;
  status.textContent = STATUSES[article.status] || article.status || "";
  const staleRow = article.status === "published" ? state.stale.get(article.id) : null;
  $("form-stale").replaceChildren(...(staleRow ? [staleTag(staleRow)] : []));
}

const dirty = () => state.formOpen && JSON.stringify(readForm()) !== state.snapshot;
const mayLeave = () => !dirty() || confirm("Du har endringer i artikkelen som ikke er lagret. Forkaste dem?");

function clearErrors() {
  $("form-error").replaceChildren();
  for (const node of document.querySelectorAll("#article-form .field")) {
    node.classList.remove("has-error");
    const error = node.querySelector(".field-error");
    if (error) error.textContent = "";
  }
  for (const node of document.querySelectorAll("#article-form [aria-invalid]")) node.removeAttribute("aria-invalid");
}

// The Norwegian texts of the API's field errors, by field in the API's order: the text for each
// error's code (with its params), else the field's own text; each text once per field.
function errorTexts(errors) {
  const byField = new Map();
  for (const error of errors) {
    const field = typeof error.field === "string" && error.field ? error.field : "front_matter";
    const text = fieldMessage(field, error.code, error.params);
    if (!byField.has(field)) byField.set(field, []);
    if (!byField.get(field).includes(text)) byField.get(field).push(text);
  }
  return byField;
}

// Put each error next to its field; anything without a field of its own goes to the summary.
function showErrors(errors, heading) {
  clearErrors();
  const items = [];
  for (const [field, texts] of errorTexts(errors)) {
    const message = texts.join(" ");
    const slot = $(`err-${field}`);
    const container = document.querySelector(`#article-form .field[data-field="${CSS.escape(field)}"]`);
    const label = `${FIELD_NAMES[field] || field}: ${message}`;
    if (slot && container) {
      slot.textContent = message;
      container.classList.add("has-error");
      const input = TEXT_FIELDS.includes(field) ? $(`a-${field}`) : container;
      input.setAttribute("aria-invalid", "true");
      const target = TEXT_FIELDS.includes(field) ? input : container.querySelector("input");
      const link = el("button", { type: "button", class: "link", text: label });
      link.addEventListener("click", () => target && target.focus());
      items.push(el("li", {}, link));
    } else {
      items.push(el("li", { text: label }));
    }
  }
  $("form-error").replaceChildren(el("strong", { text: heading }), items.length ? el("ul", {}, ...items) : null);
  // The first wrong field in the order of the form (not of the API's list).
  const first = document.querySelector("#article-form .field.has-error");
  return first ? first.querySelector("input, select, textarea") : null;
}

function showFailure(error, heading) {
  if (error.status === 401) return;
  if (error.errors.length) {
    const first = showErrors(error.errors, heading);
    if (first) first.focus();
  } else {
    clearErrors();
    $("form-error").replaceChildren(el("strong", { text: error.message }));
  }
}

function newArticle(prefill = {}) {
  if (!mayLeave()) return;
  const today = new Date();
  const nextYear = new Date(today); nextYear.setFullYear(today.getFullYear() + 1);
  selectTab($("tab-articles"), false);
  fillForm({ language: "nb", status: "draft", reviewed: isoDate(today), review_by: isoDate(nextYear),
             audience: [], topics: [], counties: [], body: "", ...prefill });
  $("a-id").value = slug($("a-title").value);
  $("a-title").focus();
}

async function openArticle(id) {
  if (state.formOpen && id === state.current) { $("a-title").focus(); return; }
  if (!mayLeave()) return;
  let article;
  try {
    article = await api(`/api/articles/${enc(id)}`);
  } catch (error) {
    if (error.status !== 401) notice(`Fikk ikke åpnet artikkelen: ${error.message}`);
    if (error.status === 404) refreshList();
    return;
  }
  fillForm(article);
  if (!article.valid && article.errors.length) {
    showErrors(article.errors, "Filen har feil og blir holdt utenfor indeksen til de er rettet:");
  }
  $("form-heading").focus();
}

function setBusy(busy) {
  state.busy = busy;
  for (const id of ["save", "publish", "unpublish", "delete", "submit-review", "approve", "request-changes"]) $(id).disabled = busy;
}

// Returns the saved article, or null (errors shown, the form keeps what was typed).
async function save() {
  if (state.busy) return null;
  const data = readForm();
  const isNew = state.current === null;
  setBusy(true);
  try {
    const article = isNew
      ? await api("/api/articles", { method: "POST", body: data })
      : await api(`/api/articles/${enc(state.current)}`, { method: "PUT", body: { ...data, version: state.version } });
    fillForm(article);
    notice(isNew ? `Artikkelen «${article.title}» er opprettet som ${(STATUSES[article.status] || article.status).toLowerCase()}.`
                 : `Endringene i «${article.title}» er lagret.`);
    refreshList();
    return article;
  } catch (error) {
    if (error.code === "article_version_conflict") { await showConflict(); return null; }
    showFailure(error, "Artikkelen ble ikke lagret. Rett opp feltene som er merket:");
    return null;
  } finally {
    setBusy(false);
  }
}

async function setPublished(publish) {
  if (state.busy || state.current === null) return;
  if (dirty() && !(await save())) return; // save the changes first; stop on errors
  setBusy(true);
  try {
    const article = await api(`/api/articles/${enc(state.current)}/${publish ? "publish" : "unpublish"}`,
      { method: "POST", body: { version: state.version } });
    fillForm(article);
    notice(publish
      ? `«${article.title}» er publisert. Bygg indeksen på nytt for at assistenten skal bruke den.`
      : `«${article.title}» er gjort om til utkast. Den forsvinner fra assistentens svar når indeksen bygges på nytt.`);
    (publish ? $("unpublish") : $("publish")).focus();
    refreshList();
  } catch (error) {
    if (error.code === "article_version_conflict") { await showConflict(); return; }
    showFailure(error, publish ? "Artikkelen ble ikke publisert:" : "Artikkelen ble ikke avpublisert:");
  } finally {
    setBusy(false);
  }
}

async function remove() {
  if (state.busy || state.current === null) return;
  const title = $("a-title").value.trim() || state.current;
  if (!confirm(`Slette artikkelen «${title}» for godt? Dette kan ikke angres.`)) return;
  setBusy(true);
  try {
    await api(`/api/articles/${enc(state.current)}?version=${enc(state.version || "")}`, { method: "DELETE" });
    closeForm(true);
    notice(`Artikkelen «${title}» er slettet. Bygg indeksen på nytt for at den skal forsvinne fra svarene.`);
    refreshList();
    $("new").focus();
  } catch (error) {
    if (error.code === "article_version_conflict") { await showConflict(); return; }
    showFailure(error, "Artikkelen ble ikke slettet:");
  } finally {
    setBusy(false);
  }
}

// ---------- another editor saved first (409 article_version_conflict) ----------
async function showConflict() {
  let latest = null;
  try { latest = await api(`/api/articles/${enc(state.current)}`); } catch (error) { latest = null; }
  const who = latest && latest.changed_by ? `«${latest.changed_by}»` : "Noen utenfor redigeringssiden";
  const at = latest && latest.changed_at ? ` ${when(latest.changed_at)}` : "";
  $("conflict-text").textContent = latest
    ? `${who} endret artikkelen${at}, etter at du åpnet den. Endringene dine er ikke lagret. ` +
      "Last inn den nye versjonen; teksten du skrev blir tatt vare på, så du kan føre den inn igjen."
    : "Artikkelen er endret eller slettet av en annen redaktør etter at du åpnet den. Endringene dine er ikke lagret.";
  $("conflict-load").hidden = !latest;
  clearErrors();
  $("conflict").hidden = false;
  state.pendingLatest = latest;
  (latest ? $("conflict-load") : $("conflict-text")).focus();
}

$("conflict-load").addEventListener("click", async () => {
  const mine = readForm();
  const base = JSON.parse(state.snapshot || "{}"); // the form as this editor loaded it
  let latest;
  try { latest = await api(`/api/articles/${enc(state.current)}`); } catch (error) { latest = state.pendingLatest; }
  if (!latest) return;
  fillForm(latest);
  // Only what this editor changed is carried over, so the other editor's changes are not undone.
  state.mine = Object.fromEntries(Object.entries(mine).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(base[key])));
  $("mine-body").value = mine.body || "";
  $("mine-use").hidden = Object.keys(state.mine).length === 0;
  $("mine").hidden = false;
  notice(`Den nye versjonen${latest.changed_by ? ` fra ${latest.changed_by}` : ""} er lastet inn. Det du skrev står under «Din utgave».`);
  $("mine-use").focus();
});
$("mine-use").addEventListener("click", () => {
  const mine = state.mine;
  if (!mine) return;
  // What this editor changed goes back into the form on top of the new version (whose version
  // the form now holds, so the next save is not refused).
  for (const [field, value] of Object.entries(mine)) {
    if (field in CHOICE_FIELDS) buildChoices(field, value || []);
    else if (field === "questions") $("a-questions").value = (value || []).join("\n");
    else if ($(`a-${field}`) && !$(`a-${field}`).readOnly) $(`a-${field}`).value = value || "";
  }
  $("mine").hidden = true; state.mine = null;
  notice("Det du skrev er ført inn i skjemaet. Se over og lagre.");
  $("a-body").focus();
});
$("mine-close").addEventListener("click", () => { $("mine").hidden = true; });

// ---------- the review step ----------
function renderReview(article) {
  const review = article.id ? article.review : null;
  const me = session.auth && session.auth.username;
  const badge = $("form-review");
  for (const id of ["submit-review", "approve", "request-changes"]) $(id).hidden = true;
  if (!review) { badge.className = ""; badge.textContent = ""; $("review-info").textContent = ""; return; }
  badge.className = review.state === "published" ? "" : `tag review ${review.state}`;
  badge.textContent = review.state === "published" ? "" : REVIEW_STATES[review.state] || review.state;
  const parts = [];
  if (review.state === "in_review" && review.submitted_by) parts.push(`Sendt til godkjenning av ${review.submitted_by} ${when(review.submitted_at)}.`);
  if (review.state === "approved" && review.decided_by) parts.push(`Godkjent av ${review.decided_by} ${when(review.decided_at)}.`);
  if (review.state === "changes_requested" && review.decided_by) {
    parts.push(`${review.decided_by} ba om endringer ${when(review.decided_at)}${review.comment ? `: «${review.comment}»` : "."}`);
  }
  if (review.required && article.status !== "published" && review.state !== "approved") {
    parts.push("En annen redaktør må godkjenne artikkelen før den kan publiseres.");
  }
  if (article.changed_by || article.changed_at) parts.push(`Sist endret av ${article.changed_by || "noen utenfor redigeringssiden"} ${when(article.changed_at)}.`);
  $("review-info").textContent = parts.join(" ");
  const draft = article.status !== "published";
  $("submit-review").hidden = !draft || !["draft", "changes_requested"].includes(review.state);
  const own = me && (review.submitted_by === me || article.changed_by === me);
  $("approve").hidden = review.state !== "in_review" || own;
  $("request-changes").hidden = review.state !== "in_review";
  if (review.required && draft && review.state !== "approved") $("publish").hidden = true;
}

async function reviewStep(step) {
  if (state.busy || state.current === null) return;
  if (step === "submit-review" && dirty() && !(await save())) return;
  const body = { version: state.version };
  if (step === "request-changes") {
    const comment = prompt("Hva bør endres? (vises for den som sendte artikkelen)", "");
    if (comment === null) return;
    body.comment = comment.slice(0, 2000);
  }
  setBusy(true);
  try {
    const article = await api(`/api/articles/${enc(state.current)}/${step}`, { method: "POST", body });
    fillForm(article);
    notice({ "submit-review": `«${article.title}» er sendt til godkjenning.`, approve: `«${article.title}» er godkjent og kan publiseres.`,
      "request-changes": `Du har bedt om endringer i «${article.title}».` }[step]);
    refreshList();
  } catch (error) {
    if (error.code === "article_version_conflict") { await showConflict(); return; }
    showFailure(error, "Det gikk ikke:");
  } finally {
    setBusy(false);
  }
}
for (const step of ["submit-review", "approve", "request-changes"]) $(step).addEventListener("click", () => reviewStep(step));

// ---------- history ----------
function resetHistory() {
  $("history").open = false;
  $("history-list").replaceChildren();
  $("history-diff").hidden = true; $("history-diff").textContent = "";
  $("history-empty").hidden = true;
}

async function loadHistory() {
  if (!$("history").open || state.current === null) return;
  let rows;
  try { rows = await api(`/api/articles/${enc(state.current)}/history`); } catch (error) {
    if (error.status !== 401) $("history-empty").textContent = `Fikk ikke hentet historikken: ${error.message}`;
    $("history-empty").hidden = false;
    return;
  }
  $("history-empty").textContent = "Ingen endringer er registrert ennå.";
  $("history-empty").hidden = rows.length > 0;
  $("history-list").replaceChildren(...rows.map((row) => {
    const show = el("button", { type: "button", class: "link", text: `Versjon ${row.revision}: ${ACTIONS[row.action] || row.action}` });
    show.addEventListener("click", () => showRevision(row.revision));
    return el("li", {}, show, ` av ${row.author || "ukjent"}, ${when(row.at)}`);
  }));
}

async function showRevision(number) {
  try {
    const revision = await api(`/api/articles/${enc(state.current)}/history/${number}`);
    $("history-diff").textContent = revision.diff || "(ingen endringer i teksten)";
    $("history-diff").hidden = false;
  } catch (error) {
    if (error.status !== 401) notice(`Fikk ikke hentet versjonen: ${error.message}`);
  }
}
$("history").addEventListener("toggle", loadHistory);

function closeForm(force = false) {
  if (!force && !mayLeave()) return;
  state.current = null; state.formOpen = false; state.snapshot = ""; state.version = null; state.article = null;
  $("article-form").hidden = true; $("edit-empty").hidden = false;
  clearErrors();
  markCurrentRow();
}

// A new article's id follows its title until the editor types an id of their own.
function slug(text) {
  return text.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80)
    .replace(/-+$/, "");
}
$("a-title").addEventListener("input", () => {
  if (state.current === null && !$("a-id").dataset.typed) $("a-id").value = slug($("a-title").value);
});
$("a-id").addEventListener("input", () => { $("a-id").dataset.typed = $("a-id").value ? "yes" : ""; });

$("article-form").addEventListener("submit", (event) => { event.preventDefault(); save(); });
$("article-form").addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") { event.preventDefault(); save(); }
});
$("publish").addEventListener("click", () => setPublished(true));
$("unpublish").addEventListener("click", () => setPublished(false));
$("delete").addEventListener("click", remove);
$("close-form").addEventListener("click", () => { closeForm(); if (!state.formOpen) $("new").focus(); });
$("new").addEventListener("click", () => newArticle());
window.addEventListener("beforeunload", (event) => { if (dirty()) { event.preventDefault(); event.returnValue = ""; } });

// ---------- the search index ----------
function setIndexStatus(text, kind) {
  $("index-status").textContent = text;
  $("index-status").className = kind || "";
}

function renderIndex(status) {
  const progress = $("index-progress");
  const running = status.state === "running";
  $("rebuild").disabled = running;
  progress.hidden = !running;
  if (running) {
    if (status.chunks_total > 0) {
      progress.max = status.chunks_total; progress.value = status.chunks_done;
      setIndexStatus(`Bygger indeksen … ${status.chunks_done} av ${status.chunks_total} tekstbiter`, "running");
    } else {
      progress.removeAttribute("value");
      setIndexStatus("Bygger indeksen …", "running");
    }
  } else if (status.state === "done") {
    const r = status.last_result || {};
    const at = status.finished_at ? ` kl. ${new Date(status.finished_at).toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit" })}` : "";
    let text = r.written === false
      ? `Indeksen var allerede oppdatert${at}: ${r.articles} artikler.`
      : `Indeksen er ferdig bygget${at}: ${r.articles} artikler, ${r.embedded} nye eller endrede tekstbiter.`;
    if (r.refused && r.refused.length) text += ` ${r.refused.length} ugyldige filer ble holdt utenfor.`;
    setIndexStatus(text, "done");
  } else if (status.state === "failed") {
    setIndexStatus(`Byggingen av indeksen feilet: ${status.error || "ukjent feil"}`, "failed");
  } else {
    setIndexStatus("", "");
  }
  clearTimeout(state.indexTimer);
  state.indexTimer = running && session.auth ? setTimeout(refreshIndexStatus, INDEX_POLL_MS) : null;
}

async function refreshIndexStatus() {
  if (!session.auth) return;
  try {
    renderIndex(await api("/api/index/status"));
  } catch (error) {
    if (error.status === 401) return;
    setIndexStatus(`Fikk ikke hentet status for indeksen: ${error.message}`, "failed");
    clearTimeout(state.indexTimer);
    state.indexTimer = setTimeout(refreshIndexStatus, INDEX_POLL_MS * 5);
  }
}

$("rebuild").addEventListener("click", async () => {
  $("rebuild").disabled = true;
  try {
    renderIndex(await api("/api/index/rebuild", { method: "POST", body: { force: false } }));
  } catch (error) {
    if (error.status === 409) { notice(error.message); refreshIndexStatus(); return; }
    $("rebuild").disabled = false;
    if (error.status !== 401) setIndexStatus(`Fikk ikke startet byggingen: ${error.message}`, "failed");
  }
});

// ---------- reports ----------
// Closing a question group or a note: "answered by article X" or "won't answer" with a reason.
function resolutionText(resolution) {
  if (!resolution) return "";
  const by = `${resolution.by}, ${when(resolution.at)}`;
  return resolution.resolution === "answered"
    ? `Besvart av artikkelen «${resolution.article_id}» (${by})`
    : `Skal ikke besvares: ${resolution.reason} (${by})`;
}

async function fillArticleIds() {
  try {
    const rows = await api("/api/articles");
    $("all-ids").replaceChildren(...rows.map((r) => el("option", { value: r.id, text: r.title || r.id })));
  } catch (error) { /* the field still takes a typed id */ }
}

function resolveForm(what, send, done) {
  const kind = el("select", { "aria-label": `Hvordan ${what} lukkes` },
    el("option", { value: "answered", text: "Besvart av artikkel" }), el("option", { value: "wont_answer", text: "Skal ikke besvares" }));
  const article = el("input", { "aria-label": "Id til artikkelen som svarer", placeholder: "artikkel-id", maxLength: 120, autocomplete: "off" });
  article.setAttribute("list", "all-ids");
  const reason = el("input", { "aria-label": "Hvorfor det ikke skal besvares", placeholder: "Begrunnelse", maxLength: 1000, hidden: true });
  const error = el("p", { class: "field-error", role: "alert" });
  const form = el("form", { class: "resolve" }, kind, article, reason, el("button", { type: "submit", class: "primary", text: "Lukk" }),
    el("button", { type: "button", text: "Avbryt", onclick: () => form.remove() }), error);
  kind.addEventListener("change", () => { article.hidden = kind.value !== "answered"; reason.hidden = kind.value === "answered"; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = kind.value === "answered" ? { resolution: "answered", article_id: article.value.trim() }
      : { resolution: "wont_answer", reason: reason.value.trim() };
    try { await send(body); done(); } catch (failure) { if (failure.status !== 401) error.textContent = failure.message; }
  });
  fillArticleIds();
  return form;
}

function closeButton(what, cell, send, done) {
  const button = el("button", { type: "button", text: "Lukk …" });
  button.setAttribute("aria-label", `Lukk: ${what}`);
  button.addEventListener("click", () => {
    const open = cell.querySelector("form.resolve");
    if (open) { open.remove(); return; }
    const form = resolveForm(what, send, done);
    cell.append(form);
    form.querySelector("input").focus();
  });
  return button;
}

async function refreshUnanswered() {
  const params = new URLSearchParams({ days: $("u-days").value, status: $("u-status").value });
  if ($("u-language").value) params.set("language", $("u-language").value);
  let report;
  try {
    report = await api(`/api/reports/unanswered?${params}`);
  } catch (error) {
    if (error.status !== 401) $("unanswered-summary").textContent = `Fikk ikke hentet rapporten: ${error.message}`;
    return;
  }
  const closedView = $("u-status").value === "closed";
  $("unanswered-summary").textContent = report.total
    ? `${report.total} ${closedView ? "lukkede" : "ubesvarte"} spørsmål i ${report.groups.length} ${report.groups.length === 1 ? "gruppe" : "grupper"}.`
    : closedView ? "Ingen lukkede spørsmål i perioden." : "Ingen ubesvarte spørsmål i perioden.";
  $("unanswered").tBodies[0].replaceChildren(...report.groups.map((group) => {
    const others = group.examples.filter((e) => e !== group.question);
    const examples = others.length
      ? el("details", { class: "examples" }, el("summary", { text: `Andre formuleringer (${others.length})` }),
          el("ul", {}, ...others.map((e) => el("li", { class: "question", text: e }))))
      : null;
    const write = el("button", { type: "button", text: "Skriv artikkel" });
    write.setAttribute("aria-label", `Skriv artikkel om: ${group.question}`);
    write.addEventListener("click", () => newArticle({
      title: group.question, language: group.languages.length === 1 && group.languages[0] in LANGUAGES ? group.languages[0] : "nb",
    }));
    const actions = el("td", { class: "actions" });
    if (group.resolution) actions.append(el("span", { class: "resolution", text: resolutionText(group.resolution) }));
    else {
      const listed = new URLSearchParams({ days: $("u-days").value });
      if ($("u-language").value) listed.set("language", $("u-language").value);
      actions.append(write, closeButton(group.question, actions,
        (body) => api(`/api/reports/unanswered/${enc(group.id)}/resolve?${listed}`, { method: "POST", body }),
        () => { notice(`Spørsmålsgruppen «${group.question}» er lukket.`); refreshUnanswered(); }));
    }
    return el("tr", {},
      el("td", {}, el("span", { class: "question", text: group.question }), examples),
      el("td", { class: "num", text: String(group.count) }),
      el("td", { text: group.languages.map(langName).join(", ") }),
      el("td", { class: "nowrap", text: when(group.last_seen) }),
      actions);
  }));
}

async function refreshGaps() {
  let gaps;
  try {
    gaps = await api(`/api/reports/content-gaps?status=${enc($("g-status").value)}`);
  } catch (error) {
    if (error.status !== 401) $("gaps-summary").textContent = `Fikk ikke hentet rapporten: ${error.message}`;
    return;
  }
  const closedView = $("g-status").value === "closed";
  $("gaps-summary").textContent = gaps.length
    ? `${gaps.length} ${closedView ? "lukkede " : ""}${gaps.length === 1 ? "merknad" : "merknader"} fra veilederne.`
    : closedView ? "Ingen merknader er lukket." : "Veilederne har ikke meldt om noe som mangler.";
  $("gaps").tBodies[0].replaceChildren(...gaps.map((gap) => {
    const write = el("button", { type: "button", text: "Skriv artikkel" });
    write.setAttribute("aria-label", `Skriv artikkel om: ${gap.note}`);
    write.addEventListener("click", () => newArticle({ language: gap.language in LANGUAGES ? gap.language : "nb" }));
    const actions = el("td", { class: "actions" });
    if (gap.resolution) actions.append(el("span", { class: "resolution", text: resolutionText(gap.resolution) }));
    else {
      actions.append(write, closeButton(gap.note || "merknaden", actions,
        (body) => api(`/api/reports/content-gaps/${enc(gap.id)}/resolve`, { method: "POST", body }),
        () => { notice("Merknaden er lukket."); refreshGaps(); }));
    }
    return el("tr", {},
      el("td", { class: "question", text: gap.note || "" }),
      el("td", { text: gap.counsellor || "–" }),
      el("td", { text: langName(gap.language) }),
      el("td", { text: NEEDS[gap.need] || gap.need || "–" }),
      el("td", { class: "nowrap", text: when(gap.at) }),
      actions);
  }));
}

for (const id of ["u-days", "u-language", "u-status"]) $(id).addEventListener("change", refreshUnanswered);
$("g-status").addEventListener("change", refreshGaps);
$("u-refresh").addEventListener("click", refreshUnanswered);
$("unanswered-filters").addEventListener("submit", (event) => { event.preventDefault(); refreshUnanswered(); });
$("g-refresh").addEventListener("click", refreshGaps);

// ---------- start ----------
if (session.auth && mayEdit(session.auth)) afterLogin();
else signedOut("");
