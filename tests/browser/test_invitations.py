"""A district admin invites a staff member to sign in and makes them a coach; the coach opens the
link from the e-mail, chooses a password and is signed in; the admin then starts a coaching
engagement with the new coach, and the coach finds it on "My engagements"."""

import re

import pytest
from django.core import mail

from coaching.models import Engagement
from coaching.tests.factories import PersonFactory

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COACH_PASSWORD = "a quiet maple in April"


def invitation_link():
    [message] = [m for m in mail.outbox if "invited to sign in" in m.subject]
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def test_a_district_admin_invites_a_coach_and_starts_an_engagement_with_them(
    cast, page, sign_in, open_menu, screenshot, live_server, settings
):
    settings.SITE_URL = live_server.url  # the e-mail's link leads to this test's server
    teacher = PersonFactory(
        district=cast.district_a, school=cast.school_a, first_name="Ruth", last_name="Okonkwo"
    )
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

    # The admin starts an engagement with the new coach, its agreement made together.
    open_menu().get_by_role("button", name="Sign out").click()
    sign_in(cast.admin_a)
    page.get_by_role("button", name="Menu").click()  # the bar is folded at tablet width
    page.get_by_role("navigation").get_by_role("link", name="Engagements").click()
    page.get_by_role("link", name="Start an engagement").click()
    expect(
        page.get_by_role("heading", name="Start a coaching engagement in Maple Valley")
    ).to_be_visible()

    form = page.locator("main form")
    form.locator("#id_coach").select_option(label=f"Elena Vandersloot ({cast.person_a.user.email})")
    form.locator("#id_model").select_option(label="Instructional coaching")
    form.locator("#id_level").select_option(label="Individual change")
    form.locator("#id_coachee_kind").select_option(label="A person")
    form.locator("#id_coachee_person").select_option(label=f"Ruth Okonkwo ({cast.school_a})")
    for agreed in ("process_described", "confidentiality_explained", "commitment_given"):
        form.locator(f"#id_{agreed}").check()
    form.get_by_label("E-mail").check()
    screenshot(page, "7-start-engagement")
    page.get_by_role("button", name="Start the engagement").click()
    expect(page.get_by_role("alert")).to_contain_text("Started")
    expect(page.get_by_role("heading", name=re.compile("^Ruth Okonkwo"), level=1)).to_be_visible()
    screenshot(page, "8-engagement-started")
    engagement = Engagement.objects.get(coachee_person=teacher)
    assert engagement.coach == cast.person_a.user and engagement.response_window_days == 2

    open_menu().get_by_role("button", name="Sign out").click()
    sign_in(cast.person_a.user, password=COACH_PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation").get_by_role("link", name="My engagements").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile("Ruth Okonkwo")).first).to_be_visible()
    screenshot(page, "9-coach-sees-the-engagement")
