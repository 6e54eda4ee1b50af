"""The whole certification journey in the browser, by the three roles who walk it: the district
admin identifies and approves, the associate approves, trains, scores and recertifies, the coach
logs meetings, writes notes, repeats a failed attempt, and is certified and then recertified."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files import File
from django.core.management import call_command
from django.utils import timezone

from certification import services
from certification.tests import factories
from certification.tests.conftest import due_for_recertification
from coaching.models import Program
from observations import services as observation_services
from rubrics.models import Rubric

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[2] / "observations" / "tests" / "fixtures"
NOTES = {
    "Facilitative behaviours seen": "Opened with the agenda and norms; parked a side question.",
    "What is working": "Every member spoke before goals were agreed.",
    "What is not working": "Nobody kept time.",
    "Questions posed": "What would help the parent speak first?",
    "Next steps": "Name a timekeeper at the start.",
}


@pytest.fixture
def journey(cast, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    call_command("install_rubrics", verbosity=0)
    cfr = Rubric.objects.get(slug="coaching-facilitation-rubric")
    cast.minimum = 3 * cfr.versions.get().criteria.count()
    services.program_settings_update(
        program=cast.program, cfr_version=cfr.versions.get(), cfr_passing_minimum=cast.minimum
    )
    cast.coach = cast.coach_a.person
    factories.initial_training(cast.program, [cast.coach], by=cast.associate)
    with open(FIXTURES / "tiny.mp4", "rb") as handle:
        cast.video = observation_services.video_upload(
            program=cast.program,
            title="Annual review, grade 5 team",
            file=File(handle),
            by=cast.associate,
        )
    return cast


def switch(page, sign_in, user):
    page.context.clear_cookies()
    sign_in(user)


def score(page, points_label, feedback):
    """On a submission: score every criterion at one level, finalise, record the result."""
    page.get_by_role("button", name="Score these notes").click()
    for radio in page.get_by_label(points_label).all():
        radio.check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalise").click()
    expect(page.get_by_role("button", name="Record the result")).to_be_visible()
    page.get_by_label("Feedback to the coach").fill(feedback)
    page.get_by_role("button", name="Record the result").click()


def write_notes(page):
    for label, text in NOTES.items():
        page.get_by_label(label).fill(text)


def test_from_identification_to_certificate_and_recertification(journey, page, sign_in, screenshot):
    w = journey
    name = w.coach.full_name

    # The district admin identifies the coach and approves for the district.
    sign_in(w.admin_a)
    page.goto("/certification/")
    page.get_by_role("link", name="Identify a candidate").click()
    page.get_by_label("Staff member").select_option(label=name)
    page.get_by_role("button", name="Identify").click()
    expect(page.get_by_text("Phase I: identified").first).to_be_visible()
    page.get_by_role("button", name="Approve for the district").click()
    expect(page.get_by_role("alert")).to_contain_text("Approval recorded")
    candidate_url = page.url

    # The associate approves for the provider, places the coach in a cohort, and records the
    # workshop the coach attended.
    switch(page, sign_in, w.associate)
    page.goto(candidate_url)
    page.get_by_role("button", name="Approve for the provider").click()
    expect(page.get_by_text("Phase II: advanced training").first).to_be_visible()
    page.goto("/training/")
    page.get_by_role("link", name="Cohorts").click()
    page.get_by_label("Name").fill("Cohort 1")
    page.get_by_role("button", name="Create the cohort").click()
    page.get_by_label("Kind").select_option(label="Coaching workshop")
    page.get_by_label("Title").fill("Coaching workshop")
    starts = timezone.localtime() - dt.timedelta(days=3)
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("0 of 5 taken")).to_be_visible()
    page.get_by_label("Register").select_option(label=f"{name} ({w.district_a})")
    page.get_by_role("button", name="Register").click()
    page.get_by_label("Attended").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("alert")).to_contain_text("Attendance saved")
    screenshot(page, "1-workshop-attendance")
    page.goto(candidate_url)
    page.get_by_label("Cohort").select_option(label="Cohort 1")
    page.get_by_role("button", name="Place in this cohort").click()
    expect(page.get_by_text("Cohort: Cohort 1")).to_be_visible()

    # The other trainings, recorded the same way (through the services, to keep the test short).
    candidacy = w.coach.candidacies.get()
    cohort = candidacy.cohort
    for kind in ("advanced", "stakeholder"):
        factories.attend(
            factories.event(w.program, kind, by=w.associate), [w.coach], by=w.associate
        )
    call = factories.event(w.program, "support_call", by=w.associate, cohort=cohort)
    factories.attend(call, [w.coach], by=w.associate)

    # The coach logs five facilitated IEP meetings; the fifth completes Phase II.
    switch(page, sign_in, w.coach_a)
    page.goto("/certification/my-path/")
    expect(page.get_by_text("0 of 5").first).to_be_visible()
    for n in range(5):
        page.get_by_role("link", name="Log a facilitated IEP meeting").click()
        page.get_by_label("Date").fill((timezone.localdate() - dt.timedelta(days=n)).isoformat())
        page.get_by_label("Meeting type").select_option(label="Annual review")
        page.get_by_label("Length (minutes)").fill("60")
        page.get_by_role("button", name="Log the meeting").click()
        expect(page.get_by_role("alert")).to_contain_text("Facilitation logged")
    expect(page.get_by_text("Phase III: feedback review").first).to_be_visible()
    screenshot(page, "2-my-path-phase-iii")

    # Attempt 1: notes written and submitted, scored below the minimum, repeated with feedback.
    page.get_by_role("button", name="Write feedback notes on an observation").click()
    page.get_by_label("Observed on").fill(timezone.localdate().isoformat())
    page.get_by_label("Facilitator observed").select_option(label=w.principal_a.person.full_name)
    write_notes(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("Submitted")

    switch(page, sign_in, w.associate)
    page.goto("/certification/queue/")
    expect(page.get_by_role("cell", name=name)).to_be_visible()
    page.get_by_role("link", name="Review").click()
    score(page, "Developing (2)", "Name the facilitator's moves, not only what happened.")
    expect(page.get_by_role("alert")).to_contain_text("below the minimum")

    switch(page, sign_in, w.coach_a)
    page.goto("/certification/my-path/")
    expect(page.get_by_text("Name the facilitator's moves").first).to_be_visible()
    screenshot(page, "3-feedback-to-repeat")
    page.get_by_role("button", name="Begin the next attempt").click()
    expect(page.get_by_role("heading", name="Phase III feedback review, attempt 2")).to_be_visible()
    page.get_by_label("Observed on").fill(timezone.localdate().isoformat())
    page.get_by_label("Facilitator observed").select_option(label=w.principal_a.person.full_name)
    write_notes(page)
    page.get_by_role("button", name="Submit for review").click()

    # Attempt 2 passes: certified.
    switch(page, sign_in, w.associate)
    page.goto("/certification/queue/")
    page.get_by_role("link", name="Review").click()
    score(page, "Proficient (3)", "")
    expect(page.get_by_role("alert")).to_contain_text("Passed")
    page.goto(candidate_url)
    expect(page.get_by_text("Certified").first).to_be_visible()
    certificate = candidacy.__class__.objects.get(pk=candidacy.pk).certificate
    expiry = certificate.expires_on

    switch(page, sign_in, w.coach_a)
    page.goto("/certification/my-path/")
    expect(page.get_by_text(certificate.number).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(page, "4-certified")

    # Recertification: refused on the day of issue (it opens 120 days before the expiry); once
    # inside that window, a library video assigned, notes tied to its moments, scored, renewed.
    switch(page, sign_in, w.associate)
    page.goto(candidate_url)
    page.get_by_label("Video").select_option(label=w.video.title)
    page.get_by_role("button", name="Assign for recertification").click()
    expect(page.get_by_role("alert")).to_contain_text("Recertification opens on")
    certificate = due_for_recertification(candidacy)
    expiry = certificate.expires_on
    page.goto(candidate_url)
    page.get_by_label("Video").select_option(label=w.video.title)
    page.get_by_role("button", name="Assign for recertification").click()
    expect(page.get_by_role("alert")).to_contain_text("Video assigned")

    switch(page, sign_in, w.coach_a)
    page.goto("/certification/my-path/")
    page.get_by_role("link", name="write your notes on it").click()
    page.get_by_label("At (m:ss)").fill("0:01")
    page.get_by_label("Note", exact=True).fill("The facilitator restates the goal.")
    page.get_by_role("button", name="Add a note at this moment").click()
    expect(page.get_by_role("button", name="Play from 0:01")).to_be_visible()
    write_notes(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("Submitted")
    screenshot(page, "5-recertification-submitted")

    switch(page, sign_in, w.associate)
    page.goto("/certification/queue/")
    page.get_by_role("link", name="Review").click()
    score(page, "Exemplary (4)", "")
    expect(page.get_by_role("alert")).to_contain_text("Passed")
    page.goto(candidate_url)
    expect(page.get_by_text("Certificate renewed")).to_be_visible()
    certificate.refresh_from_db()
    assert certificate.expires_on > expiry
    screenshot(page, "6-renewed-timeline")
