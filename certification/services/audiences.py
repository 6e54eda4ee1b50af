"""Where a Phase II candidate stands in its program's training audiences (DESIGN.md, "Training"):
named for every Phase II training and a member of its cohort. Written by the pipeline's services as
a candidacy moves; certification/training.py, the rules coaching runs, reads them."""

from coaching.models import Cohort, TrainingEvent
from coaching.services.dashboards import dashboards_changed

from ..models import Candidacy

EventKind = TrainingEvent.Kind
# The trainings every Phase II candidate of the program attends, and no one else.
PHASE_TWO_KINDS = (EventKind.ADVANCED, EventKind.STAKEHOLDER, EventKind.WORKSHOP)


def audience_sync(*, candidacy: Candidacy) -> None:
    """Write the candidacy's place in its program's training audiences: named for every Phase II
    training and a member of its cohort while in Phase II, and neither otherwise. Registrations
    already made are history and stay."""
    person_id, program_id = candidacy.person_id, candidacy.program_id
    in_phase_two = candidacy.phase == Candidacy.Phase.TRAINING
    named = TrainingEvent.invitees.through.objects.filter(
        person_id=person_id,
        trainingevent__program_id=program_id,
        trainingevent__kind__in=PHASE_TWO_KINDS,
    )
    members = Cohort.members.through.objects.filter(
        person_id=person_id, cohort__program_id=program_id
    )
    if not in_phase_two:
        named.delete()
        members.delete()
        return
    events = TrainingEvent.objects.filter(program_id=program_id, kind__in=PHASE_TWO_KINDS)
    dashboards_changed()  # a bulk_create sends no model signal: the cached dashboards are old
    TrainingEvent.invitees.through.objects.bulk_create(
        [
            TrainingEvent.invitees.through(trainingevent_id=pk, person_id=person_id)
            for pk in events.exclude(pk__in=named.values("trainingevent_id"))
            .order_by()
            .values_list("pk", flat=True)
        ]
    )
    members.exclude(cohort_id=candidacy.cohort_id).delete()
    if candidacy.cohort_id:
        Cohort.members.through.objects.get_or_create(
            cohort_id=candidacy.cohort_id, person_id=person_id
        )
