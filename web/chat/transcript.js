// The transcript download: text, JSON or PDF from GET /api/sessions/{id}/transcript, fetched with the
// session's token (never in a URL) and saved under the server's file name (else veivalg-<date>.<ext>).
import { ApiFailure } from "./api.js";

function fileName(response, format) {
  const disposition = response.headers.get("content-disposition") || "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (match) return decodeURIComponent(match[1]);
  return `veivalg-${new Date().toISOString().slice(0, 10)}.${format}`;
}

export async function download(session, format, language) {
  const query = new URLSearchParams({ format, language });
  let response;
  try {
    response = await fetch(`/api/sessions/${encodeURIComponent(session.session_id)}/transcript?${query}`, {
      headers: { Authorization: `Bearer ${session.token}` }, cache: "no-store",
    });
  } catch (error) {
    throw new ApiFailure("network", 0);
  }
  if (!response.ok) throw new ApiFailure(`http_${response.status}`, response.status);
  let blob = await response.blob();
  if (format === "json" && !blob.type) blob = new Blob([blob], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName(response, format);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
