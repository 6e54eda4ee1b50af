"""A certificate's page, its PDF, its revocation, and the public check, through the browser."""

import pytest

from certification import services
from certification.tests import factories
from certification.tests.certificate_helpers import certify

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certificate(cast):
    factories.initial_training(cast.program, [cast.coach_a.person], by=cast.associate)
    candidacy = services.candidacy_identify(
        person=cast.coach_a.person, program=cast.program, by=cast.admin_a
    )
    return certify(cast, candidacy)


def test_an_associate_sees_downloads_and_revokes_a_certificate(
    cast, certificate, page, sign_in, screenshot
):
    name = cast.coach_a.person.full_name
    sign_in(cast.associate)
    page.goto(f"/certification/certificates/{certificate.pk}/")
    heading = page.get_by_role("heading", name=f"Certificate {certificate.number}", level=1)
    expect(heading).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(name)
    expect(page.get_by_role("main")).to_contain_text("Active")
    expect(page.get_by_role("button", name="Revoke the certificate")).to_be_visible()
    screenshot(page, "1-certificate")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    assert download.value.suggested_filename.startswith(f"certificate-{certificate.number}-")
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_label("Reason for revoking").fill("Hours were misreported.")
    page.get_by_role("button", name="Revoke the certificate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Certificate {certificate.number} is revoked."
    )
    expect(page.get_by_role("main")).to_contain_text("Hours were misreported.")
    expect(page.get_by_role("button", name="Revoke the certificate")).to_have_count(0)
    screenshot(page, "2-revoked")


def test_the_coach_sees_their_certificate_read_only(cast, certificate, page, sign_in, screenshot):
    sign_in(cast.coach_a)
    page.goto(f"/certification/certificates/{certificate.pk}/")
    expect(page.get_by_role("heading", name=f"Certificate {certificate.number}")).to_be_visible()
    expect(page.get_by_role("link", name="Download the certificate (PDF)")).to_be_visible()
    expect(page.get_by_role("button", name="Revoke the certificate")).to_have_count(0)
    screenshot(page, "1-own-certificate")


def test_anyone_checks_a_certificate_number_without_signing_in(cast, certificate, page, screenshot):
    name = cast.coach_a.person.full_name
    page.goto("/verify/")
    expect(page.get_by_role("heading", name="Check a coach certificate")).to_be_visible()
    screenshot(page, "1-form")

    page.get_by_label("Certificate number").fill(" " + certificate.number.lower() + " ")
    page.get_by_role("button", name="Check").click()
    result = page.get_by_role("region", name="Certificate found")
    expect(result).to_contain_text(name)
    expect(result).to_contain_text("Active")
    expect(result).to_contain_text(f"{certificate.expires_on:%B} {certificate.expires_on.day}")
    expect(page.get_by_role("main")).not_to_contain_text("Maple Valley")
    screenshot(page, "2-found")

    page.get_by_label("Certificate number").fill("K2E-2026-AAAAAAAA")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("main")).to_contain_text("No certificate has that number.")
    expect(page.get_by_role("main")).not_to_contain_text(name)
    screenshot(page, "3-not-found")

    page.goto(f"/verify/{certificate.number}/")
    expect(page.get_by_role("region", name="Certificate found")).to_contain_text(name)
