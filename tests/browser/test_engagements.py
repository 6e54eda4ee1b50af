"""Coaching engagements in the browser: a coach logs a session from their home with the keyboard
alone, within 30 seconds and 15 key presses (counted: the test presses keys only through
`Keys`, never the mouse), and sets an action step; the principal sees the activity at their
school and none of the content."""

import time

import pytest

from coaching.models import ActionStep, CoachingSession
from coaching.tests.engagements import world

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_KEYS, MAX_SECONDS = 15, 30


class Keys:
    """page.keyboard, counting every key pressed (a typed character is one key press)."""

    def __init__(self, page):
        self.keyboard, self.count = page.keyboard, 0

    def press(self, key):
        self.count += 1
        self.keyboard.press(key)

    def type(self, text):
        self.count += len(text)
        self.keyboard.type(text)


@pytest.fixture
def ew(cast):
    return world.build(cast)


def test_a_coach_logs_a_session_from_home_by_keyboard_and_sets_an_action_step(
    ew, page, sign_in, screenshot
):
    sign_in(ew.coach_a)
    expect(page.get_by_role("heading", name="Your engagements")).to_be_visible()
    screenshot(page, "1-home")
    before = CoachingSession.objects.count()
    keys, started = Keys(page), time.monotonic()

    keys.press("Enter")  # the first engagement's "Log a session" has the focus
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    expect(page.get_by_label("Notes")).to_be_focused()
    keys.type("Debrief ok")
    screenshot(page, "2-form")
    keys.press("Control+Enter")
    expect(page.get_by_text("saved.")).to_be_visible()

    elapsed = time.monotonic() - started
    print(f"session logged from home in {keys.count} key presses, {elapsed:.2f} s")
    assert keys.count <= MAX_KEYS and elapsed <= MAX_SECONDS, (keys.count, elapsed)
    assert CoachingSession.objects.count() == before + 1
    session = CoachingSession.objects.latest("pk")
    # Its defaults came from the coach's last session.
    assert (session.notes, session.mode, session.minutes) == ("Debrief ok", "virtual", 20)
    screenshot(page, "3-saved")

    page.get_by_role("link", name="Set an action step").click()
    expect(page.get_by_label("Action step")).to_be_focused()
    page.keyboard.type("Narrate what students do well")
    page.keyboard.press("Tab")
    page.keyboard.type("Heard three times a lesson")
    page.get_by_label("Follow-up date").fill(world.days(7).isoformat())
    page.get_by_label("Follow-up date").press("Enter")
    expect(page.get_by_text("Action step set.")).to_be_visible()
    step = ActionStep.objects.latest("pk")
    assert (step.step, step.success_criteria) == (
        "Narrate what students do well",
        "Heard three times a lesson",
    )
    expect(page.get_by_role("cell", name="Narrate what students do well")).to_be_visible()
    screenshot(page, "4-step")


def test_the_principal_sees_the_activity_at_their_school_and_no_content(
    ew, page, sign_in, screenshot
):
    sign_in(ew.principal_a)
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("link", name="Coaching at my school").click()
    expect(page.get_by_role("heading", name="Coaching at my school")).to_be_visible()
    page.get_by_role("link", name=str(ew.coachee_person)).click()
    expect(page.get_by_role("heading", name="Sessions", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Observation, Feedback")).to_be_visible()
    expect(page.get_by_text("2 open, 0 practising, 1 met")).to_be_visible()
    text = page.locator("main").inner_text()
    for content in (
        "Observed the lesson opening",
        "Rehearse the hinge question",
        "Coaches only note",
        "Cold call three students",
        "Check for understanding",
    ):
        assert content not in text
    screenshot(page, "principal-activity")


def test_a_coach_moves_a_planned_session_to_another_day(ew, page, sign_in, screenshot):
    from coaching.models import PlannedSession

    sign_in(ew.coach_a)
    page.goto(ew.individual.get_absolute_url())
    next_sessions = page.get_by_role("region", name="Next sessions")
    expect(next_sessions.get_by_role("row")).to_have_count(2)  # the heading row and the one
    screenshot(page, "1-next-sessions")
    next_sessions.get_by_role("link", name="Change the session of").click()
    expect(page.get_by_role("heading", name="Change the session of")).to_be_visible()
    page.get_by_label("Date").fill(world.days(-2).isoformat())
    page.get_by_role("button", name="Save the new time").click()
    expect(page.get_by_text("A planned session is in the future")).to_be_visible()
    screenshot(page, "2-refused")
    page.get_by_label("Date").fill(world.days(10).isoformat())
    page.get_by_label("Start time").fill("13:20")
    page.get_by_role("button", name="Save the new time").click()
    expect(page.get_by_role("alert")).to_contain_text("Moved: Coaching session")
    expect(next_sessions).to_contain_text("1:20 PM")
    expect(next_sessions.get_by_role("row")).to_have_count(2)
    moved = PlannedSession.objects.get(pk=ew.planned.pk)
    assert moved.sequence == 1
    screenshot(page, "3-moved")
