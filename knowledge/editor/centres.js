// The career centres page (/editor/centres): read the offices (GET /api/career-centres), edit one
// at a time and save the whole file (PUT). The server validates like the loader
// (knowledge/centres.py); its field errors are shown beside the fields, in Norwegian, as text.
import { $, StaffSession, bindLoginForm, el } from "/staff/static/staff.js";

const FIELDS = { name: "Navn", town: "Sted", address: "Besøksadresse", phone: "Telefon", booking_url: "Timebestilling (nettadresse)",
  url: "Nettside" };
// Field error codes of knowledge/centres.py validate(); params: {office, field, value}.
const ERRORS = {
  missing: "Feltet mangler.",
  not_mapping: "Feltet har feil form.",
  unknown_key: "Ukjent felt.",
  not_text: "Må være tekst.",
  source_missing: "Et felt med verdi må ha en kilde (nettadresse som begynner med http:// eller https://).",
  checked_missing: "Et felt med verdi må ha datoen du sjekket kilden (ÅÅÅÅ-MM-DD).",
  bad_url: "Må være en nettadresse som begynner med http:// eller https://.",
  bad_phone: "Må være et norsk telefonnummer med 8 sifre (gjerne +47 foran).",
  bad_id: "Bare små bokstaver a–z, tall og bindestrek.",
  id_taken: "Id-en er allerede brukt av et annet kontor.",
  unknown_county: "Velg et fylke fra listen.",
  not_bool: "Må være av eller på.",
  verified_incomplete: "Et kontrollert kontor må ha navn og telefon eller timebestilling.",
  serves_empty: "Skriv minst én kommune.",
  unknown_municipality: (p) => `«${p.value}» er ikke en kommune i kommunelisten.`,
  wrong_county: (p) => `«${p.value}» ligger i et annet fylke.`,
  served_twice: (p) => `«${p.value}» hører allerede til et annet kontor.`,
  main_office: (p) => `${p.value} må ha nøyaktig ett hovedkontor.`,
  municipality_unserved: (p) => `Ingen kontorer dekker «${p.value}» (og kanskje flere). Hver kommune må høre til ett kontor.`,
  no_offices: "Filen må ha en liste med kontorer.",
};
const errorText = (e) => {
  const text = ERRORS[e.code];
  return typeof text === "function" ? text(e.params || {}) : (text || "Ugyldig verdi.");
};

const session = new StaffSession("veivalg-editor", { onExpired: (error) => signedOut(error.message) });
const state = { offices: [], counties: [], municipalities: {}, index: -1 };

function notice(text) { $("notice").textContent = text || ""; }
const mayEdit = (auth) => auth && (auth.role === "editor" || auth.role === "admin");

function signedOut(text) {
  $("work-view").hidden = true; $("login-view").hidden = false; $("logout").hidden = true; $("who").textContent = "";
  notice(text);
}

async function load() {
  const data = await session.api("/api/career-centres");
  state.offices = data.offices; state.counties = data.counties; state.municipalities = data.municipalities;
  $("o-county").replaceChildren(...state.counties.map((c) => el("option", { value: c, text: c })));
  renderList();
}

function label(office) {
  const name = office.name.value || "(navn ikke bekreftet)";
  const town = office.town.value ? `, ${office.town.value}` : "";
  return `${office.county}: ${name}${town}${office.needs_verification ? " – må kontrolleres" : ""}`;
}

function renderList() {
  $("office-list").replaceChildren(...state.offices.map((o, i) => el("option", { value: String(i), text: label(o) })));
  if (state.index >= 0) $("office-list").value = String(state.index);
}

function sourcedRow(name) {
  const id = (part) => `o-${name}-${part}`;
  return el("fieldset", {},
    el("legend", { text: FIELDS[name] }),
    el("label", {}, "Verdi ", el("input", { id: id("value") })),
    el("label", {}, "Kilde ", el("input", { id: id("source_url"), type: "url" })),
    el("label", {}, "Sjekket ", el("input", { id: id("checked"), placeholder: "ÅÅÅÅ-MM-DD" })),
    el("p", { class: "field-error", id: `err-${name}` }));
}

function clearErrors() {
  for (const node of document.querySelectorAll(".field-error")) node.textContent = "";
  $("form-errors").textContent = ""; $("file-errors").textContent = "";
}

function showOffice(index) {
  state.index = index;
  const office = state.offices[index];
  clearErrors();
  $("office-form").hidden = false;
  $("o-id").value = office.id; $("o-county").value = office.county;
  $("o-main").checked = office.main; $("o-needs_verification").checked = office.needs_verification;
  for (const name of Object.keys(FIELDS)) {
    for (const part of ["value", "source_url", "checked"]) $(`o-${name}-${part}`).value = office[name][part] || "";
  }
  $("o-serves").value = office.serves.join("\n");
  $("o-note").value = office.note || "";
}

function readForm() {
  const office = {
    id: $("o-id").value.trim(), county: $("o-county").value, main: $("o-main").checked,
    needs_verification: $("o-needs_verification").checked,
    serves: $("o-serves").value.split("\n").map((s) => s.trim()).filter(Boolean),
    note: $("o-note").value.trim() || null,
  };
  for (const name of Object.keys(FIELDS)) {
    const value = $(`o-${name}-value`).value.trim();
    office[name] = value ? { value, source_url: $(`o-${name}-source_url`).value.trim(),
      checked: $(`o-${name}-checked`).value.trim() } : { value: "" };
  }
  return office;
}

function showErrors(errors) {
  const elsewhere = [];
  for (const e of errors) {
    const m = /^offices\[(\d+)\]\.([a-z_]+)/.exec(e.field || "");
    const target = m && Number(m[1]) === state.index ? $(`err-${m[2]}`) : null;
    if (target) target.textContent = [target.textContent, errorText(e)].filter(Boolean).join(" ");
    else elsewhere.push(`${(e.params && e.params.office) || "Filen"}: ${errorText(e)}`);
  }
  $("file-errors").replaceChildren(...elsewhere.map((t) => el("p", { text: t })));
  $("form-errors").textContent = "Ikke lagret. Rett opp feltene som er merket.";
}

async function save(offices) {
  clearErrors();
  try {
    const data = await session.api("/api/career-centres", { method: "PUT", body: { offices } });
    state.offices = data.offices;
    renderList();
    if (state.index >= 0 && state.index < state.offices.length) showOffice(state.index);
    notice("Lagret.");
  } catch (error) {
    if (error.errors && error.errors.length) showErrors(error.errors);
    notice(error.message);
  }
}

$("office-list").addEventListener("change", () => showOffice(Number($("office-list").value)));
$("office-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const offices = state.offices.slice();
  offices[state.index] = readForm();
  save(offices);
});
$("delete-office").addEventListener("click", () => {
  if (state.index < 0 || !confirm("Fjerne kontoret? Kommunene må flyttes til et annet kontor før lagring går gjennom.")) return;
  const offices = state.offices.filter((_, i) => i !== state.index);
  state.index = -1; $("office-form").hidden = true;
  save(offices);
});
$("new-office").addEventListener("click", () => {
  const blank = Object.fromEntries(Object.keys(FIELDS).map((n) => [n, { value: "" }]));
  state.offices.push({ id: "", county: state.counties[0] || "", main: false, needs_verification: true, serves: [], note: null, ...blank });
  renderList();
  showOffice(state.offices.length - 1);
  $("o-id").focus();
});
$("logout").addEventListener("click", async () => { await session.logOut(); signedOut(""); });

$("sourced-fields").replaceChildren(...Object.keys(FIELDS).map(sourcedRow));

async function signedIn(auth) {
  $("login-view").hidden = true; $("work-view").hidden = false; $("logout").hidden = false;
  $("who").textContent = auth.username;
  try { await load(); } catch (error) { notice(error.message); }
}

bindLoginForm(session, {
  refuse: (auth) => (mayEdit(auth) ? "" : "Siden er bare for redaktører."),
  signedIn: async (auth) => { await signedIn(auth); $("main-heading").focus(); },
});
if (mayEdit(session.auth)) signedIn(session.auth);
