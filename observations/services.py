from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coaching.models import Person
from rubrics import services as rubric_services
from rubrics.models import RubricVersion

from .models import Observation, PracticeRating, Video


@transaction.atomic
def practice_rating_start(
    *, person: Person, rated_by, relation: str, version: RubricVersion, second_rater=None
) -> PracticeRating:
    """Start a rating of a coach's practice: a review on the profile with a sheet for the rater
    (and, for a calibration, a second rater scoring blind). Returns the rating."""
    raters = [rated_by] + ([second_rater] if second_rater else [])
    label = f"{person.full_name}: {PracticeRating.Relation(relation).label.lower()}"
    review = rubric_services.review_create(
        version=version,
        subject_label=label,
        reviewers=raters,
        blind=second_rater is not None,
        scope=f"district:{person.district_id}",
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
