"""Demo candidacies, so that the pipeline has something in every Phase I state. Added once: skipped
when the demo program has candidacies already."""

from certification import services
from certification.models import Candidacy
from coaching.models import Person


def load(*, program, associate):
    if Candidacy.objects.filter(program=program).exists():
        return
    admins = {
        "maple-valley": Person.objects.get(user__email="admin@maplevalley.example").user,
        "riverbend": Person.objects.get(user__email="admin@riverbend.example").user,
    }

    def identify(email_or_name, district, reason=""):
        person = Person.objects.filter(district__slug=district).filter(
            user__email=email_or_name
        ).first() or Person.objects.get(district__slug=district, first_name=email_or_name)
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
