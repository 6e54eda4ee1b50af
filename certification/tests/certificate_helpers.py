"""Shared set-up of the certificate tests: candidates put in Phase III, certificates issued, and a
frozen clock in the project's time zone."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from certification import services
from certification.models import Candidacy
from certification.services.certificates import certificate_issue


def at(year, month, day):
    """Travel to noon of that local day (tick=False: the clock stands still)."""
    moment = datetime.datetime(year, month, day, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(moment, tick=False)


def in_phase_iii(w, candidacy):
    """Both approvals through the services, then Phase III set directly (test set-up only: the
    Phase II checklist is not what these tests are about)."""
    services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")
    services.candidacy_approve(candidacy=candidacy, by=w.associate, side="provider")
    Candidacy.objects.filter(pk=candidacy.pk).update(phase=Candidacy.Phase.FEEDBACK_REVIEW)
    candidacy.refresh_from_db()
    return candidacy


def certify(w, candidacy):
    return certificate_issue(candidacy=in_phase_iii(w, candidacy), by=w.associate)
