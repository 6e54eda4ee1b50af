"""A coach rates themself on the practice profile; supervisors and associates rate coaches."""

import pytest
from django.urls import reverse

from coaching.tests.access import count_queries
from observations import selectors
from observations.models import PracticeRating
from rubrics import services as rubric_services
from rubrics.models import Review


def profile():
    return selectors.current_practice_profile()


def test_a_supervisor_may_rate_on_any_published_rubric(practice_cast, client_for):
    from rubrics.tests.factories import build_version

    w = practice_cast
    other = build_version(name="Peer coaching rubric")
    client_for(w.admin_a).post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]), {"version": other.pk}
    )
    assert PracticeRating.objects.get().review.version == other


def test_a_draft_rubric_is_not_offered_for_rating(practice_cast, client_for):
    from rubrics.tests.factories import build_version

    w = practice_cast
    draft = build_version(name="Unfinished", publish=False)
    response = client_for(w.admin_a).post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]),
        {"version": draft.pk},
        follow=True,
    )
    assert "Choose a rubric" in response.content.decode()
    assert not PracticeRating.objects.exists()


def finish(client, sheet, points):
    """Score every behaviour of the profile at `points` (one number, or one per behaviour)."""
    version = sheet.review.version
    by_points = {lv.points: lv.pk for lv in version.levels.all()}
    criteria = list(version.criteria.order_by("domain__position", "position"))
    if isinstance(points, int):
        points = [points] * len(criteria)
    data = {"action": "finalize", "overall_comment": ""}
    for criterion, p in zip(criteria, points, strict=True):
        data[f"level-{criterion.pk}"] = by_points[p]
    return client.post(reverse("rubrics:sheet_score", args=[sheet.pk]), data)


def self_assess(client, points):
    start = client.post(reverse("observations:self_assessment_start"))
    sheet_url = start["Location"]
    assert sheet_url.endswith("?next=" + reverse("observations:my_practice"))
    rating = PracticeRating.objects.latest("pk")
    sheet = rating.review.sheets.get()
    response = client.post(
        sheet_url, {**_data(sheet, points), "action": "finalize", "overall_comment": ""}
    )
    assert response["Location"] == reverse("observations:my_practice")
    return rating


def _data(sheet, points):
    version = sheet.review.version
    by_points = {lv.points: lv.pk for lv in version.levels.all()}
    criteria = list(version.criteria.order_by("domain__position", "position"))
    return {f"level-{c.pk}": by_points[points] for c in criteria}


def test_a_coach_rates_themself_and_sees_each_function_over_time(practice_cast, client_for):
    client = client_for(practice_cast.coach_a)
    self_assess(client, 2)
    self_assess(client, 3)
    response = client.get(reverse("observations:my_practice"))
    history = response.context["history"]
    assert len(history["self_rows"]) == 2
    assert [
        row["domains"]["Facilitating the improvement process"] for row in history["self_rows"]
    ] == [
        2.0,
        3.0,
    ]
    page = response.content.decode()
    assert "<svg" in page and "<polyline" in page  # the chart
    assert "Engaging in solution-driven dialogue" in page  # the table beside it


def test_the_self_assessment_stands_beside_a_supervisors_rating(practice_cast, client_for):
    w = practice_cast
    self_assess(client_for(w.coach_a), 4)
    admin = client_for(w.admin_a)
    response = admin.post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]), {"version": profile().pk}
    )
    rating = PracticeRating.objects.get(relation="supervisor")
    assert rating.rated_by == w.admin_a
    finish(admin, rating.review.sheets.get(), 2)
    compare = (
        client_for(w.coach_a).get(reverse("observations:my_practice")).context["history"]["compare"]
    )
    assert compare["other"]["rating"] == rating
    assert [name for name, _, _ in compare["rows"]] == [
        "Developing and maintaining coaching relationships",
        "Facilitating the improvement process",
        "Communicating in a timely and responsive manner",
        "Engaging in solution-driven dialogue",
    ]
    assert all(mine == 4.0 and theirs == 2.0 for _, mine, theirs in compare["rows"])
    assert response.status_code == 302


def test_the_chart_draws_the_self_assessment_and_the_supervisors_rating_apart(
    practice_cast, client_for
):
    import re

    w = practice_cast
    self_assess(client_for(w.coach_a), 3)
    admin = client_for(w.admin_a)
    admin.post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]), {"version": profile().pk}
    )
    rating = PracticeRating.objects.get(relation="supervisor")
    finish(admin, rating.review.sheets.get(), 3)  # the same levels as the self-assessment
    page = client_for(w.coach_a).get(reverse("observations:my_practice")).content.decode()
    names = re.findall(r"<g class=\"chart-series-\d\"><title>([^<]+)</title>", page)
    functions = 4
    assert len(names) == 2 * functions  # each function: a self series and a supervisor series
    assert "Facilitating the improvement process (Self-assessment)" in names
    assert "Facilitating the improvement process (Supervisor)" in names
    # Equal values, yet the lines differ: the supervisor's is dashed, its points elsewhere.
    lines = re.findall(r'<polyline points="([^"]+)"[^>]*?(stroke-dasharray="[^"]+")?/>', page)
    assert len({points for points, _ in lines}) == len(lines)
    assert sum(1 for _, dash in lines if dash) == functions
    # The table beside it holds both ratings' numbers.
    beside = page.split("in each rating.</caption>")[1].split("</table>")[0]
    assert beside.count('<td class="text-end">3.0</td>') == 2 * functions


def test_an_associate_can_calibrate_blind_with_a_second_associate(practice_cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    w = practice_cast
    second = UserFactory(first_name="Jamie")
    MembershipFactory(user=second, role=RoleMembership.Role.ASSOCIATE, program=w.program)
    client_for(w.associate).post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]),
        {"second_rater": second.pk, "version": profile().pk},
    )
    review = PracticeRating.objects.get(relation="associate").review
    assert review.blind
    assert {s.reviewer for s in review.sheets.all()} == {w.associate, second}


def test_a_second_rater_from_outside_the_districts_programs_is_refused(practice_cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    w = practice_cast
    outsider = UserFactory()
    MembershipFactory(user=outsider, role=RoleMembership.Role.ASSOCIATE, program=w.other_program)
    response = client_for(w.associate).post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]),
        {"second_rater": outsider.pk, "version": profile().pk},
        follow=True,
    )
    assert "a second associate from the list or none" in response.content.decode()
    assert not Review.objects.exists()


def test_who_may_rate_whom(practice_cast):
    w = practice_cast
    assert selectors.can_rate(w.admin_a, w.coach_a_person) == "supervisor"
    assert selectors.can_rate(w.admin_b, w.coach_a_person) is None
    assert selectors.can_rate(w.associate, w.coach_a_person) == "associate"
    assert selectors.can_rate(w.associate_b, w.coach_a_person) is None
    assert selectors.can_rate(w.principal_a, w.coach_a_person) is None  # supports, never evaluates


def test_a_district_admin_who_also_coaches_cannot_rate_themself_as_supervisor(practice_cast):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory

    w = practice_cast
    MembershipFactory(user=w.admin_a, role=RoleMembership.Role.COACH, district=w.district_a)
    assert selectors.can_rate(w.admin_a, w.admin_a.person) is None


def test_ratings_in_progress_are_offered_to_continue(practice_cast, client_for):
    client = client_for(practice_cast.coach_a)
    client.post(reverse("observations:self_assessment_start"))
    page = client.get(reverse("observations:my_practice")).content.decode()
    assert "You have a rating in progress" in page


@pytest.mark.parametrize("n", [2])
def test_my_practice_costs_the_same_for_many_ratings(practice_cast, client_for, n):
    w = practice_cast
    client = client_for(w.coach_a)
    version = selectors.current_practice_profile()

    def grow(k):
        for _ in range(k):
            review = rubric_services.review_create(
                version=version, subject_label="self", reviewers=[w.coach_a]
            )
            PracticeRating.objects.create(
                person=w.coach_a_person, review=review, relation="self", rated_by=w.coach_a
            )
            sheet = review.sheets.get()
            by_points = {lv.points: lv.pk for lv in version.levels.all()}
            rubric_services.sheet_save(
                sheet=sheet,
                reviewer=w.coach_a,
                levels={c.pk: by_points[3] for c in version.criteria.all()},
                comments={},
                overall_comment="",
            )
            rubric_services.sheet_finalize(sheet=sheet, reviewer=w.coach_a)

    grow(n)
    at_2 = count_queries(client, reverse("observations:my_practice"))
    grow(50 - n)
    at_50 = count_queries(client, reverse("observations:my_practice"))
    assert at_50 == at_2 and at_50 <= 20


def test_the_coach_list_costs_the_same_for_50_coaches(practice_cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, PersonFactory, UserFactory

    w = practice_cast
    client = client_for(w.admin_a)

    def grow(k):
        for _ in range(k):
            user = UserFactory()
            MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=w.district_a)
            PersonFactory(district=w.district_a, school=w.school_a, user=user)

    url = reverse("observations:coach_list")
    grow(2)
    at_2 = count_queries(client, url)
    grow(48)
    assert count_queries(client, url) == at_2


def test_starting_a_self_assessment_twice_takes_up_the_unfinished_one(practice_cast, client_for):
    client = client_for(practice_cast.coach_a)
    first = client.post(reverse("observations:self_assessment_start"))["Location"]
    second = client.post(reverse("observations:self_assessment_start"))["Location"]
    assert first == second
    assert PracticeRating.objects.count() == 1


def test_ratings_on_another_rubric_stay_out_of_the_chart_and_comparison(practice_cast, client_for):
    from rubrics.tests.factories import build_version

    w = practice_cast
    self_assess(client_for(w.coach_a), 3)
    other = build_version(name="Peer coaching rubric")
    admin = client_for(w.admin_a)
    admin.post(
        reverse("observations:coach_rate", args=[w.coach_a_person.pk]), {"version": other.pk}
    )
    finish(admin, PracticeRating.objects.get(relation="supervisor").review.sheets.get(), 3)
    history = client_for(w.coach_a).get(reverse("observations:my_practice")).context["history"]
    assert "Domain 1" not in history["domains"]
    assert history["compare"] is None  # no other rating on the practice profile
    assert len(history["rows"]) == 2  # both listed
