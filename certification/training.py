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

from coaching.models import Program, TrainingEvent

from . import selectors
from .models import Candidacy
from .services import advance_ready
from .services.audiences import PHASE_TWO_KINDS, audience_sync

__all__ = ["PHASE_TWO_KINDS", "audience_sync"]  # written by the services: these rules read them

EventKind = TrainingEvent.Kind
Audience = TrainingEvent.Audience


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
    moved = advance_ready(person_ids=person_ids, by=by)
    return f"{moved} candidate(s) completed Phase II and moved to Phase III." if moved else ""
