import shutil

import pytest

from coaching.tests.casts import cast_layer
from rubrics.content import PRACTICE_PROFILE
from rubrics.management.commands.install_rubrics import install

from .factories import ObservationFactory, TimedNoteFactory, VideoFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test of this app keeps its private files in a folder of its own, removed after it."""
    root = tmp_path / "private-media"
    settings.PRIVATE_MEDIA_ROOT = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


@cast_layer
def practice_cast(cast):
    """The cast with the practice profile installed; `coach_a_person` is coach A's roster entry."""
    install(dict(PRACTICE_PROFILE))
    cast.coach_a_person = cast.coach_a.person
    return cast


@pytest.fixture
def video_cast(cast):
    """The cast with a library: `video` in the associate's program, assigned to coach A through
    `observation` (not submitted), which has one timed note `note` at 1:05; `other_video` in
    associate B's program, assigned to no one."""
    cast.video = VideoFactory(
        program=cast.program, uploaded_by=cast.associate, title="Annual review at Maple Valley"
    )
    cast.other_video = VideoFactory(
        program=cast.other_program, uploaded_by=cast.associate_b, title="MTSS team meeting"
    )
    cast.observation = ObservationFactory(coach=cast.coach_a.person, video=cast.video)
    cast.note = TimedNoteFactory(
        observation=cast.observation, at_seconds=65, text="Opens with the agenda"
    )
    return cast
