"""Training for every program: the kinds a program offers, who may register (the event's audience
and capacity, decided from that data alone), and a network program's training in the views."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coaching import limits, services
from coaching.forms.training import EventForm
from coaching.models import Program, Registration, RoleMembership, TrainingEvent
from coaching.selectors import training as selectors
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.factories import MembershipFactory, PersonFactory, UserFactory

from . import world

Kind, Audience = TrainingEvent.Kind, TrainingEvent.Audience


@cast_layer
def w(cast):
    return world.build(cast)


@pytest.mark.parametrize(
    ("program_kind", "kinds"),
    [
        ("facilitator", ["initial_fiep", "advanced", "stakeholder", "support_call", "workshop"]),
        ("network", ["network_training", "team_meeting"]),
        ("curriculum", ["course_session"]),
        ("peer", ["team_meeting"]),
    ],
)
def test_each_program_offers_the_kinds_that_fit_it(cast, program_kind, kinds):
    Program.objects.filter(pk=cast.program.pk).update(kind=program_kind)
    cast.program.refresh_from_db()
    assert [k.value for k in TrainingEvent.kinds_for(cast.program)] == kinds
    form = EventForm(program=cast.program, people=selectors.audience_of_program(cast.program))
    assert [value for value, _ in form.fields["kind"].choices] == kinds


def test_the_service_refuses_a_kind_the_program_does_not_offer(w):
    with pytest.raises(ValidationError, match="does not offer a coaching workshop"):
        world.event(w.network, Kind.WORKSHOP, by=w.associate)
    with pytest.raises(ValidationError, match="does not offer a network training"):
        world.event(w.program, Kind.NETWORK_TRAINING, by=w.associate)
    assert not TrainingEvent.objects.filter(kind=Kind.WORKSHOP, program=w.network).exists()


def test_the_form_refuses_a_kind_the_program_does_not_offer(w):
    form = EventForm(
        data={"kind": "workshop", "title": "x", "audience": "enrolled"},
        program=w.network,
        people=selectors.audience_of_program(w.network),
    )
    assert not form.is_valid() and "kind" in form.errors


def test_a_training_for_the_programs_coaches_takes_coaches_only(w):
    services.registration_create(event=w.network_training, person=w.coach_a.person, by=w.associate)
    with pytest.raises(ValidationError, match="is not a coach"):
        services.registration_create(event=w.network_training, person=w.person_a, by=w.associate)
    assert list(w.network_training.registrations.values_list("person", flat=True)) == [
        w.coach_a.person.pk
    ]


def test_a_training_of_named_people_takes_only_them(w):
    event = world.event(
        w.network,
        Kind.TEAM_MEETING,
        by=w.associate,
        days=3,
        audience=Audience.NAMED,
        audience_label="on the leadership team",
        invitees=[w.person_a],
    )
    services.registration_create(event=event, person=w.person_a, by=w.associate)
    with pytest.raises(ValidationError, match="is not on the leadership team"):
        services.registration_create(event=event, person=w.coach_a.person, by=w.associate)
    assert event.registrations.count() == 1


def test_a_cohorts_event_takes_its_members_and_names_its_cohort(w):
    stranger = PersonFactory(district=w.district_a)
    with pytest.raises(ValidationError, match="is not in Cohort A"):
        services.registration_create(event=w.past_call, person=stranger, by=w.associate)
    w.cohort.members.add(stranger)
    services.registration_create(event=w.past_call, person=stranger, by=w.associate)
    with pytest.raises(ValidationError, match="Choose the cohort"):
        world.event(w.network, Kind.NETWORK_TRAINING, by=w.associate, audience=Audience.COHORT)


def test_a_district_outside_the_program_and_a_full_event_are_refused(w):
    event = world.event(w.network, Kind.NETWORK_TRAINING, by=w.associate, days=2, capacity=1)
    with pytest.raises(ValidationError, match="is not enrolled in"):
        services.registration_create(event=event, person=w.person_b, by=w.associate)
    services.registration_create(event=event, person=w.person_a, by=w.associate)
    with pytest.raises(ValidationError, match="full: all 1 places are taken"):
        services.registration_create(event=event, person=w.coach_a.person, by=w.associate)
    assert event.registrations.count() == 1


def test_whom_one_may_register_is_the_audience(w):
    coaches = list(selectors.registerable_people(w.network_training, w.associate))
    assert coaches == [w.coach_a.person]
    assert list(selectors.registerable_people(w.past_call, w.associate)) == []  # registered


def test_a_network_associate_schedules_registers_and_records_attendance(w, client_for):
    client = client_for(w.associate)
    page = client.get(reverse("coaching:event_create", args=[w.network.pk])).content.decode()
    assert "Network training" in page and "Coaching workshop" not in page
    response = client.post(
        reverse("coaching:event_create", args=[w.network.pk]),
        {
            "kind": "network_training",
            "title": "Coaching cycles, part 1",
            "audience": "coaches",
            "starts_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "location": "Online",
            "capacity": "",
        },
    )
    event = TrainingEvent.objects.get(title="Coaching cycles, part 1")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert (event.program, event.audience) == (w.network, "coaches")
    client.post(reverse("coaching:event_register", args=[event.pk]), {"person": w.person_a.pk})
    assert not event.registrations.exists()  # not a coach: refused
    client.post(
        reverse("coaching:event_register", args=[event.pk]), {"person": w.coach_a.person.pk}
    )
    registration = event.registrations.get()
    response = client.post(
        reverse("coaching:event_attendance", args=[event.pk]),
        {f"r-{registration.pk}": "attended"},
        follow=True,
    )
    assert "Attendance saved." in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.ATTENDED


def test_a_refused_event_keeps_what_was_typed(w, client_for):
    response = client_for(w.associate).post(
        reverse("coaching:event_create", args=[w.network.pk]),
        {
            "kind": "network_training",
            "title": "Kept title",
            "audience": "cohort",
            "starts_at": "2027-03-01T09:00",
            "duration_minutes": 60,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Kept title" in page
    assert not TrainingEvent.objects.filter(title="Kept title").exists()


def grow(w, n):
    """n more events of each program, each with a registration, and n more coaches to name."""
    for i in range(n):
        user = UserFactory()
        MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=w.district_a)
        coach = PersonFactory(district=w.district_a, user=user)
        event = world.event(
            w.network,
            Kind.NETWORK_TRAINING,
            by=w.associate,
            days=i - n // 2,
            audience=Audience.COACHES,
        )
        services.registration_create(event=event, person=coach, by=w.associate)
        services.registration_create(event=w.network_training, person=coach, by=w.associate)


@cast_layer
def w50(w):
    """w grown by 50 (`grow`: 2, then 48), built once for every actor; `at_2` marks the 2."""
    grow(w, 2)
    w.at_2 = checkpoint()
    grow(w, 48)
    return w


@pytest.mark.parametrize("actor", ["associate", "admin_a", "coach_a"])
def test_the_training_list_and_an_event_cost_the_same_at_2_and_50(w50, client_for, actor):
    client = client_for(getattr(w50, actor))
    pages = [
        reverse("coaching:training"),
        reverse("coaching:event_detail", args=[w50.network_training.pk]),
    ]
    with undone():
        rewind(w50.at_2)
        small = [count_queries(client, page) for page in pages]
    large = [count_queries(client, page) for page in pages]
    assert small == large, (small, large)
    assert max(large) <= 12


# --- limits and freeing a place (moved here from certification's tests with their code) -------


def test_999999999999_training_minutes_are_refused_on_the_form_and_kept(w, client_for):
    before = TrainingEvent.objects.count()
    response = client_for(w.associate).post(
        reverse("coaching:event_create", args=[w.program.pk]),
        {
            "kind": "advanced",
            "title": "Advanced training",
            "starts_at": "2027-01-12T09:00",
            "duration_minutes": "999999999999",
            "location": "Room 4",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 1440." in page
    assert 'value="999999999999"' in page and "Advanced training" in page
    assert TrainingEvent.objects.count() == before


def test_the_training_form_offers_the_models_ranges_and_says_the_title_limit(w, client_for):
    page = (
        client_for(w.associate)
        .get(reverse("coaching:event_create", args=[w.program.pk]))
        .content.decode()
    )
    assert 'name="duration_minutes"' in page and 'min="5"' in page and 'max="1440"' in page
    assert 'maxlength="200"' in page and "Up to 200 characters." in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("duration_minutes", 999_999_999_999, "less than or equal to 1440"),
        ("duration_minutes", 0, "greater than or equal to 5"),
        ("capacity", 5_000, "less than or equal to 1000"),
    ],
)
def test_the_model_refuses_a_training_number_out_of_range(w, field, value, message):
    with pytest.raises(ValidationError) as refused:
        services.event_schedule(
            program=w.program,
            by=w.associate,
            kind="advanced",
            starts_at=timezone.now(),
            **{"duration_minutes": 60, field: value},
        )
    assert message in refused.value.message_dict[field][0]


def test_a_place_is_freed_before_the_event_and_not_after(w, client_for):
    response = client_for(w.admin_a).post(
        reverse("coaching:registration_cancel", args=[w.future_registration.pk]),
        follow=True,
    )
    assert "place is freed" in response.content.decode()
    assert not Registration.objects.filter(pk=w.future_registration.pk).exists()
    past = Registration.objects.get(pk=w.absent_registration.pk)
    with pytest.raises(ValidationError, match="has begun"):
        services.registration_cancel(registration=past)


# --- how far back and ahead a training may start (limits.TRAINING_DAYS_BACK / _AHEAD) ----------


def _window():
    today = timezone.localdate()
    return (
        today - dt.timedelta(days=limits.TRAINING_DAYS_BACK),
        today + dt.timedelta(days=limits.TRAINING_DAYS_AHEAD),
    )


def _at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _range_message():
    earliest, latest = _window()
    return f"Schedule a training from {earliest:%B %-d, %Y} to {latest:%B %-d, %Y}."


@pytest.mark.parametrize("end, step", [("earliest", -1), ("latest", 1)])
def test_the_service_refuses_a_start_just_outside_the_range(w, end, step):
    day = dict(zip(("earliest", "latest"), _window(), strict=True))[end]
    before = TrainingEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.event_schedule(
            program=w.network,
            by=w.associate,
            kind=Kind.NETWORK_TRAINING,
            title="Out of range",
            audience=Audience.COACHES,
            starts_at=_at(day + dt.timedelta(days=step)),
            duration_minutes=60,
        )
    assert refused.value.message_dict == {"starts_at": [_range_message()]}
    assert TrainingEvent.objects.count() == before


@pytest.mark.parametrize("end", ["earliest", "latest"])
def test_the_service_takes_a_start_on_the_first_and_the_last_day_of_the_range(w, end):
    day = dict(zip(("earliest", "latest"), _window(), strict=True))[end]
    event = services.event_schedule(
        program=w.network,
        by=w.associate,
        kind=Kind.NETWORK_TRAINING,
        title=f"On the {end} day",
        audience=Audience.COACHES,
        starts_at=_at(day),
        duration_minutes=60,
    )
    assert timezone.localtime(event.starts_at).date() == day


@pytest.mark.parametrize("starts_at", ["9999-12-31T10:00", "2020-01-01T10:00"])
def test_a_training_in_year_9999_or_2020_is_refused_on_the_form_and_nothing_saved(
    w, client_for, starts_at
):
    before = list(TrainingEvent.objects.order_by("pk").values())
    response = client_for(w.associate).post(
        reverse("coaching:event_create", args=[w.network.pk]),
        {
            "kind": "network_training",
            "title": "A slip of the year",
            "audience": "coaches",
            "starts_at": starts_at,
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"starts_at": [_range_message()]}
    page = response.content.decode()
    assert _range_message() in page and "A slip of the year" in page
    assert list(TrainingEvent.objects.order_by("pk").values()) == before


def test_the_coachs_home_shows_the_year_of_their_next_training(w, client_for):
    services.registration_create(event=w.network_training, person=w.coach_a.person, by=w.associate)
    page = client_for(w.coach_a).get(reverse("coaching:home")).content.decode()
    starts = timezone.localtime(w.network_training.starts_at)
    assert f"{starts:%b %-d, %Y, %-I:%M %p}" in page
