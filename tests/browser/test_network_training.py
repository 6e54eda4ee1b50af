"""A network program trains in the browser: an associate of the IL MTSS Network program reaches
"Training" from the navigation, schedules a network training for the program's coaches, is offered
only the program's coaches to register, registers one, and records the attendance."""

import datetime as dt

import pytest
from django.utils import timezone

from coaching.models import Enrollment, Program, Registration, RoleMembership, TrainingEvent
from coaching.tests.factories import ProgramFactory

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def go_to_training(page):
    """ "Training" in the navigation bar (behind its "Menu" button on a tablet)."""
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    navbar = page.get_by_role("navigation").filter(
        has=page.get_by_role("link", name="Coaching programs")
    )
    navbar.get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", name="Training", exact=True)).to_be_visible()


@pytest.fixture
def network(cast):
    cast.network = ProgramFactory(name="IL MTSS Network coaching", kind=Program.Kind.NETWORK)
    Enrollment.objects.create(
        program=cast.network, district=cast.district_a, enrolled_on=dt.date(2026, 9, 1)
    )
    # The associate of the network staffs it alone here: its page offers that program only.
    RoleMembership.objects.filter(user=cast.associate).update(program=cast.network)
    return cast


def test_a_network_associate_schedules_registers_and_records_attendance(
    network, page, sign_in, screenshot
):
    w = network
    coach = w.coach_a.person
    sign_in(w.associate)
    go_to_training(page)
    page.get_by_role("link", name="Schedule a training").click()
    kinds = page.get_by_label("Kind").locator("option").all_inner_texts()
    assert [k for k in kinds if k.strip("- ")] == ["Network training", "Coaching-team meeting"]
    page.get_by_label("Kind").select_option(label="Network training")
    page.get_by_label("Title").fill("Coach the coach: modelling a data review")
    page.get_by_label("Audience").select_option(label="The program's coaches")
    starts = timezone.localtime() - dt.timedelta(hours=3)
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Capacity").fill("12")
    screenshot(page, "1-schedule")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("The program's coaches")).to_be_visible()
    expect(page.get_by_text("0 of 12 taken")).to_be_visible()
    # Only the program's coaches are offered.
    offered = page.get_by_label("Register").locator("option").all_inner_texts()
    assert f"{coach.full_name} ({w.district_a})" in offered
    assert not any(w.person_a.full_name in o for o in offered)
    page.get_by_label("Register").select_option(label=f"{coach.full_name} ({w.district_a})")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{coach.full_name} is registered")
    page.get_by_label("Attended").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance saved")
    screenshot(page, "2-attendance")
    event = TrainingEvent.objects.get(program=w.network)
    assert (event.kind, event.audience, event.capacity) == ("network_training", "coaches", 12)
    assert event.registrations.get().attendance == Registration.Attendance.ATTENDED

    go_to_training(page)
    # Held three hours ago: under the list's "Past" tab, latest first.
    page.get_by_role("link", name="Past", exact=True).click()
    expect(
        page.get_by_role("link", name="Coach the coach: modelling a data review")
    ).to_be_visible()
    screenshot(page, "3-list")
