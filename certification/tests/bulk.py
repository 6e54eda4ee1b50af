"""Rows written at once for tests that read them (query counts): the same rows the services would
write one by one, in one INSERT, then the one step of the service that follows them."""

from django.utils import timezone

from certification import services
from certification.models import Facilitation
from certification.tests import factories
from coaching import services as coaching_services
from coaching.models import Registration

Kind = factories.Kind


def attend(event, people, *, by):
    """`factories.attend(event, people, by=by)`: their registrations in one INSERT (no audience,
    capacity or enrolment checks: the people are those the factory registers, which the service
    accepts; a registration keeps no history), then their attendance recorded through the service,
    which moves whoever it completes Phase II for."""
    registrations = Registration.objects.bulk_create(
        Registration(event=event, person=person, registered_by=by) for person in people
    )
    coaching_services.attendance_record(
        event=event,
        attendance={r.pk: Registration.Attendance.ATTENDED for r in registrations},
        by=by,
    )
    return registrations


def initial_training(program, people, *, by):
    """`factories.initial_training`, its registrations written at once (`attend`)."""
    return attend(factories.event(program, Kind.INITIAL_FIEP, by=by, days=-60), people, by=by)


def trainings_together(candidacies, *, by, calls=2):
    """`factories.trainings_together`, each event's registrations written at once (`attend`)."""
    factories.trainings_together(candidacies, by=by, calls=calls, register=attend)


def facilitations(people, n, *, by):
    """`factories.facilitations(person, n, by=by)` for each of `people` (n annual reviews at the
    person's school today, 60 minutes, the model used, no note), in one INSERT; then each Phase
    II candidacy of theirs checked once, as `facilitation_log` checks it after each meeting (the
    checklist it completes moves it to Phase III, with its event and notice, the same). No
    validation: the rows are those the factory logs, which the service accepts."""
    today = timezone.localdate()
    Facilitation.objects.bulk_create(
        Facilitation(
            person=person,
            logged_by=by,
            held_on=today,
            school=person.school,
            meeting_type="annual_review",
            model_used=True,
            minutes=60,
            note="",
        )
        for person in people
        for _ in range(n)
    )
    services.advance_ready(person_ids=[person.pk for person in people], by=by)
