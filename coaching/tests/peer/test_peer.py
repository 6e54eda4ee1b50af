"""Peer coaching's services and selectors: the team and its versioned plan, assignments, the
cycle, just-in-time help, the partner's side, the principal's scheduling and assessment, and what
each list reads of activity."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.models import (
    CoachingSession,
    CycleChange,
    Engagement,
    GrowthArtifact,
    Partnership,
    PeerPlan,
    Reflection,
    TimeRequest,
)
from coaching.models.peer import assessment_opens_on
from coaching.selectors import peer as selectors
from coaching.services import peer as services
from coaching.tests.casts import cast_layer

from . import world
from .world import days


@cast_layer
def peer_world(cast):
    return world.build(cast)


def test_a_partnership_is_a_peer_engagement_of_the_partner(peer_world):
    engagement = peer_world.partnership.engagement
    assert engagement.model == Engagement.CoachingModel.PEER
    assert engagement.coach == peer_world.coach_a
    assert engagement.coachee_person == peer_world.partner_person
    assert engagement.program == peer_world.peer_program
    assert peer_world.partnership.step == Partnership.Step.CO_PLAN


def test_editing_an_endorsed_plan_writes_a_new_version_and_keeps_the_old(peer_world):
    w = peer_world
    assert w.plan2.version == 2 and not w.plan2.is_endorsed
    old = PeerPlan.objects.get(pk=w.plan.pk)
    assert old.is_endorsed and old.plan.startswith("Each peer coach partners one teacher; Friday")
    again = services.plan_write(team=w.team, by=w.peer2, goals="Goals, revised", plan="Plan v2b")
    assert again.pk == w.plan2.pk and again.version == 2  # not endorsed yet: edited in place
    with pytest.raises(ValidationError):
        services.plan_endorse(plan=old, by=w.principal_a)  # endorsed already
    services.plan_endorse(plan=again, by=w.principal_a)
    assert PeerPlan.objects.get(pk=again.pk).endorsed_on == days(0)
    third = services.plan_write(team=w.team, by=w.coach_a, goals="Goals", plan="Plan v3")
    assert third.version == 3
    with pytest.raises(ValidationError):
        services.plan_endorse(plan=PeerPlan.objects.get(pk=w.plan2.pk), by=w.principal_a)
    assert [p.version for p in selectors.plan_versions(w.team)] == [3, 2, 1]
    assert PeerPlan.objects.get(pk=w.plan.pk).plan == old.plan


def test_only_the_principal_endorses(peer_world):
    w = peer_world
    plan = services.plan_write(team=w.team, by=w.coach_a, goals="G", plan="P")
    assert plan.pk == w.plan2.pk
    with pytest.raises(PermissionDenied):
        services.plan_endorse(plan=plan, by=w.coach_a)
    with pytest.raises(PermissionDenied):
        services.plan_write(team=w.team, by=w.other_coach, goals="G", plan="Q")
    assert not PeerPlan.objects.get(pk=plan.pk).is_endorsed


def test_an_empty_plan_is_refused_field_by_field(peer_world):
    with pytest.raises(ValidationError) as error:
        services.plan_write(team=peer_world.team, by=peer_world.coach_a, goals=" ", plan="")
    assert set(error.value.error_dict) == {"goals", "plan"}


def test_assignment_refuses_a_stranger_coach_a_coach_as_partner_and_a_second_pairing(peer_world):
    w = peer_world
    count = Partnership.objects.count()
    with pytest.raises(ValidationError) as error:
        services.partnership_assign(
            team=w.team,
            by=w.principal_a,
            coach=w.other_coach,
            partner=w.coach_a.person,
            agreed=False,
        )
    assert set(error.value.error_dict) == {"coach", "partner", "agreed"}
    with pytest.raises(ValidationError) as error:
        services.partnership_assign(
            team=w.team, by=w.principal_a, coach=w.peer2, partner=w.partner_person, agreed=True
        )
    assert "has a peer coach" in str(error.value.error_dict["partner"])
    with pytest.raises(PermissionDenied):
        services.partnership_assign(
            team=w.team, by=w.principal_other, coach=w.peer2, partner=w.partner_person, agreed=True
        )
    assert Partnership.objects.count() == count


def test_the_pair_moves_the_cycle_and_every_change_is_kept(peer_world):
    w = peer_world
    services.partnership_move(partnership=w.partnership, by=w.partner, to_step="model")
    services.partnership_move(partnership=w.partnership, by=w.coach_a, to_step="co_plan")
    history = selectors.cycle_history(w.partnership)
    assert [(r["from_step"], r["to_step"]) for r in history] == [
        ("", "brainstorm"),
        ("brainstorm", "co_plan"),
        ("co_plan", "model"),
        ("model", "co_plan"),
    ]
    assert history[2]["changed_by"] == str(w.partner)
    with pytest.raises(ValidationError):
        services.partnership_move(partnership=w.partnership, by=w.coach_a, to_step="co_plan")
    with pytest.raises(PermissionDenied):
        services.partnership_move(partnership=w.partnership, by=w.principal_a, to_step="observe")
    assert Partnership.objects.get(pk=w.partnership.pk).step == "co_plan"


def test_just_in_time_help_is_a_five_minute_session_with_its_line(peer_world):
    w = peer_world
    session = services.jit_log(partnership=w.partnership, by=w.coach_a)
    assert session.activities == ["just_in_time"] and session.minutes == 5
    assert session.held_on == days(0) and session.notes == ""
    assert not w.jit.self_monitoring and w.jit.logged_by == w.partner
    with pytest.raises(ValidationError):
        services.jit_log(partnership=w.partnership, by=w.coach_a, line="x" * 301)
    with pytest.raises(PermissionDenied):
        services.jit_log(partnership=w.partnership, by=w.peer2)


def test_the_partner_keeps_reflections_artifacts_and_asks_for_time_the_coach_does_not(peer_world):
    w = peer_world
    before = (
        Reflection.objects.count(),
        TimeRequest.objects.count(),
        GrowthArtifact.objects.count(),
    )
    with pytest.raises(PermissionDenied):
        services.reflection_write(partnership=w.partnership, by=w.coach_a, text="Not mine")
    with pytest.raises(PermissionDenied):
        services.time_request_ask(partnership=w.partnership, by=w.principal_a, what="Time")
    with pytest.raises(PermissionDenied):
        services.artifact_keep(partnership=w.partnership, by=w.coach_a, file=world.png())
    after = (
        Reflection.objects.count(),
        TimeRequest.objects.count(),
        GrowthArtifact.objects.count(),
    )
    assert after == before


def test_an_artifact_is_checked_by_its_content(peer_world):
    fake = SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.artifact_keep(partnership=peer_world.partnership, by=peer_world.partner, file=fake)
    assert "its content was checked" in str(error.value)
    assert GrowthArtifact.objects.count() == 1


def test_the_principal_schedules_time_and_assesses_the_partnership(peer_world):
    w = peer_world
    with pytest.raises(ValidationError):
        services.time_request_schedule(
            time_request=w.time_request, by=w.principal_a, scheduled_for=days(-5)
        )
    with pytest.raises(PermissionDenied):
        services.time_request_schedule(
            time_request=w.time_request, by=w.coach_a, scheduled_for=days(3)
        )
    services.time_request_schedule(
        time_request=w.time_request, by=w.principal_a, scheduled_for=days(3)
    )
    assert TimeRequest.objects.get(pk=w.time_request.pk).scheduled_for == days(3)
    services.continue_answer(partnership=w.partnership, by=w.partner, answer="yes")
    with pytest.raises(PermissionDenied):
        services.continue_answer(partnership=w.partnership, by=w.coach_a, answer="no")
    with pytest.raises(PermissionDenied):
        services.partnership_assess(partnership=w.partnership, by=w.coach_a, decision="continue")
    opens_on = assessment_opens_on(w.partnership.school_year)
    with pytest.raises(ValidationError, match="opens on"):
        services.partnership_assess(
            partnership=w.partnership,
            by=w.principal_a,
            decision="continue",
            today=opens_on - dt.timedelta(days=1),
        )
    assert Partnership.objects.get(pk=w.partnership.pk).decision == ""
    done = services.partnership_assess(
        partnership=w.partnership, by=w.principal_a, decision="continue", today=opens_on
    )
    assert done.decision == "continue" and done.continue_answer == "yes"


def test_the_teams_list_counts_activity(peer_world):
    w = peer_world
    rows = list(selectors.team_partnerships(w.team))
    selectors.mark_last_activity(rows)
    first = next(r for r in rows if r.pk == w.partnership.pk)
    assert (first.session_count, first.minutes_total, first.jit_count) == (2, 45, 1)
    assert first.requests_waiting == 1 and first.last_activity_on == days(0)
    second = next(r for r in rows if r.pk == w.partnership2.pk)
    assert (second.session_count, second.minutes_total, second.jit_count) == (0, 0, 0)


def test_the_principals_time_requests_carry_no_content(peer_world):
    rows = list(selectors.time_requests_at(peer_world.team))
    assert len(rows) == 1
    assert "An hour" not in str(rows)


def test_moving_a_scheduled_time_request_moves_it_in_the_calendar_feed(peer_world):
    from coaching.selectors import calendar as calendar_selectors

    w = peer_world

    def entry():
        entries = calendar_selectors.feed_entries(world.fresh(w.partner))
        return next(e for e in entries if e.uid == f"peer-time-{w.time_request.pk}")

    services.time_request_schedule(
        time_request=w.time_request, by=w.principal_a, scheduled_for=days(3)
    )
    assert (entry().day, entry().sequence) == (days(3), 0)
    services.time_request_schedule(
        time_request=w.time_request, by=w.principal_a, scheduled_for=days(5)
    )
    assert (entry().day, entry().sequence) == (days(5), 1)
    # The same date again is no move.
    services.time_request_schedule(
        time_request=w.time_request, by=w.principal_a, scheduled_for=days(5)
    )
    assert entry().sequence == 1


def test_who_sees_a_partnership(peer_world):
    w = peer_world

    def seen(user):
        return set(
            selectors.partnerships_visible_to(world.fresh(user)).values_list("pk", flat=True)
        )

    assert seen(w.principal_a) == {w.partnership.pk, w.partnership2.pk, w.partnership_past.pk}
    assert seen(w.partner) == {w.partnership.pk}
    assert seen(w.peer2) == {w.partnership2.pk}
    assert seen(w.principal_other) == seen(w.other_coach) == seen(w.admin_a) == set()
    assert selectors.partnership_content_for(w.principal_a, w.partnership) is None
    content = selectors.partnership_content_for(w.partner, w.partnership)
    assert content.is_partner and len(content.reflections) == 1
    assert CoachingSession.objects.filter(engagement__partnership=w.partnership).count() == 2
    assert CycleChange.objects.filter(partnership=w.partnership).count() == 2
