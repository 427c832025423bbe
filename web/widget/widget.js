// Veivalg's chat widget for other sites: one tag,
//
//   <script src="https://veivalg.example/static/dist/widget.js" data-language="nn"
//           data-position="bottom-left" async></script>
//
// adds a launcher button that opens a panel with the chat page (<base>/?embed=1&lang=<language>) in an
// <iframe>. data-base-url (default: the script's own origin), data-language (nb, nn, en, uk, pl, ar;
// default nb), data-position (bottom-right, bottom-left; default bottom-right).
// The launcher and panel live in a shadow root, so the site's styles do not reach them. Closing the
// panel (close button, Esc) only hides it: the frame stays, and so does the conversation.
// The site must be listed in the chat's ASSISTANT_WIDGET_ORIGINS, or the browser refuses the frame.
(() => {
  const script = document.currentScript
    || document.querySelector('script[src*="/widget.js"][data-language], script[src*="/widget.js"]');
  if (!script || window.__veivalgWidget) return;  // added twice: one launcher
  window.__veivalgWidget = true;

  const LANGUAGES = ["nb", "nn", "en", "uk", "pl", "ar"];
  const TEXTS = {
    nb: { open: "Chat med Veivalg", close: "Lukk chatten", title: "Veivalg – chat om utdanning og jobb" },
    nn: { open: "Chat med Veivalg", close: "Lukk chatten", title: "Veivalg – chat om utdanning og jobb" },
    en: { open: "Chat with Veivalg", close: "Close the chat", title: "Veivalg – chat about education and work" },
    uk: { open: "Чат із Veivalg", close: "Закрити чат", title: "Veivalg – чат про освіту та роботу" },
    pl: { open: "Czat z Veivalg", close: "Zamknij czat", title: "Veivalg – czat o edukacji i pracy" },
    ar: { open: "تحدّث مع Veivalg", close: "إغلاق الدردشة", title: "Veivalg – دردشة حول التعليم والعمل" },
  };

  function baseUrl() {
    const given = script.dataset.baseUrl;
    if (given) {
      try {
        const url = new URL(given, script.src);
        // Behind a proxy Veivalg may live under a path: keep it (without a trailing slash).
        if (url.protocol === "https:" || url.protocol === "http:") return url.origin + url.pathname.replace(/\/+$/, "");
      } catch (error) { /* fall back to the script's origin */ }
    }
    return new URL(script.src, window.location.href).origin;
  }

  const base = baseUrl();
  const baseOrigin = new URL(base).origin;
  const language = LANGUAGES.includes(script.dataset.language) ? script.dataset.language : "nb";
  const position = script.dataset.position === "bottom-left" ? "bottom-left" : "bottom-right";
  const text = TEXTS[language];
  const rtl = language === "ar";

  const STYLE = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    .launcher, .panel { position: fixed; z-index: 2147483000; font: 16px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    .launcher { bottom: 20px; display: inline-flex; align-items: center; gap: 8px; min-height: 48px;
                padding: 10px 18px; border: 2px solid #fff; border-radius: 24px; background: #0b4f6c; color: #fff;
                font-weight: 600; cursor: pointer; box-shadow: 0 2px 10px rgba(0, 0, 0, .3); }
    .launcher:hover { background: #083a50; }
    .launcher:focus { outline: none; }
    .launcher:focus-visible { outline: 3px solid #f9a825; outline-offset: 2px; box-shadow: 0 0 0 7px #1b1f24; }
    .launcher svg { width: 22px; height: 22px; flex: none; }
    .panel { bottom: 84px; width: 380px; height: min(620px, calc(100vh - 110px)); display: flex; flex-direction: column;
             background: #fff; color: #1b1f24; border: 1px solid #9aa7b2; border-radius: 12px; overflow: hidden;
             box-shadow: 0 6px 28px rgba(0, 0, 0, .3); }
    .bottom-right { right: 20px; }
    .bottom-left { left: 20px; }
    .bar { flex: none; display: flex; align-items: center; justify-content: space-between; gap: 8px;
           padding: 4px 6px 4px 14px; background: #0b4f6c; color: #fff; }
    .panel[dir="rtl"] .bar { padding: 4px 14px 4px 6px; }
    .bar strong { font-size: 15px; }
    .close { min-width: 44px; min-height: 44px; border: 0; border-radius: 8px; background: transparent; color: #fff;
             font: inherit; font-size: 26px; line-height: 1; cursor: pointer; }
    .close:hover { background: #083a50; }
    .close:focus { outline: none; }
    .close:focus-visible { outline: 3px solid #f9a825; outline-offset: -3px; }
    iframe { flex: 1; width: 100%; min-height: 0; border: 0; display: block; background: #fff; }
    @media (max-width: 480px), (max-height: 480px) {
      .panel { inset: 0; width: auto; height: 100vh; height: 100dvh; border: 0; border-radius: 0; }
    }
  `;

  const host = document.createElement("veivalg-widget");
  host.style.cssText = "all: initial !important; display: block !important;";
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = STYLE;

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = `launcher ${position}`;
  launcher.lang = language;
  launcher.dir = rtl ? "rtl" : "ltr";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "veivalg-panel");
  const SVG = "http://www.w3.org/2000/svg";
  const icon = document.createElementNS(SVG, "svg");  // a speech bubble
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  const bubble = document.createElementNS(SVG, "path");
  bubble.setAttribute("fill", "currentColor");
  bubble.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  icon.append(bubble);
  launcher.append(icon);
  const label = document.createElement("span");
  label.textContent = text.open;
  launcher.append(label);

  const panel = document.createElement("div");
  panel.id = "veivalg-panel";
  panel.className = `panel ${position}`;
  panel.lang = language;
  panel.dir = rtl ? "rtl" : "ltr";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", text.title);
  panel.hidden = true;
  const bar = document.createElement("div");
  bar.className = "bar";
  const name = document.createElement("strong");
  name.textContent = "Veivalg";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.setAttribute("aria-label", text.close);
  close.title = text.close;
  close.textContent = "×";
  bar.append(name, close);
  panel.append(bar);

  let frame = null;  // made on the first open, then kept (hidden with the panel): the chat goes on

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = text.title;
      frame.src = `${base}/?embed=1&lang=${encodeURIComponent(language)}`;
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function hide() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : hide()));
  close.addEventListener("click", hide);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      event.stopPropagation();
      hide();
    }
  });
  // Inside the frame the keys go to the chat page: it tells us about Esc (and nothing else counts).
  window.addEventListener("message", (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== baseOrigin) return;
    if (event.data && event.data.type === "veivalg:escape") hide();
  });

  root.append(style, launcher, panel);
  const attach = () => document.body.append(host);
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
})();
