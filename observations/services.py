import math
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from coaching.models import Engagement, Person, Program
from coaching.rules import refuse_own_record
from coaching.selectors import engagements as engagement_selectors
from core.artifacts import artifact_checked, artifact_save
from rubrics import services as rubric_services
from rubrics.models import RubricVersion

from . import limits
from .duration import video_duration
from .models import Artifact, Observation, PracticeRating, TimedNote, Video

# The kinds of video the library takes, recognised by their content (not their name): what
# browsers play in a <video> element. MIME type -> (what people call it, file extension).
VIDEO_TYPES = {
    "video/mp4": ("MP4", "mp4"),
    "video/webm": ("WebM", "webm"),
    "video/quicktime": ("QuickTime (.mov)", "mov"),
}
VIDEO_TYPES_TEXT = "MP4, WebM or QuickTime (.mov)"


@transaction.atomic
def practice_rating_start(
    *, person: Person, rated_by, relation: str, version: RubricVersion, second_rater=None
) -> PracticeRating:
    """Start a rating of a coach's practice: a review on the profile with a sheet for the rater
    (and, for a calibration, a second rater scoring blind). Returns the rating. The coach rates
    themself only in a self-assessment: a supervisor's or an associate's rating is never theirs."""
    raters = [rated_by] + ([second_rater] if second_rater else [])
    if relation != PracticeRating.Relation.SELF:
        refuse_own_record(actor=rated_by, person=person, action="rate your own practice")
        refuse_own_record(
            actor=second_rater,
            person=person,
            action="rate their own practice",
            who=person.full_name,
        )
    label = f"{person.full_name}: {PracticeRating.Relation(relation).label.lower()}"
    review = rubric_services.review_create(
        version=version,
        subject_label=label,
        reviewers=raters,
        blind=second_rater is not None,
        scope=f"district:{person.district_id}",
        subject_user=person.user,
    )
    rating = PracticeRating(person=person, review=review, relation=relation, rated_by=rated_by)
    rating.full_clean()
    rating.save()
    return rating


# --- observations and feedback notes ---------------------------------------------------------

NOTE_FIELDS = (
    "observed_on",
    "facilitator",
    "mode",
    "location",
    *Observation.STRUCTURED_NOTES,
    "free_text",
)


@transaction.atomic
def observation_start(*, coach: Person, setting: str, video: Video | None = None) -> Observation:
    """An empty observation for a coach to write feedback notes in (on `video`, for a library
    video)."""
    mode = Observation.Mode.RECORDED if video else Observation.Mode.IN_PERSON
    observation = Observation(coach=coach, setting=setting, video=video, mode=mode)
    observation.full_clean()
    observation.save()
    return observation


def _require_open(observation: Observation) -> Observation:
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.is_submitted:
        raise ValidationError("These notes are submitted and can no longer be changed.")
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, **fields) -> Observation:
    """Save the notes as they are (a draft may be incomplete)."""
    observation = _require_open(observation)
    for name in NOTE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(observation, name, value.strip() if isinstance(value, str) else value)
    facilitator = observation.facilitator
    if facilitator and facilitator.pk == observation.coach_id:
        raise ValidationError({"facilitator": "You observe someone else facilitating."})
    if facilitator and facilitator.district_id != observation.coach.district_id:
        raise ValidationError({"facilitator": "Choose a facilitator of your district."})
    if observation.observed_on and observation.observed_on > timezone.localdate():
        raise ValidationError({"observed_on": "The observation cannot be in the future."})
    observation.full_clean()
    observation.save()
    return observation


def observation_missing(observation: Observation) -> list[str]:
    """What the notes still need before they can be submitted."""
    missing = []
    if observation.setting != Observation.Setting.VIDEO:
        if not observation.observed_on:
            missing.append("the date of the observation")
        if not observation.facilitator_id:
            missing.append("who facilitated")
    for name in Observation.STRUCTURED_NOTES:
        if not getattr(observation, name).strip():
            missing.append(Observation._meta.get_field(name).verbose_name)
    return missing


@transaction.atomic
def observation_submit(*, observation: Observation) -> Observation:
    """Lock complete notes for review. Raises, naming what is missing, when they are not."""
    observation = _require_open(observation)
    missing = observation_missing(observation)
    if missing:
        raise ValidationError(f"Before submitting, add {', '.join(missing)}.")
    observation.submitted_at = timezone.now()
    observation.save(update_fields=["submitted_at", "updated_at"])
    return observation


# --- the video library -------------------------------------------------------------------------


def video_max_bytes() -> int:
    return settings.VIDEO_MAX_MB * 1024 * 1024


def _sniff_video(file: File) -> str:
    """The MIME type the file's first bytes show, if it is a kind the library takes."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.video_match(bytes(head))
    if kind is None:
        raise ValidationError(
            {
                "file": f"This file is not an {VIDEO_TYPES_TEXT} video: its content was checked, "
                "not its name. Choose the video file itself."
            }
        )
    if kind.mime not in VIDEO_TYPES:
        raise ValidationError(
            {
                "file": f"This video is in the {kind.extension.upper()} format, which browsers "
                f"may not play. Convert it to {VIDEO_TYPES_TEXT}, then upload it again."
            }
        )
    return kind.mime


@transaction.atomic
def video_upload(*, program: Program, title: str, description: str = "", file: File, by) -> Video:
    """Add a video to a program's library. The file must be an MP4, WebM or QuickTime video, by
    its content whatever its name, and no larger than VIDEO_MAX_MB; otherwise ValidationError (on
    "file") and nothing is stored. The file is saved under a generated name in the private storage.
    """
    if not file.size:
        raise ValidationError({"file": "This file is empty. Choose the video file again."})
    if file.size > video_max_bytes():
        raise ValidationError(
            {
                "file": f"This file is {filesizeformat(file.size)}; the library takes videos of "
                f"up to {settings.VIDEO_MAX_MB} MB. Shorten or compress it, then upload it again."
            }
        )
    content_type = _sniff_video(file)
    seconds = video_duration(file)
    video = Video(
        program=program,
        title=title.strip(),
        description=description.strip(),
        content_type=content_type,
        size=file.size,
        # Whole seconds, rounded up: a note may stand at the video's last moment.
        duration_seconds=(
            math.ceil(seconds) if seconds and seconds <= limits.VIDEO_SECONDS_MAX else None
        ),
        uploaded_by=by,
    )
    video.full_clean(exclude=["file"])
    video.file.save(f"{uuid.uuid4().hex}.{VIDEO_TYPES[content_type][1]}", file, save=False)
    try:
        video.save()
    except Exception:
        video.file.delete(save=False)  # no orphan file when the row is not written
        raise
    return video


@transaction.atomic
def video_update(*, video: Video, title: str, description: str, is_active: bool) -> Video:
    """Rename or describe a video, retire it (is_active=False: no longer offered for new
    assignments, still playable with the notes written on it) or restore it. A video is never
    deleted, nor its file replaced."""
    video.title = title.strip()
    video.description = description.strip()
    video.is_active = is_active
    video.full_clean()
    video.save(update_fields=["title", "description", "is_active"])
    return video


# --- timed notes on a video observation ------------------------------------------------------------


def _lock_open_video_observation(observation: Observation) -> Observation:
    # Locked, so that a submission at the same moment cannot slip a note in after it.
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if current.setting != Observation.Setting.VIDEO:
        raise ValidationError("Timed notes belong to observations of a library video.")
    if current.is_submitted:
        raise ValidationError("These notes were submitted, so they can no longer be changed.")
    return current


@transaction.atomic
def timed_note_add(*, observation: Observation, at_seconds: int, text: str) -> TimedNote:
    """Add a note at a moment of the observation's video. Refused (ValidationError) once the
    observation is submitted, on an observation that is not of a video, without text, or at a
    moment past the video's end (when its length is known)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the note before adding it."})
    observation = _lock_open_video_observation(observation)
    length = observation.video.duration_seconds
    if length is not None and at_seconds > length:
        note = TimedNote(at_seconds=length)
        raise ValidationError(
            {"at": f"The video is {note.timestamp} long: choose a moment within it."}
        )
    note = TimedNote(observation=observation, at_seconds=at_seconds, text=text)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def timed_note_remove(*, note: TimedNote) -> None:
    """Remove a note, unless its observation has been submitted (ValidationError)."""
    _lock_open_video_observation(note.observation)
    note.delete()


# --- observations of coaching engagements, and their artifacts ----------------------------------

ENGAGEMENT_NOTE_FIELDS = ("observed_on", "mode", "location", *Observation.STRUCTURED_NOTES)
ENGAGEMENT_NOTE_FIELDS += ("free_text",)


@transaction.atomic
def engagement_observation_record(*, engagement: Engagement, by, **fields) -> Observation:
    """The coach's observation of the engagement's coachee, with structured feedback: what was
    observed, what is working, what is not working, the questions posed, next steps. Feedback
    comes from direct observation: the date it was seen is required (not in the future) and every
    part of the feedback is written. Saved complete and shared with the coachee at once (the
    notes are not changed afterwards). Only the engagement's coaches observe."""
    if not engagement_selectors.is_coach_of(by, engagement):
        raise PermissionDenied("The engagement's coaches observe and give feedback.")
    if not engagement.is_active:
        raise ValidationError("The engagement is not active.")
    observation = Observation(
        engagement=engagement,
        observer=by,
        setting=Observation.Setting.LESSON,
        facilitator=engagement.coachee_person if engagement.coachee_person_id else None,
    )
    for name in ENGAGEMENT_NOTE_FIELDS:
        value = fields.get(name)
        if value is not None:
            setattr(observation, name, value.strip() if isinstance(value, str) else value)
    errors = {}
    if not observation.observed_on:
        errors["observed_on"] = "Feedback comes from direct observation: say when you observed."
    elif observation.observed_on > timezone.localdate():
        errors["observed_on"] = "The observation cannot be in the future."
    elif observation.observed_on < engagement.starts_on:
        errors["observed_on"] = "The observation comes after the engagement started."
    for name in Observation.STRUCTURED_NOTES:
        if not getattr(observation, name):
            errors[name] = "Write this part of the feedback."
    if errors:
        raise ValidationError(errors)
    observation.submitted_at = timezone.now()
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def artifact_attach(*, observation: Observation, by, file: File) -> Artifact:
    """Attach a file to an engagement's observation: a party's (the coach's evidence, or the
    coachee's artifact of growth). It must be one of ARTIFACT_TYPES by its content, whatever its
    name (a .pdf that is really a program or a web page is refused), and no larger than
    ARTIFACT_MAX_MB; otherwise ValidationError on "file" and nothing is stored. Saved under a
    generated name in the private storage."""
    if observation.engagement_id is None or not engagement_selectors.is_party(
        by, observation.engagement
    ):
        raise PermissionDenied("Artifacts are attached by the engagement's parties.")
    name, content_type, extension = artifact_checked(file, name_max=limits.ARTIFACT_NAME_MAX)
    artifact = Artifact(
        observation=observation,
        name=name,
        content_type=content_type,
        size=file.size,
        uploaded_by=by,
    )
    return artifact_save(artifact, file, extension=extension)
