"""A district admin adds a staff member to the roster through the pages, as a person would."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_admin_adds_a_staff_member(cast, page, sign_in, open_menu, screenshot):
    sign_in(cast.admin_a)
    expect(page.get_by_role("heading", name="Your district")).to_be_visible()

    open_menu().get_by_role("link", name="Districts").click()
    expect(page.get_by_role("heading", name="Districts", level=1)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Riverbend")
    screenshot(page, "1-districts")

    page.get_by_role("main").get_by_role("link", name="Maple Valley", exact=True).click()
    expect(page.get_by_role("heading", name="Maple Valley", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Maple Valley Elementary", exact=True)).to_be_visible()
    screenshot(page, "2-district")

    page.get_by_role("main").get_by_role("link", name="Staff roster").click()
    expect(page.get_by_role("heading", name="Staff of Maple Valley", level=1)).to_be_visible()
    screenshot(page, "3-roster")

    page.get_by_role("link", name="Add a staff member").click()
    form_heading = page.get_by_role("heading", name="Add a staff member to Maple Valley")
    expect(form_heading).to_be_visible()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Delgado")
    page.get_by_label("E-mail address").fill("Rosa.Delgado@maple.example")
    page.get_by_label("Job title").fill("Instructional Coach")
    page.get_by_label("School").select_option(label="Maple Valley Elementary")
    screenshot(page, "4-form-filled")
    page.get_by_role("button", name="Add staff member").click()

    expect(page.get_by_role("alert")).to_contain_text("Added Rosa Delgado to the roster.")
    expect(page.get_by_role("heading", name="Staff of Maple Valley", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Delgado, Rosa"))
    expect(row).to_be_visible()
    expect(row).to_contain_text("Maple Valley Elementary")
    expect(row).to_contain_text("Instructional Coach")
    expect(row).to_contain_text("rosa.delgado@maple.example")
    screenshot(page, "5-roster-with-new-person")

    # A last name of spaces passes the browser's "required" check; the server refuses it.
    page.get_by_role("link", name="Add a staff member").click()
    expect(form_heading).to_be_visible()
    page.get_by_label("First name").fill("Quillon")
    page.get_by_label("Last name").fill("   ")
    page.get_by_label("Job title").fill("Counselor")
    page.get_by_role("button", name="Add staff member").click()

    expect(form_heading).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("This field is required.")
    expect(page.get_by_label("First name")).to_have_value("Quillon")
    expect(page.get_by_label("Job title")).to_have_value("Counselor")
    expect(page.get_by_role("alert")).to_have_count(0)
    screenshot(page, "6-form-error")

    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name="Staff of Maple Valley", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Delgado, Rosa")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Quillon")


def test_blank_last_name_is_stopped_before_it_is_sent(cast, page, sign_in, screenshot):
    sign_in(cast.admin_a)
    expect(page.get_by_role("heading", name="Your district")).to_be_visible()
    page.get_by_role("link", name="Maple Valley", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Staff roster").click()
    page.get_by_role("link", name="Add a staff member").click()
    form_heading = page.get_by_role("heading", name="Add a staff member to Maple Valley")
    expect(form_heading).to_be_visible()

    page.get_by_label("First name").fill("Quillon")
    page.get_by_role("button", name="Add staff member").click()

    # The browser refuses the empty required field and says so; nothing reaches the server.
    last_name = page.get_by_label("Last name")
    expect(form_heading).to_be_visible()
    assert last_name.evaluate("el => el.validationMessage")
    expect(last_name).to_be_focused()
    screenshot(page, "blank-last-name")
