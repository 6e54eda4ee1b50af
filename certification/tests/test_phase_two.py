"""Phase II: trainings, attendance and make-ups, the facilitation log, the computed checklist and
the move to Phase III; every rule and every refusal."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from certification import selectors, services
from certification.models import Candidacy, Facilitation
from certification.schoolyear import pace, school_year
from certification.tests import factories
from coaching import services as coaching_services
from coaching.models import Registration
from coaching.tests.factories import PersonFactory, SchoolFactory


@pytest.fixture
def phase_two(pipeline_cast):
    w = pipeline_cast
    for candidacy, admin in ((w.candidacy, w.admin_a), (w.coach_candidacy, w.admin_a)):
        factories.approve(candidacy, admin=admin, associate=w.associate)
        candidacy.refresh_from_db()
    return w


def test_a_workshop_takes_the_programs_capacity_and_no_more(phase_two):
    w = phase_two
    workshop = factories.event(w.program, "workshop", by=w.associate, days=5)
    assert workshop.capacity == 5
    with pytest.raises(ValidationError, match="at most 5 candidates"):
        factories.event(w.program, "workshop", by=w.associate, capacity=6)


def test_a_full_workshop_tells_the_next_one_so(phase_two):
    w = phase_two
    workshop = factories.event(w.program, "workshop", by=w.associate, days=5, capacity=1)
    coaching_services.registration_create(event=workshop, person=w.person_a, by=w.associate)
    with pytest.raises(ValidationError, match="full: all 1 places are taken"):
        coaching_services.registration_create(event=workshop, person=w.coach_a.person, by=w.coach_a)
    assert workshop.registrations.count() == 1


def test_advanced_trainings_are_for_phase_two_candidates_and_calls_for_their_cohort(phase_two):
    w = phase_two
    advanced = factories.event(w.program, "advanced", by=w.associate, days=5)
    with pytest.raises(ValidationError, match="not a Phase II candidate"):
        coaching_services.registration_create(event=advanced, person=w.person_b, by=w.associate)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort X")
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort, days=5)
    with pytest.raises(ValidationError, match="is not in Cohort X"):
        coaching_services.registration_create(event=call, person=w.person_a, by=w.associate)
    assert not Registration.objects.filter(event__in=[advanced, call]).exists()


def test_attendance_waits_for_the_event_to_begin(phase_two):
    w = phase_two
    upcoming = factories.event(w.program, "advanced", by=w.associate, days=5)
    registration = coaching_services.registration_create(
        event=upcoming, person=w.person_a, by=w.associate
    )
    with pytest.raises(ValidationError, match="once the event has begun"):
        coaching_services.attendance_record(
            event=upcoming, attendance={registration.pk: "attended"}, by=w.associate
        )
    registration.refresh_from_db()
    assert registration.attendance == "registered"


def test_only_a_missed_support_call_is_made_up_and_the_note_is_kept(phase_two):
    w = phase_two
    workshop = factories.event(w.program, "workshop", by=w.associate)
    (missed_workshop,) = factories.attend(
        workshop, [w.person_a], by=w.associate, attendance="absent"
    )
    with pytest.raises(ValidationError, match="Only a missed technical support call"):
        coaching_services.attendance_make_up(
            registration=missed_workshop, note="Read the slides", by=w.associate
        )

    cohort = factories.trainings(w.candidacy, by=w.associate, calls=0)
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort)
    (attended,) = factories.attend(call, [w.person_a], by=w.associate)
    with pytest.raises(ValidationError, match="Only a call marked missed"):
        coaching_services.attendance_make_up(registration=attended, note="x", by=w.associate)
    coaching_services.attendance_record(
        event=call, attendance={attended.pk: "absent"}, by=w.associate
    )
    with pytest.raises(ValidationError, match="Say how"):
        coaching_services.attendance_make_up(registration=attended, note="  ", by=w.associate)
    made_up = coaching_services.attendance_make_up(
        registration=attended, note="Watched the recording", by=w.associate
    )
    assert (made_up.attendance, made_up.made_up_note) == ("made_up", "Watched the recording")


def test_the_checklist_is_computed_and_completing_it_moves_to_phase_three(phase_two):
    w = phase_two
    candidacy = w.candidacy
    first = selectors.checklist(candidacy)
    assert not first.complete
    assert "not yet placed in a cohort" in first.summary()

    factories.trainings(candidacy, by=w.associate, calls=2)
    factories.facilitations(w.person_a, 4, by=w.associate)
    candidacy.refresh_from_db()
    almost = selectors.checklist(candidacy)
    assert [i.key for i in almost.items if not i.done] == ["facilitations"]
    assert almost.pace.count == 4
    candidacy.refresh_from_db()
    assert candidacy.phase == "training"

    factories.facilitations(w.person_a, 1, by=w.associate)  # the fifth
    candidacy.refresh_from_db()
    assert candidacy.phase == "review"
    moved = candidacy.events.filter(kind="advanced", to_phase="review").get()
    assert "Phase II checklist complete" in moved.reason
    assert "5 of 5" in moved.reason and "2 of 2" in moved.reason


def test_a_missed_call_holds_the_checklist_until_it_is_made_up(phase_two):
    w = phase_two
    candidacy = w.candidacy
    cohort = factories.trainings(candidacy, by=w.associate, calls=1)
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort)
    (missed,) = factories.attend(call, [w.person_a], by=w.associate, attendance="absent")
    factories.facilitations(w.person_a, 5, by=w.associate)
    candidacy.refresh_from_db()
    assert candidacy.phase == "training"
    assert "1 of 2" in selectors.checklist(candidacy).summary()

    coaching_services.attendance_make_up(
        registration=missed, note="Watched the recording", by=w.associate
    )
    candidacy.refresh_from_db()
    assert candidacy.phase == "review"


def test_only_facilitations_with_the_model_in_this_school_year_count(phase_two):
    w = phase_two
    today = timezone.localdate()
    year = school_year(today, 7)
    factories.facilitations(w.person_a, 2, by=w.associate, model_used=False)
    factories.facilitations(
        w.person_a, 3, by=w.associate, held_on=year.start - dt.timedelta(days=1)
    )
    factories.facilitations(w.person_a, 1, by=w.associate, held_on=year.start)
    assert selectors.checklist(w.candidacy).pace.count == 1


@pytest.mark.parametrize(
    "note",
    ["Student 4471234 attended", "DOB 3/14/2015", "born 03-14-15"],
)
def test_the_log_refuses_a_note_that_looks_like_a_student_identifier(phase_two, note):
    w = phase_two
    with pytest.raises(ValidationError, match="identifies a student"):
        factories.facilitations(w.person_a, 1, by=w.associate, note=note)
    assert not Facilitation.objects.exists()


def test_the_log_refuses_a_future_meeting_and_another_districts_school(phase_two):
    w = phase_two
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="once it has happened"):
        factories.facilitations(w.person_a, 1, by=w.associate, held_on=tomorrow)
    with pytest.raises(ValidationError, match="school of your district"):
        services.facilitation_log(
            person=w.person_a,
            by=w.associate,
            held_on=timezone.localdate(),
            school=SchoolFactory(district=w.district_b),
            meeting_type="initial",
            minutes=45,
        )
    assert not Facilitation.objects.exists()


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 7, 1), dt.date(2027, 6, 30)),
        (dt.date(2027, 6, 30), dt.date(2026, 7, 1), dt.date(2027, 6, 30)),
        (dt.date(2027, 7, 1), dt.date(2027, 7, 1), dt.date(2028, 6, 30)),
    ],
)
def test_the_school_year_turns_on_the_first_of_the_start_month(today, start, end):
    year = school_year(today, 7)
    assert (year.start, year.end) == (start, end)


def test_the_pace_spreads_the_minimum_over_the_year():
    year = school_year(dt.date(2026, 7, 1), 7)
    assert pace(count=0, minimum=5, today=dt.date(2026, 7, 1), year=year).required_now == 0
    midyear = pace(count=2, minimum=5, today=dt.date(2026, 12, 31), year=year)
    assert (midyear.required_now, midyear.on_pace, midyear.remaining) == (2, True, 3)
    behind = pace(count=2, minimum=5, today=dt.date(2027, 4, 15), year=year)
    assert (behind.required_now, behind.on_pace) == (3, False)
    assert pace(count=5, minimum=5, today=dt.date(2027, 6, 30), year=year).met


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_fill_the_workshop_exactly(cast):
    """Twelve candidates register at once for a workshop of five: exactly five get a place, and
    each of the others is told the workshop is full."""
    from coaching.models import Program

    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    people = [PersonFactory(district=cast.district_a) for _ in range(12)]
    factories.initial_training(cast.program, people, by=cast.associate)
    for person in people:
        candidacy = services.candidacy_identify(
            person=person, program=cast.program, by=cast.admin_a
        )
        factories.approve(candidacy, admin=cast.admin_a, associate=cast.associate)
    workshop = factories.event(cast.program, "workshop", by=cast.associate, days=10)
    assert workshop.capacity == 5

    barrier = threading.Barrier(len(people))
    outcomes = []

    def register(person):
        try:
            barrier.wait()
            coaching_services.registration_create(event=workshop, person=person, by=cast.associate)
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("registered") == 5
    full = [o for o in outcomes if o != "registered"]
    assert len(full) == 7 and all("full: all 5 places are taken" in o for o in full)
    assert Registration.objects.filter(event=workshop).count() == 5
    assert Candidacy.objects.filter(program=cast.program).count() == 12


def test_the_pathway_writes_its_rules_as_the_events_audiences(pipeline_cast):
    """Key2Ed's rules are the events' data: the initial FIEP training is for the enrolled
    districts, the Phase II trainings name the Phase II candidates (those who enter Phase II after
    the event is scheduled too, and no longer those who leave it), a support call is for its
    cohort's members, who are its Phase II candidates."""
    w = pipeline_cast
    initial = factories.event(w.program, "initial_fiep", by=w.associate, days=3)
    workshop = factories.event(w.program, "workshop", by=w.associate, days=5)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort Y")
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort, days=5)
    assert (initial.audience, workshop.audience, call.audience) == ("enrolled", "named", "cohort")
    assert workshop.audience_label == f"a Phase II candidate of {w.program}"
    assert not workshop.invitees.exists()

    services.candidacy_set_cohort(candidacy=w.candidacy, cohort=cohort, by=w.associate)
    assert not cohort.members.exists()  # placed in Phase I: not yet of the cohort's audience
    factories.approve(w.candidacy, admin=w.admin_a, associate=w.associate)
    assert list(workshop.invitees.all()) == [w.person_a]
    assert list(cohort.members.all()) == [w.person_a]
    coaching_services.registration_create(event=call, person=w.person_a, by=w.associate)

    w.candidacy.refresh_from_db()
    factories.trainings(w.candidacy, by=w.associate, calls=1)  # a new cohort: leaves Cohort Y
    assert not cohort.members.exists()
    factories.facilitations(w.person_a, 5, by=w.associate)
    w.candidacy.refresh_from_db()
    assert w.candidacy.phase == "review"
    assert not workshop.invitees.exists()  # in Phase III: no longer named
    with pytest.raises(ValidationError, match="not a Phase II candidate"):
        coaching_services.registration_create(event=workshop, person=w.person_a, by=w.associate)
    assert call.registrations.filter(person=w.person_a).exists()  # history stays


def test_a_cancelled_call_is_no_call_to_attend(phase_two):
    w = phase_two
    candidacy = w.candidacy
    cohort = factories.trainings(candidacy, by=w.associate, calls=1)
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort, days=5)
    candidacy.refresh_from_db()
    assert "1 of 2" in selectors.checklist(candidacy).summary()
    coaching_services.event_cancel(event=call, by=w.associate)
    assert "1 of 1" in selectors.checklist(candidacy).summary()
