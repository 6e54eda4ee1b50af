"""Rows written at once for tests that read them (query counts): the same rows the services would
write one by one, in one INSERT, then the one step of the service that follows them."""

from django.utils import timezone

from certification import services
from certification.models import Facilitation


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
