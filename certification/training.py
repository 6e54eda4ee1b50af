"""Key2Ed's rules for training, written as training's data (`settings.TRAINING_RULES` names this
module for facilitator-certification programs; coaching decides registration from the data alone):

- the initial FIEP training is for anyone of the enrolled districts: candidates are identified from
  those who attended it;
- advanced and stakeholder training and the coaching workshop name the program's Phase II
  candidates (`invitees`), kept up to date as candidates enter and leave Phase II;
- a technical support call is for its cohort's members: the cohort's Phase II candidates;
- a coaching workshop takes at most the program's workshop capacity (its capacity when left blank).

Attendance and make-ups may complete a Phase II checklist: the candidate then moves to Phase III."""

from django.core.exceptions import ValidationError

from coaching.models import Cohort, Program, TrainingEvent

from . import selectors
from .models import Candidacy

EventKind = TrainingEvent.Kind
Audience = TrainingEvent.Audience
# The trainings every Phase II candidate of the program attends, and no one else.
PHASE_TWO_KINDS = (EventKind.ADVANCED, EventKind.STAKEHOLDER, EventKind.WORKSHOP)


def before_schedule(*, program: Program, fields: dict) -> None:
    kind = fields.get("kind")
    if kind == EventKind.WORKSHOP:
        most = selectors.program_settings(program).workshop_capacity
        if fields.get("capacity") is None:
            fields["capacity"] = most
        elif fields["capacity"] > most:
            raise ValidationError(
                {
                    "capacity": f"A coaching workshop takes at most {most} candidates "
                    "(the program's settings)."
                }
            )
    if kind == EventKind.INITIAL_FIEP:
        fields.update(audience=Audience.ENROLLED, audience_label="")
    elif kind == EventKind.SUPPORT_CALL:
        fields.update(audience=Audience.COHORT, audience_label="")
    elif kind in PHASE_TWO_KINDS:
        fields.update(audience=Audience.NAMED, audience_label=f"a Phase II candidate of {program}")


def after_schedule(*, event: TrainingEvent) -> None:
    if event.kind in PHASE_TWO_KINDS:
        phase_two = Candidacy.objects.filter(
            program_id=event.program_id, phase=Candidacy.Phase.TRAINING
        )
        event.invitees.set(phase_two.values_list("person_id", flat=True))


def after_attendance(*, person_ids, by) -> str:
    from .services import advance_ready  # services imports this module

    moved = advance_ready(person_ids=person_ids, by=by)
    return f"{moved} candidate(s) completed Phase II and moved to Phase III." if moved else ""


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
    TrainingEvent.invitees.through.objects.bulk_create(
        [
            TrainingEvent.invitees.through(trainingevent_id=pk, person_id=person_id)
            for pk in events.exclude(pk__in=named.values("trainingevent_id")).values_list(
                "pk", flat=True
            )
        ]
    )
    members.exclude(cohort_id=candidacy.cohort_id).delete()
    if candidacy.cohort_id:
        Cohort.members.through.objects.get_or_create(
            cohort_id=candidacy.cohort_id, person_id=person_id
        )
