"""A district admin invites a staff member to sign in and makes them a coach; the coach opens the
link from the e-mail, chooses a password and is signed in. Its own module, so that the journey can
go on from here ("... and starts an engagement")."""

import re

import pytest
from django.core import mail

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COACH_PASSWORD = "a quiet maple in April"


def invitation_link():
    [message] = [m for m in mail.outbox if "invited to sign in" in m.subject]
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def test_a_district_admin_invites_a_coach_who_sets_a_password_and_signs_in(
    cast, page, sign_in, open_menu, screenshot, live_server, settings
):
    settings.SITE_URL = live_server.url  # the e-mail's link leads to this test's server
    sign_in(cast.admin_a)
    expect(page.get_by_role("heading", name="Your district")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Maple Valley", exact=True).click()
    page.get_by_role("main").get_by_role("link", name="Staff roster").click()
    page.get_by_role("link", name="Vandersloot, Elena").click()
    expect(page.get_by_role("heading", name="Elena Vandersloot", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Sign-in")).to_contain_text("does not sign in")
    screenshot(page, "1-staff-page-no-login")

    page.get_by_role("button", name="Invite to sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Sent Elena Vandersloot an invitation to sign in"
    )
    expect(page.get_by_role("region", name="Sign-in")).to_contain_text("waiting to be accepted")
    roles = page.get_by_role("region", name="Roles")
    roles.get_by_label("Role").select_option(label="Coach")
    roles.get_by_role("button", name="Give role").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Elena Vandersloot is now coach of Maple Valley."
    )
    expect(roles.get_by_role("row", name=re.compile("^Coach Maple Valley"))).to_be_visible()
    screenshot(page, "2-invited-and-coach")

    navbar = open_menu()
    navbar.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    link = invitation_link()
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Elena")).to_be_visible()
    # A password the validators refuse is said on the form, and nothing changes.
    page.get_by_label("Choose a password").fill("password")
    page.get_by_label("The same password again").fill("password")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("main")).to_contain_text("This password is too common.")
    screenshot(page, "3-weak-password")

    page.get_by_label("Choose a password").fill(COACH_PASSWORD)
    page.get_by_label("The same password again").fill(COACH_PASSWORD)
    screenshot(page, "4-choose-password")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Your password is set and you are signed in")
    expect(page.get_by_role("heading", name="Your coaching")).to_be_visible()
    screenshot(page, "5-signed-in-as-coach")

    # The link worked once; the password works at the sign-in form.
    open_menu().get_by_role("button", name="Sign out").click()
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    screenshot(page, "6-link-used")
    cast.person_a.refresh_from_db()
    sign_in(cast.person_a.user, password=COACH_PASSWORD)
    expect(page.get_by_role("heading", name="Your coaching")).to_be_visible()
