"""The benchmark's seeding (`manage.py benchmark_pages`, README "Benchmark at network scale"): at a
tiny scale it makes exactly the rows the scale names, every phase among them, in a shape the
pages can show (the same data as at full scale, fewer of it)."""

import dataclasses

import pytest
from django.db.models import Count

from certification.management.commands import _benchmark_seed as bench
from certification.models import Candidacy, Certificate, Facilitation, Submission
from coaching.models import District, Notification, Person, RoleMembership, School
from coaching.tests.casts import cast_layer
from rubrics.models import Review, Score, Scoresheet

TINY = dataclasses.replace(bench.QUICK, name="tiny", scoresheets=41)  # an odd one: a single review

pytestmark = pytest.mark.django_db


@cast_layer
def seeded():
    """Seeded once for the module's tests (each reads it in a savepoint of its own)."""
    return bench.seed(TINY)


def test_it_makes_the_scale_it_names(seeded):
    assert District.objects.count() == TINY.districts
    assert School.objects.count() == TINY.schools
    assert Person.objects.count() == TINY.staff
    assert Candidacy.objects.count() == TINY.candidacies
    assert Facilitation.objects.count() == TINY.facilitations
    assert Scoresheet.objects.count() == TINY.scoresheets
    assert Submission.objects.filter(outcome=Submission.Outcome.PENDING).count() == TINY.waiting
    assert Notification.objects.count() == TINY.notifications
    assert seeded["counts"]["facilitations"] == TINY.facilitations


def test_every_phase_is_there_in_every_district(seeded):
    phases = set(Candidacy.objects.values_list("phase", flat=True))
    assert phases == set(Candidacy.Phase.values)
    per_district = Candidacy.objects.values("person__district").annotate(
        phases=Count("phase", distinct=True)
    )
    assert {row["phases"] for row in per_district} == {len(Candidacy.Phase.values)}


def test_sheets_are_final_with_a_score_per_criterion_and_blind_pairs(seeded):
    assert not Scoresheet.objects.exclude(status=Scoresheet.Status.FINAL).exists()
    assert not Scoresheet.objects.filter(finalized_at__isnull=True).exists()
    criteria = Scoresheet.objects.first().review.version.criteria.count()
    assert Score.objects.count() == TINY.scoresheets * criteria
    blind = Review.objects.filter(blind=True).annotate(n=Count("sheets"))
    assert blind.exists() and {r.n for r in blind} == {2}


def test_certified_candidates_hold_a_certificate_and_phase_two_on_are_coaches(seeded):
    certified = Candidacy.objects.filter(phase=Candidacy.Phase.CERTIFIED)
    assert Certificate.objects.count() == certified.count()
    later = Candidacy.objects.filter(phase__in=["training", "review", "certified"])
    coaches = RoleMembership.objects.filter(role="coach")
    assert coaches.count() == later.count()


def test_it_records_its_scale_and_gives_the_benchmarks_accounts(seeded):
    assert bench.seeded_scale() == "tiny"
    accounts = bench.accounts()
    users = accounts["users"]
    assert (
        users["coach"].person.candidacies.get().certificate.number
        == (accounts["ids"]["certificate_number"])
    )
    assert users["associate"].memberships.get().role == "associate"
    assert users["district_admin"].memberships.get().district_id == accounts["ids"]["district"]
    assert users["principal"].memberships.get().role == "principal"


def test_coaches_coach_engagements_that_their_pages_list(seeded):
    from coaching.models import ActionStep, CheckIn, CoachingSession, Engagement
    from coaching.selectors import engagements as selectors

    # The certification program's; the course pairs and the partnerships are the next tests'.
    coaching = Engagement.objects.filter(program__slug=bench.PROGRAM_SLUG)
    assert coaching.count() == TINY.engagements
    assert CoachingSession.objects.filter(engagement__in=coaching).count() == TINY.engagements * 10
    assert ActionStep.objects.count() == TINY.engagements * 3
    assert CheckIn.objects.filter(answered_at__isnull=True).count() == TINY.engagements
    kinds = set(coaching.values_list("coachee_kind", flat=True))
    assert kinds == {"person", "team", "school"}
    accounts = bench.accounts()
    users, engagement = accounts["users"], Engagement.objects.get(pk=accounts["ids"]["engagement"])
    assert engagement in selectors.engagements_coached_by(users["coach"])
    assert engagement in selectors.engagements_of_coachee(users["coachee"])
    assert selectors.engagements_at_schools(users["principal"]).exists()
    district = District.objects.get(pk=accounts["ids"]["district"])
    assert selectors.district_engagements(users["district_admin"], district).filter(
        program__slug=bench.PROGRAM_SLUG
    ).count() == (TINY.engagements // TINY.districts)


def test_every_candidacy_is_in_its_persons_district(seeded):
    from django.db.models import F

    assert Candidacy.objects.exists()
    assert not Candidacy.objects.exclude(district_id=F("person__district_id")).exists()


def test_course_runs_have_cohorts_answers_and_pairs_their_facilitator_reads(seeded):
    from coaching.models import CourseAnswer, CoursePair, CourseRun, RunSession
    from coaching.selectors import courses as selectors

    accounts = bench.accounts()
    facilitator = accounts["users"]["facilitator"]
    runs = CourseRun.objects.all()
    assert runs.count() == TINY.course_runs
    assert set(selectors.runs_listed(facilitator)) == set(runs)
    run = runs.get(pk=accounts["ids"]["course_run"])
    assert selectors.is_facilitator(facilitator, run)
    members = list(run.cohort.members.all())
    assert len(members) >= 2
    held = RunSession.objects.filter(run=run, event__isnull=False)
    assert held.count() == bench.SESSIONS_HELD
    answered = CourseAnswer.objects.filter(question__run_session__run=run)
    assert answered.exists()
    assert set(answered.values_list("person_id", flat=True)) <= {p.pk for p in members}
    paired = {
        m.pk
        for pair in CoursePair.objects.filter(run=run).select_related("engagement__coachee_team")
        for m in pair.engagement.coachee_team.members.all()
    }
    assert paired and paired <= {p.pk for p in members}
    run_session = RunSession.objects.get(pk=accounts["ids"]["run_session"])
    assert run_session.run == run


def test_peer_schools_have_a_team_with_a_plan_and_partnerships_their_principal_reads(seeded):
    from coaching.models import Partnership, PeerTeam
    from coaching.selectors import peer as selectors

    assert PeerTeam.objects.count() == TINY.peer_schools
    accounts = bench.accounts()
    principal = accounts["users"]["principal"]
    team = selectors.get_team_for_user(principal, accounts["ids"]["peer_team"])
    assert selectors.leads_team(principal, team)
    assert selectors.current_plan(team).is_endorsed
    assert team.coaches.exists()
    partnerships = Partnership.objects.filter(team=team)
    # Five a school, with its staff who hold no login (a tiny school has fewer).
    staff = Person.objects.filter(school=team.school, user__isnull=True).count()
    assert partnerships.count() == min(bench.PARTNERSHIPS, staff) > 0
    assert set(selectors.team_partnerships(team)) == set(partnerships)
    steps = set(partnerships.values_list("step", flat=True))
    assert len(steps) > 1
