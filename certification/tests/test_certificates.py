"""Certificates: every rule of issuing, renewing, revoking and lapsing, every refusal, the month
arithmetic, the displayed status on a frozen date, and who sees a certificate."""

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification import services
from certification.models import Candidacy, CandidacyEvent, Certificate
from certification.selectors import certificates as certificate_selectors
from certification.selectors.certificates import (
    certificate_by_number,
    certificate_status,
    certificates_visible_to,
    get_certificate_for_user,
)
from certification.services import certificates
from certification.services.certificates import (
    add_months,
    certificate_issue,
    certificate_renew,
    certificate_revoke,
    certificates_lapse_expired,
    number_prefix,
)
from certification.tests.certificate_helpers import at, certify, in_phase_iii
from coaching.tests.factories import PersonFactory

D = datetime.date


def events(certificate, kind):
    return list(
        CandidacyEvent.objects.filter(candidacy_id=certificate.candidacy_id, kind=kind).order_by(
            "pk"
        )
    )


# --- month arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 3, 15), 24, D(2028, 3, 15)),
        (D(2026, 11, 15), 2, D(2027, 1, 15)),  # across a year end
        (D(2026, 12, 31), 24, D(2028, 12, 31)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped to the month's last day
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # ... in a leap year
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),  # Feb 29 to a common year
        (D(2028, 2, 29), 24, D(2030, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),  # ... and to a leap year
        (D(2026, 3, 31), 11, D(2027, 2, 28)),
        (D(2026, 5, 1), 120, D(2036, 5, 1)),
    ],
)
def test_months_are_added_by_the_calendar_clamping_the_day(start, months, expected):
    assert add_months(start, months) == expected


# --- issue -------------------------------------------------------------------------------------


def test_issuing_certifies_a_phase_iii_candidate_for_the_programs_validity(pipeline_cast):
    w = pipeline_cast
    candidacy = in_phase_iii(w, w.candidacy)
    with at(2026, 3, 10):
        certificate = certificate_issue(candidacy=candidacy, by=w.associate, reason="CFR 21/24")
    assert (certificate.issued_on, certificate.expires_on) == (D(2026, 3, 10), D(2028, 3, 10))
    assert certificate.status == "active"
    assert Candidacy.objects.get(pk=candidacy.pk).phase == "certified"
    (event,) = events(certificate, "certified")
    assert (event.from_phase, event.to_phase, event.by) == ("review", "certified", w.associate)
    assert event.reason == f"Certificate {certificate.number}, valid until Mar 10, 2028. CFR 21/24"


def test_issuing_uses_the_programs_validity_and_clamps_feb_29(pipeline_cast):
    w = pipeline_cast
    services.program_settings_update(program=w.program, certificate_valid_months=12)
    candidacy = in_phase_iii(w, w.candidacy)
    with at(2028, 2, 29):
        certificate = certificate_issue(candidacy=candidacy, by=w.associate)
    assert (certificate.issued_on, certificate.expires_on) == (D(2028, 2, 29), D(2029, 2, 28))


def test_a_number_has_the_providers_initials_the_year_and_unguessable_characters(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        first = certify(w, w.candidacy)
        second = certify(w, w.candidacy_b)
    pattern = r"K2E-2026-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}"
    assert re.fullmatch(pattern, first.number), first.number
    assert re.fullmatch(pattern, second.number), second.number
    assert first.number != second.number
    assert len(first.number) <= Certificate._meta.get_field("number").max_length


@pytest.mark.parametrize(
    ("provider", "prefix"),
    [("Key2Ed", "K2E"), ("Illinois MTSS Network", "IMTS"), ("steplab", "STE"), ("", "CRT")],
)
def test_the_number_prefix_comes_from_the_provider_name(provider, prefix):
    assert number_prefix(provider) == prefix


def test_a_colliding_number_is_drawn_again(pipeline_cast, monkeypatch):
    w = pipeline_cast
    with at(2026, 3, 10):
        taken = certify(w, w.candidacy)
        drawn = iter([taken.number, "K2E-2026-FRESH234"])
        monkeypatch.setattr(certificates, "new_number", lambda prefix, year: next(drawn))
        certificate = certify(w, w.candidacy_b)
    assert certificate.number == "K2E-2026-FRESH234"


@pytest.mark.parametrize("phase", ["identified", "training", "declined"])
def test_only_a_phase_iii_candidate_is_certified(pipeline_cast, phase):
    w = pipeline_cast
    if phase != "identified":
        in_phase_iii(w, w.candidacy)
        Candidacy.objects.filter(pk=w.candidacy.pk).update(phase=phase)
    with pytest.raises(ValidationError, match="Only a candidate in Phase III is certified"):
        certificate_issue(candidacy=w.candidacy, by=w.associate)
    assert not Certificate.objects.exists()
    assert not CandidacyEvent.objects.filter(kind="certified").exists()


def test_a_certified_coach_is_not_certified_twice(pipeline_cast):
    w = pipeline_cast
    certify(w, w.candidacy)
    with pytest.raises(ValidationError, match="Only a candidate in Phase III"):
        certificate_issue(candidacy=w.candidacy, by=w.associate)
    # Even back in Phase III (a repeat), the one certificate stays the only one.
    Candidacy.objects.filter(pk=w.candidacy.pk).update(phase="review")
    with pytest.raises(ValidationError, match="holds a certificate already"):
        certificate_issue(candidacy=w.candidacy, by=w.associate)
    assert Certificate.objects.count() == 1


# --- renew -------------------------------------------------------------------------------------


def test_renewal_counts_from_the_old_expiry_not_from_today(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)
    with at(2028, 1, 20):  # renewed seven weeks early: those weeks are not lost
        renewed = certificate_renew(certificate=certificate, by=w.associate, reason="Video passed")
    assert renewed.expires_on == D(2030, 3, 10)
    assert Certificate.objects.get(pk=certificate.pk).expires_on == D(2030, 3, 10)
    (event,) = events(certificate, "renewed")
    assert event.reason == "Valid until Mar 10, 2030 (was Mar 10, 2028). Video passed"
    assert (event.by, event.from_phase, event.to_phase) == (w.associate, "certified", "certified")


def test_a_lapsed_certificate_renewed_is_active_again_counted_from_its_old_expiry(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)
    with at(2028, 6, 1):
        assert certificates_lapse_expired() == 1
        renewed = certificate_renew(certificate=certificate, by=w.associate)
    assert (renewed.status, renewed.expires_on) == ("active", D(2030, 3, 10))


def test_a_certificate_lapsed_longer_than_its_validity_is_renewed_from_today(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)
    with at(2030, 6, 1):  # old expiry + 24 months = Mar 10, 2030: already past
        certificates_lapse_expired()
        renewed = certificate_renew(certificate=certificate, by=w.associate)
    assert (renewed.status, renewed.expires_on) == ("active", D(2032, 6, 1))


def test_a_revoked_certificate_cannot_be_renewed(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    certificate_revoke(certificate=certificate, by=w.associate, reason="Misrepresented hours")
    with pytest.raises(ValidationError, match="revoked certificate cannot be renewed"):
        certificate_renew(certificate=certificate, by=w.associate)
    stored = Certificate.objects.get(pk=certificate.pk)
    assert (stored.status, stored.expires_on) == ("revoked", certificate.expires_on)
    assert not events(certificate, "renewed")


# --- revoke ------------------------------------------------------------------------------------


def test_revoking_keeps_who_when_and_why(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    certificate_revoke(certificate=certificate, by=w.associate, reason="  Misrepresented hours ")
    stored = Certificate.objects.get(pk=certificate.pk)
    assert (stored.status, stored.revoked_reason, stored.revoked_by) == (
        "revoked",
        "Misrepresented hours",
        w.associate,
    )
    assert stored.revoked_at is not None
    (event,) = events(certificate, "revoked")
    assert (event.reason, event.by) == ("Misrepresented hours", w.associate)


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_needs_a_reason(pipeline_cast, reason):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    with pytest.raises(ValidationError, match="Say why the certificate is revoked"):
        certificate_revoke(certificate=certificate, by=w.associate, reason=reason)
    assert Certificate.objects.get(pk=certificate.pk).status == "active"


def test_a_certificate_is_revoked_once(pipeline_cast):
    w = pipeline_cast
    certificate = certify(w, w.candidacy)
    certificate_revoke(certificate=certificate, by=w.associate, reason="First")
    with pytest.raises(ValidationError, match="revoked already"):
        certificate_revoke(certificate=certificate, by=w.superuser, reason="Second")
    assert Certificate.objects.get(pk=certificate.pk).revoked_reason == "First"
    assert len(events(certificate, "revoked")) == 1


def test_a_lapsed_certificate_can_still_be_revoked(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)
    with at(2028, 6, 1):
        certificates_lapse_expired()
        certificate_revoke(certificate=certificate, by=w.associate, reason="Found later")
    assert Certificate.objects.get(pk=certificate.pk).status == "revoked"


# --- lapse -------------------------------------------------------------------------------------


def test_lapsing_marks_only_active_certificates_past_their_expiry(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        due = certify(w, w.candidacy)
        revoked = certify(w, w.candidacy_b)
        certificate_revoke(certificate=revoked, by=w.associate, reason="Withdrawn")
    with at(2026, 4, 1):
        current = certify(w, w.coach_candidacy)  # expires Apr 1, 2028
    assert certificates_lapse_expired(today=D(2028, 3, 10)) == 0  # the expiry day itself counts
    assert certificates_lapse_expired(today=D(2028, 3, 11)) == 1
    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "lapsed", revoked.pk: "revoked", current.pk: "active"}
    (event,) = events(due, "lapsed")
    assert (event.by, event.from_phase, event.to_phase) == (None, "certified", "certified")
    assert event.reason == "Expired on Mar 10, 2028 without renewal."


def test_lapsing_twice_lapses_nothing_twice(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certify(w, w.candidacy)
        certify(w, w.candidacy_b)
    assert certificates_lapse_expired(today=D(2029, 1, 1)) == 2
    assert certificates_lapse_expired(today=D(2029, 1, 1)) == 0
    assert certificates_lapse_expired(today=D(2030, 1, 1)) == 0
    assert CandidacyEvent.objects.filter(kind="lapsed").count() == 2


def make_expired(w, n):
    now = timezone.now()
    for _ in range(n):
        person = PersonFactory(district=w.district_a)
        candidacy = Candidacy.objects.create(
            person=person,
            district_id=person.district_id,
            program=w.program,
            phase="certified",
            district_approved_at=now,
            provider_approved_at=now,
        )
        Certificate.objects.create(
            candidacy=candidacy,
            number=certificates.new_number("TST", 2024),
            issued_on=D(2024, 1, 1),
            expires_on=D(2026, 1, 1),
        )


def test_lapsing_costs_the_same_at_50_certificates_as_at_2(pipeline_cast):
    w = pipeline_cast
    make_expired(w, 2)
    with CaptureQueriesContext(connection) as at_2:
        assert certificates_lapse_expired(today=D(2026, 6, 1)) == 2
    make_expired(w, 50)
    with CaptureQueriesContext(connection) as at_50:
        assert certificates_lapse_expired(today=D(2026, 6, 1)) == 50
    # With the notifications of the lapse, and their recipients' unread counts (locked, recounted).
    assert len(at_50) == len(at_2) <= 11
    assert Certificate.objects.filter(status="lapsed").count() == 52
    assert CandidacyEvent.objects.filter(kind="lapsed").count() == 52


def test_the_lapse_command_runs_once_and_says_how_many(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certify(w, w.candidacy)
        certify(w, w.candidacy_b)
    out = io.StringIO()
    with at(2028, 3, 11):
        call_command("lapse_certificates", stdout=out)
        call_command("lapse_certificates", stdout=out)
    assert out.getvalue() == "2 certificates lapsed.\n0 certificates lapsed.\n"


# --- displayed status --------------------------------------------------------------------------


def test_the_displayed_status_follows_the_date(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)  # expires Mar 10, 2028
    with at(2028, 1, 9):  # 61 days before
        assert certificate_status(certificate) == "active"
    with at(2028, 1, 10):  # 60 days before
        assert certificate_status(certificate) == "expiring"
    with at(2028, 3, 10):  # the last valid day
        assert certificate_status(certificate) == "expiring"
    with at(2028, 3, 11):  # stored active, but past its expiry: the job has not run yet
        assert certificate.status == "active"
        assert certificate_status(certificate) == "lapsed"
    assert certificate_selectors.EXPIRING_WITHIN_DAYS == 60
    assert certificate_status(certificate, today=D(2027, 1, 1)) == "active"


def test_lapsed_and_revoked_are_shown_whatever_the_date(pipeline_cast):
    w = pipeline_cast
    with at(2026, 3, 10):
        certificate = certify(w, w.candidacy)
    certificate.status = "lapsed"
    assert certificate_status(certificate, today=D(2026, 4, 1)) == "lapsed"
    certificate.status = "revoked"
    assert certificate_status(certificate, today=D(2026, 4, 1)) == "revoked"
    assert certificate_status(certificate, today=D(2029, 4, 1)) == "revoked"


# --- scoping and look-up -----------------------------------------------------------------------


@pytest.fixture
def certified(pipeline_cast):
    w = pipeline_cast
    w.certificate = certify(w, w.coach_candidacy)  # coach_a's own, in district A
    w.certificate_b = certify(w, w.candidacy_b)  # person_b's, in district B
    return w


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        ("coach_a", {"certificate"}),
        ("coach_b", set()),
        ("principal_a", set()),
        ("admin_a", {"certificate"}),
        ("admin_b", {"certificate_b"}),
        ("associate", {"certificate", "certificate_b"}),
        ("associate_b", set()),
        ("superuser", {"certificate", "certificate_b"}),
    ],
)
def test_a_certificate_is_seen_by_whoever_sees_its_candidacy(certified, actor, sees):
    w = certified
    visible = set(certificates_visible_to(getattr(w, actor)).values_list("pk", flat=True))
    assert visible == {getattr(w, name).pk for name in sees}


def test_only_the_programs_associates_change_a_certificate(certified):
    w = certified
    for user in (w.associate, w.superuser):
        assert get_certificate_for_user(user, w.certificate.pk, write=True) == w.certificate
    for user in (w.coach_a, w.admin_a):
        assert get_certificate_for_user(user, w.certificate.pk) == w.certificate
        with pytest.raises(PermissionDenied):
            get_certificate_for_user(user, w.certificate.pk, write=True)
    for user in (w.admin_b, w.coach_b, w.associate_b):
        with pytest.raises(Http404):
            get_certificate_for_user(user, w.certificate.pk)
    with pytest.raises(Http404):
        get_certificate_for_user(w.superuser, 999_999)


def test_a_number_is_found_whatever_its_case_and_spaces(certified):
    w = certified
    number = w.certificate.number
    spaced = " " + number.lower().replace("-", " - ") + " "
    assert certificate_by_number(number) == w.certificate
    assert certificate_by_number(spaced) == w.certificate
    assert certificate_by_number("K2E-2026-NOTATHING") is None
    assert certificate_by_number("") is None
    assert certificate_by_number(number + "X" * 30) is None


def test_a_certification_from_before_the_installation_keeps_its_dates(pipeline_cast):
    from certification.tests.certificate_helpers import in_phase_iii

    w = pipeline_cast
    candidacy = in_phase_iii(w, w.candidacy)
    with pytest.raises(ValidationError, match="in the future"):
        certificates.certificate_issue(
            candidacy=candidacy, by=w.associate, issued_on=datetime.date(2999, 1, 1)
        )
    certificate = certificates.certificate_issue(
        candidacy=candidacy, by=w.associate, issued_on=datetime.date(2025, 3, 15)
    )
    assert (certificate.issued_on, certificate.expires_on) == (
        datetime.date(2025, 3, 15),
        datetime.date(2027, 3, 15),
    )
    assert certificate.number.split("-")[1] == "2025"
