"""Coach-training courses: the shipped course, running it for a cohort, answers, adapting a
session for one cohort, progress and the reciprocal pairs (services and selectors)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from coaching import limits
from coaching.content import STEPLAB_COURSE
from coaching.models import (
    Course,
    CourseAnswer,
    CoursePair,
    CourseSession,
    Engagement,
    RunQuestion,
    TrainingEvent,
)
from coaching.selectors import courses as selectors
from coaching.services import courses as services

from . import world
from .cases import state


def test_the_shipped_course_has_the_programmes_stages_and_units(cw):
    course = cw.course
    assert course.is_sample
    stages = list(course.stages.order_by("number"))
    assert [s.title for s in stages] == [
        "Instructional Coaching Basics",
        "Proficient Instructional Coaching",
    ]
    assert [u.number for u in stages[0].units.all()] == [1, 2, 3, 4]
    assert [u.number for u in stages[1].units.all()] == [5, 6, 7]
    assert stages[0].units.get(number=2).title == "Setting High Leverage Action Steps"
    session = CourseSession.objects.filter(unit__stage__course=course).first()
    assert session.duration_minutes == 30
    assert [p["part"] for p in session.parts] == ["do_now", "modelling", "practice", "exit_ticket"]
    assert session.questions.filter(part="do_now").exists()
    assert session.questions.filter(part="exit_ticket").exists()


def test_installing_again_changes_nothing(cw):
    cw.session1.title = "Completed by the provider"
    cw.session1.save()
    course, created = services.course_install(spec=STEPLAB_COURSE, program=cw.steplab)
    assert not created and course == cw.course
    call_command("install_courses", program=cw.steplab.slug, verbosity=0)
    assert Course.objects.count() == 1
    cw.session1.refresh_from_db()
    assert cw.session1.title == "Completed by the provider"


def test_scheduling_makes_a_training_event_for_the_cohort_and_registers_it(cw):
    event = cw.event1
    assert event.kind == TrainingEvent.Kind.COURSE_SESSION
    assert event.audience == TrainingEvent.Audience.COHORT and event.cohort == cw.run.cohort
    assert event.duration_minutes == 30
    assert event.registrations.count() == 5


def test_two_or_three_sessions_join_in_one_longer_slot(cw):
    event = services.sessions_schedule(
        run=cw.run,
        sessions=[cw.session2, cw.session3],
        by=cw.facilitator,
        starts_at=timezone.now() + dt.timedelta(days=7),
    )
    assert event.duration_minutes == 60
    assert cw.run.run_sessions.filter(event=event).count() == 2


def test_a_session_is_not_scheduled_twice_nor_four_joined(cw):
    with pytest.raises(ValidationError, match="Scheduled already"):
        services.sessions_schedule(
            run=cw.run, sessions=[cw.session1], by=cw.facilitator, starts_at=timezone.now()
        )
    four = selectors.course_sessions(cw.course)[1:5]
    with pytest.raises(ValidationError, match="two or three"):
        services.sessions_schedule(
            run=cw.run, sessions=four, by=cw.facilitator, starts_at=timezone.now()
        )


def test_only_the_facilitator_schedules(cw):
    with pytest.raises(PermissionDenied):
        services.sessions_schedule(
            run=cw.run, sessions=[cw.session2], by=cw.associate, starts_at=timezone.now()
        )


def test_a_coach_answers_for_themself_only(cw):
    question = cw.rs1.questions.filter(part="exit_ticket").first()
    with pytest.raises(PermissionDenied):
        services.answers_save(
            run_session=cw.rs1,
            person=cw.coach_a2.person,
            answers={question.pk: "Not mine to write"},
            by=cw.coach_a,
        )


def test_the_facilitator_types_in_a_paper_exit_ticket(cw):
    question = cw.rs1.questions.filter(part="exit_ticket").first()
    (answer,) = services.answers_save(
        run_session=cw.rs1,
        person=cw.coach_a2.person,
        answers={question.pk: "From the paper ticket"},
        by=cw.facilitator,
    )
    assert answer.typed_in_by == cw.facilitator
    assert cw.answer.typed_in_by is None


def test_an_empty_answer_is_refused(cw):
    question = cw.rs1.questions.filter(part="exit_ticket").first()
    with pytest.raises(ValidationError, match="at least one"):
        services.answers_save(
            run_session=cw.rs1,
            person=cw.coach_a3.person,
            answers={question.pk: " "},
            by=cw.coach_a3,
        )


def test_editing_an_answered_question_keeps_the_text_it_answered(cw):
    question = cw.answer.question
    before = question.text
    new = services.question_edit(question=question, by=cw.facilitator, text="Reworded for us")
    question.refresh_from_db()
    assert question.hidden and question.text == before
    assert new.pk != question.pk and new.text == "Reworded for us"
    cw.answer.refresh_from_db()
    assert cw.answer.question.text == before
    # The course, and so every other cohort, is unchanged.
    assert question.source.text == before
    assert cw.rs1.__class__.objects.get(pk=cw.rs1.pk).adapted


def test_a_dropped_question_with_answers_is_hidden_and_one_without_is_deleted(cw):
    services.question_drop(question=cw.answer.question, by=cw.facilitator)
    assert RunQuestion.objects.get(pk=cw.answer.question_id).hidden
    added = services.question_add(
        run_session=cw.rs1, by=cw.facilitator, part="exit_ticket", text="One more"
    )
    services.question_drop(question=added, by=cw.facilitator)
    assert not RunQuestion.objects.filter(pk=added.pk).exists()
    assert CourseAnswer.objects.filter(pk=cw.answer.pk).exists()


def test_the_side_by_side_view_names_who_wrote_each_answer(cw):
    parts = selectors.side_by_side(cw.facilitator, cw.rs1)
    exit_ticket = next(p for p in parts if p.part == "exit_ticket")
    first = exit_ticket.questions[0]
    assert [a.person for a in first.cohort_answers] == [cw.coach_a.person]


def test_a_coach_reads_only_their_own_answers(cw):
    assert list(selectors.answers_for(cw.coach_b2, cw.rs1).values_list("person", flat=True)) == [
        cw.coach_b2.person.pk
    ]
    assert not selectors.answers_for(cw.superuser, cw.rs1).exists()
    assert selectors.answers_for(cw.facilitator, cw.rs1).count() == 3


def test_progress_counts_attendance_tickets_and_completed_units(cw):
    progress = selectors.progress_of(cw.run, cw.coach_a.person)
    assert progress["sessions_attended"] == 1
    assert progress["tickets_done"] == 1
    assert progress["units_completed"] == 0
    other = selectors.progress_of(cw.run, cw.coach_a2.person)
    assert other["sessions_attended"] == 0


def test_the_pairs_are_reciprocal_engagements_with_one_triad(cw):
    sizes = sorted(p.engagement.coachee_team.members.count() for p in cw.pairs)
    assert sizes == [2, 3]
    engagement = cw.triad.engagement
    assert engagement.model == Engagement.CoachingModel.RECIPROCAL
    coaches = {engagement.coach_id, *engagement.co_coaches.values_list("pk", flat=True)}
    members = set(engagement.coachee_team.members.values_list("user_id", flat=True))
    assert coaches == members


def test_pairing_refuses_a_missing_coach_and_changes_nothing(cw):
    members = selectors.members_of(cw.run)
    count = Engagement.objects.count()
    with pytest.raises(ValidationError, match="every coach"):
        services.pairs_make(run=cw.run, groups=[members[:2]], by=cw.facilitator)
    assert Engagement.objects.count() == count


def _by_district(cw):
    members = selectors.members_of(cw.run)
    a = [m for m in members if m.district_id == cw.district_a.pk]
    b = [m for m in members if m.district_id == cw.district_b.pk]
    return a, b


def test_the_facilitator_pairs_by_hand_across_districts(cw):
    a, b = _by_district(cw)
    pairs = services.pairs_make(run=cw.run, groups=[a[:2], [a[2], *b]], by=cw.facilitator)
    triad = pairs[1].engagement
    assert triad.district == cw.district_b  # most of its coaches are of B: B owns it
    assert set(triad.coachee_team.members.all()) == {a[2], *b}
    coaches = {triad.coach_id, *triad.co_coaches.values_list("pk", flat=True)}
    assert coaches == {a[2].user_id, *(p.user_id for p in b)}


def test_each_district_admin_sees_a_pair_across_districts_and_no_other_district_does(cw):
    from coaching.selectors import engagements as engagement_selectors

    a, b = _by_district(cw)
    pairs = services.pairs_make(
        run=cw.run, groups=[[a[0], b[0]], [a[1], a[2], b[1]]], by=cw.facilitator
    )
    across = pairs[0].engagement
    for admin, district in ((cw.admin_a, cw.district_a), (cw.admin_b, cw.district_b)):
        assert engagement_selectors.engagements_visible_to(admin).filter(pk=across.pk).exists()
        listed = engagement_selectors.district_engagements(admin, district)
        assert across.pk in {e.pk for e in listed}
    # An admin of a district with no coach in the cohort, and a coach outside it, see neither.
    other = world.login("admin@c.example", cw.district_c, role=world.Role.DISTRICT_ADMIN)
    for user in (other, cw.coach_b, cw.outsider):
        visible = engagement_selectors.engagements_visible_to(user)
        assert not visible.filter(pk__in=[p.engagement_id for p in pairs]).exists()
    # The admins are no party: the pair's content stays the pair's.
    assert engagement_selectors.engagement_content_for(cw.admin_b, across) is None


def test_an_even_cohort_of_two_odd_districts_pairs_across_them_with_no_triad(cw):
    cw.run.cohort.members.add(world.login("coach4@b.example", cw.district_b).person)
    groups = selectors.pairs_proposed(selectors.members_of(cw.run))
    assert sorted(len(g) for g in groups) == [2, 2, 2]
    assert sum(len({p.district_id for p in g}) > 1 for g in groups) == 1
    pairs = services.pairs_make(run=cw.run, groups=groups, by=cw.facilitator)
    assert len(pairs) == 3


def test_an_odd_cohort_of_three_odd_districts_has_exactly_one_triad(cw):
    from coaching.tests.factories import EnrollmentFactory

    EnrollmentFactory(program=cw.steplab, district=cw.district_c)
    for n in (4, 5):
        cw.run.cohort.members.add(world.login(f"coach{n}@b.example", cw.district_b).person)
    cw.run.cohort.members.add(world.login("coach@c.example", cw.district_c).person)
    members = selectors.members_of(cw.run)  # A 3, B 4, C 1: 8 coaches, even
    groups = selectors.pairs_proposed(members)
    assert sorted(len(g) for g in groups) == [2, 2, 2, 2]
    cw.run.cohort.members.add(world.login("coach2@c.example", cw.district_c).person)
    cw.run.cohort.members.add(world.login("coach3@c.example", cw.district_c).person)
    members = selectors.members_of(cw.run)  # A 3, B 4, C 3: 10 coaches, even, three odd
    assert sorted(len(g) for g in selectors.pairs_proposed(members)) == [2, 2, 2, 2, 2]
    cw.run.cohort.members.add(world.login("coach6@b.example", cw.district_b).person)
    members = selectors.members_of(cw.run)  # A 3, B 5, C 3: 11 coaches, odd
    groups = selectors.pairs_proposed(members)
    assert sorted(len(g) for g in groups) == [2, 2, 2, 2, 3]
    triad = next(g for g in groups if len(g) == 3)
    assert len({p.district_id for p in triad}) == 3  # the three left over, one of each
    pairs = services.pairs_make(run=cw.run, groups=groups, by=cw.facilitator)
    assert sorted(p.engagement.coachee_team.members.count() for p in pairs) == [2, 2, 2, 2, 3]


def test_the_facilitator_sees_pair_activity(cw):
    rows = selectors.pair_activity(cw.run)
    triad = next(r for r in rows if r["pair"] == cw.triad)
    assert triad["session_count"] == 1 and triad["minutes_total"] == 25
    assert "notes" not in triad


def test_pairing_again_numbers_the_new_pairs_from_one_and_the_closed_keep_their_names(cw):
    """The world's pairs are pair 1 and pair 2; paired again by hand, the new pairs are pair 1 and
    pair 2 again (not 3 and 4), the closed ones keep their names and come after the current ones
    on the pairing page, as the form numbers the current pairs."""
    old = {p.engagement_id: p.engagement.coachee_team.name for p in cw.pairs}
    assert sorted(name.split(" (")[0] for name in old.values()) == [
        "Spring cohort: pair 1",
        "Spring cohort: pair 2",
    ]
    a, b = _by_district(cw)
    pairs = services.pairs_make(
        run=cw.run, groups=[[a[0], b[0]], [a[1], a[2], b[1]]], by=cw.facilitator
    )
    names = [p.engagement.coachee_team.name for p in pairs]
    assert [name.split(" (")[0] for name in names] == [
        "Spring cohort: pair 1",
        "Spring cohort: pair 2",
    ]
    today = timezone.localdate()
    closed = Engagement.objects.filter(pk__in=old)
    marked = {pk: f"{name}, closed {today.day} {today:%b %Y}" for pk, name in old.items()}
    assert {e.pk: e.coachee_team.name for e in closed} == marked
    assert {e.status for e in closed} == {Engagement.Status.CLOSED}
    rows = selectors.pair_activity(cw.run)
    assert [r["active"] for r in rows] == [True, True, False, False]
    assert [r["name"] for r in rows[:2]] == [
        n.replace("Spring cohort: pair", "Pair") for n in names
    ]
    assert rows[0]["name"].startswith("Pair 1 (") and rows[1]["name"].startswith("Pair 2 (")
    # The form starts from the pairs as they stand, numbered as they are named.
    current = selectors.current_groups(cw.run)
    assert [set(g) for g in current] == [{a[0], b[0]}, {a[1], a[2], b[1]}]
    # The same pairs again, twice the same day: the closed ones are told apart by a count.
    for _ in range(2):
        again = services.pairs_make(
            run=cw.run, groups=[[a[0], b[0]], [a[1], a[2], b[1]]], by=cw.facilitator
        )
    assert [p.engagement.coachee_team.name for p in again] == names
    assert {
        p.engagement.coachee_team.name
        for p in CoursePair.objects.filter(engagement__coachee_team__name__endswith=" (2)")
    } == {f"{name}, closed {today.day} {today:%b %Y} (2)" for name in names}


def test_a_pair_across_districts_lists_its_owning_coach_first(cw):
    """A tie goes to the pair's first coach: their district owns it, and the pairing page lists
    them first, though the other comes first by surname."""
    from coaching.models import Person

    a, b = _by_district(cw)
    Person.objects.filter(pk=a[0].pk).update(last_name="Abbott")
    Person.objects.filter(pk=b[0].pk).update(last_name="Zimmer")
    pairs = services.pairs_make(
        run=cw.run, groups=[[b[0], a[0]], [a[1], a[2], b[1]]], by=cw.facilitator
    )
    assert pairs[0].engagement.district == cw.district_b
    row = next(r for r in selectors.pair_activity(cw.run) if r["pair"] == pairs[0])
    assert row["owner"] == cw.district_b and row["across"]
    assert [m.pk for m in row["members"]] == [b[0].pk, a[0].pk]
    triad = next(r for r in selectors.pair_activity(cw.run) if r["pair"] == pairs[1])
    assert triad["owner"] == cw.district_a  # two of A's coaches: A's, listed first
    assert [m.district_id for m in triad["members"]] == [cw.district_a.pk] * 2 + [cw.district_b.pk]


def test_a_second_triad_is_refused_whatever_the_districts(cw):
    for n in range(4, 8):
        cw.run.cohort.members.add(world.login(f"coach{n}@b.example", cw.district_b).person)
    a, b = _by_district(cw)
    assert (len(a), len(b)) == (3, 6)
    count = Engagement.objects.count()
    with pytest.raises(ValidationError, match="Only one triad"):
        services.pairs_make(run=cw.run, groups=[a, b[:3], b[3:]], by=cw.facilitator)
    with pytest.raises(ValidationError, match="two coaches"):
        services.pairs_make(run=cw.run, groups=[a + b[:1], b[1:5], b[5:]], by=cw.facilitator)
    assert Engagement.objects.count() == count


@pytest.mark.parametrize("days", [-limits.TRAINING_DAYS_BACK - 1, limits.TRAINING_DAYS_AHEAD + 1])
def test_a_session_beyond_the_days_a_training_may_take_is_refused_and_nothing_saved(cw, days):
    before = state(cw)
    with pytest.raises(ValidationError) as refused:
        services.sessions_schedule(
            run=cw.run,
            sessions=[cw.session2],
            by=cw.facilitator,
            starts_at=timezone.now() + dt.timedelta(days=days),
        )
    assert list(refused.value.message_dict) == ["starts_at"]
    assert refused.value.message_dict["starts_at"][0].startswith("Schedule a training from ")
    assert state(cw) == before
