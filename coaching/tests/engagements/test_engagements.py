"""Coaching engagements: starting one with its agreement, gradual release, sessions (fast to log,
defaults from the last one), action steps, pausing and closing; bad input refused on the form with
nothing changed; query counts that do not grow with the rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coaching import limits
from coaching.models import ActionStep, CoachingSession, Engagement, StageChange
from coaching.selectors import engagements as selectors
from coaching.services import engagements as services
from coaching.tests.access import count_queries
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone

from . import world
from .cases import session_data, start_data, state, step_data
from .world import days


@cast_layer
def ew(cast):
    return world.build(cast)


# --- starting ----------------------------------------------------------------------------------


def test_a_district_admin_starts_an_engagement_with_its_agreement(ew, client_for):
    response = client_for(ew.admin_a).post(
        reverse("coaching:engagement_start", args=[ew.district_a.pk]), start_data(ew)
    )
    engagement = Engagement.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert (engagement.coach, engagement.coachee_person) == (ew.coach_a, ew.person_a)
    assert engagement.response_window_days == 3 and engagement.checkin_methods == ["email"]
    assert engagement.agreed_on == days(0) and engagement.stage is None


def test_a_team_engagement_starts_at_stage_one_with_its_first_change_kept(ew):
    assert ew.team.stage_changes.order_by("pk").first().to_stage == 1


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("commitment_given", {"commitment_given": ""}, "This field is required"),
        ("response_window_days", {"response_window_days": 0}, "greater than or equal to 1"),
        ("response_window_days", {"response_window_days": 31}, "less than or equal to 30"),
        ("checkin_methods", {"checkin_methods": []}, "This field is required"),
        ("ends_on", {"ends_on": days(-1).isoformat()}, "The end comes after the start"),
        ("level", {"level": "team"}, "Individual change is the coaching of one person"),
        ("agreement_notes", {"agreement_notes": "DOB 2015-04-12"}, "looks like a date of birth"),
    ],
)
def test_a_bad_start_is_refused_on_the_form_and_nothing_is_saved(
    ew, client_for, field, change, message
):
    before = state(ew)
    data = start_data(ew) | change
    if field == "level":
        data |= {"coachee_kind": "person"}
        data["level"] = "individual"
        data["coachee_kind"] = "team"
        data["coachee_team"] = ew.team_of_a.pk
        message = "Individual change is the coaching of one person"
    response = client_for(ew.admin_a).post(
        reverse("coaching:engagement_start", args=[ew.district_a.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(ew) == before


def test_an_associate_cannot_start_one_in_a_program_they_do_not_staff(ew):
    with pytest.raises(ValidationError) as refused:
        world.start_individual(
            ew,
            coach=ew.coach_b,
            coachee_person=ew.person_b,
            program=ew.other_program,
            by=ew.associate,
            district=ew.district_b,
        )
    assert "program" in refused.value.error_dict


def test_a_coach_of_another_district_cannot_be_named_coach(ew):
    with pytest.raises(ValidationError) as refused:
        world.start_individual(ew, coach=ew.coach_b, coachee_person=ew.person_a)
    assert "coach" in refused.value.error_dict


def test_a_coach_cannot_start_an_engagement(ew):
    with pytest.raises(PermissionDenied):
        world.start_individual(ew, coach=ew.coach_a, coachee_person=ew.person_a, by=ew.coach_a)


# --- gradual release ---------------------------------------------------------------------------


def test_a_stage_may_go_back_and_every_change_keeps_who_when_why(ew):
    change = services.stage_change(
        engagement=ew.team, by=ew.associate, to_stage=1, reason="New members joined"
    )
    assert change.goes_back and change.changed_by == ew.associate and change.from_stage == 2
    ew.team.refresh_from_db()
    assert ew.team.stage == 1
    history = selectors.stage_history(ew.team)
    assert [h["to_stage"] for h in history] == [1, 2, 1]
    times = {t["stage"]: t["days"] for t in selectors.time_in_stages(history)}
    assert times == {1: 60, 2: 30, 3: 0}


def test_a_stage_change_needs_a_reason_and_a_date_after_the_last(ew):
    with pytest.raises(ValidationError, match="Say why"):
        services.stage_change(engagement=ew.team, by=ew.associate, to_stage=3, reason=" ")
    with pytest.raises(ValidationError, match="date this one after it"):
        services.stage_change(
            engagement=ew.team, by=ew.associate, to_stage=3, reason="x", changed_on=days(-31)
        )
    assert StageChange.objects.filter(engagement=ew.team).count() == 2


def test_an_individual_engagement_has_no_stages(ew):
    with pytest.raises(ValidationError, match="no stages"):
        services.stage_change(engagement=ew.individual, by=ew.coach_a, to_stage=2, reason="x")


def test_in_stage_three_the_team_logs_its_own_self_monitoring_session(ew, client_for):
    with pytest.raises(PermissionDenied):
        services.session_log(
            engagement=ew.team, by=ew.coachee, held_on=days(0), minutes=30, mode="onsite"
        )
    services.stage_change(engagement=ew.team, by=ew.associate, to_stage=3, reason="Released")
    page = client_for(ew.coachee).get(reverse("coaching:session_log", args=[ew.team.pk]))
    assert page.status_code == 200 and "shared" not in page.context["form"].fields
    session = services.session_log(
        engagement=ew.team, by=ew.coachee, held_on=days(0), minutes=30, mode="onsite"
    )
    assert session.self_monitoring and session.logged_by == ew.coachee


# --- sessions ----------------------------------------------------------------------------------


def test_the_session_form_starts_from_the_coachs_last_session_and_lists_the_open_steps(
    ew, client_for
):
    page = client_for(ew.coach_a).get(reverse("coaching:session_log", args=[ew.individual.pk]))
    form = page.context["form"]
    assert form.initial["mode"] == "virtual" and form.initial["minutes"] == 20
    assert form.initial["activities"] == ["co_planning"] and form.initial["held_on"] == days(0)
    assert [s.pk for s in page.context["open_steps"]] == [ew.step_overdue.pk, ew.step_due.pk]
    assert "autofocus" in page.content.decode()


def test_a_session_and_a_new_step_are_saved_from_one_screen(ew, client_for):
    data = session_data(ew) | {
        "step": "Use a visualiser",
        "step_success_criteria": "Work shown twice a lesson",
        "step_follow_up_on": days(7).isoformat(),
    }
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_log", args=[ew.individual.pk]), data
    )
    assert response.status_code == 302
    session = CoachingSession.objects.latest("pk")
    step = ActionStep.objects.latest("pk")
    assert session.notes == "Went well" and step.session == session
    assert step.success_criteria == "Work shown twice a lesson"


def test_a_quick_note_is_one_short_entry_of_just_in_time_help(ew, client_for):
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_quick", args=[ew.individual.pk]),
        {"note": "Asked where the bank is", "minutes": 2, "mode": "async", "next": "mine"},
    )
    assert response["Location"] == reverse("coaching:my_engagements")
    session = CoachingSession.objects.latest("pk")
    assert (session.mode, session.minutes, session.activities) == ("async", 2, ["just_in_time"])
    assert session.held_on == days(0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": days(1).isoformat()}, "once it has happened"),
        ({"held_on": days(-61).isoformat()}, "date the session from then on"),
        ({"minutes": 0}, "greater than or equal to 1"),
        ({"minutes": 601}, "less than or equal to 600"),
        ({"notes": "Talked about student ID 4829173"}, "looks like a student ID number"),
        ({"next_steps": "DOB 2015-04-12"}, "looks like a date of birth"),
        ({"step": "Narrate", "step_follow_up_on": days(3).isoformat()}, "a step has its success"),
        (
            {"step": "Narrate", "step_success_criteria": "x", "step_follow_up_on": days(-1)},
            "Follow up today or later",
        ),
    ],
)
def test_a_bad_session_is_refused_on_the_form_with_what_was_typed(ew, client_for, change, message):
    before = state(ew)
    data = session_data(ew) | {"notes": "Typed this much"} | change
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_log", args=[ew.individual.pk]), data
    )
    text = response.content.decode()
    assert response.status_code == 200 and message in text
    assert data["notes"].split()[0] in text  # what was typed is shown again
    assert state(ew) == before


def test_a_follow_up_years_ahead_is_refused_on_the_session_form_naming_the_last_date(
    ew, client_for
):
    before = state(ew)
    last = days(limits.FOLLOW_UP_DAYS_AHEAD)
    data = session_data(ew) | {
        "step": "Narrate",
        "step_success_criteria": "Heard twice",
        "step_follow_up_on": "9999-01-01",
    }
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_log", args=[ew.individual.pk]), data
    )
    assert response.status_code == 200
    assert (
        f"by {last:%B %-d, %Y} at the latest"
        in response.context["form"].errors["step_follow_up_on"][0]
    )
    assert state(ew) == before


def test_the_last_follow_up_date_allowed_is_taken(ew):
    last = days(limits.FOLLOW_UP_DAYS_AHEAD)
    step = services.action_step_set(
        engagement=ew.individual, by=ew.coach_a, step="s", success_criteria="c", follow_up_on=last
    )
    assert step.follow_up_on == last
    with pytest.raises(ValidationError, match="at the latest"):
        services.action_step_advance(
            action_step=step, by=ew.coach_a, status="practising", follow_up_on=days(9999)
        )


def test_a_follow_up_years_ahead_is_refused_on_the_step_form(ew, client_for):
    before = state(ew)
    last = days(limits.FOLLOW_UP_DAYS_AHEAD)
    response = client_for(ew.coach_a).post(
        reverse("coaching:step_set", args=[ew.individual.pk]),
        step_data(ew) | {"follow_up_on": "9999-01-01"},
    )
    text = response.content.decode()
    assert f"by {last:%B %-d, %Y} at the latest" in text and "Narrate the positive" in text
    assert state(ew) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"step_success_criteria": "Heard twice"}, "or clear its success criteria"),
        ({"step_follow_up_on": days(3).isoformat()}, "or clear its follow-up date"),
    ],
)
def test_step_details_without_a_step_are_refused_not_dropped(ew, client_for, change, message):
    before = state(ew)
    data = session_data(ew) | {"notes": "Typed this much"} | change
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_log", args=[ew.individual.pk]), data
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert f"Name the action step, {message}." in response.context["form"].errors["step"]
    assert "Typed this much" in text and next(iter(change.values())) in text
    assert state(ew) == before


def test_a_quick_note_that_looks_like_an_identifier_is_refused_and_kept(ew, client_for):
    before = state(ew)
    response = client_for(ew.coach_a).post(
        reverse("coaching:session_quick", args=[ew.individual.pk]),
        {"note": "SSN 123-45-6789 came up", "minutes": 5, "mode": "async"},
    )
    text = response.content.decode()
    assert "looks like a Social Security number" in text and "came up" in text
    assert state(ew) == before


def test_a_paused_engagement_takes_no_session(ew):
    services.engagement_pause(engagement=ew.individual, by=ew.admin_a, reason="Leave")
    with pytest.raises(ValidationError, match="paused"):
        services.session_log(
            engagement=ew.individual, by=ew.coach_a, held_on=days(0), minutes=5, mode="phone"
        )


def test_closing_needs_a_reason_and_a_closed_engagement_stays_closed(ew, client_for):
    response = client_for(ew.admin_a).post(
        reverse("coaching:engagement_status", args=[ew.individual.pk]), {"status": "closed"}
    )
    assert "Say why the engagement closes" in response.content.decode()
    services.engagement_close(engagement=ew.individual, by=ew.coach_a, reason="End of year")
    with pytest.raises(ValidationError, match="closed"):
        services.engagement_resume(engagement=ew.individual, by=ew.coach_a)


# --- action steps ------------------------------------------------------------------------------


def test_a_step_without_success_criteria_is_refused_on_the_form(ew, client_for):
    before = state(ew)
    response = client_for(ew.coach_a).post(
        reverse("coaching:step_set", args=[ew.individual.pk]),
        {"step": "Narrate the positive", "success_criteria": "", "follow_up_on": days(3)},
    )
    text = response.content.decode()
    assert "a step has its success criteria" in text and "Narrate the positive" in text
    assert state(ew) == before


def test_a_step_goes_open_practising_met_with_evidence_and_no_further(ew, client_for):
    services.action_step_advance(action_step=ew.step_due, by=ew.coachee, status="practising")
    response = client_for(ew.coach_a).post(
        reverse("coaching:step_advance", args=[ew.step_due.pk]), {"status": "met"}
    )
    assert "Say what shows the step is met" in response.content.decode()
    services.action_step_advance(
        action_step=ew.step_due, by=ew.coach_a, status="met", evidence="Seen twice"
    )
    with pytest.raises(ValidationError, match="stays so"):
        services.action_step_advance(action_step=ew.step_due, by=ew.coach_a, status="dropped")


def test_a_follow_up_after_the_engagements_end_is_refused(ew):
    ew.individual.ends_on = days(5)
    with pytest.raises(ValidationError, match="follow up before then"):
        services.action_step_set(
            engagement=ew.individual,
            by=ew.coach_a,
            step="x",
            success_criteria="y",
            follow_up_on=days(6),
        )


def test_my_engagements_lists_the_steps_due_and_the_overdue(ew, client_for):
    page = client_for(ew.coach_a).get(reverse("coaching:my_engagements"))
    assert [s.pk for s in page.context["steps_due"]] == [ew.step_overdue.pk, ew.step_due.pk]
    assert "Overdue" in page.content.decode()


def test_the_coachee_sees_their_steps_and_engagements(ew, client_for):
    page = client_for(ew.coachee).get(reverse("coaching:my_coaching"))
    assert {s.pk for s in page.context["steps"]} == {ew.step_due.pk, ew.step_overdue.pk}
    assert {e.pk for e in page.context["page"]} == {ew.individual.pk, ew.team.pk}


def test_the_principal_sees_the_engagements_at_their_school_only(ew, client_for):
    page = client_for(ew.principal_a).get(reverse("coaching:school_coaching"))
    assert [e.pk for e in page.context["page"]] == [ew.individual.pk]
    other = client_for(ew.principal_other).get(reverse("coaching:school_coaching"))
    assert list(other.context["page"]) == []


def test_the_district_list_filters_by_coach_status_and_level(ew, client_for):
    url = reverse("coaching:district_engagements", args=[ew.district_a.pk])
    client = client_for(ew.admin_a)
    assert {e.pk for e in client.get(url).context["page"]} == {ew.individual.pk, ew.team.pk}
    assert [e.pk for e in client.get(url, {"level": "system"}).context["page"]] == [ew.team.pk]
    by_coach = client.get(url, {"coach": ew.coach_a.pk}).context["page"]
    assert [e.pk for e in by_coach] == [ew.individual.pk]
    assert list(client.get(url, {"status": "closed"}).context["page"]) == []


# --- query counts ------------------------------------------------------------------------------


def _more(w, n):
    """`n` more engagements of coach_a's with coachees of school_a (the principal's), each with a
    session and a step; and `n` more sessions and steps on the individual engagement."""
    from coaching.tests.factories import PersonFactory

    for i in range(n):
        person = PersonFactory(district=w.district_a, school=w.school_a, first_name=f"T{i}")
        e = world.start_individual(w, coach=w.coach_a, coachee_person=person)
        services.session_log(engagement=e, by=w.coach_a, held_on=days(-1), minutes=10, mode="phone")
        services.action_step_set(
            engagement=e, by=w.coach_a, step="s", success_criteria="c", follow_up_on=days(2)
        )
        services.session_log(
            engagement=w.individual,
            by=w.coach_a,
            held_on=days(-2),
            minutes=15,
            mode="async",
            participants=[w.coachee_person],
            notes=f"n{i}",
        )
        services.action_step_set(
            engagement=w.individual,
            by=w.coach_a,
            step=f"s{i}",
            success_criteria="c",
            follow_up_on=days(3),
        )


@cast_layer
def ew50(ew):
    """ew with 50 of each (`_more`), built once for every page; `at_two` marks where it had 2."""
    _more(ew, 1)  # 2 of each
    ew.at_two = checkpoint()
    _more(ew, 48)  # 50 of each
    return ew


PAGES = [
    ("coach_a", lambda w: reverse("coaching:my_engagements")),
    ("coach_a", lambda w: reverse("coaching:home")),
    ("coach_a", lambda w: reverse("coaching:engagement_detail", args=[w.individual.pk])),
    ("coach_a", lambda w: reverse("coaching:session_log", args=[w.individual.pk])),
    ("principal_a", lambda w: reverse("coaching:engagement_detail", args=[w.individual.pk])),
    ("principal_a", lambda w: reverse("coaching:school_coaching")),
    ("admin_a", lambda w: reverse("coaching:district_engagements", args=[w.district_a.pk])),
    ("coachee", lambda w: reverse("coaching:my_coaching")),
    ("coachee", lambda w: reverse("coaching:engagement_detail", args=[w.individual.pk])),
]


@pytest.mark.parametrize(
    ("actor", "url"), PAGES, ids=[f"{a}-{i}" for i, (a, _) in enumerate(PAGES)]
)
def test_query_counts_are_the_same_at_2_and_50_rows(ew50, client_for, actor, url):
    client = client_for(getattr(ew50, actor))
    with undone():
        rewind(ew50.at_two)  # 2 of each
        at_two = count_queries(client, url(ew50))
    assert count_queries(client, url(ew50)) == at_two  # 50 of each


def test_an_engagement_with_no_session_for_the_quiet_days_is_flagged(ew, client_for, settings):
    settings.ENGAGEMENT_QUIET_DAYS = 9  # the last session was 10 days ago
    page = client_for(ew.coach_a).get(reverse("coaching:my_engagements"))
    assert [e.quiet for e in page.context["page"]] == [True]
    settings.ENGAGEMENT_QUIET_DAYS = 11
    page = client_for(ew.coach_a).get(reverse("coaching:my_engagements"))
    assert [e.quiet for e in page.context["page"]] == [False]


@pytest.mark.parametrize(
    ("model", "attr", "change"),
    [
        (CoachingSession, "session", {"minutes": 0}),
        (CoachingSession, "session", {"minutes": 601}),
        (ActionStep, "step_due", {"success_criteria": ""}),
        (ActionStep, "step_due", {"status": "met", "evidence": ""}),
        (Engagement, "individual", {"commitment_given": False}),
        (Engagement, "individual", {"response_window_days": 31}),
        (Engagement, "individual", {"status": "closed", "status_reason": ""}),
        (Engagement, "individual", {"stage": 2}),
        (Engagement, "team", {"stage": None}),
        (Engagement, "individual", {"coachee_person": None}),
    ],
)
def test_the_database_refuses_what_the_app_would_refuse(ew, model, attr, change):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=getattr(ew, attr).pk).update(**change)
