"""Signing in and out through the real forms, and what each role's home page shows."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each role's home page shows, and what it must not show (another role's section, the other
# district).
HOME = {
    "associate": {
        "headings": ["Programs you staff", "Enrolled districts"],
        "links": ["Key2Ed Facilitator Coaching", "Maple Valley", "Riverbend"],
        "absent": ["Your district", "Your school", "Your coaching"],
        "nav": ["Home", "Districts", "Programs", "My profile"],
    },
    "admin_a": {
        "headings": ["Your district", "Maple Valley", "Needs your attention"],
        "links": ["Maple Valley"],
        "absent": ["Programs you staff", "Riverbend", "Your school"],
        "nav": ["Home", "Districts", "Programs", "My profile"],
    },
    "coach_a": {
        "headings": ["Your coaching"],
        "links": ["See your profile"],
        "text": "You are on the roster of Maple Valley at Maple Valley Elementary.",
        "absent": ["Your district", "Programs you staff", "Riverbend"],
        "nav": ["Home", "Programs", "My profile"],
    },
    "principal_a": {
        # The school's card: "Maple Valley Elementary" and, quieter, its district.
        "headings": ["Your school", re.compile(r"^Maple Valley Elementary\s+Maple Valley$")],
        "links": [],
        "text": "3 active staff members on the roster.",
        "absent": ["Your district", "Programs you staff", "Riverbend"],
        "nav": ["Home", "Programs", "My profile"],
    },
    "superuser": {
        "headings": ["All districts"],
        "links": ["Maple Valley", "Riverbend", "site admin"],
        "absent": ["Your district", "Your school", "Your coaching", "Programs you staff"],
        "nav": ["Home", "Districts", "Programs", "My profile", "Site admin"],
    },
}


@pytest.mark.parametrize("role", list(HOME))
def test_each_role_signs_in_sees_its_home_page_and_signs_out(
    role, cast, page, sign_in, open_menu, screenshot
):
    user = getattr(cast, role)
    expected = HOME[role]

    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "1-sign-in")

    sign_in(user)

    expect(page).to_have_title("Home · Coaching programs")
    expect(page.get_by_role("heading", name="Welcome", level=1)).to_be_visible()
    for heading in expected["headings"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    main = page.get_by_role("main")
    for link in expected["links"]:
        expect(main.get_by_role("link", name=link, exact=True)).to_be_visible()
    if "text" in expected:
        expect(main).to_contain_text(expected["text"])
    for text in expected["absent"]:
        expect(main).not_to_contain_text(text)
    expect(main).not_to_contain_text("Your account has no role yet")

    navbar = open_menu()
    for link in expected["nav"]:
        expect(navbar.get_by_role("link", name=link, exact=True)).to_be_visible()
    expect(navbar).to_contain_text(user.email)
    screenshot(page, "2-home")

    navbar.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("You are signed out.")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    screenshot(page, "3-signed-out")

    # Signed out for real: the home page asks to sign in again.
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_three_times_shows_the_form_error(cast, page, sign_in, screenshot):
    for attempt in range(1, 4):
        sign_in(cast.admin_a, password=f"wrong password {attempt}")

        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(
            "That e-mail address and password do not match an account."
        )
        expect(page.get_by_label("E-mail address")).to_have_value(cast.admin_a.email)
        expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "wrong-password")

    # Three failures are below the lockout limit: the right password still works.
    sign_in(cast.admin_a)
    expect(page.get_by_role("heading", name="Your district")).to_be_visible()
