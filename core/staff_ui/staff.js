// Shared by the staff pages (counsellor console, editor page), served at /staff/static/staff.js
// and loaded as an ES module: element helpers, the staff session (login, logout, restore, the
// API client with the bearer token) and the Norwegian texts for the API's error codes.
//
// The API answers errors as {"detail": "...English...", "code": "stable_code"} (422 adds
// "errors": [{"field", "message", "code", "params"}]). Pages show the text for the code, never the
// English detail or message.

// ---------- elements ----------
export const $ = (id) => document.getElementById(id);

// el("li", { class: "x", text: "...", dataset: {...}, "aria-label": "..." }, child, ...): text goes
// in with textContent only, so anything written by citizens or colleagues stays text.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("aria-") || key === "role" || key === "dir" || key === "lang") node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// ---------- shared words (core/languages.py NAMES, core/vocabulary.py NEEDS) ----------
export const LANGUAGES = { nb: "bokmål", nn: "nynorsk", en: "engelsk", uk: "ukrainsk", pl: "polsk", ar: "arabisk",
  se: "nordsamisk", ru: "russisk", de: "tysk", sv: "svensk", fr: "fransk", es: "spansk", so: "somali", other: "annet språk" };
export const NEEDS = { information: "Informasjon", reflective: "Veiledning", human_request: "Ber om veileder", crisis: "Krise",
  career_centre: "Karrieresenter", smalltalk: "Småprat", out_of_scope: "Utenfor tema" };

// ---------- error texts ----------
// One entry per API error code, then the generic code of each status (core/errors.py); the test
// tests/core/test_staff_ui_codes.py fails when the server raises a code that is not here. A
// function gets the context a page passes to messageFor (e.g. { colleague }).
export const MESSAGES = {
  // the citizen's session
  session_closed: "Samtalen er avsluttet.",
  session_not_found: "Samtalen finnes ikke (lenger).",
  wrong_session_token: "Du har ikke tilgang til denne samtalen.",
  illegal_transition: "Det går ikke an slik samtalen står nå. Oppdater og prøv igjen.",
  store_unavailable: "Veivalg får ikke kontakt med meldingslageret akkurat nå, så ingenting ble lagret. Prøv igjen om litt.",
  rate_limited: "For mange forespørsler på kort tid. Vent litt og prøv igjen.",
  not_queued: "Du står ikke i kø hos en veileder.",
  pdf_unavailable: "PDF-utskrift av samtalen er ikke tilgjengelig på denne serveren. Last den ned som tekst i stedet.",
  too_many_waiting: "Det venter allerede for mange forespørsler om veileder fra dette nettverket.",
  // messaging channels (SMS, Telegram): the providers' webhooks and the short links for sources
  channel_disabled: "Denne meldingskanalen (SMS eller Telegram) er ikke satt opp.",
  bad_signature: "SMS-forespørselen har feil signatur og ble avvist.",
  bad_secret_token: "Telegram-forespørselen har feil hemmelig nøkkel og ble avvist.",
  short_link_not_found: "Lenken finnes ikke (lenger).",
  // login and tokens (a 401 on any call signs the page out with this text)
  login_failed: "Feil brukernavn eller passord.",
  login_locked: "For mange feil passord. Innloggingen er sperret en stund; prøv igjen senere.",
  account_disabled: "Kontoen er stengt. Spør en administrator.",
  token_expired: "Du er logget ut fordi økten er utløpt. Logg inn igjen.",
  token_invalid: "Du er logget ut fordi innloggingen ikke lenger er gyldig. Logg inn igjen.",
  token_revoked: "Du er logget ut (fra en annen fane, eller kontoen er endret). Logg inn igjen.",
  missing_token: "Du er ikke logget inn. Logg inn igjen.",
  bad_authorization_header: "Du er ikke logget inn. Logg inn igjen.",
  wrong_role: "Du har ikke tilgang til dette.",
  // staff accounts and counsellor profiles
  password_too_weak: "Passordet er for lett å gjette.",
  staff_exists: "Brukernavnet er allerede i bruk.",
  cannot_disable_self: "Du kan ikke stenge din egen konto.",
  staff_not_found: "Brukeren finnes ikke.",
  unknown_expertise: "Ukjent kompetanseområde.",
  // the console
  callback_not_found: "Spørsmålet finnes ikke lenger.",
  handover_not_found: "Samtalen finnes ikke (lenger).",
  not_claimed: "Ta samtalen først.",
  handover_closed: "Samtalen er avsluttet.",
  held_by_colleague: "Samtalen er hos en kollega.",
  not_yours_yet: "Ikke din ennå: samtalen holdes en kort stund for en kollega som passer bedre.",
  too_many_chats: "Du har så mange samtaler som du kan ha samtidig. Avslutt en først.",
  already_claimed: "En kollega har allerede tatt samtalen.",
  nobody_waiting: "Ingen venter på deg akkurat nå.",
  already_yours: "Samtalen er allerede hos deg.",
  colleague_off_duty: ({ colleague } = {}) => `${colleague || "Kollegaen"} er ikke på vakt.`,
  colleague_full: ({ colleague } = {}) => `${colleague || "Kollegaen"} har ikke plass til flere samtaler.`,
  kb_unavailable: "Kunnskapsbasen er ikke klar (ingen indeks er bygget ennå). Prøv igjen senere.",
  // canned replies (PUT /api/canned-replies; the detail names the reply)
  canned_language_missing: "Et ferdigsvar mangler tekst på ett av de seks språkene.",
  canned_unknown_placeholder: "Et ferdigsvar bruker en ukjent plassholder. Tillatt: {county}, {centre}, {opening_hours}, {counsellor}.",
  canned_unknown_language: "Et ferdigsvar har tekst på et språk Veivalg ikke bruker.",
  canned_duplicate_id: "To ferdigsvar har samme id.",
  canned_bad_id: "Id-en til et ferdigsvar kan bare ha små bokstaver, tall og _.",
  canned_bad_label: "Et ferdigsvar mangler etikett (høyst 60 tegn).",
  canned_too_long: "Et ferdigsvar er for langt (høyst 2000 tegn).",
  canned_too_many: "For mange ferdigsvar (høyst 40).",
  canned_empty: "Det må være minst ett ferdigsvar.",
  // the editor page
  article_not_found: "Artikkelen finnes ikke (lenger).",
  article_has_translations: "Artikkelen er originalen til oversettelser. Slett dem eller pek dem til en annen original først.",
  article_invalid: "Artikkelen har feil. Rett opp feltene som er merket.",
  article_version_required: "Siden sendte ikke med hvilken versjon av artikkelen du redigerte. Last artikkelen på nytt.",
  article_version_conflict: "En annen redaktør har endret artikkelen etter at du åpnet den.",
  revision_not_found: "Denne versjonen av artikkelen finnes ikke.",
  review_required: "Artikkelen må godkjennes av en annen redaktør før den kan publiseres.",
  review_self_approval: "Du kan ikke godkjenne din egen endring. En annen redaktør må godkjenne den.",
  review_not_pending: "Denne versjonen er ikke sendt til godkjenning.",
  review_already_pending: "Denne versjonen venter allerede på godkjenning.",
  review_already_published: "Artikkelen er allerede publisert.",
  question_group_not_found: "Spørsmålsgruppen er ikke åpen lenger. Oppdater rapporten.",
  content_gap_not_found: "Merknaden finnes ikke lenger. Oppdater rapporten.",
  content_gap_closed: "Merknaden er allerede lukket.",
  resolution_article_required: "Velg artikkelen som svarer på dette.",
  resolution_article_unknown: "Det finnes ingen artikkel med den id-en.",
  resolution_reason_required: "Skriv hvorfor dette ikke skal besvares.",
  rebuild_running: "En ombygging av indeksen pågår allerede.",
  centres_invalid: "Karrieresentrene har feil og ble ikke lagret. Rett opp feltene som er merket.",
  centres_unreadable: "Filen med karrieresentre mangler eller har feil. Rett filen i datamappen.",
  centre_not_found: "Fant ikke noe karrieresenter for den kommunen eller det fylket.",
  // the evaluator
  transcript_not_found: "Samtalen finnes ikke eller er ikke avsluttet ennå.",
  sample_not_found: "Utvalget finnes ikke (lenger).",
  no_conversations_match: "Ingen avsluttede samtaler passer med disse kriteriene. Ingenting ble lagret.",
  // statistics (evaluation/stats_api.py) and the citizen's rating (core/ratings.py)
  bad_date: "Datoen må skrives som ÅÅÅÅ-MM-DD og finnes i kalenderen.",
  bad_range: "Fra-datoen må være før eller lik til-datoen.",
  range_too_long: "Velg en periode på høyst 366 dager.",
  chat_not_ended: "Samtalen kan vurderes først når den er avsluttet.",
  already_rated: "Samtalen er allerede vurdert.",
  // by status, for codes without a text of their own
  invalid_request: "Noe i forespørselen er ikke gyldig.",
  bad_request: "Forespørselen er ikke gyldig.",
  not_authenticated: "Du er ikke logget inn. Logg inn igjen.",
  forbidden: "Du har ikke tilgang til dette.",
  not_found: "Finnes ikke (lenger).",
  method_not_allowed: "Det går ikke an her.",
  conflict: "Noe har endret seg i mellomtiden. Oppdater og prøv igjen.",
  too_large: "Forespørselen er for stor.",
  unavailable: "Tjenesten er ikke tilgjengelig akkurat nå. Prøv igjen om litt.",
  // no answer at all (status 0)
  network: "Får ikke kontakt med tjenesten. Sjekk nettet og prøv igjen.",
};

const STATUS_CODES = { 400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
  405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_request", 429: "rate_limited", 503: "unavailable" };

// The text beside a field for a field error (422 "errors", and an invalid article file's
// "errors") whose code has no text of its own in FIELD_ERROR_MESSAGES, by field: the article
// fields of knowledge/articles.py, the only ones a page shows beside its fields. Each says what
// the field must hold, so one text covers every way it can be wrong.
export const FIELD_MESSAGES = {
  id: "Bare små bokstaver a–z, tall og bindestrek (f.eks. karakterpoeng-en), og ikke en id som en annen artikkel bruker. Kan ikke endres etter lagring.",
  title: "Må fylles ut.",
  language: "Velg et språk fra listen. En bokmålsartikkel med oversettelser må forbli bokmål.",
  translation_of: "Må være id-en til en annen artikkel på bokmål, eller tomt for en bokmålsoriginal.",
  audience: "Velg minst én målgruppe fra listen.",
  topics: "Velg minst ett emne fra listen.",
  counties: "Velg bare fylker fra listen (ingen valgt = hele landet).",
  source_url: "Må være en nettadresse som begynner med http:// eller https://.",
  reviewed: "Må være en dato (ÅÅÅÅ-MM-DD).",
  review_by: "Må være en dato (ÅÅÅÅ-MM-DD) etter datoen for siste gjennomgang.",
  status: "Velg Utkast eller Publisert.",
  body: "Må fylles ut med teksten i Markdown.",
  front_matter: "Front matter i filen kan ikke leses. Rett filen i innholdsmappen.",
  path: "Artikler ligger i content/<språk>/<id>.md.",
};

export function messageFor(error, context = {}) {
  const text = MESSAGES[error.code] || MESSAGES[STATUS_CODES[error.status]];
  if (!text) return `Feil fra tjenesten (HTTP ${error.status}).`;
  return typeof text === "function" ? text(context) : text;
}

const fieldText = (field) => (Object.hasOwn(FIELD_MESSAGES, field) && FIELD_MESSAGES[field]) || "Ugyldig verdi.";

// "«value» ..." when the error names the value (params.value), else the plain text.
const quoted = (withValue, plain) => ({ value } = {}) =>
  (value === undefined || value === null || value === "" ? plain : withValue(`«${value}»`));

// The text for a field error by its code (knowledge/articles.py and knowledge/article_store.py;
// tests/knowledge/test_articles.py fails when they raise a code that is not here). A function gets
// the error's params (e.g. { value }) and the field. The page puts the text in with textContent.
export const FIELD_ERROR_MESSAGES = {
  // any field
  required: "Må fylles ut.",
  empty: "Må fylles ut.",
  not_text: "Må være tekst.",
  not_list: "Må være en liste med verdier fra listen.",
  not_allowed: quoted((v) => `${v} er ikke en gyldig verdi.`, "Ikke en gyldig verdi."),
  unknown_field: "Ukjent felt. Fjern det fra filen.",
  invalid: (params, field) => fieldText(field),
  // id
  id_format: "Bare små bokstaver a–z, tall og bindestrek (f.eks. karakterpoeng-en).",
  id_taken: quoted((v) => `${v} er allerede brukt av en annen artikkel.`, "Id-en er allerede brukt av en annen artikkel."),
  id_changed: quoted((v) => `Må forbli ${v}. Lag en ny artikkel for å bytte id.`, "Id-en kan ikke endres. Lag en ny artikkel for å bytte id."),
  id_file_mismatch: quoted((v) => `Må være lik filnavnet (${v}).`, "Må være lik filnavnet."),
  // language
  unknown_language: quoted((v) => `Ukjent språk ${v}. Velg et språk fra listen.`, "Velg et språk fra listen."),
  language_folder_mismatch: quoted((v) => `Må være lik mappen (${v}).`, "Må være lik mappen filen ligger i."),
  unknown_language_folder: quoted((v) => `Ukjent språkmappe ${v}. Artikler ligger i content/<språk>/<id>.md.`,
    "Ukjent språkmappe. Artikler ligger i content/<språk>/<id>.md."),
  original_must_stay_nb: ({ translations } = {}) => (translations
    ? `Må forbli bokmål: ${translations} er oversettelser av denne artikkelen.`
    : "Må forbli bokmål: artikkelen har oversettelser."),
  // translation_of
  translation_format: "Må være id-en til bokmålsoriginalen, eller tomt.",
  translation_missing: quoted((v) => `Det finnes ingen bokmålsartikkel med id ${v}.`, "Det finnes ingen bokmålsartikkel med den id-en."),
  original_not_translation: "En bokmålsartikkel er en original; la feltet stå tomt.",
  translation_of_itself: "Kan ikke peke på artikkelen selv.",
  // audience, topics, counties, status
  empty_list: "Velg minst én fra listen.",
  repeated_value: quoted((v) => `${v} er valgt mer enn én gang.`, "Samme verdi er valgt mer enn én gang."),
  unknown_audience: quoted((v) => `Ukjent målgruppe ${v}. Velg fra listen.`, "Velg målgrupper fra listen."),
  unknown_topic: quoted((v) => `Ukjent emne ${v}. Velg fra listen.`, "Velg emner fra listen."),
  unknown_county: quoted((v) => `Ukjent fylke ${v}. Velg fra listen.`, "Velg bare fylker fra listen."),
  unknown_status: quoted((v) => `Ukjent status ${v}. Velg Utkast eller Publisert.`, "Velg Utkast eller Publisert."),
  // source_url, dates
  url_format: "Må være en nettadresse som begynner med http:// eller https://.",
  date_format: "Må være en dato (ÅÅÅÅ-MM-DD).",
  date_not_timestamp: "Må være en dato (ÅÅÅÅ-MM-DD), ikke et tidspunkt.",
  review_before_reviewed: "Må være etter datoen for siste gjennomgang.",
  // body
  too_long: ({ max } = {}) => (Number.isFinite(Number(max)) && max !== null && max !== ""
    ? `For lang (høyst ${Number(max).toLocaleString("nb-NO")} tegn).` : "Teksten er for lang."),
  // the file itself
  front_matter_missing: "Filen begynner ikke med front matter mellom to «---»-linjer. Rett filen i innholdsmappen.",
  front_matter_yaml: "Front matter i filen er ikke gyldig YAML. Rett filen i innholdsmappen.",
  front_matter_not_mapping: "Front matter i filen må være felt med verdier (felt: verdi). Rett filen i innholdsmappen.",
  front_matter_invalid: "Front matter i filen kan ikke leses. Rett filen i innholdsmappen.",
  not_utf8: "Filen er ikke lagret som UTF-8. Rett filen i innholdsmappen.",
  wrong_place: "Artikler ligger i content/<språk>/<id>.md.",
};

// The text for one field error: by its code, else the field's own text, else a generic one.
// fieldMessage(field) alone gives the field's text.
export function fieldMessage(field, code, params) {
  const text = code && Object.hasOwn(FIELD_ERROR_MESSAGES, code) ? FIELD_ERROR_MESSAGES[code] : null;
  const made = typeof text === "function" ? text(params && typeof params === "object" ? params : {}, field) : text;
  return typeof made === "string" && made ? made : fieldText(field);
}

export class ApiError extends Error {
  constructor(status, code, detail = "", errors = []) {
    super("");
    this.status = status;
    this.code = code;
    this.detail = detail; // the API's English explanation, for the console log, not the page
    this.errors = errors; // [{field, message, code, params}] on a 422
    this.message = messageFor(this);
  }
}

// ---------- the staff session ----------
// The token lives in sessionStorage under the page's own key, so a reload keeps the login.
export class StaffSession {
  constructor(storageKey, { onExpired = () => {} } = {}) {
    this.storageKey = storageKey;
    this.onExpired = onExpired; // called with the ApiError when a call answers 401
    try { this.auth = JSON.parse(sessionStorage.getItem(storageKey) || "null"); } catch (error) { this.auth = null; }
  }

  get token() { return this.auth && this.auth.token; }

  keep(auth) { this.auth = auth; sessionStorage.setItem(this.storageKey, JSON.stringify(auth)); }

  forget() { this.auth = null; sessionStorage.removeItem(this.storageKey); }

  // {token, role, username}; not kept until the page calls keep().
  logIn(username, password) {
    return this.api("/api/auth/login", { method: "POST", body: { username, password } });
  }

  // Forgets the token first (stops polling at once), then revokes it on the server.
  async logOut() {
    const token = this.token;
    this.forget();
    await revoke(token);
  }

  async api(path, { method = "GET", body } = {}) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.auth) headers.Authorization = `Bearer ${this.auth.token}`;
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, "network");
    }
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (response.ok) return data;
    const error = new ApiError(response.status, typeof data.code === "string" ? data.code : "",
      typeof data.detail === "string" ? data.detail : "", Array.isArray(data.errors) ? data.errors : []);
    if (error.code && !(error.code in MESSAGES)) console.warn(`staff.js: no text for the API error code ${error.code}`);
    if (response.status === 401 && this.auth && !path.startsWith("/api/auth/login")) {
      this.forget();
      this.onExpired(error);
    }
    throw error;
  }
}

// Revoke a token (logout); never fails.
export async function revoke(token) {
  if (!token) return;
  await fetch("/api/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
}

// The login form both pages share (#login, #username, #password, #login-error). refuse(auth)
// returns a text when this user may not use the page (the token is then revoked, not kept).
export function bindLoginForm(session, { refuse = () => "", signedIn }) {
  $("login").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    try {
      const auth = await session.logIn($("username").value.trim(), $("password").value);
      $("password").value = "";
      const refusal = refuse(auth);
      if (refusal) {
        revoke(auth.token);
        $("login-error").textContent = refusal;
        $("username").focus();
        return;
      }
      session.keep(auth);
      await signedIn(auth);
    } catch (error) {
      $("login-error").textContent = error.message;
    }
  });
}
