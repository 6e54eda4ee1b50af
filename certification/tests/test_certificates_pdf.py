"""The certificate PDF: one landscape page that says who, what it certifies and what it does not."""

import io
import os

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certification.pdf import WIDE_FONT_FILES, render_certificate_pdf
from certification.services.certificates import certificate_revoke
from certification.tests.certificate_helpers import at, certify


@pytest.fixture
def certificate(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        w.certificate = certify(w, w.candidacy)  # Elena Vandersloot, district A
    return w.certificate


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    return " ".join(page.extract_text().split())


def test_the_pdf_names_the_holder_and_says_what_it_certifies_and_what_not(certificate):
    text = text_of(
        render_certificate_pdf(certificate, verify_url="https://coach.example/verify/X/")
    )
    for expected in [
        "Elena Vandersloot",
        certificate.number,
        "Key2Ed-certified coach of facilitated IEP meetings",
        "This certificate does not certify the holder as a facilitated IEP trainer.",
        "Key2Ed Facilitator Coaching",
        "March 10, 2026",
        "March 10, 2028",
        "https://coach.example/verify/X/",
    ]:
        assert expected in text, f"{expected!r} not in {text!r}"
    assert "REVOKED" not in text


def test_a_revoked_certificate_says_so_across_the_page(certificate, pipeline_cast):
    certificate_revoke(certificate=certificate, by=pipeline_cast.associate, reason="Withdrawn")
    certificate.refresh_from_db()
    assert "REVOKED" in text_of(render_certificate_pdf(certificate, verify_url="https://x/"))


def test_a_long_name_is_printed_whole(certificate):
    person = certificate.candidacy.person
    person.first_name = "Maria-Guadalupe Alejandrina"
    person.last_name = "Montgomery-Vanderbilt de la Fuente"
    text = text_of(render_certificate_pdf(certificate, verify_url="https://x/"))
    assert "Maria-Guadalupe Alejandrina Montgomery-Vanderbilt de la Fuente" in text


def test_a_name_beyond_western_european_letters_is_printed_when_the_system_has_a_wide_font(
    certificate,
):
    person = certificate.candidacy.person
    person.first_name, person.last_name = "Nguyễn Thị", "Łukasiewicz"
    text = text_of(render_certificate_pdf(certificate, verify_url="https://x/"))
    if any(os.path.exists(path) for path in WIDE_FONT_FILES):
        assert "Nguyễn Thị Łukasiewicz" in text
    assert "Key2Ed-certified coach of facilitated IEP meetings" in text  # never fails to render


def test_the_download_is_an_attachment_pointing_at_the_public_check(
    certificate, pipeline_cast, client_for
):
    client = client_for(pipeline_cast.admin_a)
    response = client.get(reverse("certification:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.number}-elena-vandersloot.pdf"'
    )
    verify = f"http://testserver/verify/{certificate.number}/"
    assert verify in text_of(response.content)
