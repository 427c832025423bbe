// One transcript event as one item of the chat log, each kind in its own way: answers with their
// sources, the career-centre card, the crisis panel with tel: links, counsellor messages marked as
// from a person (with their first name), the callback form. Text only, never markup.
import { appendWithNumbersLeftToRight, el, isHttpUrl } from "./dom.js";
import { bind } from "./i18n.js";

// Kinds the staff see in the transcript but the citizen never should (the server filters them too);
// queue places are shown in the status area, not as messages.
export const NOT_IN_LOG = new Set(["internal_note", "crisis_alert", "citizen_left", "queue"]);
const SPEAKERS = new Set(["citizen", "bot", "counsellor", "system"]);

function who(event) {
  const label = el("span", { className: "who" });
  if (event.from === "counsellor" && event.counsellor_name) {
    bind(label, "who_counsellor_named", { name: String(event.counsellor_name) });
  } else {
    bind(label, `who_${SPEAKERS.has(event.from) ? event.from : "system"}`);
  }
  return label;
}

// "Kilde: <title – section> · sist kontrollert <date>": the title and the link isolated (<bdi>),
// so Norwegian titles keep their order in an Arabic page.
function sourceList(sources) {
  const list = el("ul", { className: "sources" });
  for (const source of sources) {
    const title = source.section ? `${source.title} – ${source.section}` : String(source.title || source.url || "");
    const link = isHttpUrl(source.url)
      ? el("a", { href: source.url, target: "_blank", rel: "noopener", textContent: title, dir: "auto" })
      : el("span", { textContent: title, dir: "auto" });
    const item = el("li", {}, bind(el("span", { className: "source-label" }), "source"), " ", el("bdi", {}, link));
    if (source.reviewed) {
      const checked = el("span", { className: "checked", dataset: { i18nDate: String(source.reviewed) } });
      item.append(" · ", bind(checked, "last_checked"));
    }
    list.append(item);
  }
  return list;
}

// The career centre card: name, address, a tel: link and the booking link; every value as text.
function centreCard(centre) {
  const card = el("div", { className: "centre-card" });
  const line = (...parts) => card.append(el("p", {}, ...parts));
  const link = (href, label) => el("a", { href, textContent: label, ...(href.startsWith("tel:") ? {} : { target: "_blank", rel: "noopener" }) });
  line(el("strong", { textContent: centre.name || "", dir: "auto" }));
  if (centre.address) line(el("span", { textContent: centre.address, dir: "auto" }));
  if (centre.phone && /^tel:\+?\d+$/.test(centre.phone_uri || "")) {
    line(bind(el("span"), "centre_phone"), " ", el("bdi", { dir: "ltr" }, link(centre.phone_uri, centre.phone)));
  }
  if (isHttpUrl(centre.booking_url)) line(bind(link(centre.booking_url, ""), "centre_booking"));
  if (isHttpUrl(centre.url)) line(bind(link(centre.url, ""), "centre_website"));
  if (isHttpUrl(centre.alternative_url)) line(link(centre.alternative_url, "karriereveiledning.no"));
  return card;
}

// Each emergency number as a large link that calls it; the number reads left to right in every language.
function emergencyList(numbers) {
  const list = el("ul", { className: "emergency" });
  for (const entry of numbers) {
    const digits = String(entry.number || "").replace(/[^\d+]/g, "");
    if (!digits) continue;
    list.append(el("li", {}, el("a", { className: "call", href: `tel:${digits}` },
      el("span", { className: "number", dir: "ltr", textContent: entry.number }),
      el("span", { className: "label", dir: "auto", textContent: entry.label || "" }))));
  }
  return list;
}

// Out of hours (or nobody on duty): leave a question and an e-mail or phone number.
function callbackForm(ctx) {
  const field = (key, control) => el("label", {}, bind(el("span"), key), control);
  const error = el("p", { className: "callback-error", attrs: { role: "alert" } });
  const form = el("form", { className: "callback" },
    field("callback_question", el("textarea", { name: "question", rows: 2, maxLength: 2000, dir: "auto", required: true })),
    field("callback_email", el("input", { name: "email", type: "email", maxLength: 200, autocomplete: "email" })),
    field("callback_phone", el("input", { name: "phone", type: "tel", maxLength: 30, autocomplete: "tel" })),
    bind(el("button", { type: "submit" }), "callback_send"),
    error);
  form.addEventListener("submit", async (submit) => {
    submit.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await ctx.sendCallback(Object.fromEntries(new FormData(form)));
      form.replaceChildren(bind(el("p"), "callback_sent"));
    } catch (failure) {
      button.disabled = false;
      if (failure.status === 422) bind(error, "callback_invalid");
      else error.textContent = failure.text || String(failure);
    }
  });
  return form;
}

// ctx: { clickButton(button, row, event), sendCallback(data) }
export function renderEvent(event, ctx) {
  if (NOT_IN_LOG.has(event.kind)) return null;
  const crisis = event.kind === "crisis";
  const from = SPEAKERS.has(event.from) ? event.from : "system";
  const item = el("li", { className: `msg ${from}${crisis ? " crisis" : ""}`, dataset: { seq: event.seq, kind: event.kind } });
  if (event.language && event.language !== "other") item.lang = event.language;
  const text = appendWithNumbersLeftToRight(el("div", { className: "text", dir: "auto" }), event.text);
  if (crisis) {
    // Calm, but not to be missed: its own panel, announced at once, every number a tel: link.
    item.dir = event.language === "ar" ? "rtl" : "ltr";
    const box = el("div", { className: "crisis-box", attrs: { role: "alert" } });
    box.append(text);
    if (event.emergency && event.emergency.length) {
      box.append(bind(el("p", { className: "crisis-heading" }), "crisis_heading"), emergencyList(event.emergency));
    }
    item.append(who(event), box);
  } else {
    item.append(who(event), text);
  }
  if (event.note) item.append(el("p", { className: "note", dir: "auto", textContent: event.note }));
  if (event.sources && event.sources.length) item.append(sourceList(event.sources));
  if (event.career_centre) item.append(centreCard(event.career_centre));
  if (event.buttons && event.buttons.length) {
    const row = el("div", { className: "buttons" });
    for (const button of event.buttons) {
      const b = el("button", { type: "button", textContent: button.title, dir: "auto" });
      b.addEventListener("click", () => ctx.clickButton(button, row, event));
      row.append(b);
    }
    item.append(row);
  }
  if (event.callback) item.append(callbackForm(ctx));
  return item;
}

// Buttons answer the latest turn only: once the citizen has written or clicked, or someone else
// has spoken, the earlier rows stop working for good (a late click must never send the payload).
export function retireButtons(scope) {
  for (const button of scope.querySelectorAll(".msg:not(.rating) .buttons button")) {
    button.disabled = true;
    button.closest(".buttons").classList.add("used");
  }
}
