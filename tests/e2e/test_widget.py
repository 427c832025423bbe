"""The embeddable widget in Debian's Chromium: a site on another origin (a real local HTTP server)
adds the one <script> tag; the launcher opens the chat in a frame and a question gets an answer with
its source; language and position attributes; Esc and the close button hide the panel and return
focus, and reopening finds the same conversation; the site's CSS does not reach the launcher; a
site that is not in ASSISTANT_WIDGET_ORIGINS gets no chat (the browser refuses the frame: CSP
frame-ancestors); axe-core finds no serious or critical violation with the widget open, at 1280 and
375 px. Screenshots: /tmp/live-shots/widget-1280.png, widget-375.png (and in the test's tmp dir)."""

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.processes import ROOT, Service, free_port

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path("/tmp/live-shots")
# A site with careless global styles: none of it may reach the launcher (shadow DOM).
HOSTILE_CSS = """
  body { font-family: Georgia, serif; font-size: 22px; color: #333; background: #fdfdf5; margin: 2rem; }
  button { background: #ff0000 !important; color: #000 !important; font-size: 40px !important;
           border-radius: 0 !important; padding: 0 !important; }
  iframe { border: 10px dashed red !important; }
  * { letter-spacing: 3px; }
"""
HOST_PAGE = """<!doctype html>
<html lang="{page_lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Karrieresenteret – test site</title><style>{css}</style></head>
<body><main><h1>Karrieresenteret</h1><p>A site that embeds the Veivalg chat.</p>
<button type="button" id="site-button">A button of the site</button></main>
<script src="{app}/static/dist/widget.js"{attributes} async></script>
</body></html>"""


class Site:
    """A real HTTP server on its own port (its own origin) serving the host pages."""

    def __init__(self, port: int, pages: dict[str, str]) -> None:
        self.origin = f"http://127.0.0.1:{port}"
        self.pages = pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):
                path = handler.path.split("?")[0]
                body = pages.get(path)
                if body is None:
                    handler.send_error(404)
                    return
                data = body.encode()
                handler.send_response(200)
                handler.send_header("Content-Type", "text/javascript; charset=utf-8" if path.endswith(".js")
                                    else "text/html; charset=utf-8")
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)

            def log_message(handler, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def host_page(app: str, page_lang: str = "nb", **data: str) -> str:
    attributes = "".join(f' data-{name.replace("_", "-")}="{value}"' for name, value in data.items())
    return HOST_PAGE.format(app=app, css=HOSTILE_CSS, attributes=attributes, page_lang=page_lang)


@pytest.fixture(scope="module")
def widget_app(redis_server, rasa_stack, tmp_path_factory):
    """The app as a real server that lets one site (allowed_port) frame the chat; the widget bundle
    must have been built (make web)."""
    if not (ROOT / "assistant/static/dist/widget.js").exists():
        raise RuntimeError("assistant/static/dist/widget.js is missing: run `make web`")
    allowed_port, port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"REDIS_URL": redis_server.url, "ASSISTANT_RASA_URL": rasa_stack["rasa_url"],
           "ASSISTANT_ACTIONS_URL": rasa_stack["actions_url"], "HANDOVER_OPENING_HOURS": "always",
           "ASSISTANT_WIDGET_ORIGINS": json.dumps([f"http://127.0.0.1:{allowed_port}"])}
    service = Service("app", [str(ROOT / ".venv/bin/uvicorn"), "assistant.app:create_app", "--factory",
                              "--host", "127.0.0.1", "--port", str(port)], env,
                      Path(tmp_path_factory.mktemp("widget-app-logs")))
    service.start(lambda: httpx.get(f"{url}/health", timeout=5).status_code == 200, 60)
    yield {"url": url, "allowed_port": allowed_port}
    service.stop()


def shot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / name, SHOTS / name)


def axe_violations(frame) -> list[dict]:
    """axe-core in one document (the site, or the chat in its frame): serious and critical only."""
    frame.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return frame.evaluate("""async () => {
        const r = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
        return r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
          .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    }""")


def chat_frame(page):
    return next(f for f in page.frames if "embed=1" in f.url)


def focused_in_widget(page) -> str:
    return page.evaluate("""() => {
        const host = document.querySelector('veivalg-widget');
        const active = host && host.shadowRoot.activeElement;
        return document.activeElement === host && active ? active.className : '';
    }""")


def test_the_widget_on_another_site_at_1280(widget_app, browser, tmp_path):
    app = widget_app["url"]
    with Site(widget_app["allowed_port"], {"/": host_page(app)}) as site:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(f"{site.origin}/")

        launcher = page.locator("veivalg-widget button.launcher")
        expect(launcher).to_have_text("Chat med Veivalg")
        expect(launcher).to_have_attribute("aria-expanded", "false")
        expect(page.locator("veivalg-widget iframe")).to_have_count(0)  # nothing loads before it is opened
        box = launcher.bounding_box()
        assert 1280 - (box["x"] + box["width"]) < 40 and box["x"] > 1000  # bottom-right by default
        assert 800 - (box["y"] + box["height"]) < 40
        # The site's CSS does not reach the launcher.
        style = launcher.evaluate("(b) => { const s = getComputedStyle(b); return [s.backgroundColor, s.fontSize, s.letterSpacing]; }")
        assert style[0] == "rgb(11, 79, 108)" and style[1] == "16px" and style[2] in ("normal", "0px"), style

        # Keyboard: Tab from the site's own button reaches the launcher, with a visible focus ring.
        page.focus("#site-button")
        page.keyboard.press("Tab")
        assert focused_in_widget(page) == "launcher bottom-right"
        outline = launcher.evaluate("(b) => getComputedStyle(b).outlineStyle")
        assert outline == "solid"
        page.keyboard.press("Enter")
        expect(launcher).to_have_attribute("aria-expanded", "true")
        frame_element = page.locator("veivalg-widget iframe")
        expect(frame_element).to_be_visible()
        expect(frame_element).to_have_attribute("title", "Veivalg – chat om utdanning og jobb")
        assert frame_element.get_attribute("src") == f"{app}/?embed=1&lang=nb"

        chat = page.frame_locator("veivalg-widget iframe")
        # The page's script has run once the welcome's topic buttons are there (it renders them):
        # typed before that, Enter would only add a line to the text box.
        expect(chat.locator("#welcome-buttons button").first).to_be_visible(timeout=30_000)
        chat.locator("#text").fill("Hvordan regnes karakterpoeng ut?")
        chat.locator("#text").press("Enter")
        answer = chat.locator("li.msg.bot[data-kind=answer]").first
        expect(answer).to_be_visible(timeout=60_000)
        expect(answer.locator(".sources a").first).to_be_visible()
        assert any("/ws/sessions/" in url and url.startswith("ws://127.0.0.1") for url in sockets), sockets

        shot(page, tmp_path, "widget-1280.png")
        violations = axe_violations(page.main_frame) + axe_violations(chat_frame(page))
        assert violations == [], violations

        # Esc (from the panel's close button) hides the panel and gives focus back to the launcher.
        page.locator("veivalg-widget button.close").focus()
        page.keyboard.press("Escape")
        expect(page.locator("veivalg-widget .panel")).to_be_hidden()
        expect(launcher).to_have_attribute("aria-expanded", "false")
        assert focused_in_widget(page) == "launcher bottom-right"
        session = chat_frame(page).evaluate("() => JSON.stringify(Object.entries(sessionStorage))")

        # Reopening shows the same conversation (the frame was kept, not reloaded).
        launcher.click()
        expect(answer).to_be_visible()
        assert chat_frame(page).evaluate("() => JSON.stringify(Object.entries(sessionStorage))") == session
        expect(page.locator("veivalg-widget iframe")).to_have_count(1)
        page.locator("veivalg-widget button.close").click()
        expect(page.locator("veivalg-widget .panel")).to_be_hidden()
        assert focused_in_widget(page) == "launcher bottom-right"
        # Esc while typing inside the chat (the frame tells the widget) closes it too.
        page.keyboard.press("Enter")
        chat.locator("#text").focus()
        page.keyboard.press("Escape")
        expect(page.locator("veivalg-widget .panel")).to_be_hidden()
        assert focused_in_widget(page) == "launcher bottom-right"

        # Asking for a person in the widget: the place in the queue, then the counsellor's reply.
        from tests.e2e.test_chat_page import staff, waiting

        kari = staff(app, "kari")  # on duty: a request for a person is queued
        launcher.click()
        chat.locator("#text").fill("Jeg vil snakke med et menneske")
        chat.locator("#text").press("Enter")
        expect(chat.locator("#status")).to_contain_text("nummer 1 i køen", timeout=90_000)
        [handover] = waiting(app, kari)
        assert httpx.post(f"{app}/api/handovers/{handover['id']}/claim", headers=kari, timeout=30).status_code == 200
        sent = httpx.post(f"{app}/api/handovers/{handover['id']}/messages", headers=kari, timeout=30,
                          json={"text": "Hei, jeg heter Kari. Hva lurer du på?"})
        assert sent.status_code in (200, 201), sent.text
        said = chat.locator("li.msg.counsellor").last
        expect(said).to_contain_text("Hei, jeg heter Kari. Hva lurer du på?", timeout=30_000)
        expect(said.locator(".who")).to_have_text("Kari, karriereveileder")
        shot(page, tmp_path, "widget-1280-counsellor.png")
        assert errors == [], errors


def test_language_and_position_at_375(widget_app, browser, tmp_path):
    app = widget_app["url"]
    pages = {"/": host_page(app, page_lang="ar", language="ar", position="bottom-left"),
             "/en": host_page(app, page_lang="en", language="en", position="nowhere"),
             "/unknown": host_page(app, language="xx"),
             # a site that serves the script itself: data-base-url says where Veivalg is
             "/self-hosted": host_page("", base_url=app),
             "/static/dist/widget.js": (ROOT / "assistant/static/dist/widget.js").read_text(encoding="utf-8")}
    with Site(widget_app["allowed_port"], pages) as site:
        page = browser.new_page(viewport={"width": 375, "height": 740})
        page.goto(f"{site.origin}/")
        launcher = page.locator("veivalg-widget button.launcher")
        expect(launcher).to_have_text("تحدّث مع Veivalg")
        expect(launcher).to_have_attribute("dir", "rtl")
        box = launcher.bounding_box()
        assert box["x"] < 40  # bottom-left
        launcher.click()
        frame_element = page.locator("veivalg-widget iframe")
        expect(frame_element).to_have_attribute("title", "Veivalg – دردشة حول التعليم والعمل")
        assert frame_element.get_attribute("src") == f"{app}/?embed=1&lang=ar"
        expect(page.locator("veivalg-widget button.close")).to_have_attribute("aria-label", "إغلاق الدردشة")
        # On a phone the panel fills the screen; its close button stays on screen.
        panel = page.locator("veivalg-widget .panel").bounding_box()
        assert panel["width"] == 375 and panel["height"] == 740 and panel["x"] == 0 and panel["y"] == 0
        close = page.locator("veivalg-widget button.close").bounding_box()
        assert 0 <= close["x"] and close["x"] + close["width"] <= 375 and close["y"] >= 0
        expect(page.frame_locator("veivalg-widget iframe").locator("#text")).to_be_visible(timeout=30_000)
        # The chat in the frame starts in the widget's language, right-to-left, in its compact form.
        page.wait_for_function("() => document.querySelector('veivalg-widget').shadowRoot.querySelector('iframe')"
                               ".contentDocument === null")  # another origin: the site cannot read into it
        assert chat_frame(page).evaluate("() => [document.documentElement.lang, document.documentElement.dir, "
                                         "document.documentElement.classList.contains('embedded')]") == ["ar", "rtl", True]
        shot(page, tmp_path, "widget-375.png")
        violations = axe_violations(page.main_frame) + axe_violations(chat_frame(page))
        assert violations == [], violations

        page.goto(f"{site.origin}/en")  # English; an unknown position is the default (bottom-right)
        launcher = page.locator("veivalg-widget button.launcher")
        expect(launcher).to_have_text("Chat with Veivalg")
        box = launcher.bounding_box()
        assert 375 - (box["x"] + box["width"]) < 40
        launcher.click()
        expect(page.locator("veivalg-widget button.close")).to_have_attribute("aria-label", "Close the chat")

        page.goto(f"{site.origin}/unknown")  # an unknown language is bokmål
        expect(page.locator("veivalg-widget button.launcher")).to_have_text("Chat med Veivalg")

        page.goto(f"{site.origin}/self-hosted")
        page.locator("veivalg-widget button.launcher").click()
        assert page.locator("veivalg-widget iframe").get_attribute("src") == f"{app}/?embed=1&lang=nb"
        expect(page.frame_locator("veivalg-widget iframe").locator("#text")).to_be_visible(timeout=30_000)


def test_a_site_that_is_not_allowed_gets_no_chat(widget_app, browser):
    app = widget_app["url"]
    with Site(free_port(), {"/": host_page(app)}) as site:
        assert site.origin not in httpx.get(f"{app}/?embed=1").headers["content-security-policy"]
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{site.origin}/")
        with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
            page.locator("veivalg-widget button.launcher").click()
        assert f"Framing '{app}/" in refusal.value.text and "blocked" in refusal.value.text
        # The browser refused to show the chat in the frame: no chat document in it.
        expect(page.locator("veivalg-widget iframe")).to_be_visible()
        frame = page.locator("veivalg-widget iframe").element_handle().content_frame()
        assert frame.evaluate("() => document.querySelector('#text')") is None
