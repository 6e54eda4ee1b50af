"""The certificate as a one-page landscape PDF, drawn with reportlab's built-in fonts only (nothing
is fetched from anywhere). It says plainly what it certifies, and what it does not."""

import datetime
import io
import os

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import Certificate

# The built-in PDF fonts cover Western European letters only. A name with others (Nguyễn,
# Łukasiewicz) is drawn in DejaVu Serif when the system has it (Debian: fonts-dejavu-core).
WIDE_FONT_FILES = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"]
NOT_A_TRAINER = "This certificate does not certify the holder as a facilitated IEP trainer."
INK = colors.HexColor("#1f2a44")
ACCENT = colors.HexColor("#8a6d1f")
MUTED = colors.HexColor("#555555")


def certifies(provider_name: str) -> str:
    return f"is a {provider_name}-certified coach of facilitated IEP meetings,"


def _long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _name_font(name: str) -> str:
    try:
        name.encode("cp1252")
        return "Times-Bold"
    except UnicodeEncodeError:
        pass
    if "WideSerifBold" in pdfmetrics.getRegisteredFontNames():
        return "WideSerifBold"
    for path in WIDE_FONT_FILES:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("WideSerifBold", path))
            return "WideSerifBold"
    return "Times-Bold"  # letters it lacks show as boxes, the rest stays readable


def _fit(text, font, size, width, smallest=14):
    """The largest font size up to `size` at which `text` fits `width` (a long name shrinks)."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate of `certificate`'s holder; `verify_url` is printed for anyone to check it.
    A revoked certificate is marked REVOKED across the page."""
    candidacy = certificate.candidacy
    name = candidacy.person.full_name
    program = candidacy.program
    provider = program.provider.name
    buffer = io.BytesIO()
    page_width, page_height = landscape(letter)
    pdf = canvas.Canvas(buffer, pagesize=(page_width, page_height), invariant=1)
    pdf.setTitle(f"{provider} coach certificate {certificate.number}: {name}")
    pdf.setAuthor(provider)
    pdf.setSubject(f"{program.name}: certified coach of facilitated IEP meetings")
    middle = page_width / 2
    text_width = page_width - 2 * 90

    pdf.setStrokeColor(INK)
    pdf.setLineWidth(3)
    pdf.rect(28, 28, page_width - 56, page_height - 56)
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(1)
    pdf.rect(38, 38, page_width - 76, page_height - 76)

    pdf.setFillColor(ACCENT)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(middle, 532, provider.upper())
    pdf.setFillColor(INK)
    pdf.setFont("Times-Bold", 36)
    pdf.drawCentredString(middle, 486, "Certificate of Coaching")
    pdf.setFont("Times-Italic", 17)
    pdf.drawCentredString(middle, 446, "This certifies that")
    font = _name_font(name)
    size = _fit(name, font, 34, text_width)
    pdf.setFont(font, size)
    pdf.drawCentredString(middle, 400, name)
    pdf.setStrokeColor(ACCENT)
    half = min(max(220, stringWidth(name, font, size) / 2 + 12), text_width / 2)
    pdf.line(middle - half, 390, middle + half, 390)

    y = 362
    lines = [certifies(provider), f"having completed the certification pathway of {program.name}."]
    pdf.setFont("Helvetica", 14)
    for line in (part for text in lines for part in simpleSplit(text, "Helvetica", 14, text_width)):
        pdf.drawCentredString(middle, y, line)
        y -= 20
    y -= 8
    pdf.setFont("Helvetica-Bold", 13)
    for line in simpleSplit(NOT_A_TRAINER, "Helvetica-Bold", 13, text_width):
        pdf.drawCentredString(middle, y, line)
        y -= 18

    columns = [
        ("Certificate number", certificate.number),
        ("Issued on", _long_date(certificate.issued_on)),
        ("Valid until", _long_date(certificate.expires_on)),
    ]
    for index, (label, value) in enumerate(columns):
        x = middle + (index - 1) * 220
        pdf.setFillColor(MUTED)
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(x, 200, label.upper())
        pdf.setFillColor(INK)
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawCentredString(x, 180, value)

    pdf.setFillColor(MUTED)
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(middle, 104, f"{program.name} · {provider}")
    pdf.drawCentredString(middle, 88, f"Check that this certificate is current at {verify_url}")

    if certificate.status == Certificate.Status.REVOKED:
        pdf.saveState()
        pdf.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.35))
        pdf.setFont("Helvetica-Bold", 110)
        pdf.translate(middle, page_height / 2)
        pdf.rotate(24)
        pdf.drawCentredString(0, -30, "REVOKED")
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
