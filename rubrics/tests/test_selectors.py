import datetime

import pytest

from rubrics import selectors, services

from .factories import build_version, score_all


def final(sheet, reviewer, points):
    score_all(sheet, reviewer, points)
    services.sheet_finalize(sheet=sheet, reviewer=reviewer)


def test_in_a_blind_review_neither_sees_the_other_sheet_until_both_are_final(rubric_cast):
    w = rubric_cast
    mine, theirs = w.blind_sheet, w.other_sheet
    assert set(selectors.sheets_visible_to(w.associate).filter(review=w.blind_review)) == {mine}
    final(mine, w.associate, 3)
    assert set(selectors.sheets_visible_to(w.associate).filter(review=w.blind_review)) == {mine}
    assert set(selectors.sheets_visible_to(w.associate2).filter(review=w.blind_review)) == {theirs}
    final(theirs, w.associate2, 3)
    assert set(selectors.sheets_visible_to(w.associate).filter(review=w.blind_review)) == {
        mine,
        theirs,
    }


def test_an_adjudicator_sees_both_sheets_of_a_review_awaiting_them(rubric_cast):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    w = rubric_cast  # w.disputed: district A's, verdicts differ
    third = UserFactory()
    MembershipFactory(user=third, role=RoleMembership.Role.ASSOCIATE, program=w.program)
    assert list(selectors.reviews_awaiting_adjudication(third)) == [w.disputed]
    assert selectors.reviews_awaiting_adjudication(w.associate2).count() == 0  # a reviewer of it
    assert selectors.sheets_visible_to(third).filter(review=w.disputed).count() == 2
    # An associate of a program district A is not in sees nothing of it, nor does a coach.
    assert selectors.reviews_awaiting_adjudication(w.associate_b).count() == 0
    assert selectors.sheets_visible_to(w.associate_b).filter(review=w.disputed).count() == 0
    assert selectors.sheets_visible_to(w.coach_a).filter(review=w.disputed).count() == 0


def test_drafts_are_hidden_from_those_who_cannot_edit_rubrics(rubric_cast):
    w = rubric_cast
    assert w.draft in selectors.versions_visible_to(w.associate)
    assert w.draft not in selectors.versions_visible_to(w.coach_a)
    assert w.version in selectors.versions_visible_to(w.coach_a)
    # Another provider's associate: the published version, never the draft.
    assert w.version in selectors.versions_visible_to(w.associate_b)
    assert w.draft not in selectors.versions_visible_to(w.associate_b)


def test_an_associate_acts_for_the_providers_of_the_programs_they_staff(rubric_cast):
    w = rubric_cast
    key2ed = f"provider:{w.program.provider_id}"
    mtss = f"provider:{w.other_program.provider_id}"
    assert selectors.rubric_owners(w.associate) == {key2ed: "Key2Ed"}
    assert selectors.rubric_owners(w.associate_b) == {mtss: "Illinois MTSS Network"}
    assert selectors.rubric_owners(w.superuser).keys() == {key2ed, mtss}
    assert selectors.rubric_owners(w.coach_a) == {}
    assert selectors.can_edit_rubric(w.associate, w.rubric)
    assert selectors.can_edit_rubric(w.superuser, w.rubric)
    assert not selectors.can_edit_rubric(w.associate_b, w.rubric)
    assert not selectors.can_edit_rubric(w.coach_a, w.rubric)


def test_a_rubric_with_no_owner_is_edited_by_the_site_admin_alone(rubric_cast):
    w = rubric_cast
    version = build_version(name="Nobody's", publish=False)
    assert version.rubric.owner == ""
    assert selectors.can_edit_rubric(w.superuser, version.rubric)
    assert not selectors.can_edit_rubric(w.associate, version.rubric)
    assert version not in selectors.versions_visible_to(w.associate)


def test_the_agreement_report_covers_only_reviews_whose_scope_the_reader_holds(rubric_cast):
    """w.disputed is scoped to district A: the associate's program enrols A, associate_b's does
    not. w.blind_review has no scope: its two reviewers see it, and the site admin."""
    w = rubric_cast
    final(w.blind_sheet, w.associate, 3)
    final(w.other_sheet, w.associate2, 2)
    reported = {
        actor: set(selectors.reviews_reported_to(getattr(w, actor)).filter(blind=True))
        for actor in ("associate", "associate3", "associate_b", "superuser", "coach_a")
    }
    assert reported["associate"] == {w.disputed, w.blind_review}
    assert reported["associate3"] == {w.disputed}
    assert reported["associate_b"] == set()
    assert reported["superuser"] == {w.disputed, w.blind_review}
    assert reported["coach_a"] == set()
    report = selectors.agreement_report(user=w.associate_b, version=w.version)
    assert (report["reviews"], report["pairs"]) == (0, [])
    assert all(row.stats.n == 0 for row in report["criteria"])


@pytest.fixture
def pair_of_reviewers(db):
    from coaching.tests.factories import UserFactory

    return UserFactory(first_name="Ann", last_name="A"), UserFactory(
        first_name="Ben", last_name="B"
    )


def test_the_agreement_report_matches_a_worked_example(pair_of_reviewers):
    """Three levels, two criteria, four blind reviews by the same pair (A, B):

        review   criterion 1   criterion 2
          1        (3, 3)        (2, 2)
          2        (2, 3)        (1, 1)
          3        (1, 1)        (3, 1)
          4        (2, 2)        (2, 3)

    As ranks 0..2, pooled over both criteria the 8 pairs are
    (2,2) (1,2) (0,0) (1,1) (1,1) (0,0) (2,0) (1,2).
    Exact: 5/8. Adjacent (|a-b| <= 1): 7/8 (only (2,0) misses).
    Marginals: A = [2, 4, 2]/8, B = [3, 2, 3]/8, so p_e = (6 + 8 + 6)/64 = 20/64.
    kappa = (40/64 - 20/64) / (44/64) = 20/44 = 5/11 = 0.4545...
    Linear weights (1, 0.5, 0): observed = (5 + 0.5*2 + 0)/8 = 6/8 = 48/64;
    expected = sum_ij w_ij a_i b_j = 20/64 + 0.5*(2*2 + 4*3 + 4*3 + 2*2)/64 = 20/64 + 16/64 = 36/64;
    kappa_w = (48 - 36)/(64 - 36) = 12/28 = 3/7 = 0.4286.

    Criterion 1 alone, (2,2) (1,2) (0,0) (1,1): exact 3/4, adjacent 4/4,
    A = [1, 2, 1]/4, B = [1, 1, 2]/4, p_e = (1 + 2 + 2)/16 = 5/16,
    kappa = (12/16 - 5/16)/(11/16) = 7/11.
    """
    a, b = pair_of_reviewers
    version = build_version(levels=3, criteria=2)
    scores = [([3, 2], [3, 2]), ([2, 1], [3, 1]), ([1, 3], [1, 1]), ([2, 2], [2, 3])]
    for points_a, points_b in scores:
        review = services.review_create(
            version=version, subject_label="x", reviewers=[a, b], blind=True
        )
        final(review.sheets.get(reviewer=a), a, points_a)
        final(review.sheets.get(reviewer=b), b, points_b)

    report = selectors.agreement_report(user=a, version=version)  # a scored them

    assert report["reviews"] == 4
    (pair,) = report["pairs"]
    assert pair.label == "Ann A & Ben B"
    assert pair.stats.n == 8
    assert pair.stats.exact == pytest.approx(5 / 8)
    assert pair.stats.adjacent == pytest.approx(7 / 8)
    assert pair.stats.kappa == pytest.approx(5 / 11)
    assert pair.stats.weighted_kappa == pytest.approx(3 / 7)
    first, second = report["criteria"]
    assert (first.stats.n, first.stats.exact, first.stats.adjacent) == (4, 0.75, 1.0)
    assert first.stats.kappa == pytest.approx(7 / 11)
    assert second.stats.n == 4


def test_the_agreement_report_keeps_to_its_period_and_to_finished_reviews(rubric_cast):
    w = rubric_cast
    assert (
        selectors.agreement_report(user=w.associate, version=w.version)["reviews"] == 1
    )  # w.disputed
    final(w.blind_sheet, w.associate, 3)  # the other sheet is still a draft
    assert selectors.agreement_report(user=w.associate, version=w.version)["reviews"] == 1
    final(w.other_sheet, w.associate2, 3)
    assert selectors.agreement_report(user=w.associate, version=w.version)["reviews"] == 2
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert (
        selectors.agreement_report(user=w.associate, version=w.version, start=tomorrow)["reviews"]
        == 0
    )


def test_the_grid_lays_out_descriptors_by_level(db):
    version = build_version(levels=2, criteria=2, domains=2)
    grid = selectors.version_grid(version)
    assert [d.name for d in grid.domains] == ["Domain 1", "Domain 2"]
    criterion = grid.domains[0].grid_criteria[0]
    assert [descriptor.text for _, descriptor in criterion.cells] == [
        "Criterion 1 at Level 1",
        "Criterion 1 at Level 2",
    ]
    assert grid.max_total == 4


READERS = ("associate", "associate2", "associate3", "associate_b", "superuser", "coach_a")


def both_reports(w, version, **period):
    """For each reader: the report from the kept ScorePair rows and the one recomputed from every
    score, side by side."""
    return {
        actor: (
            selectors.agreement_report(user=getattr(w, actor), version=version, **period),
            selectors.agreement_report_recount(user=getattr(w, actor), version=version, **period),
        )
        for actor in READERS
    }


def assert_kept_equals_recount(w, version, **period):
    for actor, (kept, recount) in both_reports(w, version, **period).items():
        assert kept["reviews"] == recount["reviews"], actor
        assert [(r.label, r.stats) for r in kept["pairs"]] == [
            (r.label, r.stats) for r in recount["pairs"]
        ], actor
        assert [(r.label, r.stats) for r in kept["criteria"]] == [
            (r.label, r.stats) for r in recount["criteria"]
        ], actor


def blind(w, version, a, b, points_a, points_b, scope=""):
    review = services.review_create(
        version=version, subject_label="x", reviewers=[a, b], blind=True, scope=scope
    )
    final(review.sheets.get(reviewer=a), a, points_a)
    final(review.sheets.get(reviewer=b), b, points_b)
    return review


def test_the_kept_agreement_figures_equal_the_recount_over_versions_periods_and_scopes(
    rubric_cast,
):
    import time_machine

    from rubrics.models import RubricVersion

    w = rubric_cast
    district_a, district_b = f"district:{w.district_a.pk}", f"district:{w.district_b.pk}"
    with time_machine.travel(datetime.datetime(2027, 1, 10, 12), tick=False):
        final(w.blind_sheet, w.associate, 3)
        final(w.other_sheet, w.associate2, 2)
        blind(w, w.version, w.associate, w.associate3, [1, 2, 3], [2, 2, 4], scope=district_a)
        blind(w, w.version, w.associate3, w.associate2, [4, 4, 1], [1, 4, 2], scope=district_b)
    with time_machine.travel(datetime.datetime(2027, 3, 2, 12), tick=False):
        blind(w, w.version, w.associate2, w.associate, [2, 3, 3], [2, 3, 4], scope=district_a)
        blind(w, w.version, w.associate_b, w.associate3, [1, 1, 1], [4, 4, 4])
        final(w.sheet, w.associate, 3)  # a single review: no pair
        # A new version of the rubric: its figures are its own.
        services.version_new_draft(rubric=w.rubric)
        v2 = RubricVersion.objects.get(rubric=w.rubric, status="draft")
        services.version_publish(version=v2, by=w.associate)
        blind(w, v2, w.associate, w.associate2, [1, 2, 3], [1, 2, 2], scope=district_a)
    for version in (w.version, v2):
        assert_kept_equals_recount(w, version)
        for start, end in [
            (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31)),
            (datetime.date(2027, 3, 2), None),
            (None, datetime.date(2027, 3, 1)),
            (datetime.date(2027, 1, 11), datetime.date(2027, 3, 1)),  # nothing in between
        ]:
            assert_kept_equals_recount(w, version, start=start, end=end)
    # w.disputed, w.blind_review and the four above; the single review is no pair.
    assert selectors.agreement_report(user=w.superuser, version=w.version)["reviews"] == 6
    assert selectors.agreement_report(user=w.superuser, version=v2)["reviews"] == 1


def test_finalising_the_second_sheet_writes_the_figures_and_a_draft_writes_none(rubric_cast):
    from rubrics.models import ScorePair

    w = rubric_cast
    before = selectors.agreement_report(user=w.associate, version=w.version)
    assert before["reviews"] == 1  # w.disputed
    final(w.blind_sheet, w.associate, 3)
    assert not ScorePair.objects.filter(review=w.blind_review).exists()  # one sheet is a draft
    assert selectors.agreement_report(user=w.associate, version=w.version) == before
    final(w.other_sheet, w.associate2, 2)
    after = selectors.agreement_report(user=w.associate, version=w.version)
    assert after["reviews"] == 2
    assert ScorePair.objects.filter(review=w.blind_review).count() == w.version.criteria.count()
    assert [r.stats for r in after["criteria"]] != [r.stats for r in before["criteria"]]
    assert_kept_equals_recount(w, w.version)


def test_the_rebuild_writes_what_the_writer_would_have(rubric_cast):
    from rubrics.models import ScorePair

    w = rubric_cast
    final(w.blind_sheet, w.associate, 3)
    final(w.other_sheet, w.associate2, 2)
    kept = sorted(ScorePair.objects.values_list("review", "criterion", "level_a", "level_b"))
    ScorePair.objects.all().delete()
    assert services.score_pairs_rebuild() == len(kept)
    assert services.score_pairs_rebuild() == 0  # nothing missing now
    assert (
        sorted(ScorePair.objects.values_list("review", "criterion", "level_a", "level_b")) == kept
    )


def test_the_agreement_report_costs_the_same_queries_at_2_reviews_as_at_20(pair_of_reviewers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, b = pair_of_reviewers
    version = build_version(levels=4, criteria=3)
    for _ in range(2):
        blind(None, version, a, b, [1, 2, 3], [2, 2, 3])
    selectors.agreement_report(user=a, version=version)  # their roles, loaded once a request
    with CaptureQueriesContext(connection) as at_2:
        selectors.agreement_report(user=a, version=version)
    for i in range(18):
        blind(None, version, a, b, [1 + i % 4, 2, 3], [4, 1 + i % 3, 3])
    with CaptureQueriesContext(connection) as at_20:
        report = selectors.agreement_report(user=a, version=version)
    assert report["reviews"] == 20
    assert len(at_20) == len(at_2)


def test_the_cached_report_is_served_until_a_finalisation_completes_a_review(rubric_cast):
    from django.core.cache import cache
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    w = rubric_cast
    with override_settings(RUBRICS_AGREEMENT_CACHE_SECONDS=300):
        cache.clear()
        first = selectors.agreement_report(user=w.associate, version=w.version)
        with CaptureQueriesContext(connection) as hit:
            assert selectors.agreement_report(user=w.associate, version=w.version) == first
        # The newest row's id (and the scope resolver's districts): no figure is counted.
        assert not any("GROUP BY" in q["sql"] for q in hit.captured_queries)
        final(w.blind_sheet, w.associate, 3)  # half a review: nothing new to count
        assert selectors.agreement_report(user=w.associate, version=w.version) == first
        final(w.other_sheet, w.associate2, 2)
        after = selectors.agreement_report(user=w.associate, version=w.version)
        assert after["reviews"] == first["reviews"] + 1
        recount = selectors.agreement_report_recount(user=w.associate, version=w.version)
        assert [r.stats for r in after["criteria"]] == [r.stats for r in recount["criteria"]]
        # Another reader, with other scopes, has figures of their own.
        other = selectors.agreement_report(user=w.associate_b, version=w.version)
        assert other["reviews"] == 0
        cache.clear()


def test_the_cached_kappa_by_quarter_is_recounted_when_a_review_completes(rubric_cast):
    """The home's agreement chart is cached; the cached figures equal the recount, until and
    after a finalisation completes a review."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    w = rubric_cast
    today = timezone.localdate()

    def recount():
        with override_settings(RUBRICS_AGREEMENT_CACHE_SECONDS=0):
            return selectors.agreement_by_quarter(user=w.associate, today=today)

    with override_settings(RUBRICS_AGREEMENT_CACHE_SECONDS=300):
        cache.clear()
        first = selectors.agreement_by_quarter(user=w.associate, today=today)
        with CaptureQueriesContext(connection) as hit:
            assert selectors.agreement_by_quarter(user=w.associate, today=today) == first
        assert not any("GROUP BY" in q["sql"] for q in hit.captured_queries)
        assert first == recount()
        final(w.blind_sheet, w.associate, 3)
        final(w.other_sheet, w.associate2, 1)
        with CaptureQueriesContext(connection) as miss:
            after = selectors.agreement_by_quarter(user=w.associate, today=today)
        # The completed review wrote a newer pair: counted again, not served from the cache.
        assert any("GROUP BY" in q["sql"] for q in miss.captured_queries)
        assert after == recount()
        ((_, kappas),) = after["versions"]
        assert kappas[-1] is not None
        cache.clear()


def test_another_providers_associate_holding_the_scope_gets_none_of_its_rubrics_figures(
    rubric_cast,
):
    """District B is enrolled in both providers' programs, so associate_b holds its scope; the
    rubric is the associate's provider's: its figures are not associate_b's to read."""
    from django.utils import timezone

    w = rubric_cast
    district_b = f"district:{w.district_b.pk}"
    review = blind(w, w.version, w.associate, w.associate2, [1, 2, 3], [2, 2, 4], scope=district_b)
    today = timezone.localdate()
    assert review not in selectors.reviews_reported_to(w.associate_b)
    assert selectors.agreement_by_quarter(user=w.associate_b, today=today)["versions"] == []
    assert selectors.agreement_report(user=w.associate_b, version=w.version)["reviews"] == 0
    for reader in (w.associate, w.associate3, w.superuser):
        assert review in selectors.reviews_reported_to(reader)
        ((version, kappas),) = selectors.agreement_by_quarter(user=reader, today=today)["versions"]
        assert version == w.version and kappas[-1] is not None
    assert_kept_equals_recount(w, w.version)
