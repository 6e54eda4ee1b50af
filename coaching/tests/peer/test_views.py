"""Peer coaching's pages: bad input gets a message on its form and changes nothing; the
principal's pages show activity (the query counts at 2 rows and 50: test_query_counts.py)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachingSession, Partnership, PeerPlan, Reflection, TimeRequest
from coaching.services import peer as services
from coaching.tests.casts import cast_layer

from . import world
from .cases import state
from .world import days


@cast_layer
def peer_pages(cast):
    return world.build(cast)


def test_the_principals_list_shows_each_partnerships_activity(peer_pages, client_for):
    w = peer_pages
    page = client_for(w.principal_a).get(reverse("coaching:peer_partnerships", args=[w.team.pk]))
    text = page.content.decode()
    assert str(w.partner_person) in text and "2 · Co-plan" in text
    assert ">45<" in text  # minutes: 40 of co-planning and 5 of just-in-time help
    assert "1 waiting" in text


def test_the_filter_by_step(peer_pages, client_for):
    w = peer_pages
    url = reverse("coaching:peer_partnerships", args=[w.team.pk])
    text = client_for(w.coach_a).get(url, {"step": "brainstorm"}).content.decode()
    assert str(w.person_a) in text and str(w.partner_person) not in text


def _refused(client, url, data, w, *, field_message):
    before = state(w)
    response = client.post(url, data)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert state(w) == before
    return response


def test_an_empty_plan_is_refused_on_the_form(peer_pages, client_for):
    w = peer_pages
    _refused(
        client_for(w.coach_a),
        reverse("coaching:peer_plan_write", args=[w.team.pk]),
        {"goals": "", "plan": ""},
        w,
        field_message="This field is required",
    )


def test_an_assignment_without_the_partners_agreement_is_refused(peer_pages, client_for):
    w = peer_pages
    _refused(
        client_for(w.principal_a),
        reverse("coaching:partnership_assign", args=[w.team.pk]),
        {"coach": w.peer2.pk, "partner": w.teacher3.pk},
        w,
        field_message="starts with the partner&#x27;s agreement",
    )


def test_a_partner_paired_twice_in_a_year_is_refused(peer_pages, client_for):
    w = peer_pages
    _refused(
        client_for(w.principal_a),
        reverse("coaching:partnership_assign", args=[w.team.pk]),
        {"coach": w.peer2.pk, "partner": w.person_a.pk, "agreed": "on"},
        w,
        field_message="has a peer coach for",
    )


def test_a_file_that_is_not_an_artifact_is_refused_on_the_page(peer_pages, client_for):
    w = peer_pages
    fake = SimpleUploadedFile("plan.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    _refused(
        client_for(w.partner),
        reverse("coaching:peer_artifact_keep", args=[w.partnership.pk]),
        {"file": fake},
        w,
        field_message="its content was checked",
    )


def test_a_long_jit_line_an_empty_reflection_and_an_empty_request_are_refused(
    peer_pages, client_for
):
    w = peer_pages
    client = client_for(w.partner)
    pk = w.partnership.pk
    _refused(
        client,
        reverse("coaching:partnership_jit", args=[pk]),
        {"line": "x" * 301},
        w,
        field_message="at most 300 characters",
    )
    _refused(
        client,
        reverse("coaching:peer_reflection", args=[pk]),
        {"text": " "},
        w,
        field_message="This field is required",
    )
    _refused(
        client,
        reverse("coaching:time_request_ask", args=[pk]),
        {"what": ""},
        w,
        field_message="This field is required",
    )
    _refused(
        client,
        reverse("coaching:partnership_session", args=[pk]),
        {
            "activity": "co_planning",
            "held_on": days(1).isoformat(),
            "minutes": 30,
            "mode": "onsite",
        },
        w,
        field_message="once it has happened",
    )


def test_a_student_identifier_in_a_reflection_is_refused(peer_pages, client_for):
    w = peer_pages
    response = client_for(w.partner).post(
        reverse("coaching:peer_reflection", args=[w.partnership.pk]),
        {"text": "Student ID 12345678 did well"},
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Reflection.objects.count() == 1


def test_an_assessment_without_a_decision_is_refused(peer_pages, client_for):
    w = peer_pages
    _refused(
        client_for(w.principal_a),
        # Last year's: open to the assessment whatever today is.
        reverse("coaching:partnership_assess", args=[w.partnership_past.pk]),
        {"note": "Hm"},
        w,
        field_message="This field is required",
    )


def test_scheduling_before_the_request_says_why_and_changes_nothing(peer_pages, client_for):
    w = peer_pages
    client = client_for(w.principal_a)
    response = client.post(
        reverse("coaching:time_request_schedule", args=[w.time_request.pk]),
        {"scheduled_for": days(-40).isoformat()},
        follow=True,
    )
    assert "on the day it was asked or later" in response.content.decode()
    assert TimeRequest.objects.get(pk=w.time_request.pk).scheduled_for is None


def test_moving_to_the_same_step_says_so(peer_pages, client_for):
    w = peer_pages
    response = client_for(w.partner).post(
        reverse("coaching:partnership_move", args=[w.partnership.pk]),
        {"to_step": "co_plan"},
        follow=True,
    )
    assert "at that step already" in response.content.decode()
    assert Partnership.objects.get(pk=w.partnership.pk).cycle_changes.count() == 2


def test_the_pair_logs_and_the_principal_sees_the_count(peer_pages, client_for):
    w = peer_pages
    client = client_for(w.coach_a)
    client.post(reverse("coaching:partnership_jit", args=[w.partnership.pk]), {"line": ""})
    assert CoachingSession.objects.filter(engagement=w.partnership.engagement).count() == 3
    text = (
        client_for(w.principal_a)
        .get(reverse("coaching:partnership_detail", args=[w.partnership.pk]))
        .content.decode()
    )
    assert 'Just-in-time help</dt><dd class="col-sm-7">2<' in text


def test_the_endorsed_plan_and_its_versions_are_the_teams(peer_pages, client_for):
    w = peer_pages
    response = client_for(w.principal_a).post(
        reverse("coaching:peer_plan_endorse", args=[w.plan2.pk])
    )
    assert response.status_code == 302
    assert PeerPlan.objects.get(pk=w.plan2.pk).endorsed_on == days(0)
    text = client_for(w.peer2).get(reverse("coaching:peer_team", args=[w.team.pk])).content.decode()
    assert "Endorsed" in text and "Version 1" in text


def test_the_partners_answer_needs_a_choice(peer_pages, client_for):
    w = peer_pages
    page = client_for(w.partner).get(
        reverse("coaching:partnership_detail", args=[w.partnership.pk])
    )
    assert '<option value="">Choose…</option>' in page.content.decode()
    _refused(
        client_for(w.partner),
        reverse("coaching:partnership_continue", args=[w.partnership.pk]),
        {"answer": ""},
        w,
        field_message="This field is required",
    )


def test_an_assessment_before_the_years_last_weeks_says_when_and_changes_nothing(
    peer_pages, client_for
):
    from django.utils.formats import date_format

    from coaching.models.peer import assessment_opens_on, school_year_of

    w = peer_pages
    # Next school year's partnership: whatever today is, its last weeks are ahead.
    ahead = services.partnership_assign(
        team=w.team,
        by=w.principal_a,
        coach=w.coach_a,
        partner=w.teacher3,
        agreed=True,
        school_year=school_year_of(timezone.localdate()) + 1,
    )
    url = reverse("coaching:partnership_assess", args=[ahead.pk])
    client = client_for(w.principal_a)
    assert "Not yet" in client.get(url).content.decode()
    response = client.post(url, {"decision": "continue", "note": ""})
    opens_on = date_format(assessment_opens_on(ahead.school_year))
    assert response.status_code == 200 and f"opens on {opens_on}" in response.content.decode()
    ahead.refresh_from_db()
    assert ahead.decision == ""


def test_the_principal_adds_and_removes_peer_coaches(peer_pages, client_for):
    w = peer_pages
    client = client_for(w.principal_a)
    url = reverse("coaching:peer_team_coaches", args=[w.team.pk])
    response = client.post(url, {"coaches": [w.coach_a.pk, w.peer2.pk, w.other_coach.pk]})
    assert response.status_code == 302
    assert set(w.team.coaches.all()) == {w.coach_a, w.peer2, w.other_coach}
    response = client.post(url, {"coaches": [w.coach_a.pk, w.peer2.pk]})
    assert response.status_code == 302
    assert w.other_coach not in w.team.coaches.all()


def test_a_peer_coach_with_a_running_partnership_stays_and_a_stranger_is_refused(
    peer_pages, client_for
):
    w = peer_pages
    client = client_for(w.admin_a)
    url = reverse("coaching:peer_team_coaches", args=[w.team.pk])
    before = set(w.team.coaches.all())
    response = client.post(url, {"coaches": [w.coach_a.pk]})
    assert response.status_code == 200
    assert "stay on the team until it closes" in response.content.decode()
    response = client.post(url, {"coaches": [w.coach_a.pk, w.peer2.pk, w.coach_b.pk]})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert set(w.team.coaches.all()) == before


def test_the_district_admin_finds_the_teams_of_the_district_on_the_peer_home(
    peer_pages, client_for
):
    w = peer_pages
    page = client_for(w.admin_a).get(reverse("coaching:peer_home")).content.decode()
    assert reverse("coaching:peer_team_coaches", args=[w.team.pk]) in page
    assert reverse("coaching:peer_team_coaches", args=[w.team_b.pk]) not in page
    assert w.plan2.plan not in page


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_focused_time_beyond_the_limit_is_refused_naming_the_last_day(peer_pages, client_for):
    import datetime as dt

    from django.utils.formats import date_format

    from coaching import limits

    w = peer_pages
    url = reverse("coaching:time_request_schedule", args=[w.time_request.pk])
    latest = timezone.localdate(w.time_request.asked_at) + dt.timedelta(
        days=limits.TIME_REQUEST_DAYS_AHEAD
    )
    before = state(w)
    for typed in ("9999-12-31", (latest + dt.timedelta(days=1)).isoformat()):
        response = client_for(w.principal_a).post(url, {"scheduled_for": typed}, follow=True)
        assert f"Schedule it by {date_format(latest)}" in " ".join(_messages(response))
        assert state(w) == before
    # The last day allowed is taken, and the message names the year.
    response = client_for(w.principal_a).post(
        url, {"scheduled_for": latest.isoformat()}, follow=True
    )
    assert _messages(response) == [f"Focused time scheduled for {date_format(latest)}."]
    assert str(latest.year) in _messages(response)[0]
    assert TimeRequest.objects.get(pk=w.time_request.pk).scheduled_for == latest


def test_saving_the_plan_unchanged_writes_no_version_and_keeps_the_endorsement(
    peer_pages, client_for
):
    w = peer_pages
    services.plan_endorse(plan=w.plan2, by=w.principal_a)
    client = client_for(w.coach_a)
    url = reverse("coaching:peer_plan_write", args=[w.team.pk])
    before = state(w)
    response = client.post(url, {"goals": w.plan2.goals, "plan": w.plan2.plan})
    assert response.status_code == 200
    assert "No change: the plan is still version 2." in response.content.decode()
    assert state(w) == before
    team = client.get(reverse("coaching:peer_team", args=[w.team.pk])).content.decode()
    assert "Endorsed" in team and "Not endorsed yet" not in team


def test_saving_a_draft_plan_unchanged_says_so(peer_pages, client_for):
    w = peer_pages
    _refused(
        client_for(w.peer2),
        reverse("coaching:peer_plan_write", args=[w.team.pk]),
        {"goals": w.plan2.goals, "plan": w.plan2.plan},
        w,
        field_message="No change: the plan is still version 2.",
    )


def test_the_principal_and_the_peer_coaches_are_no_partner_teachers(peer_pages, client_for):
    from coaching.models import Person

    w = peer_pages
    principal = Person.objects.get(user=w.principal_a)
    client = client_for(w.principal_a)
    url = reverse("coaching:partnership_assign", args=[w.team.pk])
    offered = set(client.get(url).context["form"].fields["partner"].queryset)
    assert w.teacher3 in offered
    assert principal not in offered and w.peer2_person not in offered
    for person, message in (
        (principal, "is the school&#x27;s principal, who leads its coaching team"),
        (w.peer2_person, "is one of the team&#x27;s peer coaches"),
    ):
        _refused(
            client,
            url,
            {"coach": w.peer2.pk, "partner": person.pk, "agreed": "on"},
            w,
            field_message="Select a valid choice",
        )
        with pytest.raises(ValidationError) as refused:
            services.partnership_assign(
                team=w.team, by=w.principal_a, coach=w.peer2, partner=person, agreed=True
            )
        assert html.unescape(message) in refused.value.message_dict["partner"][0]


def test_a_partner_with_no_role_finds_her_partnership_on_her_home(peer_pages, client_for):
    w = peer_pages
    home = client_for(w.partner).get(reverse("coaching:home")).content.decode()
    assert "no role yet" not in home
    assert "Your peer partnership" in home
    assert reverse("coaching:partnership_detail", args=[w.partnership.pk]) in home


def test_a_refused_form_on_the_partnership_page_is_named_at_its_top(peer_pages, client_for):
    w = peer_pages
    client = client_for(w.partner)
    pk = w.partnership.pk
    for url, data, line in (
        ("coaching:time_request_ask", {"what": "   "}, "What the time is for: This field is"),
        ("coaching:peer_reflection", {"text": ""}, "Reflection: This field is required."),
        ("coaching:peer_artifact_keep", {}, "An artifact of growth: This field is required."),
    ):
        text = _refused(client, reverse(url, args=[pk]), data, w, field_message=line)
        text = text.content.decode()
        alert = text.index('role="alert" id="refused"')
        assert alert < text.index('id="cycle-heading"')
        assert alert < text.index(line) < text.index('id="cycle-heading"')
    # What was typed stays in the form below.
    response = _refused(
        client,
        reverse("coaching:partnership_session", args=[pk]),
        {
            "activity": "co_planning",
            "held_on": days(1).isoformat(),
            "minutes": 30,
            "mode": "onsite",
            "notes": "Typed before the slip",
        },
        w,
        field_message="once it has happened",
    )
    text = response.content.decode()
    assert text.index('id="refused"') < text.index('id="cycle-heading"')
    assert "Typed before the slip</textarea>" in text


def test_before_it_opens_the_assessment_page_has_no_form_and_one_notice(peer_pages, client_for):
    from django.utils.formats import date_format

    from coaching.models.peer import assessment_opens_on, school_year_of

    w = peer_pages
    ahead = services.partnership_assign(
        team=w.team,
        by=w.principal_a,
        coach=w.coach_a,
        partner=w.teacher3,
        agreed=True,
        school_year=school_year_of(timezone.localdate()) + 1,
    )
    url = reverse("coaching:partnership_assess", args=[ahead.pk])
    notice = f"opens on {date_format(assessment_opens_on(ahead.school_year))}"
    client = client_for(w.principal_a)
    for response in (client.get(url), client.post(url, {"decision": "continue"})):
        text = response.content.decode()
        assert response.status_code == 200
        assert text.count(notice) == 1
        assert 'name="decision"' not in text and "Record the assessment" not in text
    ahead.refresh_from_db()
    assert ahead.decision == ""
    # Once open (last year's partnership), the form is there.
    past = reverse("coaching:partnership_assess", args=[w.partnership_past.pk])
    assert 'name="decision"' in client.get(past).content.decode()
