"""A coach-training course in the browser: the facilitator schedules a session for the cohort;
two coaches answer its exit ticket on a tablet-width screen (768x1024); the facilitator reads
the answers side by side, with who wrote each, and marks one for follow-up."""

import datetime as dt

import pytest
from django.utils import timezone

from coaching.models import CourseAnswer, RunSession
from coaching.tests.courses import world

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET_PORTRAIT = {"width": 768, "height": 1024}


@pytest.fixture
def cw(cast):
    return world.build(cast)


def open_courses(page):
    toggler = page.get_by_role("button", name="Menu")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("link", name="Courses", exact=True).click()


def test_a_session_is_scheduled_answered_on_tablets_and_read_side_by_side(
    cw, page, sign_in, screenshot
):
    session = cw.session2
    # The facilitator schedules Unit 1's second session, which began an hour ago.
    sign_in(cw.facilitator)
    open_courses(page)
    page.get_by_role("link", name=str(cw.run.cohort)).click()
    page.get_by_role("link", name="Schedule sessions").click()
    page.get_by_label(f"{session} ({session.duration_minutes} min)").check()
    starts = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Location").fill("Room 12")
    screenshot(page, "1-schedule")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("The cohort is registered.")).to_be_visible()
    run_session = RunSession.objects.get(run=cw.run, session=session)
    assert run_session.event.registrations.count() == 5

    # Two coaches answer the exit ticket on a tablet, held upright.
    answers = {cw.coach_a: "Observe, diagnose, step, model, rehearse", cw.coach_b2: "Five stages"}
    page.set_viewport_size(TABLET_PORTRAIT)
    for coach, text in answers.items():
        page.context.clear_cookies()
        sign_in(coach)
        open_courses(page)
        page.get_by_role("link", name=str(cw.run.cohort)).click()
        page.get_by_role("link", name=f"Answer {session.title}").click()
        field = page.get_by_label("List the five stages of the coaching cycle, in order.")
        field.fill(text)
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= TABLET_PORTRAIT["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET_PORTRAIT["width"]
        screenshot(page, f"2-answer-{coach.email.split('@')[0]}")
        page.get_by_role("button", name="Save my answers").click()
        expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert CourseAnswer.objects.filter(question__run_session=run_session).count() == 2

    # The facilitator reads them side by side, with who wrote each.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(cw.facilitator)
    page.goto(cw.run.get_absolute_url())
    page.get_by_role("link", name=f"Answers to {session.title}").click()
    question = page.get_by_role("article", name="List the five stages")
    for coach, text in answers.items():
        card = question.locator(".card", has_text=coach.person.full_name)
        expect(card).to_contain_text(text)
    screenshot(page, "3-side-by-side")
    question.get_by_role(
        "button", name=f"Follow up {cw.coach_b2.person.full_name}'s answer"
    ).click()
    expect(page.get_by_text("Marked for follow-up.")).to_be_visible()
    assert CourseAnswer.objects.get(
        person=cw.coach_b2.person, question__run_session=run_session
    ).follow_up
