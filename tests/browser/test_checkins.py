"""Check-ins in the browser: the coachee opens their engagement from "My coaching", checks in with
a question, sees it waiting within the agreed window, and sees who opened their records (the site
admin, who opened a session's notes in /admin/)."""

import pytest
from django.test import Client
from django.urls import reverse

from coaching.models import CheckIn
from coaching.tests.checkins import world

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cw(cast):
    return world.build(cast)


def test_the_coachee_checks_in_and_sees_who_opened_their_records(cw, page, sign_in, screenshot):
    admin = Client()
    admin.force_login(cw.superuser)
    change = reverse("admin:coaching_coachingsession_change", args=[cw.session.pk])
    assert admin.get(change).status_code == 200  # the site admin reads a session's notes

    sign_in(cw.coachee)
    page.goto(reverse("coaching:engagement_detail", args=[cw.individual.pk]))
    page.get_by_role("link", name="Check in with your coach").click()
    expect(page.get_by_role("heading", name="Check-ins", exact=True)).to_be_visible()
    page.get_by_label("A question").check()
    page.get_by_label("Your check-in").fill("Could we look at the exit tickets together?")
    screenshot(page, "1-check-in")
    page.get_by_role("button", name="Send the check-in").click()
    expect(page.get_by_text("Sent. Your coach answers by")).to_be_visible()
    expect(page.get_by_text("Could we look at the exit tickets together?")).to_be_visible()
    screenshot(page, "2-sent")
    assert CheckIn.objects.filter(text__startswith="Could we look", asked_by=cw.coachee).exists()

    page.goto(reverse("coaching:my_coaching"))
    page.get_by_role("link", name="Who opened my records").click()
    table = page.locator("#openings")
    expect(table).to_contain_text(f"Session of engagement {cw.individual.pk}")
    expect(table).to_contain_text("The site administration (/admin/)")
    screenshot(page, "3-openings")


def test_the_coach_sees_their_share_answers_and_records_an_observation(
    cw, page, sign_in, screenshot
):
    sign_in(cw.coach_a)
    page.goto(reverse("coaching:my_engagements"))
    expect(page.locator("#responsiveness")).to_contain_text("1 of 3 (33%)")
    screenshot(page, "1-my-engagements")
    page.goto(reverse("coaching:checkin_detail", args=[cw.waiting_late.pk]))
    page.get_by_label("Your answer").fill("Thursday at 3 works for me.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Answer sent.")).to_be_visible()
    page.goto(reverse("coaching:engagement_detail", args=[cw.individual.pk]))
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    screenshot(page, "2-engagement")
    page.get_by_role("link", name="Observations, feedback and artifacts").click()
    page.get_by_role("link", name="Record an observation").click()
    page.get_by_label("What was observed").fill("Opened with a hinge question")
    page.get_by_label("What is working").fill("Every hand went up")
    page.get_by_label("What is not working").fill("Wait time under two seconds")
    page.get_by_label("Questions posed").fill("What did the answers tell you?")
    page.locator("#id_next_steps").fill("Wait five seconds")
    screenshot(page, "3-observation-form")
    page.get_by_role("button", name="Save and share with the coachee").click()
    expect(page.get_by_text("Observation and feedback saved")).to_be_visible()
    screenshot(page, "4-observation")
