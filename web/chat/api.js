// The citizen API: JSON with the session's Bearer token. A failure carries the API's `code`, the
// HTTP status and a message in the page language.
import { t } from "./i18n.js";

const CODE_MESSAGES = {
  session_closed: "error_session_closed",
  session_not_found: "error_gone",
  wrong_session_token: "error_gone",
  not_queued: "error_not_queued",
  rate_limited: "error_rate_limited",
  too_large: "error_too_large",
  store_unavailable: "error_store_unavailable",
};

export class ApiFailure extends Error {
  constructor(code, status) {
    super(code);
    this.code = code;
    this.status = status;
  }

  // [string key, values] for i18n.bind(): the message follows a later language switch.
  get i18n() {
    if (this.code === "network") return ["error_network", {}];
    const key = CODE_MESSAGES[this.code] || (this.status === 413 ? "error_too_large" : this.status === 429
      ? "error_rate_limited" : [401, 403, 404].includes(this.status) ? "error_gone" : null);
    return key ? [key, {}] : ["error_other", { status: this.status }];
  }

  // In the page language now.
  get text() {
    return t(...this.i18n);
  }
}

export async function api(path, { token, method = "GET", body, signal } = {}) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new ApiFailure("network", 0);
  }
  const json = (response.headers.get("content-type") || "").includes("json");
  const data = json ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiFailure((data && data.code) || `http_${response.status}`, response.status);
  return data;
}
