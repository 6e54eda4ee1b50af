"""Certificates, the writes: issue, renew, revoke and lapse. Who sees them, and how a certificate is
shown, is certification/selectors/certificates.py.

A certificate certifies a coach of facilitated IEP meetings, never a facilitated-IEP trainer. Its
stored status is active, lapsed or revoked; "expiring" is derived (`certificate_status`). Every
change is a `CandidacyEvent` on the holder's candidacy, so the candidacy's timeline tells it all.
"""

import calendar
import datetime
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching.models import Notification
from coaching.notifications.services import Message, notify_many
from coaching.rules import refuse_own_record
from coaching.selectors import district_admins_by_district
from coaching.services.dashboards import dashboards_changed

from ..models import Candidacy, CandidacyEvent, Certificate, Submission
from ..selectors import program_settings
from .events import Tell, candidacy_event_record

Phase = Candidacy.Phase
Kind = CandidacyEvent.Kind
Status = Certificate.Status

# Certificate numbers: no 0/O, 1/I/L, so a number read aloud or typed from paper is unambiguous.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_RANDOM_LENGTH = 8  # 31**8, about 8.5e11 numbers per prefix and year: not guessable
NUMBER_ATTEMPTS = 5


# --- dates -------------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on by whole calendar months; a day the target month lacks becomes its last day
    (Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 12 months = Feb 28)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- numbers -----------------------------------------------------------------------------------


def number_prefix(provider_name: str) -> str:
    """The provider's initials as written: "Key2Ed" → "K2E" (capitals and digits, at most four);
    a name with no capitals gives its first three letters."""
    ascii_name = re.sub(r"[^A-Za-z0-9]", "", provider_name)
    initials = "".join(c for c in ascii_name if c.isupper() or c.isdigit())
    return (initials or ascii_name[:3].upper() or "CRT")[:4]


def new_number(prefix: str, year: int) -> str:
    random_part = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_RANDOM_LENGTH))
    return f"{prefix}-{year}-{random_part}"


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(
    *, candidacy: Candidacy, by, reason: str = "", issued_on: datetime.date | None = None
) -> Certificate:
    """Certify a Phase III candidate: a certificate with a new unguessable number, issued today
    (or on `issued_on`, for a certification made before this installation kept its records) and
    valid for the program's `certificate_valid_months`; the candidacy moves to "certified" and a
    CERTIFIED event is recorded. Refuses any candidacy not in Phase III (`review`), and a date in
    the future, and the holder issuing their own."""
    candidacy = (
        Candidacy.objects.select_for_update()
        .select_related("program__provider", "person")
        .get(pk=candidacy.pk)
    )
    refuse_own_record(actor=by, person=candidacy.person, action="issue your own certificate")
    if candidacy.phase != Phase.FEEDBACK_REVIEW:
        raise ValidationError(
            f"Only a candidate in Phase III is certified; this one is "
            f"{candidacy.get_phase_display()}."
        )
    if Certificate.objects.filter(candidacy=candidacy).exists():
        raise ValidationError(f"{candidacy.person.full_name} holds a certificate already.")
    today = timezone.localdate()
    if issued_on is not None and issued_on > today:
        raise ValidationError("A certificate cannot be issued in the future.")
    today = issued_on or today
    months = program_settings(candidacy.program).certificate_valid_months
    prefix = number_prefix(candidacy.program.provider.name)
    for _attempt in range(NUMBER_ATTEMPTS):
        certificate = Certificate(
            candidacy=candidacy,
            number=new_number(prefix, today.year),
            issued_on=today,
            expires_on=add_months(today, months),
        )
        try:
            certificate.full_clean()
            with transaction.atomic():  # a savepoint: a racing twin number is retried, not fatal
                certificate.save()
        except ValidationError as error:
            if "number" not in error.message_dict:
                raise
        except IntegrityError:
            if not Certificate.objects.filter(number=certificate.number).exists():
                raise
        else:
            break
    else:
        raise RuntimeError(f"No free certificate number after {NUMBER_ATTEMPTS} attempts.")
    candidacy.phase = Phase.CERTIFIED
    candidacy.save(update_fields=["phase", "updated_at"])
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.CERTIFIED,
        by=by,
        from_phase=Phase.FEEDBACK_REVIEW,
        reason=_with_detail(
            f"Certificate {certificate.number}, valid until {_day(certificate.expires_on)}.",
            reason,
        ),
        tell=Tell(
            kind=Notification.Kind.CERTIFICATE,
            url=certificate.get_absolute_url(),
            subject=f"{candidacy.person.full_name} is certified",
            body=f"Certificate {certificate.number} is issued to {candidacy.person.full_name}, valid "
            f"until {_day(certificate.expires_on)}. Download it as a PDF from its page.",
        ),
    )
    return certificate


@transaction.atomic
def certificate_renew(*, certificate: Certificate, by, reason: str = "") -> Certificate:
    """Renew for the program's validity, counted from the OLD expiry date, not from today, so an
    early renewal loses no time. A lapsed certificate becomes active again, its new expiry still
    counted from its old one; only when even that new date would not be after today (it lapsed
    longer ago than one validity period) is it counted from today. A revoked certificate is never
    renewed, nor by its holder. Records a RENEWED event whose reason names the old and the new
    expiry."""
    certificate = _lock(certificate)
    refuse_own_record(
        actor=by, person=certificate.candidacy.person, action="renew your own certificate"
    )
    if certificate.status == Status.REVOKED:
        raise ValidationError("A revoked certificate cannot be renewed.")
    today = timezone.localdate()
    months = program_settings(certificate.candidacy.program).certificate_valid_months
    old_expiry = certificate.expires_on
    new_expiry = add_months(old_expiry, months)
    if new_expiry <= today:
        new_expiry = add_months(today, months)
    certificate.expires_on = new_expiry
    certificate.status = Status.ACTIVE
    certificate.full_clean()
    certificate.save(update_fields=["expires_on", "status"])
    candidacy_event_record(
        candidacy=certificate.candidacy,
        kind=Kind.RENEWED,
        by=by,
        from_phase=certificate.candidacy.phase,
        reason=_with_detail(f"Valid until {_day(new_expiry)} (was {_day(old_expiry)}).", reason),
        tell=Tell(
            kind=Notification.Kind.CERTIFICATE,
            url=certificate.get_absolute_url(),
            subject=f"Certificate {certificate.number} is renewed",
            body=f"{certificate.candidacy.person.full_name}'s certificate is renewed: valid until "
            f"{_day(certificate.expires_on)}.",
        ),
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke, saying why (the reason is kept on the certificate and on the timeline). A revoked
    certificate stays revoked: it is not renewed, and revoking it again is refused; a
    recertification attempt still open is withdrawn with it. Its holder never revokes it."""
    certificate = _lock(certificate)
    refuse_own_record(
        actor=by, person=certificate.candidacy.person, action="revoke your own certificate"
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the certificate is revoked: the reason is kept and shown.")
    if certificate.status == Status.REVOKED:
        raise ValidationError("This certificate is revoked already.")
    certificate.status = Status.REVOKED
    certificate.revoked_reason = reason
    certificate.revoked_by = by
    certificate.revoked_at = timezone.now()
    certificate.full_clean()
    certificate.save(update_fields=["status", "revoked_reason", "revoked_by", "revoked_at"])
    candidacy_event_record(
        candidacy=certificate.candidacy,
        kind=Kind.REVOKED,
        by=by,
        from_phase=certificate.candidacy.phase,
        reason=reason,
        tell=Tell(
            kind=Notification.Kind.CERTIFICATE,
            url=certificate.get_absolute_url(),
            subject=f"Certificate {certificate.number} is revoked",
            body=f"{certificate.candidacy.person.full_name}'s certificate is revoked. The reason "
            f"given: {reason}",
        ),
    )
    Submission.objects.filter(
        candidacy_id=certificate.candidacy_id,
        purpose=Submission.Purpose.RECERTIFICATION,
        outcome__in=[Submission.Outcome.DRAFT, Submission.Outcome.PENDING],
    ).update(outcome=Submission.Outcome.WITHDRAWN)
    return certificate


@transaction.atomic
def certificates_lapse_expired(*, today: datetime.date | None = None) -> int:
    """Every active certificate whose expiry date is before `today` (default: the local date)
    becomes lapsed, with one LAPSED event each; returns how many. Three queries whatever the number
    (the claim, the update, the events); running it again lapses nothing twice."""
    today = today or timezone.localdate()
    due = list(
        Certificate.objects.select_for_update()
        .filter(status=Status.ACTIVE, expires_on__lt=today)
        .values_list("pk", "candidacy_id", "candidacy__phase", "expires_on")
    )
    if not due:
        return 0
    Certificate.objects.filter(pk__in=[row[0] for row in due], status=Status.ACTIVE).update(
        status=Status.LAPSED
    )
    dashboards_changed()  # the update and the bulk insert send no model signal
    CandidacyEvent.objects.bulk_create(
        CandidacyEvent(
            candidacy_id=candidacy_id,
            kind=Kind.LAPSED,
            by=None,
            from_phase=phase,
            to_phase=phase,
            reason=f"Expired on {_day(expires_on)} without renewal.",
        )
        for _pk, candidacy_id, phase, expires_on in due
    )
    _tell_lapsed([row[0] for row in due])
    return len(due)


def _tell_lapsed(pks) -> None:
    """One notification per lapsed certificate to its coach and district admins: a fixed number
    of queries, and never twice for one expiry (the dedupe key)."""
    lapsed = list(Certificate.objects.filter(pk__in=pks).select_related("candidacy__person__user"))
    admins = district_admins_by_district(c.candidacy.person.district_id for c in lapsed)
    notify_many(
        [
            Message(
                recipients=[
                    c.candidacy.person.user,
                    *admins.get(c.candidacy.person.district_id, []),
                ],
                subject=f"Certificate {c.number} has lapsed",
                body=f"{c.candidacy.person.full_name}'s certificate expired on "
                f"{_day(c.expires_on)} without a recertification: it has lapsed.",
                url=c.get_absolute_url(),
                dedupe_key=f"certificate-lapsed:{c.pk}:{c.expires_on}",
            )
            for c in lapsed
        ],
        kind=Notification.Kind.CERTIFICATE,
    )


def _lock(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update()
        .select_related("candidacy__program")
        .get(pk=certificate.pk)
    )


def _day(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _with_detail(detail: str, reason: str) -> str:
    reason = (reason or "").strip()
    return f"{detail} {reason}" if reason else detail
