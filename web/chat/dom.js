// Small DOM helpers. Everything from the server is set as text (textContent), never as markup.

export const $ = (id) => document.getElementById(id);

// el("a", {href, className}, child, "text", ...): properties are assigned, children appended as nodes or text.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "attrs") for (const [a, v] of Object.entries(value)) node.setAttribute(a, v);
    else node[name] = value;
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

// Phone numbers and other digit groups ("22 40 00 40") keep their order inside right-to-left text:
// each run with spaces is isolated as left-to-right (<bdi dir="ltr">); everything stays text.
const NUMBER_RUN = /\+?\d[\d  ]*\d/g;
export function appendWithNumbersLeftToRight(element, value) {
  const text = String(value ?? "");
  let last = 0;
  for (const match of text.matchAll(NUMBER_RUN)) {
    if (!/\s/.test(match[0])) continue;  // a single number needs no isolation
    element.append(text.slice(last, match.index));
    element.append(el("bdi", { dir: "ltr", textContent: match[0] }));
    last = match.index + match[0].length;
  }
  element.append(text.slice(last));
  return element;
}

export const isHttpUrl = (url) => typeof url === "string" && /^https?:\/\//i.test(url);
