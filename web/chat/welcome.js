// The welcome on load (until the conversation has begun): what Veivalg can do, the opening hours and
// whether a counsellor is on the chat now, a short privacy notice, and starting points by situation.
// The facts come from GET /api/service-info; without them the welcome says only what is always true.
import { api } from "./api.js";
import { $, el } from "./dom.js";
import { bind, language } from "./i18n.js";

export const TOPICS = ["upper_secondary", "higher_education", "career_change", "lost_job", "foreign_education"];

let info = null;  // the last service-info answer, in info.language

export function serviceInfo() {
  return info;
}

export async function loadServiceInfo(lang = language()) {
  try {
    info = await api(`/api/service-info?language=${encodeURIComponent(lang)}`);
  } catch (error) {
    info = null;
  }
  return info;
}

// Fills the facts (called again after a language switch, when the new texts have come).
export function showFacts() {
  const hours = $("welcome-hours");
  const privacy = $("welcome-privacy");
  if (info && typeof info.opening_hours === "string" && info.opening_hours) {
    hours.textContent = info.opening_hours;  // a sentence in the asked language, from the server
    hours.lang = info.language || language();
    hours.hidden = false;
  } else {
    hours.hidden = true;
  }
  const now = $("welcome-now");
  const reachable = counsellorReachable();
  if (reachable) {
    bind(now, ...reachable);
    now.hidden = false;
  } else {
    now.hidden = true;
  }
  const days = info && Number.isInteger(info.retention_days) && info.retention_days > 0 ? info.retention_days : null;
  if (days) bind(privacy, "privacy_text", { days });
  else bind(privacy, "privacy_text_no_days");
}

// Whether a counsellor can be reached now, as a welcome string [key, values] (null: not known).
function counsellorReachable() {
  if (!info || typeof info.open_now !== "boolean") return null;
  if (info.open_now) return info.counsellors_on_duty === false ? ["welcome_no_counsellor"] : ["welcome_open"];
  return info.next_opening_text ? ["welcome_closed_next", { when: info.next_opening_text }] : ["welcome_closed"];
}

// The status line after an out-of-hours reply: closed now (and when it opens), or nobody on duty.
export function outOfHoursStatus() {
  if (!info) return ["status_out_of_hours"];
  if (info.open_now && info.counsellors_on_duty === false) return ["status_no_counsellor"];
  if (info.next_opening_text) return ["status_out_of_hours_next", { when: info.next_opening_text }];
  if (info.opening_hours) return ["status_out_of_hours_hours", { hours: info.opening_hours }];
  return ["status_out_of_hours"];
}

// chooseTopic(topic) sends /choose_topic{...}; the buttons work one click at a time.
export function renderWelcome(chooseTopic) {
  const row = $("welcome-buttons");
  row.replaceChildren();
  for (const topic of TOPICS) {
    const b = bind(el("button", { type: "button", dataset: { topic } }), `topic_${topic}`);
    b.addEventListener("click", async () => {
      for (const other of row.children) other.disabled = true;
      try {
        await chooseTopic(topic);
      } finally {
        for (const other of row.children) other.disabled = false;
      }
    });
    row.append(b);
  }
  showFacts();
}
