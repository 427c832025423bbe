// Veivalg evaluator page: login (evaluators and admins only), make a stratified, seeded sample of
// closed conversations or open a saved one, step through its anonymised transcripts, review each
// one (one review per evaluator; sending it again replaces your own), see how far the evaluators
// agree, and download reviews and transcripts as CSV or JSONL. Everything from the API is put into
// the page with textContent only; the shared staff module holds the session, the helpers and the
// texts for the API's error codes.
import { $, ApiError, LANGUAGES, MESSAGES, NEEDS, StaffSession, bindLoginForm, el } from "/staff/static/staff.js";

const ROLES = { counsellor: "veileder", editor: "redaktør", evaluator: "evaluator", admin: "administrator" };
const OUTCOMES = {
  information: "Informasjon", reflective: "Veiledning", referred_career_centre: "Henvist til karrieresenter",
  referred_elsewhere: "Henvist videre", referred: "Henvist", no_show: "Innbyggeren forsvant",
  returned_to_bot: "Tilbake til chatboten", withdrawn: "Gikk ut av køen", other: "Annet",
  no_handover: "Ikke overført", unknown: "Ukjent",
};
const CHANNELS = { web: "Nettside", sms: "SMS", telegram: "Telegram" };
const YES_NO = { yes: "Ja", no: "Nei" };
const ALL_NEEDS = { ...NEEDS, unknown: "Ukjent" };
const DIMENSIONS = { need: "Behov", language: "Språk", outcome: "Utfall", handed_over: "Overført", channel: "Kanal" };
const CRITERIA = { need: ALL_NEEDS, language: LANGUAGES, outcome: OUTCOMES, handed_over: YES_NO, channel: CHANNELS };
const SENDERS = { citizen: "Innbygger", bot: "Veivalg", counsellor: "Veileder", system: "System" };
// Event kinds worth a tag (core/vocabulary.py MESSAGE_KINDS and the staff-only events); plain
// messages, answers and system notices get none.
const KINDS = {
  clarify: "Oppklaring", feedback: "Tilbakemelding", offer_counsellor: "Tilbud om veileder", handover_queued: "I kø",
  out_of_hours: "Utenfor åpningstid", career_centre: "Karrieresenter", crisis: "Krise", fallback: "Forsto ikke",
  smalltalk: "Småprat", crisis_alert: "Krisevarsel", citizen_left: "Innbyggeren gikk", internal_note: "Internt notat",
  callback_request: "Ber om å bli kontaktet",
};
// The review form (evaluation/reviews.py QUESTIONS) and the words for the answers.
const ANSWERS = { yes: "Ja", partly: "Delvis", no: "Nei", not_applicable: "Ikke aktuelt", good: "God", acceptable: "Akseptabel", poor: "Dårlig" };
const QUESTIONS = {
  need_recognised: { label: "Behov gjenkjent", answers: ["yes", "partly", "no"] },
  answer_correct: { label: "Svaret riktig", answers: ["yes", "partly", "no", "not_applicable"] },
  answer_sourced: { label: "Kilde vist", answers: ["yes", "no", "not_applicable"] },
  handover_right: { label: "Riktig overføring", answers: ["yes", "no", "not_applicable"] },
  handover_timely: { label: "Overføring i tide", answers: ["yes", "no", "not_applicable"] },
  tone: { label: "Tone", answers: ["good", "acceptable", "poor"] },
};

const session = new StaffSession("veivalg-evaluate", { onExpired: (error) => signedOut(error.message) });
const api = (path, options) => session.api(path, options);
const enc = encodeURIComponent;

const state = { sample: null, index: 0 };

// ---------- small helpers ----------
function notice(text) { $("notice").textContent = text || ""; }
const label = (table, code) => (code in table ? table[code] : code);
function percent(value) { return value === null || value === undefined ? "–" : `${Math.round(value * 100)} %`; }
function decimal(value) { return value === null || value === undefined ? "–" : value.toLocaleString("nb-NO", { maximumFractionDigits: 3 }); }
function when(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso || "";
  return `${date.toLocaleDateString("nb-NO", { day: "2-digit", month: "2-digit", year: "numeric" })} kl. ${
    date.toLocaleTimeString("nb-NO", { hour: "2-digit", minute: "2-digit" })}`;
}
function day(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (iso || "–");
}
const current = () => (state.sample ? state.sample.transcripts[state.index] : null);

// ---------- login ----------
const mayEvaluate = (auth) => auth && (auth.role === "evaluator" || auth.role === "admin");

function showWork() {
  const on = !!session.auth;
  $("login-view").hidden = on; $("work-view").hidden = !on; $("logout").hidden = !on;
  $("who").textContent = on ? `${session.auth.username} (${ROLES[session.auth.role] || session.auth.role})` : "";
}

function signedOut(message) {
  session.forget();
  state.sample = null; state.index = 0;
  $("saved-samples").replaceChildren(el("option", { value: "", text: "Velg et utvalg …" }));
  showSample();
  notice("");
  showWork();
  $("login-error").textContent = message || "";
  if (message) $("username").focus();
}

async function afterLogin() {
  showWork();
  await refreshSaved();
}

bindLoginForm(session, {
  refuse: (auth) => (mayEvaluate(auth) ? "" : `Evalueringssiden er bare for evaluatorer. «${auth.username}» er ${
    ROLES[auth.role] || auth.role} og har ikke tilgang her.`),
  signedIn: async () => { await afterLogin(); $("main-heading").focus(); },
});
$("logout").addEventListener("click", async () => { await session.logOut(); signedOut(""); });

// ---------- the form for a new sample ----------
function checkboxes(fieldsetId, name, options, checked = () => false) {
  const box = $(fieldsetId);
  for (const [value, text] of Object.entries(options)) {
    box.append(el("label", {}, el("input", { type: "checkbox", name, value, checked: checked(value) }), ` ${text}`));
  }
}
for (const [dimension, options] of Object.entries(CRITERIA)) checkboxes(`c-${dimension}`, `c-${dimension}`, options);
checkboxes("c-stratify", "stratify", DIMENSIONS, () => true);
function radios(question) {
  const box = $(`q-${question}`);
  for (const answer of QUESTIONS[question].answers) {
    box.append(el("label", {}, el("input", { type: "radio", name: question, value: answer }), ` ${ANSWERS[answer]}`));
  }
}
for (const question of Object.keys(QUESTIONS)) radios(question);
for (const [value, text] of Object.entries(NEEDS)) $("q-expected_need").append(el("option", { value, text }));

const checkedValues = (name) => [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

$("new-sample").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("new-sample-error").textContent = "";
  const criteria = {};
  for (const dimension of Object.keys(CRITERIA)) criteria[dimension] = checkedValues(`c-${dimension}`);
  if ($("c-from").value) criteria.from = $("c-from").value;
  if ($("c-to").value) criteria.to = $("c-to").value;
  const size = Number($("c-size").value);
  if (!Number.isInteger(size) || size < 1 || size > 200) {
    $("new-sample-error").textContent = "Antall samtaler må være et helt tall fra 1 til 200.";
    $("c-size").focus();
    return;
  }
  const body = { criteria, size, stratify_by: checkedValues("stratify"), allocation: checkedValues("allocation")[0] || "proportional" };
  if ($("c-seed").value !== "") body.seed = Number($("c-seed").value);
  if (criteria.from && criteria.to && criteria.from > criteria.to) {
    $("new-sample-error").textContent = "Fra-datoen må være før eller lik til-datoen.";
    $("c-from").focus();
    return;
  }
  $("create-sample").disabled = true;
  try {
    const created = await api("/api/samples", { method: "POST", body });
    notice(`Utvalget er laget: ${created.drawn} av ${created.population} samtaler (frø ${created.seed}).`);
    $("new-sample-box").open = false;
    await refreshSaved(created.id);
    await openSample(created.id);
  } catch (error) {
    $("new-sample-error").textContent = error.message;
  } finally {
    $("create-sample").disabled = false;
  }
});

// ---------- saved samples ----------
async function refreshSaved(selected = $("saved-samples").value) {
  try {
    const samples = await api("/api/samples");
    const options = samples.map((s) => el("option", { value: s.id,
      text: `${when(s.created_at)} · ${s.drawn} samtaler · ${s.created_by} · frø ${s.seed}` }));
    $("saved-samples").replaceChildren(el("option", { value: "", text: samples.length ? "Velg et utvalg …" : "Ingen lagrede utvalg ennå" }), ...options);
    $("saved-samples").value = samples.some((s) => s.id === selected) ? selected : "";
    if (!samples.length) $("new-sample-box").open = true;
  } catch (error) {
    notice(error.message);
  }
}

$("saved-samples").addEventListener("change", () => {
  if ($("saved-samples").value) openSample($("saved-samples").value);
});

async function openSample(id, index = 0) {
  try {
    state.sample = await api(`/api/samples/${enc(id)}`);
    state.index = Math.min(index, Math.max(0, state.sample.transcripts.length - 1));
    showSample();
    $("sample-title").focus();
  } catch (error) {
    notice(error.message);
  }
}

function criteriaText(criteria) {
  const parts = [];
  if (criteria.from || criteria.to) parts.push(`avsluttet ${criteria.from ? day(criteria.from) : "…"}–${criteria.to ? day(criteria.to) : "…"}`);
  for (const [dimension, table] of Object.entries(CRITERIA)) {
    const values = criteria[dimension] || [];
    if (values.length) parts.push(`${DIMENSIONS[dimension].toLowerCase()}: ${values.map((v) => label(table, v)).join(", ")}`);
  }
  return parts.length ? parts.join("; ") : "alle avsluttede samtaler";
}

function stratumText(values) {
  return Object.entries(values).map(([dimension, value]) => `${DIMENSIONS[dimension]}: ${label(CRITERIA[dimension], value)}`).join(" · ") || "Alle";
}

function showSample() {
  const sample = state.sample;
  $("sample-info").hidden = !sample;
  if (!sample) { showConversation(); return; }
  $("sample-title").textContent = `Utvalg ${sample.id}`;
  $("sample-meta").textContent = `${sample.drawn} av ${sample.population} samtaler (${criteriaText(sample.criteria)}). ` +
    `Strata etter ${sample.stratify_by.map((d) => DIMENSIONS[d].toLowerCase()).join(", ") || "ingenting"}, ` +
    `${sample.allocation === "equal" ? "like mange fra hvert" : "proporsjonal fordeling"}, frø ${sample.seed}. ` +
    `Laget av ${sample.created_by} ${when(sample.created_at)}.` +
    (sample.transcripts.length < sample.drawn ? ` ${sample.drawn - sample.transcripts.length} er slettet siden.` : "");
  $("strata-count").textContent = String(sample.strata.length);
  $("strata").tBodies[0].replaceChildren(...sample.strata.map((s) => el("tr", {},
    el("td", { text: stratumText(s.values) }), el("td", { class: "num", text: String(s.population) }),
    el("td", { class: "num", text: String(s.drawn) }))));
  showAgreement(sample.agreement);
  showConversation();
}

function showAgreement(agreement) {
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  $("agreement-summary").textContent = `${count(agreement.evaluators, "evaluator", "evaluatorer")} har vurdert ` +
    `${count(agreement.conversations_reviewed, "samtale", "samtaler")}; ` +
    `${agreement.conversations_with_several_reviews} av dem er vurdert av flere enn én.`;
  $("agreement").tBodies[0].replaceChildren(...Object.entries(QUESTIONS).map(([question, { label: text }]) => {
    const row = agreement.questions[question];
    return el("tr", {}, el("th", { scope: "row", text }), el("td", { class: "num", text: String(row.conversations) }),
      el("td", { class: "num", text: percent(row.percent_agreement) }), el("td", { class: "num", text: decimal(row.fleiss_kappa) }));
  }));
}

// ---------- one conversation ----------
function showConversation() {
  const sample = state.sample;
  const transcript = current();
  const total = sample ? sample.transcripts.length : 0;
  $("conversation-empty").hidden = !!transcript;
  $("conversation-empty").textContent = sample ? "Ingen samtaler i utvalget (lenger)." : "Velg eller lag et utvalg for å se samtalene.";
  $("facts").hidden = !transcript; $("events").hidden = !transcript;
  $("review").hidden = !transcript; $("conversation-agreement").hidden = !transcript;
  $("previous").disabled = !transcript || state.index === 0;
  $("next").disabled = !transcript || state.index >= total - 1;
  $("save-next").disabled = !transcript || state.index >= total - 1;
  $("position").textContent = transcript ? `Samtale ${state.index + 1} av ${total}` : "";
  $("conversation-heading").textContent = transcript ? `Samtale ${state.index + 1} av ${total}` : "Samtale";
  if (!transcript) return;
  const facts = [["Avsluttet", day(transcript.closed_on)], ["Behov", label(ALL_NEEDS, transcript.need)],
    ["Språk", label(LANGUAGES, transcript.language)], ["Utfall", label(OUTCOMES, transcript.outcome)],
    ["Overført", transcript.handed_over ? "Ja" : "Nei"], ["Kanal", label(CHANNELS, transcript.channel)], ["Referanse", transcript.id]];
  $("facts").replaceChildren(...facts.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value })]));
  $("events").replaceChildren(...transcript.events.map((event) => {
    const sources = (event.sources || []).map((s) => el("li", {}, `${s.title} – `, el("span", { class: "url", text: s.url })));
    return el("li", { class: `event from-${event.from}` },
      el("p", { class: "meta" }, el("strong", { text: label(SENDERS, event.from) }), ` · ${when(event.at)}`,
        event.kind in KINDS ? el("span", { class: "tag", text: KINDS[event.kind] }) : null),
      el("p", { class: "text", dir: "auto", text: event.text }),
      sources.length ? el("ul", { class: "sources", "aria-label": "Kilder" }, ...sources) : null);
  }));
  fillReview(transcript.my_review);
  showConversationAgreement(transcript);
}

function fillReview(review) {
  $("review-error").textContent = "";
  $("review-status").textContent = review ? `Du vurderte denne samtalen ${when(review.at)}. Lagrer du igjen, erstattes vurderingen din.` : "";
  for (const question of Object.keys(QUESTIONS)) {
    for (const input of document.querySelectorAll(`input[name="${question}"]`)) input.checked = !!review && review[question] === input.value;
  }
  $("q-expected_need").value = (review && review.expected_need) || "";
  $("q-answer_quality").value = review && review.answer_quality ? String(review.answer_quality) : "";
  $("q-comment").value = (review && review.comment) || "";
}

function showConversationAgreement(transcript) {
  const reviews = transcript.reviews || [];
  $("reviewers").textContent = reviews.length
    ? `${reviews.length} ${reviews.length === 1 ? "vurdering" : "vurderinger"}: ${reviews.map((r) => r.evaluator).join(", ")}.`
    : "Ingen har vurdert samtalen ennå.";
  $("answers").replaceChildren(...Object.entries(QUESTIONS).map(([question, { label: text }]) => {
    const row = transcript.agreement[question];
    const counts = Object.entries(row.answers).map(([answer, n]) => `${label(ANSWERS, answer)} ${n}`).join(", ");
    return el("li", {}, el("strong", { text: `${text}: ` }),
      counts ? `${counts} – ${percent(row.share_agreeing)} enige` : "ingen svar");
  }));
}

// Stepping with a button keeps the focus on it (the position is announced), so Enter steps on;
// at either end, or after "save and next", the focus goes to the conversation's heading.
function step(delta, button = null) {
  if (!state.sample) return;
  const next = state.index + delta;
  if (next < 0 || next >= state.sample.transcripts.length) return;
  state.index = next;
  showConversation();
  if (!button || button.disabled) $("conversation-heading").focus();
}
$("previous").addEventListener("click", () => step(-1, $("previous")));
$("next").addEventListener("click", () => step(1, $("next")));

// ---------- the review ----------
async function saveReview(thenNext) {
  const transcript = current();
  if (!transcript) return;
  $("review-error").textContent = "";
  const need = checkedValues("need_recognised")[0];
  if (!need) {
    $("review-error").textContent = "Svar på om behovet ble gjenkjent.";
    document.querySelector('input[name="need_recognised"]').focus();
    return;
  }
  const body = { need_recognised: need, comment: $("q-comment").value };
  for (const question of Object.keys(QUESTIONS)) {
    if (question !== "need_recognised") body[question] = checkedValues(question)[0] || null;
  }
  body.expected_need = $("q-expected_need").value || null;
  body.answer_quality = $("q-answer_quality").value ? Number($("q-answer_quality").value) : null;
  $("save-review").disabled = true; $("save-next").disabled = true;
  try {
    const base = `/api/samples/${enc(state.sample.id)}`;
    const saved = await api(`${base}/transcripts/${enc(transcript.id)}/review`, { method: "POST", body });
    // Only the reviews and the agreement are read again (not the transcripts: no new access-log entries).
    const [reviews, agreement] = await Promise.all([api(`${base}/transcripts/${enc(transcript.id)}/reviews`), api(`${base}/agreement`)]);
    Object.assign(transcript, reviews);
    state.sample.agreement = agreement;
    showAgreement(agreement);
    if (current() === transcript) { fillReview(transcript.my_review); showConversationAgreement(transcript); }
    notice(saved.replaced ? "Vurderingen din er oppdatert." : "Vurderingen er lagret.");
    if (thenNext) step(1);
    else $("review-status").focus();
  } catch (error) {
    $("review-error").textContent = error.message;
  } finally {
    $("save-review").disabled = false;
    $("save-next").disabled = !state.sample || state.index >= state.sample.transcripts.length - 1;
  }
}
$("review-status").tabIndex = -1;
$("review").addEventListener("submit", (event) => { event.preventDefault(); saveReview(false); });
$("save-next").addEventListener("click", () => saveReview(true));

// ---------- downloads ----------
// The export needs the bearer token, so it is fetched and handed to the browser as a file.
async function download(what, format) {
  if (!state.sample) return;
  const path = `/api/samples/${enc(state.sample.id)}/export?format=${enc(format)}&what=${enc(what)}`;
  try {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
    if (!response.ok) {
      await api(path); // the same request through the API client, for its error text and 401 handling
      return;
    }
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: `veivalg-utvalg-${state.sample.id}-${what}.${format}`, class: "sr-only" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    notice(`${what === "reviews" ? "Vurderingene" : "Samtalene"} er lastet ned (${format.toUpperCase()}).`);
  } catch (error) {
    notice(error instanceof ApiError ? error.message : MESSAGES.network);
  }
}
for (const button of document.querySelectorAll(".downloads button")) {
  button.addEventListener("click", () => download(button.dataset.what, button.dataset.format));
}

// ---------- start ----------
if (session.auth && mayEvaluate(session.auth)) afterLogin();
else signedOut("");
