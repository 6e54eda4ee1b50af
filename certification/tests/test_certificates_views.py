"""The certificate page, revocation through it, and the public verification page."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from certification.models import Certificate
from certification.services.certificates import certificate_renew, certificate_revoke
from certification.tests.certificate_helpers import at, certify
from certification.views import certificates as certificate_views
from coaching.tests.access import count_queries


@pytest.fixture(autouse=True)
def fresh_lookup_counts():
    cache.clear()  # the verification throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def w(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        w.certificate = certify(w, w.coach_candidacy)  # coach_a's own, district A
    return w


def detail_url(w):
    return reverse("certification:certificate_detail", args=[w.certificate.pk])


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- the certificate page ----------------------------------------------------------------------


def test_the_page_shows_status_dates_history_and_the_download(w, client_for):
    with at(2028, 1, 20):
        certificate_renew(certificate=w.certificate, by=w.associate, reason="Video passed")
        page = text(client_for(w.coach_a).get(detail_url(w)))
    assert f"Certificate {w.certificate.number}" in page
    assert "Active" in page
    assert "Issued on March 10, 2026" in page
    assert "Valid until March 10, 2030" in page
    assert "Valid until Mar 10, 2030 (was Mar 10, 2028). Video passed" in page  # renewals
    assert "Certified" in page and "Certificate renewed" in page  # history
    assert "Download the certificate (PDF)" in page
    assert f"/verify/{w.certificate.number}/" in page


@pytest.mark.parametrize(
    ("actor", "may_revoke"), [("associate", True), ("admin_a", False), ("coach_a", False)]
)
def test_only_associates_get_the_revoke_form(w, client_for, actor, may_revoke):
    page = client_for(getattr(w, actor)).get(detail_url(w)).content.decode()
    assert ("Revoke the certificate" in page) is may_revoke


def test_an_expiring_certificate_says_so(w, client_for):
    with at(2028, 2, 1):
        page = text(client_for(w.coach_a).get(detail_url(w)))
    assert "Expiring soon" in page


def test_an_associate_revokes_with_a_reason(w, client_for):
    client = client_for(w.associate)
    url = reverse("certification:certificate_revoke", args=[w.certificate.pk])
    response = client.post(url, {"reason": "Misrepresented hours"}, follow=True)
    page = text(response)
    assert f"Certificate {w.certificate.number} is revoked." in page
    assert "Revoked" in page and "Misrepresented hours" in page
    assert "Revoke the certificate" not in page
    assert Certificate.objects.get(pk=w.certificate.pk).status == "revoked"


def test_revoking_without_a_reason_changes_nothing_and_says_why(w, client_for):
    client = client_for(w.associate)
    url = reverse("certification:certificate_revoke", args=[w.certificate.pk])
    page = text(client.post(url, {"reason": "  "}, follow=True))
    assert "Say why the certificate is revoked" in page
    assert Certificate.objects.get(pk=w.certificate.pk).status == "active"


def test_the_history_costs_the_same_however_long(w, client_for):
    client = client_for(w.associate)
    before = count_queries(client, detail_url(w))
    for _ in range(3):
        certificate_renew(certificate=w.certificate, by=w.associate)
    assert count_queries(client, detail_url(w)) == before


# --- the public verification page --------------------------------------------------------------


def test_anyone_checks_a_number_and_sees_only_name_status_and_expiry(w, client):
    response = client.get(reverse("verify:lookup"), {"number": w.certificate.number})
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    body = text(response)
    person = w.coach_a.person
    assert person.full_name in body
    assert "Active" in body
    assert "March 10, 2028" in body
    for secret in [
        w.district_a.name,
        person.email,
        w.coach_a.email,
        w.school_a.name,
        "March 10, 2026",  # the issue date
        w.program.name,
        detail_url(w),
        "/certification/",
    ]:
        assert secret not in page, f"the public page shows {secret!r}"
    assert f"/{w.certificate.pk}/" not in page  # no link to, nor id of, the record


def test_a_number_in_the_address_is_checked_whatever_its_case(w, client):
    url = reverse("verify:number", args=[w.certificate.number.lower()])
    body = text(client.get(url))
    assert w.coach_a.person.full_name in body and "Active" in body


@pytest.mark.parametrize(
    ("setup", "label"),
    [("revoke", "Revoked"), ("lapse", "Lapsed"), ("expiring", "Expiring soon")],
)
def test_the_public_status_is_the_displayed_one(w, client, setup, label):
    day = (2026, 6, 1)
    if setup == "revoke":
        certificate_revoke(certificate=w.certificate, by=w.associate, reason="Hidden reason")
    elif setup == "lapse":
        day = (2028, 3, 11)  # past expiry, before the nightly job
    else:
        day = (2028, 2, 1)
    with at(*day):
        body = text(client.get(reverse("verify:number", args=[w.certificate.number])))
    assert label in body
    assert "Hidden reason" not in body


def test_the_form_shows_the_number_as_it_was_looked_up(w, client):
    typed = " " + w.certificate.number.lower().replace("-", " - ") + " "
    page = client.get(reverse("verify:lookup"), {"number": typed}).content.decode()
    assert f'value="{w.certificate.number}"' in page
    assert w.coach_a.person.full_name in page


def test_an_unknown_number_says_so_plainly(w, client):
    body = text(client.get(reverse("verify:lookup"), {"number": "K2E-2026-AAAAAAAA"}))
    assert "No certificate has that number." in body
    assert w.coach_a.person.full_name not in body


def test_the_empty_form_looks_nothing_up(client):
    body = text(client.get(reverse("verify:lookup")))
    assert "Certificate number" in body
    assert "No certificate has that number." not in body


def test_too_many_checks_from_one_address_are_refused_for_a_while(w, client, monkeypatch):
    monkeypatch.setattr(certificate_views, "VERIFY_LOOKUPS", 2)
    url = reverse("verify:number", args=[w.certificate.number])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert "Too many checks" in text(response)
    assert w.coach_a.person.full_name not in text(response)
    other = client.get(url, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert client.get(reverse("verify:lookup")).status_code == 200  # the empty form is free
