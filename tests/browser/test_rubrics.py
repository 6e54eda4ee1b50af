"""An associate builds a small rubric, publishes it and scores a coach on it with the keyboard; a
coach records a self-assessment on the practice profile and sees it charted."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def profile_installed(cast):
    from rubrics.content import PRACTICE_PROFILE
    from rubrics.management.commands.install_rubrics import install

    install(dict(PRACTICE_PROFILE))


def test_an_associate_builds_publishes_and_scores_with_a_rubric(
    cast, page, sign_in, open_menu, screenshot
):
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish?", "Finalise?"
    sign_in(cast.associate)
    open_menu().get_by_role("link", name="Rubrics").click()
    page.get_by_role("link", name="New rubric").click()
    page.get_by_label("Name").fill("Peer feedback rubric")
    page.get_by_role("button", name="Create rubric").click()
    expect(page.get_by_role("heading", name="Edit Peer feedback rubric")).to_be_visible()

    page.get_by_role("button", name="+ Level").click()
    page.get_by_role("button", name="+ Level").click()
    page.get_by_label("Level label").nth(0).fill("Not yet")
    page.get_by_label("Level label").nth(1).fill("Secure")
    page.get_by_role("button", name="+ Domain").click()
    page.get_by_label("Domain name").fill("Feedback")
    page.get_by_role("button", name="+ Criterion in Domain 1").click()
    expect(page.get_by_role("alert")).to_contain_text("Saved.")
    page.get_by_label("Criterion text").fill("Names what is working and what is not")
    page.get_by_label("Descriptor at Not yet").fill("Only one side, or neither")
    page.get_by_label("Descriptor at Secure").fill("Both, tied to moments seen")
    page.get_by_label("Minimum total to pass").fill("2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Criterion text")).to_have_value(
        "Names what is working and what is not"
    )
    screenshot(page, "1-grid")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Published version 1")
    expect(page.get_by_role("cell", name="Both, tied to moments seen")).to_be_visible()
    screenshot(page, "2-published")

    open_menu().get_by_role("link", name="Coaches").click()
    page.get_by_role("link", name=cast.coach_a.person.full_name).click()
    page.get_by_label("Rubric").select_option(label="Peer feedback rubric v1")
    page.get_by_role("button", name="Start a rating as associate").click()
    expect(
        page.get_by_role("heading", name=f"Score {cast.coach_a.person.full_name}")
    ).to_be_visible()

    # The keyboard alone: focus the row's first choice, take it, then move to the next level.
    first = page.get_by_role("radio", name="Not yet (1)")
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Secure (2)")).to_be_checked()
    page.get_by_label("Overall comment").fill("Clear and specific.")
    screenshot(page, "3-scoring")
    page.get_by_role("button", name="Finalise").click()

    expect(page.get_by_role("alert").first).to_contain_text("Finalised.")
    expect(page.get_by_role("main")).to_contain_text("Provider associate by")
    page.get_by_role("link", name="See the scores").click()
    expect(page.get_by_role("main")).to_contain_text("Total 2 of 2")
    expect(page.get_by_role("main")).to_contain_text("Passes")
    screenshot(page, "4-result")


def test_finalising_an_incomplete_sheet_names_what_is_missing(
    cast, profile_installed, page, sign_in, open_menu, screenshot
):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(cast.coach_a)
    open_menu().get_by_role("link", name="My practice").click()
    page.get_by_role("button", name="Rate myself now").click()
    page.get_by_role("radio", name="Proficient (3)").first.check()
    page.get_by_role("button", name="Finalise").click()
    expect(page.get_by_role("alert").first).to_contain_text("Missing (12)")
    expect(page.get_by_role("radio", name="Proficient (3)").first).to_be_checked()  # kept
    screenshot(page, "missing")


def test_a_coach_records_a_self_assessment_and_sees_it_charted(
    cast, profile_installed, page, sign_in, open_menu, screenshot
):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(cast.coach_a)
    open_menu().get_by_role("link", name="My practice").click()
    expect(page.get_by_role("heading", name="My practice profile")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("No self-assessment finalised yet.")
    page.get_by_role("button", name="Rate myself now").click()

    choices = page.get_by_role("radio", name="Proficient (3)")
    for i in range(choices.count()):
        choices.nth(i).check()
    page.get_by_role("radio", name="Exemplary / ideal implementation (4)").first.check()
    screenshot(page, "1-self-assessment")
    page.get_by_role("button", name="Finalise").click()

    expect(page.get_by_role("heading", name="My practice profile")).to_be_visible()
    expect(
        page.get_by_role("img", name="Level of each essential function over time")
    ).to_be_visible()
    table = page.get_by_role("table").first
    expect(table).to_contain_text("Developing and maintaining coaching relationships")
    expect(table).to_contain_text("3.3")  # (4 + 3 + 3) / 3
    screenshot(page, "2-chart")
