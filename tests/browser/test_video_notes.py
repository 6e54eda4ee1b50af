"""A coach adds timed notes to a library video and jumps back to them; an associate adds a video to
the library and retires it. Real video files play in Chromium, streamed with byte ranges."""

import shutil
from pathlib import Path

import pytest
from django.core.files import File
from django.urls import reverse

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[2] / "observations" / "tests" / "fixtures"
WEBM = FIXTURES / "tiny.webm"  # 6 seconds, VP9


@pytest.fixture
def private_media(settings, tmp_path):
    root = tmp_path / "private-media"
    settings.PRIVATE_MEDIA_ROOT = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def assigned(cast, private_media):
    """A 6-second video in the associate's program, and coach A's observation of it."""
    from observations import services
    from observations.models import Observation

    with WEBM.open("rb") as handle:
        video = services.video_upload(
            program=cast.program,
            title="Annual review at Maple Valley",
            description="A facilitated annual review, recorded with consent.",
            file=File(handle, name="review.webm"),
            by=cast.associate,
        )
    return Observation.objects.create(
        coach=cast.coach_a.person, setting=Observation.Setting.VIDEO, video=video
    )


def current_time(page):
    return page.locator("video").evaluate("video => video.currentTime")


def seek(page, seconds):
    page.locator("video").evaluate(
        """(video, seconds) => new Promise(done => {
            video.addEventListener("seeked", () => done(), {once: true});
            video.currentTime = seconds;
        })""",
        seconds,
    )


def test_a_coach_notes_moments_of_a_video_and_jumps_back_to_them(
    cast, assigned, page, sign_in, screenshot
):
    sign_in(cast.coach_a)
    page.goto(reverse("observations:observation_video", args=[assigned.pk]))
    expect(
        page.get_by_role("heading", name="Notes on Annual review at Maple Valley")
    ).to_be_visible()
    video = page.locator("video")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    assert video.evaluate("v => v.duration") == pytest.approx(6, abs=0.1)
    at = page.get_by_label("At (m:ss)")
    expect(at).to_have_value("0:00")

    # The form follows the player: pause at 0:04 and add a note there.
    seek(page, 4)
    expect(at).to_have_value("0:04")
    page.get_by_label("Note", exact=True).fill("Invites the parent to share first")
    screenshot(page, "1-at-a-moment")
    page.get_by_role("button", name="Add a note at this moment").click()
    expect(page.get_by_role("alert")).to_contain_text("Added a note at 0:04.")
    # Back on the page, the video waits at the note just added.
    page.wait_for_function("() => document.querySelector('video').currentTime >= 4")

    # A keyboard user types the moment instead.
    at.fill("0:01")
    page.get_by_label("Note", exact=True).fill("States the purpose of the meeting")
    page.get_by_label("Note", exact=True).press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Added a note at 0:01.")
    notes = page.locator(".timed-note")
    expect(notes).to_have_count(2)
    expect(notes.nth(0)).to_contain_text("States the purpose of the meeting")
    expect(notes.nth(1)).to_contain_text("Invites the parent to share first")

    # A note's time seeks the video to that moment, and plays it from there.
    seek(page, 0)
    page.get_by_role("button", name="Play from 0:04").click()
    page.wait_for_function("() => document.querySelector('video').currentTime >= 4")
    assert 4 <= current_time(page) <= 6
    page.get_by_role("button", name="Play from 0:01").click()
    page.wait_for_function("() => document.querySelector('video').currentTime < 4")
    assert 1 <= current_time(page) < 4
    video.evaluate("v => v.pause()")
    screenshot(page, "2-two-notes")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "3-desktop")

    page.on("dialog", lambda dialog: dialog.accept())  # "Remove the note at 0:01?"
    page.get_by_role("button", name="Remove the note at 0:01").click()
    expect(page.get_by_role("alert")).to_contain_text("Removed the note at 0:01.")
    expect(notes).to_have_count(1)


def test_the_player_leaves_the_moment_alone_while_the_field_has_focus(
    cast, assigned, page, sign_in
):
    # A person (or a test) clicks in the field and selects it to type over it; a timeupdate then
    # used to write the player's moment into it, drop the selection, and what they typed was
    # appended ("0:000:01"), which the browser then refused to submit.
    sign_in(cast.coach_a)
    page.goto(reverse("observations:observation_video", args=[assigned.pk]))
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    at = page.get_by_label("At (m:ss)")
    expect(at).to_have_value("0:00")
    at.focus()
    at.evaluate("field => field.select()")
    seek(page, 2)  # a seeked and a timeupdate arrive while the field is selected
    page.keyboard.type("0:01")
    expect(at).to_have_value("0:01")
    page.get_by_label("Note", exact=True).fill("Names the goal")
    page.get_by_role("button", name="Add a note at this moment").click()
    expect(page.get_by_role("alert")).to_contain_text("Added a note at 0:01.")
    # Back on the page, the video goes to the new note's moment once it has loaded: wait for it,
    # or that seek could land after the one below (CI saw the field follow it back to 0:01).
    page.wait_for_function(
        """() => { const video = document.querySelector("video");
            return video.readyState >= 1 && !video.seeking && Math.floor(video.currentTime) === 1; }"""
    )

    # Away from the field, it follows the player again after "Now".
    page.get_by_role("button", name="Now").click()
    seek(page, 3)
    expect(at).to_have_value("0:03")


def test_a_refused_note_comes_back_with_its_moment_and_text(
    cast, assigned, page, sign_in, screenshot
):
    sign_in(cast.coach_a)
    page.goto(reverse("observations:observation_video", args=[assigned.pk]))
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    seek(page, 3)
    at = page.get_by_label("At (m:ss)")
    expect(at).to_have_value("0:03")
    note = page.get_by_label("Note", exact=True)
    note.fill("Reads the DOB 2015-04-12 aloud")
    page.get_by_role("button", name="Add a note at this moment").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "“DOB 2015-04-12” looks like a date of birth: leave out anything that identifies a student."
    )
    expect(note).to_have_value("Reads the DOB 2015-04-12 aloud")
    # The player loads again at 0:00; the moment the note was for stays.
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    expect(at).to_have_value("0:03")
    screenshot(page, "refused")
    note.fill("Reads the date aloud")
    page.get_by_role("button", name="Add a note at this moment").click()
    expect(page.get_by_role("alert")).to_contain_text("Added a note at 0:03.")
    expect(page.locator(".timed-note")).to_have_count(1)


def test_an_associate_reads_a_coachs_notes_without_changing_them(
    cast, assigned, page, sign_in, screenshot
):
    from observations.models import TimedNote

    TimedNote.objects.create(observation=assigned, at_seconds=3, text="Summarises the plan")
    sign_in(cast.associate)
    page.goto(reverse("observations:observation_video", args=[assigned.pk]))

    expect(page.get_by_text("Summarises the plan")).to_be_visible()
    expect(page.get_by_role("button", name="Add a note at this moment")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove the note at 0:03")).to_have_count(0)
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.get_by_role("button", name="Play from 0:03").click()
    page.wait_for_function("() => document.querySelector('video').currentTime >= 3")
    screenshot(page, "read-only")


def test_an_associate_adds_a_video_and_retires_it(cast, private_media, page, sign_in, screenshot):
    sign_in(cast.associate)
    page.goto(reverse("observations:video_list"))
    expect(page.get_by_role("main")).to_contain_text("No videos yet.")
    screenshot(page, "1-empty-library")
    page.get_by_role("link", name="Add a video").click()

    # A text file named like a video is refused, and says what the library takes.
    page.get_by_label("Title").fill("Re-evaluation meeting")
    page.get_by_label("Video file").set_input_files(
        files=[{"name": "notes.mp4", "mimeType": "video/mp4", "buffer": b"not a video\n" * 80}]
    )
    page.get_by_role("button", name="Upload video").click()
    expect(page.get_by_role("main")).to_contain_text(
        "This file is not an MP4, WebM or QuickTime (.mov) video"
    )
    screenshot(page, "2-refused")

    page.get_by_label("Video file").set_input_files(str(WEBM))
    page.get_by_role("button", name="Upload video").click()
    expect(page.get_by_role("alert")).to_contain_text("Added Re-evaluation meeting to the library")
    expect(page.get_by_role("heading", name="Re-evaluation meeting")).to_be_visible()
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    seek(page, 5)  # seeking needs the stream's byte ranges
    assert current_time(page) == pytest.approx(5, abs=0.1)
    screenshot(page, "3-video-page")

    page.get_by_label("In the library").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Retired Re-evaluation meeting")
    page.get_by_role("link", name="Video library").click()
    expect(page.get_by_role("row", name="Re-evaluation meeting")).to_contain_text("Retired")
    screenshot(page, "4-library")
