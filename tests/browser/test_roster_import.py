"""A district admin imports the roster from a CSV file through the pages, as a person would:
downloads the template, fills it in, uploads it, sees the bad row named, fixes it, imports."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_admin_imports_the_roster_from_a_file(cast, page, sign_in, screenshot, tmp_path):
    sign_in(cast.admin_a)
    expect(page.get_by_role("heading", name="Your district")).to_be_visible()
    page.get_by_role("link", name="Maple Valley", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Staff roster").click()
    expect(page.get_by_role("heading", name="Staff of Maple Valley", level=1)).to_be_visible()
    page.get_by_role("link", name="Import from a file").click()
    expect(page.get_by_role("heading", name="Import the roster of Maple Valley")).to_be_visible()
    expect(page.get_by_role("row", name="staff_id")).to_contain_text("unique in the district")
    screenshot(page, "1-import-page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (CSV)").click()
    template = tmp_path / "template.csv"
    download.value.save_as(template)
    heading = template.read_text(encoding="utf-8-sig").splitlines()[0]
    assert heading == "first_name,last_name,email,staff_id,school,job_title"

    # Filled in, with one bad row: a last name left out.
    good = [
        '"Zoë","Ó Súilleabháin, Jr.",zoe@maple.example,T-501,Maple Valley Elementary,Teacher',
        "Nia,Adams,nia@maple.example,T-502,Cedar Ridge Middle,Instructional coach",
    ]
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "\ufeff" + "\r\n".join([heading, *good, "Leo,,leo@maple.example,T-503,,"]) + "\r\n",
        encoding="utf-8",
    )
    page.get_by_label("Roster file (CSV)").set_input_files(roster)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("alert")).to_contain_text("1 row of the file is not right")
    bad = page.get_by_role("row").filter(has_text="The last name is missing.")
    expect(bad).to_contain_text("4")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ row"))).to_have_count(0)
    screenshot(page, "2-preview-with-a-bad-row")

    # Fixed, and uploaded again.
    roster.write_text(
        "\ufeff" + "\r\n".join([heading, *good, "Leo,Park,leo@maple.example,T-503,,"]) + "\r\n",
        encoding="utf-8",
    )
    page.get_by_label("Roster file (CSV)").set_input_files(roster)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("main")).to_contain_text("will add 3")
    expect(page.get_by_role("main")).to_contain_text("Cedar Ridge Middle")
    screenshot(page, "3-preview-good")
    page.get_by_role("button", name="Import 3 rows").click()

    expect(page.get_by_role("alert")).to_contain_text("Imported the roster: 3 added")
    expect(page.get_by_role("heading", name="Staff of Maple Valley", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Ó Súilleabháin, Jr., Zoë")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Adams, Nia"))
    expect(row).to_contain_text("Cedar Ridge Middle")
    screenshot(page, "4-roster-imported")

    # The same file again: nothing to import.
    page.get_by_role("link", name="Import from a file").click()
    page.get_by_label("Roster file (CSV)").set_input_files(roster)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("status")).to_contain_text("there is nothing to import")
