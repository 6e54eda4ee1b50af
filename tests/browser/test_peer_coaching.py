"""Peer coaching in the browser: the school's coaching team (its principal) assigns a partnership
of a peer coach and a partner teacher; the peer coach moves the cycle on to co-planning and logs
the co-planning; the partner logs just-in-time help in one click with a line; the principal sees
the partnership's activity (the step, sessions, minutes, the just-in-time count) and none of what
the pair wrote."""

import pytest

from coaching.models import CoachingSession, Partnership, Program
from coaching.services import peer as services
from coaching.tests.factories import EnrollmentFactory, ProgramFactory
from coaching.tests.peer.world import login

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(cast):
    """The cast with a peer-coaching program in district A, the coaching team of school_a (its
    principal, and coach_a as peer coach) and a partner teacher there with a login."""
    program = ProgramFactory(name="Peer Coaching for Technology", kind=Program.Kind.PEER)
    EnrollmentFactory(program=program, district=cast.district_a)
    cast.team = services.team_create(
        by=cast.principal_a, school=cast.school_a, program=program, coaches=[cast.coach_a]
    )
    cast.partner, cast.partner_person = login(
        "partner@a.example", cast.district_a, person_school=cast.school_a
    )
    return cast


def _open_peer_coaching(page):
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("navigation").get_by_role("link", name="Peer coaching", exact=True).click()
    expect(page.get_by_role("heading", name="Peer coaching", exact=True)).to_be_visible()


def _sign_in_again(page, sign_in, user):
    page.context.clear_cookies()
    sign_in(user)


def test_a_team_assigns_the_pair_logs_and_the_principal_sees_activity_only(
    school, page, sign_in, screenshot
):
    w = school
    # The principal, for the team, pairs the peer coach with the partner teacher.
    sign_in(w.principal_a)
    _open_peer_coaching(page)
    page.get_by_role("link", name="Partnerships").click()
    page.get_by_role("link", name="Assign a partnership").first.click()
    page.get_by_label("Peer coach").select_option(
        label=f"{w.coach_a.get_full_name()} ({w.coach_a.email})"
    )
    page.get_by_label("Partner teacher").select_option(label=f"{w.partner_person} ({w.school_a})")
    page.get_by_label("The partner agreed to take part").check()
    screenshot(page, "1-assign")
    page.get_by_role("button", name="Assign the partnership").click()
    expect(page.get_by_text("Partnership assigned")).to_be_visible()
    expect(page.get_by_role("cell", name="1 · Brainstorm the lesson to improve")).to_be_visible()
    partnership = Partnership.objects.get()
    assert partnership.engagement.coach == w.coach_a

    # The peer coach moves on to co-planning and logs it.
    _sign_in_again(page, sign_in, w.coach_a)
    _open_peer_coaching(page)
    page.get_by_role("link", name=f"with {w.partner_person}").click()
    page.get_by_role("button", name="2 · Co-plan").click()
    expect(page.get_by_text("Moved on to: Co-plan.")).to_be_visible()
    page.get_by_role("combobox", name="What you did").select_option("co_planning")
    page.get_by_label("Minutes").fill("40")
    page.get_by_label("Notes").fill("Planned the shared-slides lesson")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Session logged.")).to_be_visible()
    expect(page.get_by_text("Planned the shared-slides lesson")).to_be_visible()
    screenshot(page, "2-coach")

    # The partner, stuck, logs just-in-time help in one click with a line.
    _sign_in_again(page, sign_in, w.partner)
    page.goto(partnership.get_absolute_url())
    page.get_by_label("Optional: a line about the quick question.").fill(
        "Projector would not mirror"
    )
    page.get_by_role("button", name="Log just-in-time help").click()
    expect(page.get_by_text("Just-in-time help logged.")).to_be_visible()
    expect(page.get_by_text("Projector would not mirror")).to_be_visible()
    screenshot(page, "3-partner")
    assert CoachingSession.objects.filter(engagement=partnership.engagement).count() == 2

    # The principal sees the activity, and none of the content.
    _sign_in_again(page, sign_in, w.principal_a)
    _open_peer_coaching(page)
    page.get_by_role("link", name="Partnerships").click()
    row = page.get_by_role("row").filter(has_text=str(w.partner_person))
    expect(row.get_by_role("cell", name="2 · Co-plan")).to_be_visible()
    expect(row.get_by_role("cell", name="45", exact=True)).to_be_visible()  # 40 + 5 minutes
    screenshot(page, "4-principal-list")
    row.get_by_role("link", name=str(w.partner_person)).click()
    expect(page.get_by_role("heading", name="Activity")).to_be_visible()
    text = page.locator("main").inner_text()
    assert "Planned the shared-slides lesson" not in text
    assert "Projector would not mirror" not in text
    screenshot(page, "5-principal-detail")
