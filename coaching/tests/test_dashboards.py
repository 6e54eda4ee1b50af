"""Coaching's panels on each role's home (coaching/selectors/dashboards.py): what waits for the
district admin and the coach, with a count and a link to act on each; coaching time by mode and
by activity, and engagements by stage, whose tables hold the right numbers; the same number of
queries at 2 rows and at 50 on every role's home."""

import datetime as dt

import pytest
from django.urls import reverse

from coaching.models import CoachingSession
from coaching.services import checkins, invitations
from coaching.services import engagements as services
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.engagements import world
from coaching.tests.factories import PersonFactory

HOME = reverse("coaching:home")


@cast_layer
def dash(cast):
    return world.build(cast)


def panel(response, key):
    for panels in response.context["dashboard"].values():
        for found in panels:
            if found.key == key:
                return found
    raise AssertionError(f"no panel {key} on the page")


def column_totals(chart):
    """Each series' total over the chart's rows (its months), as its table shows them."""
    return {
        name: sum(row.bars[i].value for row in chart.rows) for i, name in enumerate(chart.series)
    }


def test_the_admin_sees_coaching_time_by_mode_and_by_activity(dash, client_for):
    response = client_for(dash.admin_a).get(HOME)
    # District A: 45 minutes onsite and 20 virtual (the individual), 90 job-embedded (the team).
    by_mode = column_totals(panel(response, "time-mode-district_admin"))
    assert by_mode == {"Onsite": 45, "Virtual": 20, "Job-embedded": 90}
    by_activity = column_totals(panel(response, "time-activity-district_admin"))
    assert by_activity["Feedback"] == 45 + 90
    assert by_activity["Data review"] == 90
    assert by_activity["Observation"] == 45
    html = response.content.decode()
    assert "<svg" in html and "<table" in html
    assert reverse("coaching:district_engagements", args=[dash.district_a.pk]) in html


def test_the_admin_sees_engagements_by_stage(dash, client_for):
    chart = panel(client_for(dash.admin_a).get(HOME), "stages-district_admin")
    assert {row.label: row.bars[0].value for row in chart.rows} == {
        "Stage 1": 0,
        "Stage 2": 1,
        "Stage 3": 0,
    }


def test_a_quiet_engagement_waits_on_the_admins_home(dash, client_for, settings):
    settings.ENGAGEMENT_QUIET_DAYS = 9  # the individual's last session was 10 days ago
    found = panel(client_for(dash.admin_a).get(HOME), "quiet")
    assert [item.url for item in found.items] == [dash.individual.get_absolute_url()]
    assert found.count == 1
    settings.ENGAGEMENT_QUIET_DAYS = 11
    assert panel(client_for(dash.admin_a).get(HOME), "quiet").count == 0


def test_an_invitation_not_yet_accepted_waits_on_the_admins_home(dash, client_for):
    person = PersonFactory(district=dash.district_a, school=dash.school_a, first_name="Noor")
    invitations.invitation_send(person=person, by=dash.admin_a)
    response = client_for(dash.admin_a).get(HOME)
    found = panel(response, "invitations")
    assert [item.label for item in found.items] == [person.full_name]
    assert found.count == 1
    assert person.get_absolute_url() in response.content.decode()
    # District B's admin is not told of it.
    assert panel(client_for(dash.admin_b).get(HOME), "invitations").count == 0


def test_a_cancelled_training_leaves_the_cached_home_at_once(
    dash, client_for, settings, django_capture_on_commit_callbacks
):
    """The home's panels are cached; cancelling a training is an UPDATE that sends no model
    signal, and still the coach's next home no longer lists it among their next trainings."""
    from django.core.cache import cache
    from django.utils import timezone

    from coaching.models import Person, Registration, TrainingEvent
    from coaching.services import training

    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = TrainingEvent.objects.create(
            program=dash.program,
            kind=TrainingEvent.Kind.NETWORK_TRAINING,
            title="Spring network day",
            starts_at=timezone.now() + dt.timedelta(days=3),
        )
        Registration.objects.create(event=event, person=Person.objects.get(user=dash.coach_a))
    client = client_for(dash.coach_a)
    assert [i.label for i in panel(client.get(HOME), "training").items] == ["Spring network day"]
    assert panel(client.get(HOME), "training").count == 1  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        training.event_cancel(event=event, by=dash.associate)
    assert panel(client.get(HOME), "training").count == 0
    cache.clear()


def test_a_sign_in_leaves_the_cached_homes_as_they_are_and_a_real_change_makes_them_old(
    dash, client, settings, django_capture_on_commit_callbacks
):
    """Every sign-in saves the login's last_login, which no dashboard counts: it must not make
    every cached home old. A change to what the homes count still does."""
    from django.core.cache import cache

    from coaching.selectors.dashboards import VERSION_KEY

    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    cache.set(VERSION_KEY, 7, None)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(
            reverse("login"), {"username": dash.coach_a.email, "password": "correct horse battery"}
        )
    assert signed_in.status_code == 302
    dash.coach_a.refresh_from_db()
    assert dash.coach_a.last_login is not None
    assert cache.get(VERSION_KEY) == 7
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory(district=dash.district_a, school=dash.school_a)
    assert cache.get(VERSION_KEY) > 7  # the record and its history copy: each a bump
    cache.clear()


def test_the_coach_sees_steps_due_overdue_first_and_checkins_to_answer(dash, client_for):
    checkins.checkin_ask(
        engagement=dash.individual, by=dash.coachee, kind="question", text="May we meet Friday?"
    )
    response = client_for(dash.coach_a).get(HOME)
    steps = panel(response, "steps")
    assert steps.count == 2
    assert steps.items[0].overdue and not steps.items[1].overdue
    answers = panel(response, "checkins")
    assert answers.count == 1
    assert "/checkins/" in answers.items[0].url
    # The coach of B has neither.
    other = client_for(dash.coach_b).get(HOME)
    assert panel(other, "steps").count == 0
    assert panel(other, "checkins").count == 0


def test_the_principal_sees_the_activity_at_the_school(dash, client_for):
    response = client_for(dash.principal_a).get(HOME)
    by_mode = column_totals(panel(response, "time-mode-principal"))
    assert by_mode["Onsite"] == 45
    assert by_mode["Virtual"] == 20
    assert "principal" in response.context["dashboard"]
    # The principal of another school sees no minutes of school A's coaching.
    other = client_for(dash.principal_other).get(HOME)
    assert sum(column_totals(panel(other, "time-mode-principal")).values()) == 0


# --- query counts: the same at 2 rows and at 50 ---------------------------------------------------


def grow(w, n):
    """n more of each thing a home lists: engagements with sessions, steps, check-ins, invitations."""
    for _ in range(n):
        coachee = PersonFactory(district=w.district_a, school=w.school_a)
        engagement = world.start_individual(
            w, coach=w.coach_a, coachee_person=coachee, starts_on=world.days(-60)
        )
        services.session_log(
            engagement=engagement,
            by=w.coach_a,
            held_on=world.days(-30),
            minutes=30,
            mode=CoachingSession.Mode.PHONE,
            activities=["rehearsal"],
        )
        services.action_step_set(
            engagement=engagement,
            by=w.coach_a,
            step="A step",
            success_criteria="Seen",
            follow_up_on=world.days(2),
        )
        invited = PersonFactory(district=w.district_a, school=w.school_a)
        invitations.invitation_send(person=invited, by=w.admin_a)
        checkins.checkin_ask(
            engagement=w.individual, by=w.coachee, kind="question", text="A question"
        )


@cast_layer
def dash50(dash):
    """dash grown to 50 of each thing (`grow`), built once for every role; `at_2` marks where it
    had 2."""
    grow(dash, 2)
    dash.at_2 = checkpoint()
    grow(dash, 48)
    return dash


@pytest.mark.parametrize("actor", ["admin_a", "coach_a", "principal_a", "associate"])
def test_each_roles_home_costs_the_same_at_50_rows_as_at_2(actor, dash50, client_for, settings):
    settings.ENGAGEMENT_QUIET_DAYS = 9
    client = client_for(getattr(dash50, actor))
    with undone():
        rewind(dash50.at_2)
        at_2 = count_queries(client, HOME)
    at_50 = count_queries(client, HOME)
    assert at_50 == at_2, f"{actor}: {at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= 40


def test_the_months_are_the_last_six(dash, client_for):
    chart = panel(client_for(dash.admin_a).get(HOME), "time-mode-district_admin")
    assert len(chart.rows) == 6
    assert chart.rows[-1].label == f"{dt.date.today():%b %Y}"
