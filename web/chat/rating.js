// The rating when the chat has ended: 1-5 and an optional comment, once per session.
import { el } from "./dom.js";
import { bind } from "./i18n.js";

// send(rating, comment) posts it (throws an ApiFailure); onRated() remembers it.
export function ratingPrompt({ send, onRated }) {
  const item = el("li", { className: "msg rating" });
  const question = bind(el("strong", { id: "rating-question" }), "rating_ask");
  const row = el("div", { className: "buttons", attrs: { role: "group", "aria-labelledby": "rating-question" } });
  const submit = bind(el("button", { type: "submit", disabled: true }), "rating_send");
  let chosen = 0;
  for (let value = 1; value <= 5; value += 1) {
    const b = el("button", { type: "button", textContent: String(value), attrs: { "aria-pressed": "false" } });
    bind(b, "rating_of", { value }, "aria-label");
    b.addEventListener("click", () => {
      chosen = value;
      submit.disabled = false;
      for (const other of row.children) other.setAttribute("aria-pressed", String(other === b));
    });
    row.append(b);
  }
  const comment = el("textarea", { name: "comment", rows: 2, maxLength: 1000, dir: "auto" });
  const error = el("p", { className: "callback-error", attrs: { role: "alert" } });
  const form = el("form", { className: "callback" }, bind(el("div"), "rating_hint"), row,
    el("label", {}, bind(el("span"), "rating_comment"), comment), submit, error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen) return;
    submit.disabled = true;
    try {
      await send(chosen, comment.value);
    } catch (failure) {
      if (failure.code !== "already_rated") {
        bind(error, "rating_failed");
        submit.disabled = false;
        return;
      }
    }
    onRated();
    form.replaceChildren(bind(el("p"), "rating_thanks"));
  });
  item.append(question, form);
  return item;
}
