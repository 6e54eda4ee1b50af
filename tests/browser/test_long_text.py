"""Long unbroken text wraps: a page never grows wider than the screen (the review found a
10,000-character identification reason making its page 94,787 px wide)."""

import pytest

from certification import services
from certification.models import Candidacy
from certification.services import certificates
from certification.tests import factories
from coaching.models import Program

pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNBROKEN = "x" * 2_000  # the longest reason the form takes, without a space


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_long_reason_and_revocation_wrap_inside_the_screen(cast, page, sign_in, screenshot):
    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    factories.initial_training(cast.program, [cast.person_a], by=cast.associate)
    candidacy = services.candidacy_identify(
        person=cast.person_a, program=cast.program, by=cast.admin_a, reason=UNBROKEN
    )
    factories.approve(candidacy, admin=cast.admin_a, associate=cast.associate)
    Candidacy.objects.filter(pk=candidacy.pk).update(phase=Candidacy.Phase.FEEDBACK_REVIEW)
    certificate = certificates.certificate_issue(candidacy=candidacy, by=cast.associate)
    certificates.certificate_revoke(certificate=certificate, by=cast.associate, reason=UNBROKEN)

    sign_in(cast.associate)
    for url, step in (
        (candidacy.get_absolute_url(), "candidacy"),
        (certificate.get_absolute_url(), "certificate"),
    ):
        page.goto(url)
        assert page.get_by_text(UNBROKEN).first.is_visible()
        width = page.viewport_size["width"]
        assert page_width(page) <= width, f"the {step} page is {page_width(page)} px wide"
        screenshot(page, step)
