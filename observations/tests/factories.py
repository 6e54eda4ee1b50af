from pathlib import Path

import factory

from coaching.tests.factories import PersonFactory, ProgramFactory, UserFactory
from observations.models import Observation, TimedNote, Video

FIXTURES = Path(__file__).parent / "fixtures"
# Tiny real recordings made with ffmpeg's test pattern: tiny.webm (VP9, 6 s), tiny.mp4 and
# tiny.mov (H.264, 2 s), 160x90, no sound.
WEBM = FIXTURES / "tiny.webm"


class VideoFactory(factory.django.DjangoModelFactory):
    """A library video whose file is tiny.webm, saved in the private storage."""

    class Meta:
        model = Video

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Annual review meeting {n}")
    file = factory.django.FileField(from_path=WEBM, filename="tiny.webm")
    content_type = "video/webm"
    size = WEBM.stat().st_size
    uploaded_by = factory.SubFactory(UserFactory)


class ObservationFactory(factory.django.DjangoModelFactory):
    """An observation of a library video, not submitted."""

    class Meta:
        model = Observation

    coach = factory.SubFactory(PersonFactory)
    setting = Observation.Setting.VIDEO
    video = factory.SubFactory(VideoFactory)
    mode = Observation.Mode.RECORDED


class TimedNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimedNote

    observation = factory.SubFactory(ObservationFactory)
    at_seconds = 2
    text = factory.Sequence(lambda n: f"Note {n}")
