"""The citizen's transcript download against a real redis-server: JSON, text and PDF, each with
every message the citizen saw (sources under their answer, the counsellor by first name) and
nothing the staff keep to themselves; labels in the chosen language (default: the
conversation's); Arabic shaped right to left in the PDF; bad parameters refused by name."""

import asyncio
import io
import json
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from redis.asyncio import Redis

from core.transcripts import TranscriptStore
from tests.conftest import citizen

pytestmark = pytest.mark.integration

SOURCE = {"title": "Opptak til sykepleie", "url": "https://utdanning.no/yrker/sykepleier", "reviewed": "2026-01-05",
          "section": "Opptakskrav"}
STAFF_ONLY = ("Internt: ring tilbake", "Krisevarsel til veileder", "Innbyggeren forlot samtalen")


def write_conversation(redis_url: str, session_id: str, citizen_text: str, bot_text: str) -> None:
    """A conversation as the gateway, the assistant and a counsellor write it (staff-only kinds too)."""
    async def work():
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            store = TranscriptStore(redis)
            await store.append(session_id, "citizen", citizen_text, "message", language="nb")
            await store.append(session_id, "bot", bot_text, "answer", language="nb", sources=[SOURCE])
            await store.append(session_id, "counsellor", STAFF_ONLY[0], "internal_note", counsellor="kari")
            await store.append(session_id, "system", STAFF_ONLY[1], "crisis_alert", counsellor="kari")
            await store.append(session_id, "counsellor", "Hei, dette er Kari. Привіт!", "counsellor",
                               counsellor="kari")
            await store.append(session_id, "system", STAFF_ONLY[2], "citizen_left", counsellor="kari")
        finally:
            await redis.aclose()

    asyncio.run(work())


@pytest.fixture
def conversation(offline_app, redis_server):
    session_id, auth = citizen(offline_app, language="nb")
    write_conversation(redis_server.url, session_id, "Hva trenger jeg for å bli sykepleier?",
                       "Du trenger generell studiekompetanse.\nSe også opptakskravene.")
    return session_id, auth


SEEN = ("Hva trenger jeg for å bli sykepleier?", "Du trenger generell studiekompetanse.",
        "Se også opptakskravene.", "Hei, dette er Kari. Привіт!", SOURCE["title"], SOURCE["url"])


def download(app, session_id, auth, **params):
    response = app.get(f"/api/sessions/{session_id}/transcript", params=params, headers=auth)
    assert response.status_code == 200, response.text
    return response


def attachment_name(response) -> str:
    match = re.fullmatch(r'attachment; filename="(veivalg-\d{4}-\d{2}-\d{2}\.(json|txt|pdf))"',
                         response.headers["content-disposition"])
    assert match, response.headers["content-disposition"]
    return match.group(1)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_json_is_the_citizen_view(offline_app, conversation):
    session_id, auth = conversation
    response = download(offline_app, session_id, auth)  # format=json by default
    assert attachment_name(response).endswith(".json")
    body = response.json()
    assert body["session_id"] == session_id
    assert [(e["from"], e["kind"]) for e in body["events"]] == [
        ("citizen", "message"), ("bot", "answer"), ("counsellor", "counsellor")]
    assert body["events"][1]["sources"] == [SOURCE]
    assert body["events"][2]["counsellor_name"] == "Kari" and "counsellor" not in body["events"][2]
    assert not any(text in response.text for text in STAFF_ONLY)


def test_text_has_every_message_with_labels_in_the_conversation_language(offline_app, conversation):
    session_id, auth = conversation
    response = download(offline_app, session_id, auth, format="txt")
    assert response.headers["content-type"].startswith("text/plain")
    assert attachment_name(response).endswith(".txt")
    text = response.text
    assert all(seen in text for seen in SEEN)
    assert not any(hidden in text for hidden in STAFF_ONLY)
    lines = text.splitlines()
    assert lines[0].startswith("Samtale med Veivalg, ") and re.search(r"\d{2}\.\d{2}\.\d{4}$", lines[0])
    assert any(re.fullmatch(r"\[\d{2}:\d{2}\] Du: Hva trenger jeg for å bli sykepleier\?", line) for line in lines)
    assert any(re.match(r"\[\d{2}:\d{2}\] Veivalg: Du trenger generell", line) for line in lines)
    assert any(re.match(r"\[\d{2}:\d{2}\] Kari \(veileder\): Hei, dette er Kari", line) for line in lines)
    source = "    Kilde: Opptak til sykepleie, Opptakskrav (https://utdanning.no/yrker/sykepleier, " \
             "sist kontrollert 2026-01-05)"
    answer = next(i for i, line in enumerate(lines) if "Veivalg: Du trenger" in line)
    assert source in lines[answer:answer + 3]  # under its message

    english = download(offline_app, session_id, auth, format="txt", language="en").text
    assert english.startswith("Conversation with Veivalg, ")
    assert "] You: Hva trenger" in english and "] Kari (counsellor): Hei" in english
    assert "Source: Opptak til sykepleie" in english and "last checked 2026-01-05" in english
    assert "Kilde" not in english and "] Du:" not in english


def test_the_default_labels_follow_the_session_language(offline_app, redis_server):
    session_id, auth = citizen(offline_app, language="pl")
    write_conversation(redis_server.url, session_id, "Jak zostać pielęgniarką?", "Potrzebujesz matury.")
    text = download(offline_app, session_id, auth, format="txt").text
    assert text.startswith("Rozmowa z Veivalg, ")
    assert "] Ty: Jak zostać pielęgniarką?" in text and "Źródło: " in text and "ostatnio sprawdzono" in text
    assert "] Kari (doradca): " in text


def test_pdf_has_every_message_and_the_labels(offline_app, conversation):
    session_id, auth = conversation
    response = download(offline_app, session_id, auth, format="pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert attachment_name(response).endswith(".pdf")
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert all(" ".join(seen.split()) in flat for seen in SEEN), text
    assert "Samtale med Veivalg" in text and "Kari (veileder)" in text and "sist kontrollert 2026-01-05" in text
    assert re.search(r"^Du · \d{2}:\d{2}$", text, re.MULTILINE)
    assert not any(hidden in flat for hidden in STAFF_ONLY)

    english = pdf_text(download(offline_app, session_id, auth, format="pdf", language="en").content)
    assert "Conversation with Veivalg" in english and "Kari (counsellor)" in english and "Source:" in english


def test_arabic_pdf_is_shaped_right_to_left(offline_app, redis_server):
    session_id, auth = citizen(offline_app, language="ar")
    write_conversation(redis_server.url, session_id, "كيف أصبح ممرضة؟", "تحتاج إلى شهادة الثانوية العامة.")
    content = download(offline_app, session_id, auth, format="pdf").content
    text = pdf_text(content)
    assert "محادثة مع" in text and "أنت" in text and "المصدر" in text
    assert "ممرضة" in text and "الثانوية" in text
    # Shaped: the embedded font holds the joined (initial/medial/final) forms HarfBuzz chose, which
    # unshaped Arabic would never use (Arabic Presentation Forms-B, U+FE70-FEFF).
    reader = PdfReader(io.BytesIO(content))
    glyphs = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        glyphs |= set(TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())).getGlyphOrder())
    joined = {name for name in glyphs if re.fullmatch(r"uniFE[7-9A-F][0-9A-F]", name)}
    assert len(joined) >= 5, sorted(glyphs)


@pytest.mark.parametrize("params, field", [({"format": "docx"}, "format"), ({"format": "pdf", "language": "de"},
                                                                               "language")])
def test_bad_parameters_are_refused_by_name(offline_app, conversation, params, field):
    session_id, auth = conversation
    response = offline_app.get(f"/api/sessions/{session_id}/transcript", params=params, headers=auth)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert response.json()["detail"].startswith(f"{field}: ")


def test_only_the_session_token_downloads(offline_app, conversation):
    session_id, _ = conversation
    _, other = citizen(offline_app)
    for format in ("json", "txt", "pdf"):
        refused = offline_app.get(f"/api/sessions/{session_id}/transcript?format={format}", headers=other)
        assert (refused.status_code, refused.json()["code"]) == (403, "wrong_session_token")


def test_an_empty_conversation_says_so(offline_app):
    session_id, auth = citizen(offline_app, language="nn")
    text = download(offline_app, session_id, auth, format="txt").text
    assert text.startswith("Samtale med Veivalg, ") and "Samtalen har ingen meldingar." in text
    assert "Samtalen har ingen meldingar." in pdf_text(download(offline_app, session_id, auth, format="pdf").content)
    assert json.loads(download(offline_app, session_id, auth).text)["events"] == []


def test_without_the_font_the_pdf_is_refused_clearly_and_text_still_works(offline_app, conversation, tmp_path,
                                                                          monkeypatch):
    from assistant import transcript_pdf

    monkeypatch.setattr(transcript_pdf, "FONT_DIRS", (tmp_path,))  # a server without fonts-dejavu-core
    session_id, auth = conversation
    refused = offline_app.get(f"/api/sessions/{session_id}/transcript?format=pdf", headers=auth)
    assert (refused.status_code, refused.json()["code"]) == (503, "pdf_unavailable")
    assert "fonts-dejavu-core" in refused.json()["detail"]
    assert all(seen in download(offline_app, session_id, auth, format="txt").text for seen in SEEN)
