"""The rubric pages as an associate and a reviewer use them."""

from django.urls import reverse

from rubrics import services
from rubrics.models import Criterion, Domain, Level, Review, Rubric, Score, Scoresheet
from rubrics.selectors import version_grid

from .factories import build_version


def grid_post(version, **overrides):
    """Everything the grid page would post back unchanged, with overrides."""
    grid = version_grid(version)
    data = {"passing_total": version.passing_total or "", "passing_level_each": ""}
    for level in grid.levels:
        data[f"level-{level.pk}-label"] = level.label
        data[f"level-{level.pk}-points"] = level.points
    for domain in grid.domains:
        data[f"domain-{domain.pk}-name"] = domain.name
        for criterion in domain.grid_criteria:
            data[f"criterion-{criterion.pk}-text"] = criterion.text
            for level, descriptor in criterion.cells:
                data[f"desc-{criterion.pk}-{level.pk}"] = descriptor.text if descriptor else ""
    data.update(overrides)
    return data


def test_an_associate_creates_a_rubric_and_lands_on_its_grid(rubric_cast, client_for):
    response = client_for(rubric_cast.associate).post(
        reverse("rubrics:rubric_create"), {"name": "Peer coaching rubric"}, follow=True
    )
    assert response.resolver_match.url_name == "version_edit"
    assert "Start with the levels" in response.content.decode()


def test_a_grid_button_saves_what_was_typed_then_does_its_job(rubric_cast, client_for):
    version = rubric_cast.draft
    criterion = version.criteria.first()
    level = version.levels.first()
    data = grid_post(
        version,
        **{f"desc-{criterion.pk}-{level.pk}": "Names no behaviour at all", "op": "add-level"},
    )
    client_for(rubric_cast.associate).post(reverse("rubrics:version_edit", args=[version.pk]), data)
    assert version.levels.count() == 5
    assert criterion.descriptors.get(level=level).text == "Names no behaviour at all"


def test_the_grid_adds_moves_and_removes_parts(rubric_cast, client_for):
    version = rubric_cast.draft
    client = client_for(rubric_cast.associate)
    url = reverse("rubrics:version_edit", args=[version.pk])
    domain = version.domains.first()
    client.post(url, grid_post(version, op=f"add-criterion-{domain.pk}"))
    assert domain.criteria.count() == 4
    last = domain.criteria.order_by("position").last()
    client.post(url, grid_post(version, op=f"up-criterion-{last.pk}"))
    assert list(domain.criteria.order_by("position"))[2] == last
    client.post(url, grid_post(version, op=f"remove-criterion-{last.pk}"))
    assert not Criterion.objects.filter(pk=last.pk).exists()
    client.post(url, grid_post(version, op="add-domain"))
    assert Domain.objects.filter(version=version).count() == 2


def test_bad_grid_input_is_explained_and_nothing_is_saved(rubric_cast, client_for):
    version = rubric_cast.draft
    one, two = version.levels.order_by("points")[:2]
    criterion = version.criteria.first()
    data = grid_post(
        version,
        **{
            f"level-{two.pk}-points": one.points,  # two levels with the same points
            f"criterion-{criterion.pk}-text": "Typed but not to be saved",
            "op": "save",
        },
    )
    response = client_for(rubric_cast.associate).post(
        reverse("rubrics:version_edit", args=[version.pk]), data
    )
    assert response.status_code == 200
    assert "each level needs its own points" in response.content.decode()
    assert "Typed but not to be saved" in response.content.decode()  # still on the page
    criterion.refresh_from_db()
    assert criterion.text != "Typed but not to be saved"
    assert Level.objects.get(pk=two.pk).points == two.points


def test_publishing_from_the_page(rubric_cast, client_for):
    client = client_for(rubric_cast.associate)
    response = client.post(
        reverse("rubrics:version_edit", args=[rubric_cast.draft.pk]),
        grid_post(rubric_cast.draft, op="publish"),
        follow=True,
    )
    assert "Published version 1" in response.content.decode()
    rubric_cast.draft.refresh_from_db()
    assert not rubric_cast.draft.is_draft


def scoring_data(sheet, points, action):
    version = sheet.review.version
    by_points = {lv.points: lv.pk for lv in version.levels.all()}
    data = {"action": action, "overall_comment": "Useful notes"}
    for criterion, p in zip(version.criteria.order_by("position"), points, strict=False):
        if p is not None:
            data[f"level-{criterion.pk}"] = by_points[p]
        data[f"comment-{criterion.pk}"] = f"About {criterion.text}"
    return data


def test_a_reviewer_saves_a_draft_and_finalising_names_what_is_missing(rubric_cast, client_for):
    sheet = rubric_cast.sheet
    client = client_for(rubric_cast.associate)
    url = reverse("rubrics:sheet_score", args=[sheet.pk])
    response = client.post(url, scoring_data(sheet, [3, None, None], "finalize"), follow=True)
    page = response.content.decode()
    assert "Missing (2): Criterion 2; Criterion 3" in page
    assert Score.objects.filter(sheet=sheet, level__isnull=False).count() == 1  # the draft kept
    assert Scoresheet.objects.get(pk=sheet.pk).overall_comment == "Useful notes"

    response = client.post(url, scoring_data(sheet, [3, 3, 2], "finalize"), follow=True)
    assert "Passes" in response.content.decode()
    assert Review.objects.get(pk=sheet.review_id).passed is True


def test_a_level_from_another_rubric_is_refused_on_the_form(rubric_cast, client_for):
    sheet = rubric_cast.sheet
    other_level = build_version(name="Other").levels.first()
    data = scoring_data(sheet, [3, 3, 3], "save")
    data[f"level-{sheet.review.version.criteria.first().pk}"] = other_level.pk
    response = client_for(rubric_cast.associate).post(
        reverse("rubrics:sheet_score", args=[sheet.pk]), data
    )
    assert "That level is not on this rubric version." in response.content.decode()
    assert not Score.objects.filter(sheet=sheet, level__isnull=False).exists()


def test_a_final_sheet_opens_as_the_review_and_cannot_be_posted_to(rubric_cast, client_for):
    sheet = rubric_cast.sheet
    client = client_for(rubric_cast.associate)
    url = reverse("rubrics:sheet_score", args=[sheet.pk])
    client.post(url, scoring_data(sheet, [3, 3, 2], "finalize"))
    response = client.post(url, scoring_data(sheet, [1, 1, 1], "save"))
    assert response.status_code == 302 and response["Location"] == sheet.review.get_absolute_url()
    assert Score.objects.filter(sheet=sheet, level__points=1).count() == 0


def test_the_scoring_page_returns_to_where_the_reviewer_came_from(rubric_cast, client_for):
    sheet = rubric_cast.sheet
    url = reverse("rubrics:sheet_score", args=[sheet.pk]) + "?next=/observations/practice/"
    response = client_for(rubric_cast.associate).post(
        url, scoring_data(sheet, [3, 3, 3], "finalize")
    )
    assert response["Location"] == "/observations/practice/"
    evil = reverse("rubrics:sheet_score", args=[sheet.pk]) + "?next=https://evil.example/"
    response = client_for(rubric_cast.associate).post(evil, scoring_data(sheet, [3, 3, 3], "save"))
    assert "evil" not in response.get("Location", "")


def test_a_third_associate_adjudicates_on_the_review_page(rubric_cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, UserFactory

    w = rubric_cast  # w.disputed: district A's review, one sheet passes and one does not
    third = UserFactory()
    MembershipFactory(user=third, role=RoleMembership.Role.ASSOCIATE, program=w.program)
    client = client_for(third)
    page = client.get(reverse("rubrics:review_detail", args=[w.disputed.pk]))
    assert page.context["adjudication_form"] is not None
    response = client.post(
        reverse("rubrics:review_adjudicate", args=[w.disputed.pk]),
        {"passed": "no", "note": "Too general to act on"},
        follow=True,
    )
    assert "Decision recorded." in response.content.decode()
    review = Review.objects.get(pk=w.disputed.pk)
    assert (review.passed, review.decided_by, review.decision_note) == (
        False,
        third,
        "Too general to act on",
    )


def test_an_associate_of_another_program_can_neither_see_nor_adjudicate(rubric_cast, client_for):
    w = rubric_cast
    client = client_for(w.associate_b)
    assert client.get(reverse("rubrics:review_detail", args=[w.disputed.pk])).status_code == 404
    response = client.post(
        reverse("rubrics:review_adjudicate", args=[w.disputed.pk]), {"passed": "yes", "note": "x"}
    )
    assert response.status_code == 404
    assert Review.objects.get(pk=w.disputed.pk).status == "adjudication"


def test_a_blind_reviewer_sees_nothing_of_the_other_sheet_until_both_are_final(
    rubric_cast, client_for
):
    w = rubric_cast
    client_for(w.associate).post(
        reverse("rubrics:sheet_score", args=[w.blind_sheet.pk]),
        {**scoring_data(w.blind_sheet, [3, 3, 3], "finalize"), "overall_comment": "Mine: strong"},
    )
    client_for(w.associate2).post(
        reverse("rubrics:sheet_score", args=[w.other_sheet.pk]),
        {**scoring_data(w.other_sheet, [1, 1, 1], "save"), "overall_comment": "Theirs: weak"},
    )
    page = (
        client_for(w.associate)
        .get(reverse("rubrics:review_detail", args=[w.blind_review.pk]))
        .content.decode()
    )
    assert "Mine: strong" in page
    assert "Theirs: weak" not in page and "Total <strong>3</strong>" not in page
    assert "Hidden until both sheets are final" in page


def test_the_agreement_report_page_shows_the_figures(rubric_cast, client_for):
    w = rubric_cast
    for sheet, user in ((w.blind_sheet, w.associate), (w.other_sheet, w.associate2)):
        client_for(user).post(
            reverse("rubrics:sheet_score", args=[sheet.pk]),
            scoring_data(sheet, [3, 3, 3], "finalize"),
        )
    response = client_for(w.associate).get(
        reverse("rubrics:agreement_report"), {"version": w.version.pk}
    )
    page = response.content.decode()
    assert "2 double-scored reviews in this period" in page
    assert "100%" in page  # exact agreement


def test_a_rubric_whose_name_makes_a_taken_or_empty_slug_is_still_created(rubric_cast, client_for):
    client = client_for(rubric_cast.associate)
    for name in ("Peer rubric", "Peer-rubric", "!!!"):
        response = client.post(reverse("rubrics:rubric_create"), {"name": name})
        assert response.status_code == 302, name
    from rubrics.models import Rubric

    assert {"peer-rubric", "peer-rubric-2", "rubric"} <= set(
        Rubric.objects.values_list("slug", flat=True)
    )


def test_a_forged_grid_button_is_a_404_and_changes_nothing(rubric_cast, client_for):
    draft, version = rubric_cast.draft, rubric_cast.version
    other_criterion = version.criteria.first()  # of another (published) version
    client = client_for(rubric_cast.associate)
    url = reverse("rubrics:version_edit", args=[draft.pk])
    for op in (f"remove-criterion-{other_criterion.pk}", "add-criterion"):
        response = client.post(url, grid_post(draft, op=op))
        assert response.status_code == 404
    assert Criterion.objects.filter(pk=other_criterion.pk).exists()
    assert draft.criteria.count() == 3


def test_a_rule_made_unreachable_by_removing_criteria_stops_publishing(rubric_cast, client_for):
    draft = rubric_cast.draft  # 3 criteria, 4 levels: at most 12
    client = client_for(rubric_cast.associate)
    url = reverse("rubrics:version_edit", args=[draft.pk])
    client.post(url, grid_post(draft, passing_total=12, op="save"))
    last = draft.criteria.order_by("position").last()
    client.post(url, grid_post(draft, passing_total=12, op=f"remove-criterion-{last.pk}"))
    response = client.post(url, grid_post(draft, passing_total=12, op="publish"))
    assert "cannot be reached: the most a sheet can score is 8" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_publishing_from_the_grid_saves_what_was_typed_first(rubric_cast, client_for):
    draft = rubric_cast.draft
    criterion = draft.criteria.first()
    client_for(rubric_cast.associate).post(
        reverse("rubrics:version_edit", args=[draft.pk]),
        grid_post(draft, op="publish", **{f"criterion-{criterion.pk}-text": "Typed just now"}),
    )
    draft.refresh_from_db()
    criterion.refresh_from_db()
    assert (draft.is_draft, criterion.text) == (False, "Typed just now")


def test_the_sample_cfr_is_renamed_and_unmarked_once_the_provider_replaces_it(
    rubric_cast, client_for
):
    rubric = rubric_cast.rubric
    rubric.is_sample = True
    rubric.save()
    client = client_for(rubric_cast.associate)
    response = client.post(
        reverse("rubrics:rubric_update", args=[rubric.pk]),
        {"name": "Draft rubric", "description": "", "is_sample": ""},
    )
    assert "A rubric of that name exists already." in response.content.decode()
    client.post(
        reverse("rubrics:rubric_update", args=[rubric.pk]),
        {"name": "Key2Ed Coaching Facilitation Rubric", "description": "Ours", "is_sample": ""},
    )
    rubric.refresh_from_db()
    assert (rubric.name, rubric.is_sample) == ("Key2Ed Coaching Facilitation Rubric", False)


# --- a rubric belongs to its provider ------------------------------------------------------------


def rubric_rows():
    from .test_access import rubric_state

    return rubric_state(None)


def test_another_providers_associate_can_neither_rename_version_publish_nor_delete(
    rubric_cast, client_for
):
    """The story of the review: MTSS's associate published a new version of Key2Ed's CFR."""
    w = rubric_cast
    draft = services.version_new_draft(rubric=w.rubric)  # Key2Ed's own draft version 2
    criterion = draft.criteria.first()
    before = rubric_rows()
    client = client_for(w.associate_b)
    renamed = {"name": "MTSS's rubric now", "description": "", "is_sample": ""}
    edit = reverse("rubrics:version_edit", args=[draft.pk])
    for response, expected in [
        (client.post(reverse("rubrics:rubric_update", args=[w.rubric.pk]), renamed), 403),
        (client.post(reverse("rubrics:version_new_draft", args=[w.rubric.pk])), 403),
        (client.post(edit, grid_post(draft, op="publish")), 404),
        (client.post(edit, grid_post(draft, **{f"criterion-{criterion.pk}-text": "Theirs"})), 404),
        (client.post(reverse("rubrics:version_delete", args=[draft.pk])), 404),
        (client.post(reverse("rubrics:version_delete", args=[w.version.pk])), 403),
    ]:
        assert response.status_code == expected, response.request["PATH_INFO"]
    assert rubric_rows() == before
    draft.refresh_from_db()
    assert draft.is_draft
    assert w.rubric.versions.filter(status="published").count() == 1


def test_another_providers_associate_reads_the_published_version_but_never_the_draft(
    rubric_cast, client_for
):
    w = rubric_cast
    draft = services.version_new_draft(rubric=w.rubric)
    client = client_for(w.associate_b)
    page = client.get(reverse("rubrics:version_detail", args=[w.version.pk]))
    assert page.status_code == 200
    assert "Delete version" not in page.content.decode()
    assert client.get(reverse("rubrics:version_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("rubrics:version_edit", args=[draft.pk])).status_code == 404
    detail = client.get(reverse("rubrics:rubric_detail", args=[w.rubric.pk])).content.decode()
    assert "Version 1" in detail and "Version 2" not in detail
    assert "Make a new draft version" not in detail and "Rename or describe" not in detail
    # A rubric that has only a draft does not exist for them.
    assert client.get(reverse("rubrics:rubric_detail", args=[w.draft.rubric_id])).status_code == 404
    assert "Draft rubric" not in client.get(reverse("rubrics:rubric_list")).content.decode()
    # Its own provider's associate sees and edits both.
    mine = client_for(w.associate).get(reverse("rubrics:rubric_detail", args=[w.rubric.pk]))
    assert "Version 2" in mine.content.decode()


def test_a_new_rubric_belongs_to_the_provider_of_its_creator(rubric_cast, client_for):
    w = rubric_cast
    response = client_for(w.associate_b).post(
        reverse("rubrics:rubric_create"), {"name": "Network coaching rubric", "owner": w.owner}
    )
    assert response.status_code == 302
    rubric = Rubric.objects.get(name="Network coaching rubric")
    assert rubric.owner == f"provider:{w.other_program.provider_id}" != w.owner
    # Key2Ed's associate neither sees its draft nor edits it.
    client = client_for(w.associate)
    assert client.get(reverse("rubrics:rubric_detail", args=[rubric.pk])).status_code == 404


def test_an_associate_of_two_providers_chooses_which_one_owns_a_new_rubric(rubric_cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory

    w = rubric_cast
    MembershipFactory(user=w.associate_b, role=RoleMembership.Role.ASSOCIATE, program=w.program)
    client = client_for(w.associate_b)
    url = reverse("rubrics:rubric_create")
    page = client.get(url).content.decode()
    assert "Illinois MTSS Network" in page and "Key2Ed" in page
    response = client.post(url, {"name": "Someone else's", "owner": "provider:999999"})
    assert response.status_code == 200
    assert "You do not act for that provider." in response.content.decode()
    assert "Someone else&#x27;s" in response.content.decode()  # what was typed is kept
    assert not Rubric.objects.filter(name="Someone else's").exists()
    client.post(url, {"name": "Key2Ed peer rubric", "owner": w.owner})
    assert Rubric.objects.get(name="Key2Ed peer rubric").owner == w.owner


def test_the_agreement_report_shows_another_program_none_of_this_programs_reviews(
    rubric_cast, client_for
):
    """w.disputed is a blind review of district A, which only the associate's program enrols;
    both its sheets are final (associate2 and associate3)."""
    w = rubric_cast
    url = reverse("rubrics:agreement_report")
    names = (str(w.associate2), str(w.associate3))
    theirs = client_for(w.associate_b).get(url, {"version": w.version.pk}).content.decode()
    assert "0 double-scored reviews in this period" in theirs
    assert not any(name in theirs for name in names)
    ours = client_for(w.associate).get(url, {"version": w.version.pk}).content.decode()
    assert "1 double-scored review in this period" in ours
    assert all(name in ours for name in names)


def test_the_homes_agreement_chart_shows_only_the_rubrics_the_reader_may_see(
    rubric_cast, client_for
):
    """A blind review of the associate's provider's rubric in district B, which both providers'
    programs enrol: on the associate's home its kappa, on associate_b's nothing of it."""
    from .factories import score_all

    w = rubric_cast
    review = services.review_create(
        version=w.version,
        subject_label="Notes of Sam",
        reviewers=[w.associate, w.associate2],
        blind=True,
        scope=f"district:{w.district_b.pk}",
    )
    for user, points in ((w.associate, 3), (w.associate2, 1)):
        sheet = review.sheets.get(reviewer=user)
        score_all(sheet, user, points)
        services.sheet_finalize(sheet=sheet, reviewer=user)

    def chart(user):
        response = client_for(user).get(reverse("coaching:home"))
        found = [p for ps in response.context["dashboard"].values() for p in ps]
        (agreement,) = [p for p in found if p.key == "agreement"]
        return agreement, response.content.decode()

    ours, html = chart(w.associate)
    assert ours.series == [str(w.version)] and ours.rows[-1].bars[0].value is not None
    assert str(w.version) in html
    theirs, html = chart(w.associate_b)
    assert str(w.version) not in theirs.series and str(w.version) not in html
    assert all(bar.value is None for row in theirs.rows for bar in row.bars)
