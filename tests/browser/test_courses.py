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


def test_the_facilitator_pairs_across_districts_by_hand_and_completes_the_course(
    cw, page, sign_in, screenshot
):
    """The pairing page starts from the pairs as they stand; the facilitator chooses partners
    across the two districts (one triad: the cohort is five), then completes a session of the
    sample course: its modelling notes and one more exit-ticket question."""
    from coaching.models import CoursePair, CourseQuestion

    sign_in(cw.facilitator)
    page.goto(cw.run.get_absolute_url())
    page.get_by_role("link", name="Reciprocal pairs").click()
    groups = {
        cw.coach_a: "Pair 1",
        cw.coach_b2: "Pair 1",
        cw.coach_a3: "Pair 1",
        cw.coach_a2: "Pair 2",
        cw.coach_b3: "Pair 2",
    }
    for coach, pair in groups.items():
        person = coach.person
        page.get_by_label(f"{person.full_name} ({person.district})").select_option(label=pair)
    page.get_by_role("button", name="Save the pairs").click()
    expect(page.get_by_text("2 pairs made")).to_be_visible()
    expect(page.get_by_text("Across districts").first).to_be_visible()
    screenshot(page, "4-pairs-across-districts")
    active = CoursePair.objects.filter(run=cw.run, engagement__status="active")
    sizes = sorted(p.engagement.coachee_team.members.count() for p in active)
    assert sizes == [2, 3]
    assert all(
        len({m.district_id for m in p.engagement.coachee_team.members.all()}) == 2 for p in active
    )

    page.goto(cw.course.get_absolute_url())
    page.get_by_role("link", name="Edit the course").click()
    expect(page.get_by_text("Sample content, shipped for you to complete.")).to_be_visible()
    screenshot(page, "5-edit-the-course")
    page.get_by_role("link", name=cw.session1.title).click()
    notes = page.get_by_label(
        "Introduction and modelling of the new concept: the facilitator's notes"
    )
    notes.fill("Model one feedback conversation; name each of its steps as you go.")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("is saved.")).to_be_visible()
    page.get_by_label("Part").select_option(label="Exit ticket")
    page.get_by_role("textbox", name="Question").fill(
        "Which step of the conversation will you rehearse first?"
    )
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Question added to the course.")).to_be_visible()
    screenshot(page, "6-edit-a-session")
    cw.session1.refresh_from_db()
    assert cw.session1.modelling_notes.startswith("Model one feedback conversation")
    assert CourseQuestion.objects.filter(
        session=cw.session1, text__startswith="Which step of the conversation"
    ).exists()
