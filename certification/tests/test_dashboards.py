"""Each role's home lists what waits for the person, with a count and a link to act on each item,
and charts whose table holds the right numbers (certification's panels: DASHBOARD_PANELS)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Candidacy, Certificate
from certification.tests import factories
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone

HOME = reverse("coaching:home")


def panel(response, key):
    for panels in response.context["dashboard"].values():
        for found in panels:
            if found.key == key:
                return found
    raise AssertionError(f"no panel {key} on the page")


def labels(found):
    return [item.label for item in found.items]


def table(found):
    """The chart's numbers as its table shows them: {row label: [value per series]}."""
    return {row.label: [bar.value for bar in row.bars] for row in found.rows}


def test_a_candidate_waiting_for_the_district_is_on_its_admins_home(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.admin_a).get(HOME)
    found = panel(response, "district-approvals")
    assert sorted(labels(found)) == sorted([w.person_a.full_name, w.coach_a.person.full_name])
    assert found.count == 2
    html = response.content.decode()
    assert "Nothing waiting: your schools and roster are in order" not in html
    assert w.candidacy.get_absolute_url() in html
    assert f'data-count="{found.count}"' in html
    assert w.person_b.full_name not in labels(found)  # district B's candidate


def test_an_approved_candidate_leaves_the_districts_list(pipeline_cast, client_for):
    w = pipeline_cast
    services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    found = panel(client_for(w.admin_a).get(HOME), "district-approvals")
    assert labels(found) == [w.coach_a.person.full_name]
    assert found.count == 1


def test_the_list_shows_the_first_five_and_counts_them_all(pipeline_cast, client_for):
    from coaching.tests.factories import PersonFactory

    w = pipeline_cast
    people = [PersonFactory(district=w.district_a, school=w.school_a) for _ in range(6)]
    factories.initial_training(w.program, people, by=w.associate)
    for person in people:
        services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
    found = panel(client_for(w.admin_a).get(HOME), "district-approvals")
    assert len(found.items) == 5
    assert found.count == 8
    assert "waiting=district" in found.url


def test_the_admins_home_shows_who_is_behind_pace(journey_cast, client_for):
    w = journey_cast
    # The school year began eleven months ago and asks for 50: everyone is behind.
    start = (timezone.localdate().month % 12) + 1
    services.program_settings_update(
        program=w.program, annual_minimum=50, school_year_start_month=start
    )
    response = client_for(w.admin_a).get(HOME)
    found = panel(response, "behind-pace")
    assert sorted(labels(found)) == sorted([w.person_a.full_name, w.coach_a.person.full_name])
    assert found.count == 2
    assert table(panel(response, "pace-district_admin")) == {
        "met": [0],
        "on pace": [0],
        "behind": [2],
    }


def test_the_pace_chart_counts_who_met_the_minimum(journey_cast, client_for):
    w = journey_cast
    # coach A logged 5 facilitations, person_a none; the minimum is 5.
    services.program_settings_update(program=w.program, annual_minimum=5)
    numbers = table(panel(client_for(w.admin_a).get(HOME), "pace-district_admin"))
    assert numbers["met"] == [1]
    assert numbers["met"][0] + numbers["on pace"][0] + numbers["behind"][0] == 2


def test_a_certificate_expiring_soon_is_on_the_admins_home(journey_cast, client_for):
    w = journey_cast
    today = timezone.localdate()
    Candidacy.objects.filter(pk=w.candidacy.pk).update(phase=Candidacy.Phase.CERTIFIED)
    soon = Certificate.objects.create(
        candidacy=w.candidacy,
        number="K2E-TEST-1",
        issued_on=today - dt.timedelta(days=700),
        expires_on=today + dt.timedelta(days=30),
    )
    Candidacy.objects.filter(pk=w.coach_candidacy.pk).update(phase=Candidacy.Phase.CERTIFIED)
    Certificate.objects.create(
        candidacy=w.coach_candidacy,
        number="K2E-TEST-2",
        issued_on=today - dt.timedelta(days=100),
        expires_on=today + dt.timedelta(days=300),
    )
    response = client_for(w.admin_a).get(HOME)
    found = panel(response, "expiring")
    assert labels(found) == [w.person_a.full_name]
    assert found.count == 1
    assert soon.get_absolute_url() in response.content.decode()


def test_the_funnel_counts_each_phase_and_what_moved(journey_cast, client_for):
    w = journey_cast
    response = client_for(w.admin_a).get(HOME)
    numbers = table(panel(response, f"funnel-district_admin-{w.district_a.pk}"))
    # District A: person_a in Phase II, coach A in Phase III; both moved there lately.
    assert numbers[Candidacy.Phase.TRAINING.label] == [1, 2]
    assert numbers[Candidacy.Phase.FEEDBACK_REVIEW.label] == [1, 1]
    assert numbers[Candidacy.Phase.IDENTIFIED.label] == [0, 2]
    html = response.content.decode()
    assert f"phase=training&amp;district={w.district_a.pk}" in html


def test_the_associates_home_lists_reviews_and_approvals(journey_cast, client_for):
    w = journey_cast
    response = client_for(w.associate).get(HOME)
    reviews = panel(response, "reviews")
    assert labels(reviews) == [w.person_b.full_name]
    assert reviews.items[0].url == w.pending_b.get_absolute_url()
    assert not reviews.items[0].overdue
    assert panel(response, "provider-approvals").count == 0
    calls = panel(response, "calls")
    assert calls.count == 1
    numbers = table(panel(response, "funnel-associate-all"))
    assert numbers[Candidacy.Phase.FEEDBACK_REVIEW.label][0] == 2  # coach A and person_b


def test_an_associate_of_a_program_that_certifies_no_one_gets_no_certification_panels(
    journey_cast, client_for
):
    """A network's, a course's or a peer program's associate is not shown an empty review queue,
    pipeline and agreement chart: those are a certifying program's work."""
    from coaching.models import Program

    w = journey_cast
    keys = {
        p.key
        for panels in client_for(w.associate).get(HOME).context["dashboard"].values()
        for p in panels
    }
    assert {"reviews", "provider-approvals", "calls"} <= keys
    for kind in (Program.Kind.NETWORK, Program.Kind.CURRICULUM, Program.Kind.PEER):
        Program.objects.filter(pk=w.program.pk).update(kind=kind)
        dashboard = client_for(w.associate).get(HOME).context["dashboard"]
        assert not any(panels for panels in dashboard.values()), kind


def test_the_review_queue_puts_overdue_first(journey_cast, client_for):
    from certification.models import Submission

    w = journey_cast
    Submission.objects.filter(pk=w.pending_b.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=30)
    )
    reviews = panel(client_for(w.associate).get(HOME), "reviews")
    assert reviews.items[0].overdue
    assert reviews.items[0].label == w.person_b.full_name


def test_provider_approvals_wait_for_the_associate(pipeline_cast, client_for):
    w = pipeline_cast
    found = panel(client_for(w.associate).get(HOME), "provider-approvals")
    assert found.count == 3  # two of district A, one of B
    # associate_b's program (another provider's) has no candidacy: none waits for them.
    assert panel(client_for(w.associate_b).get(HOME), "provider-approvals").count == 0


def grow(w, n):
    """n more candidates of district A waiting for both approvals, and n more blind reviews of
    district A whose verdicts differ (waiting for the associate's adjudication)."""
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, PersonFactory, UserFactory
    from rubrics import services as rubric_services
    from rubrics.tests.factories import build_version, score_all

    people = [PersonFactory(district=w.district_a, school=w.school_a) for _ in range(n)]
    factories.initial_training(w.program, people, by=w.associate)
    for person in people:
        services.candidacy_identify(person=person, program=w.program, by=w.admin_a)
    if not hasattr(w, "reviewers"):
        w.reviewers = [UserFactory(), UserFactory()]
        for user in w.reviewers:
            MembershipFactory(user=user, role=RoleMembership.Role.ASSOCIATE, program=w.program)
        w.grown_version = build_version(name="Grown CFR", passing_total=8)
    for _ in range(n):
        review = rubric_services.review_create(
            version=w.grown_version,
            subject_label="Notes",
            reviewers=w.reviewers,
            blind=True,
            scope=f"district:{w.district_a.pk}",
        )
        for user, points in zip(w.reviewers, (3, 1), strict=True):
            sheet = review.sheets.get(reviewer=user)
            score_all(sheet, user, points)
            rubric_services.sheet_finalize(sheet=sheet, reviewer=user)


@cast_layer
def journey_50(journey_cast):
    """journey_cast grown by 50 (`grow`), built once for every role; `at_2` marks where it had
    grown by 2."""
    grow(journey_cast, 2)
    journey_cast.at_2 = checkpoint()
    grow(journey_cast, 48)
    return journey_cast


@pytest.mark.parametrize("actor", ["admin_a", "associate", "coach_a"])
def test_each_roles_home_costs_the_same_at_50_rows_as_at_2(actor, journey_50, client_for):
    from coaching.tests.access import count_queries

    client = client_for(getattr(journey_50, actor))
    with undone():
        rewind(journey_50.at_2)
        at_2 = count_queries(client, HOME)
    at_50 = count_queries(client, HOME)
    assert at_50 == at_2, f"{actor}: {at_2} queries at 2 rows, {at_50} at 50"
    assert at_50 <= 45


def test_the_associates_home_counts_the_adjudications_waiting(journey_cast, client_for):
    grow(journey_cast, 7)
    response = client_for(journey_cast.associate).get(HOME)
    found = panel(response, "adjudications")
    assert found.count == 7
    assert len(found.items) == 5
    assert reverse("rubrics:adjudication_list") in response.content.decode()


def test_the_cached_dashboard_equals_a_recount_after_each_kind_of_write(
    pipeline_cast, settings, django_capture_on_commit_callbacks
):
    """A home's panels are cached; a hit runs no query, and after each kind of change to what
    they count (a save, an update that sends no signal, a new record) the next home counts
    again: the cached panels equal a recount for every role, before and after."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification.services import certificates as certificate_services
    from coaching.selectors.dashboards import _panels_for, panels_for

    w = pipeline_cast
    today = timezone.localdate()
    users = [w.admin_a, w.associate, w.coach_a]
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()

    def same_as_a_recount():
        for user in users:
            assert panels_for(user, today=today) == _panels_for(user, today), user

    same_as_a_recount()
    with CaptureQueriesContext(connection) as hit:
        panels_for(w.admin_a, today=today)
    assert len(hit) == 0
    before = panels_for(w.admin_a, today=today)
    with django_capture_on_commit_callbacks(execute=True):  # a save
        services.candidacy_approve(candidacy=w.candidacy, by=w.admin_a, side="district")
    assert panels_for(w.admin_a, today=today) != before
    same_as_a_recount()
    with django_capture_on_commit_callbacks(execute=True):
        services.candidacy_approve(candidacy=w.candidacy, by=w.associate, side="provider")
    same_as_a_recount()
    from certification.tests.certificate_helpers import certify

    with django_capture_on_commit_callbacks(execute=True):
        certificate = certify(w, w.coach_candidacy)
    same_as_a_recount()
    with django_capture_on_commit_callbacks(execute=True):  # an update, no model signal
        lapsed = certificate_services.certificates_lapse_expired(
            today=certificate.expires_on + dt.timedelta(days=1)
        )
    assert lapsed == 1
    same_as_a_recount()
    cache.clear()
