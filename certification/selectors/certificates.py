"""Certificates, the reads: who sees which, the public look-up by number, a certificate's own events,
and how its status is shown. The writes are certification/services/certificates.py."""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ..models import EXPIRING_WITHIN_DAYS, Candidacy, CandidacyEvent, Certificate  # noqa: F401 (read here)
from . import can_approve_for_provider, candidacies_visible_to, get_in_candidacy_scope

Kind = CandidacyEvent.Kind


CERTIFICATE_KINDS = (Kind.CERTIFIED, Kind.RENEWED, Kind.LAPSED, Kind.REVOKED)


def normalize_number(number: str) -> str:
    """A number as a person types it: case and any spaces do not matter."""
    return re.sub(r"\s+", "", number or "").upper()


STATUS_LABELS = {
    "active": "Active",
    "expiring": "Expiring soon",
    "lapsed": "Lapsed",
    "revoked": "Revoked",
}


def certificate_status(certificate: Certificate, today: datetime.date | None = None) -> str:
    """What to show (Certificate.shown_status): "revoked", "lapsed", "expiring" or "active"."""
    return certificate.shown_status(today)


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """A certificate is visible to whoever sees its candidacy: the holder, their district's
    admins, the program's associates (for enrolled districts), a site admin."""
    return Certificate.objects.filter(candidacy__in=candidacies_visible_to(user))


def certificates_of(user, candidacies: QuerySet[Candidacy]) -> QuerySet[Certificate]:
    """The certificates of `candidacies` (the pipeline's rows) that the user sees, in the
    pipeline's order: the certificates export's rows."""
    return (
        certificates_visible_to(user)
        .filter(candidacy__in=candidacies.order_by().values("pk"))
        .select_related("candidacy__person__district", "candidacy__program")
        .order_by(
            "candidacy__person__district__name",
            "candidacy__person__last_name",
            "candidacy__person__first_name",
            "pk",
        )
    )


def get_certificate_for_user(user, pk, *, write: bool = False) -> Certificate:
    """404 outside the user's scope (as for a missing id); 403 when `write` and the user is not an
    associate of the program (or a site admin)."""
    certificate = get_in_candidacy_scope(
        user,
        Certificate.objects.select_related(
            "candidacy__person__district", "candidacy__program__provider", "revoked_by"
        ),
        pk,
    )
    if write and not can_approve_for_provider(user, certificate.candidacy):
        raise PermissionDenied("You may see this certificate but not change it.")
    return certificate


def certificate_by_number(number: str) -> Certificate | None:
    """The public look-up: case and spaces ignored. None when no certificate has that number."""
    number = normalize_number(number)
    if not number or len(number) > Certificate._meta.get_field("number").max_length:
        return None
    return (
        Certificate.objects.select_related("candidacy__person")
        .filter(number=number)  # stored upper case, as normalize_number gives it
        .first()
    )


def certificate_events(certificate: Certificate) -> QuerySet[CandidacyEvent]:
    """The certificate's own events (issue, renewals, lapse, revocation), oldest first."""
    return (
        CandidacyEvent.objects.filter(
            candidacy_id=certificate.candidacy_id, kind__in=CERTIFICATE_KINDS
        )
        .select_related("by")
        .order_by("at", "pk")
    )
