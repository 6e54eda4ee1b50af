"""The demo's coach-training course (certification/management/commands/_demo_courses.py)."""

import pytest
from django.core.management import call_command

from coaching.models import CourseAnswer, CoursePair, CourseRun, Registration, User
from coaching.selectors import courses as selectors


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_course_has_a_cohort_part_way_through_stage_1_with_answers_and_pairs(
    seeded_demo, debug
):
    seed()  # twice (the layer seeded it once): once
    facilitator = User.objects.get(email="facilitator@steplab.example")
    assert facilitator.check_password("coach-demo-2026")
    run = CourseRun.objects.get()
    assert run.facilitator == facilitator and run.course.is_sample
    assert selectors.is_facilitator(facilitator, run)
    assert run.cohort.members.count() == 6
    assert {m.district.slug for m in run.cohort.members.all()} == {"maple-valley", "riverbend"}
    assert CoursePair.objects.filter(run=run).count() == 3
    # Two pairs across the districts: Riverbend's admin sees their activity, as Maple Valley's.
    across = [
        p
        for p in CoursePair.objects.filter(run=run).select_related("engagement")
        if len({m.district_id for m in p.engagement.coachee_team.members.all()}) == 2
    ]
    assert len(across) == 2
    from coaching.models import RoleMembership
    from coaching.selectors import engagements as engagement_selectors

    for slug in ("maple-valley", "riverbend"):
        admin = RoleMembership.objects.get(role="district_admin", district__slug=slug).user
        visible = engagement_selectors.engagements_visible_to(admin)
        assert all(visible.filter(pk=p.engagement_id).exists() for p in across)
    assert sum(r["session_count"] for r in selectors.pair_activity(run)) == 5
    assert CourseAnswer.objects.filter(question__run_session__run=run).count() >= 12
    assert CourseAnswer.objects.filter(typed_in_by=facilitator).exists()
    assert CourseAnswer.objects.filter(follow_up=True).count() == 1
    attended = Registration.objects.filter(event__run_sessions__run=run, attendance="attended")
    assert attended.exists()
    grid = selectors.grid(run)
    assert all(row["units_completed"] >= 1 for row in grid["rows"])
    assert not any(row["stages_completed"] for row in grid["rows"])
