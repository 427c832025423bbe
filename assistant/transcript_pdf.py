"""The citizen's transcript as a PDF (fpdf2), in Latin, Cyrillic and Arabic script.

The font is Debian's DejaVu Sans (package ``fonts-dejavu-core``; it covers Latin, Cyrillic and
Arabic), found at run time; without it the PDF is refused with ``PdfFontMissing`` (the route
answers 503 ``pdf_unavailable``). Text is shaped with HarfBuzz (fpdf2's ``set_text_shaping``,
through ``uharfbuzz``), so Arabic letters join and run right to left; an Arabic transcript is
also aligned to the right. Everything is drawn as text, never interpreted as markup.

https://py-pdf.github.io/fpdf2/TextShaping.html (fpdf2 text shaping; it does not combine with
the ``{nb}`` page-count alias, which is switched off here).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from assistant.transcript_text import TranscriptDocument, label, source_line

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FAMILY = "DejaVu"


class PdfFontMissing(RuntimeError):
    """DejaVu Sans is not installed."""


def font_files() -> tuple[Path, Path]:
    """(regular, bold) DejaVu Sans; ``PdfFontMissing`` names the Debian package when absent."""
    for folder in FONT_DIRS:
        regular, bold = folder / REGULAR, folder / BOLD
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise PdfFontMissing(f"the PDF transcript needs the font DejaVu Sans ({REGULAR}, {BOLD} in one of "
                         f"{', '.join(str(d) for d in FONT_DIRS)}): install Debian's fonts-dejavu-core")


def as_pdf(document: TranscriptDocument) -> bytes:
    regular, bold = font_files()
    rtl = document.language == "ar"
    align = "R" if rtl else "L"
    pdf = FPDF(format="A4")
    pdf.alias_nb_pages("")  # no page-count alias: a "{nb}" in a message stays as written
    pdf.set_title(document.heading)
    pdf.set_lang(document.language)
    pdf.set_creator("Veivalg")
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.set_text_shaping(use_shaping_engine=True)  # HarfBuzz; each paragraph's direction from its text
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(width, 8, document.heading, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if not document.entries:
        pdf.set_font(FAMILY, "", 11)
        pdf.multi_cell(width, 6, label("empty", document.language), align=align, new_x="LMARGIN", new_y="NEXT")
    for entry in document.entries:
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(60, 60, 60)
        speaker = f"{entry.speaker} · {entry.time}" if entry.time else entry.speaker
        pdf.multi_cell(width, 5.5, speaker, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 11)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width, 6, entry.text or " ", align=align, new_x="LMARGIN", new_y="NEXT")
        if entry.sources:
            pdf.set_font(FAMILY, "", 9)
            pdf.set_text_color(40, 40, 40)
            for source in entry.sources:
                pdf.multi_cell(width, 5, source_line(source, document.language), align=align,
                               new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        pdf.ln(3)
    return bytes(pdf.output())
