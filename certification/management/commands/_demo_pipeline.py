"""Demo candidacies, so that the pipeline has something in every Phase I state. Added once: skipped
when the demo program has candidacies already."""

import datetime as dt

from django.utils import timezone

from certification import services
from certification.models import Candidacy
from coaching import services as coaching_services
from coaching.models import Person, TrainingEvent


def load(*, program, associate):
    if Candidacy.objects.filter(program=program).exists():
        return
    admins = {
        "maple-valley": Person.objects.get(user__email="admin@maplevalley.example").user,
        "riverbend": Person.objects.get(user__email="admin@riverbend.example").user,
    }

    def find(email_or_name, district):
        return Person.objects.filter(district__slug=district).filter(
            user__email=email_or_name
        ).first() or Person.objects.get(district__slug=district, first_name=email_or_name)

    trained = [
        find("coach@maplevalley.example", "maple-valley"),
        find("coach2@maplevalley.example", "maple-valley"),
        find("Elena", "maple-valley"),
        find("coach@riverbend.example", "riverbend"),
        find("Lena", "riverbend"),
    ]
    initial = coaching_services.event_schedule(
        program=program,
        by=associate,
        kind=TrainingEvent.Kind.INITIAL_FIEP,
        title="Initial FIEP training, August",
        starts_at=timezone.now() - dt.timedelta(days=100),
        duration_minutes=360,
        location="Key2Ed training center",
    )
    registrations = [
        coaching_services.registration_create(event=initial, person=p, by=associate)
        for p in trained
    ]
    coaching_services.attendance_record(
        event=initial, attendance={r.pk: "attended" for r in registrations}, by=associate
    )

    def identify(email_or_name, district, reason=""):
        person = find(email_or_name, district)
        return services.candidacy_identify(
            person=person, program=program, by=admins[district], reason=reason
        )

    # Phase II: both approved.
    jordan = identify("coach@maplevalley.example", "maple-valley", "Facilitates most of our IEPs")
    services.candidacy_approve(candidacy=jordan, by=admins["maple-valley"], side="district")
    services.candidacy_approve(candidacy=jordan, by=associate, side="provider")
    # Phase I, the district has approved, waiting for the provider.
    priya = identify("coach2@maplevalley.example", "maple-valley")
    services.candidacy_approve(candidacy=priya, by=admins["maple-valley"], side="district")
    # Phase I, nothing yet.
    identify("Elena", "maple-valley", "Attended the initial FIEP training in August")
    identify("coach@riverbend.example", "riverbend")
    # Declined by the provider.
    lena = identify("Lena", "riverbend")
    services.candidacy_decline(
        candidacy=lena,
        by=associate,
        reason="Has not yet facilitated an IEP meeting with the model.",
    )
