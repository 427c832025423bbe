// Veivalg stats page: login (evaluators and admins), a date range, tiles "at a glance" and one
// chart per question (Chart.js, vendored next to this file as chart.umd.min.js with its licence),
// each with its numbers as a table and a CSV download. Everything comes from GET /api/stats;
// text goes into the page with textContent only.
import { $, LANGUAGES, NEEDS, StaffSession, bindLoginForm, el } from "/staff/static/staff.js";

const ROLES = { counsellor: "veileder", editor: "redaktør", evaluator: "evaluator", admin: "administrator" };
const OUTCOMES = { information: "Informasjon", reflective: "Veiledning", referred_career_centre: "Henvist til karrieresenter",
  referred_elsewhere: "Henvist annet sted", referred: "Henvist", no_show: "Innbyggeren gikk", returned_to_bot: "Tilbake til assistenten",
  withdrawn: "Forlot køen", other: "Annet", unknown: "Ukjent" };
const CHANNELS = { web: "Nettside", sms: "SMS", telegram: "Telegram" };
const WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];
const COLOURS = ["#0b4f6c", "#f9a825", "#2e7d32", "#b3261e", "#6a4c93", "#00838f", "#8d6e63", "#5c6bc0", "#c2185b", "#7cb342"];
const REFERENCE_COLOUR = "#9aa7b2";

const session = new StaffSession("veivalg-stats", { onExpired: (error) => signedOut(error.message) });
const mayRead = (auth) => auth && (auth.role === "evaluator" || auth.role === "admin");
const charts = new Map(); // id -> Chart
let generation = 0;

// ---------- small helpers ----------
const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 1000) / 10} %`);
const num = (value) => (value === null || value === undefined ? "–" : Number(value).toLocaleString("nb-NO"));
function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 6) / 10;
  return `${minutes.toLocaleString("nb-NO")} min`;
}
function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
let today = null; // the server's today (Europe/Oslo), from the first answer without a range
function lastDays(days) {
  const to = today ? new Date(`${today}T12:00:00`) : new Date();
  const from = new Date(to);
  from.setDate(to.getDate() - (days - 1));
  return [isoDate(from), isoDate(to)];
}
const named = (table, key) => table[key] || key;
const entries = (counts, table = {}) => Object.entries(counts || {}).sort((a, b) => b[1] - a[1])
  .map(([key, value]) => [named(table, key), value]);

// A CSV cell: quoted, and never read as a formula by a spreadsheet.
function cell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}
export function toCsv(spec) {
  const rows = [[spec.category, ...spec.datasets.map((d) => d.label)]];
  spec.labels.forEach((label, i) => rows.push([label, ...spec.datasets.map((d) => d.data[i])]));
  return rows.map((row) => row.map(cell).join(";")).join("\r\n") + "\r\n";
}
function download(spec, range) {
  const blob = new Blob(["\ufeff", toCsv(spec)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: `veivalg-${spec.id}-${range.from}-${range.to}.csv` });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------- what each chart shows ----------
function specs(data) {
  const g = data.guidance;
  const openDays = Array.from({ length: 24 }, (_, hour) =>
    data.opening_hours.open_minutes.filter((day) => day[hour] >= 30).length);
  const openHours = data.opening_hours.open_minutes.map((day) => Math.round(day.reduce((a, b) => a + b, 0) / 6) / 10);
  const started = data.opening_hours.started_open + data.opening_hours.started_closed;
  const list = (id, title, category, pairs, label, note = "", extra = {}) => ({
    id, title, note, category, type: "bar", labels: pairs.map((p) => p[0]),
    datasets: [{ label, data: pairs.map((p) => p[1]) }], ...extra,
  });
  return [
    { id: "veiledningstype", title: "Informasjon mot veiledning", category: "Behov", type: "bar",
      note: `${num(g.information + g.reflective)} samtaler med kjent behov. Referanse: om lag ${pct(g.reference.information_share)} ` +
        `informasjon og ${pct(g.reference.reflective_share)} refleksiv veiledning i e-veiledning (bakgrunnsdokumentene; Danmark: 36/64).`,
      labels: ["Informasjon", "Veiledning"], percent: true,
      datasets: [{ label: "Veivalg (andel)", data: [g.information_share, g.reflective_share] },
        { label: "Referanse 40/60 (andel)", data: [g.reference.information_share, g.reference.reflective_share], colour: REFERENCE_COLOUR }] },
    { id: "overforing", title: "Overført til veileder", category: "Samtaler", type: "doughnut",
      note: `Andel overført: ${pct(data.handover.rate)} av ${num(data.chats)} samtaler.`,
      labels: ["Overført", "Ikke overført"],
      datasets: [{ label: "Samtaler", data: [data.handover.handed_over, Math.max(0, data.chats - data.handover.handed_over)] }] },
    list("ventetid", "Ventetid før en veileder tok samtalen", "Ventetid opptil (sekunder)",
      data.waiting.histogram.map((b) => [b.bucket_s, b.count]), "Overføringer",
      `Median ${duration(data.waiting.p50_s)}, 90 % innen ${duration(data.waiting.p90_s)} (${num(data.waiting.count)} tatt).`),
    list("samtalelengde", "Samtalelengde", "Meldinger fra innbyggeren",
      data.chat_length.histogram.map((b) => [b.messages, b.count]), "Samtaler",
      `Median ${num(data.chat_length.p50)} meldinger, 90 % har høyst ${num(data.chat_length.p90)}.`),
    { id: "ubesvart", title: "Ubesvarte spørsmål", category: "Spørsmål", type: "doughnut",
      note: `${pct(data.unanswered.rate)} av ${num(data.unanswered.questions)} spørsmål til assistenten fikk ikke et sikkert svar.`,
      labels: ["Besvart", "Ubesvart"],
      datasets: [{ label: "Spørsmål", data: [Math.max(0, data.unanswered.questions - data.unanswered.count), data.unanswered.count] }] },
    { id: "tilbakemelding", title: "Tilbakemelding på svar", category: "Svar", type: "doughnut",
      note: `${pct(data.feedback.helpful_share)} sa at svaret hjalp.`,
      labels: ["Hjalp", "Hjalp ikke"], datasets: [{ label: "Svar", data: [data.feedback.helpful, data.feedback.unhelpful] }] },
    list("vurderinger", "Innbyggernes vurdering", "Vurdering (1–5)",
      ["1", "2", "3", "4", "5"].map((r) => [r, data.ratings.distribution[r] || 0]), "Vurderinger",
      `Snitt ${data.ratings.mean === null ? "–" : data.ratings.mean.toLocaleString("nb-NO")} av ${num(data.ratings.count)} vurderinger.`),
    list("utfall", "Utfall av samtaler med veileder", "Utfall", entries(data.outcomes, OUTCOMES), "Overføringer"),
    list("sprak", "Språk", "Språk", entries(data.by_language, { ...LANGUAGES, other: "annet" }), "Samtaler"),
    list("fylker", "Fylker", "Fylke", entries(data.by_county), "Samtaler", "Fylket innbyggeren nevnte først.", { horizontal: true }),
    list("kanaler", "Kanaler", "Kanal", entries(data.by_channel, CHANNELS), "Samtaler"),
    list("behov", "Behov", "Behov", entries(data.by_need, NEEDS), "Samtaler", "En samtale kan ha flere behov."),
    { id: "time", title: "Tid på døgnet mot åpningstid", category: "Time", type: "bar",
      note: `${pct(started ? data.opening_hours.started_closed / started : null)} av samtalene begynte utenfor åpningstiden.`,
      labels: Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}`),
      datasets: [{ label: "Samtaler", data: data.by_hour },
        { label: "Dager i uka med åpent", data: openDays, line: true, colour: "#f9a825" }] },
    { id: "ukedag", title: "Ukedag mot åpningstid", category: "Ukedag", type: "bar",
      note: `Tidssone ${data.timezone}.`, labels: WEEKDAYS,
      datasets: [{ label: "Samtaler", data: data.by_weekday },
        { label: "Åpne timer", data: openHours, line: true, colour: "#f9a825" }] },
  ];
}

function chartConfig(spec) {
  const doughnut = spec.type === "doughnut";
  const datasets = spec.datasets.map((d, i) => {
    const colour = d.colour || COLOURS[i % COLOURS.length];
    const base = { label: d.label, data: d.data };
    if (doughnut) return { ...base, backgroundColor: spec.labels.map((_, j) => COLOURS[j % COLOURS.length]) };
    if (d.line) return { ...base, type: "line", borderColor: colour, backgroundColor: colour, yAxisID: "y2", pointRadius: 2 };
    return { ...base, backgroundColor: colour };
  });
  const options = { responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { display: doughnut || spec.datasets.length > 1 } } };
  if (!doughnut) {
    options.indexAxis = spec.horizontal ? "y" : "x";
    const valueAxis = spec.horizontal ? "x" : "y";
    options.scales = { [valueAxis]: { beginAtZero: true, ...(spec.percent ? { max: 1, ticks: { format: { style: "percent" } } } : { ticks: { precision: 0 } }) } };
    if (spec.datasets.some((d) => d.line)) options.scales.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 } };
  }
  return { type: doughnut ? "doughnut" : "bar", data: { labels: spec.labels, datasets }, options };
}

function table(spec) {
  const head = el("tr", {}, el("th", { text: spec.category, scope: "col" }), ...spec.datasets.map((d) => el("th", { text: d.label, scope: "col" })));
  const rows = spec.labels.map((label, i) => el("tr", {}, el("th", { text: String(label), scope: "row" }),
    ...spec.datasets.map((d) => el("td", { class: "num", text: spec.percent ? pct(d.data[i]) : num(d.data[i]) }))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
}

function card(spec, range) {
  const canvas = el("canvas", { "aria-label": spec.title, role: "img" });
  const empty = !spec.labels.length || spec.datasets.every((d) => d.data.every((v) => !v));
  const button = el("button", { type: "button", class: "csv", text: "Last ned CSV",
    "aria-label": `Last ned tallene for «${spec.title}» som CSV` });
  button.addEventListener("click", () => download(spec, range));
  const figure = el("figure", { class: "card", dataset: { chart: spec.id } },
    el("figcaption", {}, el("h4", { text: spec.title }), button),
    el("p", { class: "note", text: spec.note || "" }),
    empty ? el("p", { class: "empty", text: "Ingen tall i perioden." }) : el("div", { class: "plot" }, canvas),
    el("details", {}, el("summary", { text: "Vis tallene" }), table(spec)));
  return { figure, canvas: empty ? null : canvas };
}

// ---------- tiles ----------
function tiles(data) {
  const g = data.guidance;
  const tile = (key, label, value, sub) => el("div", { class: "tile", dataset: { tile: key } }, el("dt", { text: label }),
    el("dd", { text: value }, sub ? el("span", { class: "sub", text: sub }) : null));
  return [
    tile("chats", "Samtaler", num(data.chats), `${num(data.messages)} meldinger fra innbyggere`),
    tile("guidance", "Informasjon / veiledning", `${pct(g.information_share)} / ${pct(g.reflective_share)}`,
      `Referanse: ${pct(g.reference.information_share)} / ${pct(g.reference.reflective_share)}`),
    tile("handover", "Overført til veileder", pct(data.handover.rate), `${num(data.handover.handed_over)} samtaler`),
    tile("waiting", "Ventetid (median / 90 %)", `${duration(data.waiting.p50_s)} / ${duration(data.waiting.p90_s)}`, `${num(data.waiting.count)} tatt av veileder`),
    tile("length", "Samtalelengde (median / 90 %)", `${num(data.chat_length.p50)} / ${num(data.chat_length.p90)}`, "meldinger fra innbyggeren"),
    tile("unanswered", "Ubesvarte spørsmål", pct(data.unanswered.rate), `${num(data.unanswered.count)} av ${num(data.unanswered.questions)}`),
    tile("feedback", "Svar som hjalp", pct(data.feedback.helpful_share), `${num(data.feedback.helpful + data.feedback.unhelpful)} tilbakemeldinger`),
    tile("ratings", "Innbyggernes vurdering", data.ratings.mean === null ? "–" : `${data.ratings.mean.toLocaleString("nb-NO")} av 5`,
      `${num(data.ratings.count)} vurderinger`),
  ];
}

// ---------- loading ----------
function clearCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  $("charts").replaceChildren(); $("tiles").replaceChildren();
}

// The range in the form; without one, the server's default (the last 30 days up to its today).
async function load(useForm = true) {
  const from = $("from").value, to = $("to").value;
  const mine = ++generation;
  $("range-error").textContent = ""; $("range-status").textContent = "Henter …";
  let data;
  try {
    data = await session.api(useForm ? `/api/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : "/api/stats");
  } catch (error) {
    if (mine !== generation) return;
    $("range-status").textContent = "";
    $("range-error").textContent = error.message;
    return;
  }
  if (mine !== generation) return;
  if (!useForm) { today = data.range.to; $("from").value = data.range.from; $("to").value = data.range.to; }
  clearCharts();
  $("tiles").append(...tiles(data));
  for (const spec of specs(data)) {
    const { figure, canvas } = card(spec, data.range);
    $("charts").append(figure);
    if (canvas) charts.set(spec.id, new window.Chart(canvas, chartConfig(spec)));
  }
  $("range-status").textContent = `${data.range.days} dager, ${data.range.from} – ${data.range.to}.`;
  $("about").textContent = "Tallene er tellinger som blir stående når samtaler slettes. Samtalelengde teller meldinger fra innbyggeren " +
    "per samtale (en pågående samtale med det den har så langt); ventetid teller overføringer første gang en veileder tok dem (rundet opp). Alle tider i " + data.timezone + ". " +
    "Feltene conversations_closed, handovers og reviews i API-et gjelder hele driftstiden.";
  document.body.dataset.loaded = `${data.range.from}/${data.range.to}`;
}

// ---------- login ----------
function showWork() {
  const on = !!session.auth;
  $("login-view").hidden = on; $("work-view").hidden = !on; $("logout").hidden = !on;
  $("who").textContent = on ? `${session.auth.username} (${ROLES[session.auth.role] || session.auth.role})` : "";
}

function signedOut(message) {
  session.forget();
  generation += 1;
  clearCharts();
  showWork();
  $("login-error").textContent = message || "";
  if (message) $("username").focus();
}

async function afterLogin() {
  showWork();
  await load(Boolean(today && $("from").value && $("to").value));
}

bindLoginForm(session, {
  refuse: (auth) => (mayRead(auth) ? "" : `Statistikken er for evaluatorer og administratorer. «${auth.username}» er ` +
    `${ROLES[auth.role] || auth.role} og har ikke tilgang her.`),
  signedIn: async () => { await afterLogin(); $("main-heading").focus(); },
});
$("logout").addEventListener("click", async () => { await session.logOut(); signedOut(""); });
$("range").addEventListener("submit", (event) => { event.preventDefault(); load(); });
for (const button of document.querySelectorAll("#range [data-days]")) {
  button.addEventListener("click", () => { [$("from").value, $("to").value] = lastDays(Number(button.dataset.days)); load(); });
}

// ---------- start ----------
if (session.auth && mayRead(session.auth)) afterLogin();
else signedOut("");
