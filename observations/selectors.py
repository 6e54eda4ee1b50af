"""Reads for practice ratings, the video library and observations, scoped through coaching's one
mechanism."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from coaching.models import Person, Program, RoleMembership
from coaching.selectors import courses as course_selectors
from coaching.selectors import (
    districts_visible_to,
    may_act_for_program,
    programs_acted_for,
    roles_of,
)
from coaching.selectors import engagements as engagement_selectors
from core.queries import count_of
from rubrics.content import PRACTICE_PROFILE_SLUG
from rubrics.models import Review, RubricVersion, Scoresheet
from rubrics.selectors import domain_levels_over_time

from .models import Artifact, Observation, PracticeRating, TimedNote, Video


def current_practice_profile() -> RubricVersion | None:
    """The newest published version of the practice profile: what new ratings are scored on."""
    return (
        RubricVersion.objects.filter(
            rubric__slug=PRACTICE_PROFILE_SLUG, status=RubricVersion.Status.PUBLISHED
        )
        .select_related("rubric")
        .order_by("-number")
        .first()
    )


def rating_versions() -> QuerySet[RubricVersion]:
    """The newest published version of each rubric: what a coach can be rated on."""
    newest = (
        RubricVersion.objects.filter(
            rubric=OuterRef("rubric"), status=RubricVersion.Status.PUBLISHED
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        RubricVersion.objects.filter(pk=Subquery(newest))
        .select_related("rubric")
        .order_by("rubric__name")
    )


def coaches_visible_to(user) -> QuerySet[Person]:
    """People with a coach role whose practice this user may see: the coaches of the districts
    whose roster they read (district admin, associate), and themself. A principal supports coaching
    but never evaluates it, so sees no one's practice ratings here."""
    if not user.is_authenticated:
        return Person.objects.none()
    roles = roles_of(user)
    # An OR of the person's own columns, not of joined tables: it walks the name index
    # (person_by_name) and stops at a page. A district admin's districts are plain ids, so that
    # side uses the roster index; an associate's are a subquery.
    wide = roles.is_superuser or roles.is_associate
    districts = districts_visible_to(user) if wide else roles.admin_district_ids
    return (
        Person.objects.filter(
            Q(district_id__in=districts) | Q(user=user),
            is_active=True,
            user_id__in=RoleMembership.objects.filter(role=RoleMembership.Role.COACH).values(
                "user_id"
            ),
        )
        .select_related("district", "school")
        .order_by("last_name", "first_name", "pk")
    )


def can_rate(user, person: Person) -> str | None:
    """How this user may rate this coach ("supervisor", "associate"), or None. A district admin of
    the coach's district supervises; an associate of a program the district is enrolled in rates.
    Nobody rates themself here (that is the self-assessment), and a principal never evaluates."""
    if person.user_id == user.pk:
        return None
    roles = roles_of(user)
    if person.district_id in roles.admin_district_ids:
        return PracticeRating.Relation.SUPERVISOR
    if roles.is_associate and districts_visible_to(user).filter(pk=person.district_id).exists():
        return PracticeRating.Relation.ASSOCIATE
    return None


def get_coach_for_user(user, pk, *, rate=False) -> Person:
    person = get_object_or_404(coaches_visible_to(user), pk=pk)
    if rate and can_rate(user, person) is None:
        raise PermissionDenied("You may see this coach's practice but not rate it.")
    return person


def own_coach_record(user) -> Person | None:
    return coaches_visible_to(user).filter(user=user).first()


def practice_history(person: Person) -> dict:
    """The coach's decided ratings in date order, each essential function's mean level in each, and
    the latest self-assessment beside the latest rating by someone else."""
    ratings = list(
        person.practice_ratings.filter(review__status=Review.Status.DECIDED)
        .select_related("review__version__rubric", "rated_by")
        .order_by("created_at")
    )
    levels = domain_levels_over_time([r.review for r in ratings])
    rows = [dict(row, rating=rating) for rating, row in zip(ratings, levels, strict=True)]
    # The chart and the comparison keep to the practice profile; other rubrics are only listed.
    profile = [r for r in rows if r["rating"].review.version.rubric.slug == PRACTICE_PROFILE_SLUG]
    domains = []
    for row in profile:
        for name in row["domains"]:
            if name not in domains:
                domains.append(name)
    own = [r for r in profile if r["rating"].relation == PracticeRating.Relation.SELF]
    others = [r for r in profile if r["rating"].relation != PracticeRating.Relation.SELF]
    compare = None
    if own and others:
        compare = {
            "self": own[-1],
            "other": others[-1],
            "rows": [(d, own[-1]["domains"].get(d), others[-1]["domains"].get(d)) for d in domains],
        }
    return {
        "rows": rows,
        "domains": domains,
        "self_rows": own,
        "profile_rows": profile,
        "compare": compare,
    }


def open_ratings(person: Person, user) -> QuerySet[PracticeRating]:
    """Ratings of this coach that this user started and has not finalised."""
    mine_open = Scoresheet.objects.filter(
        review=OuterRef("review"), reviewer=user, status=Scoresheet.Status.DRAFT
    )
    return (
        person.practice_ratings.filter(Exists(mine_open))
        .select_related("review")
        .prefetch_related("review__sheets")
    )


# --- the video library -------------------------------------------------------------------------


def library_programs(user) -> QuerySet[Program]:
    """The programs whose library this user keeps (adds videos to, retires them): those they staff
    as an associate, or every program for the site admin (`may_act_for_program`)."""
    return programs_acted_for(user).order_by("name")


def videos_visible_to(user) -> QuerySet[Video]:
    """Library videos this user may watch: every video of the programs they staff as an associate
    (a site admin: all of them); for a coach, only the videos one of their own observations is on,
    which is how a video is assigned to them, and the exemplar videos of their course."""
    roles = roles_of(user)
    if roles.is_superuser:
        return Video.objects.all()
    if not user.is_authenticated:
        return Video.objects.none()
    assigned = Observation.objects.filter(video=OuterRef("pk"), coach__user=user)
    # An exemplar video of a course (of the video's own program) is for the course's cohorts.
    course_video = course_selectors.course_videos_for(user).filter(
        library_video_id=OuterRef("pk"),
        session__unit__stage__course__program_id=OuterRef("program_id"),
    )
    return Video.objects.filter(
        Q(program_id__in=roles.associate_program_ids) | Exists(assigned) | Exists(course_video)
    )


def can_keep_video(user, video: Video) -> bool:
    return may_act_for_program(user, video.program_id)


def get_video_for_user(user, pk, *, write=False) -> Video:
    video = get_object_or_404(
        videos_visible_to(user).select_related("program", "uploaded_by"), pk=pk
    )
    if write and not can_keep_video(user, video):
        raise PermissionDenied("Only the program's associates change its library.")
    return video


def library(user) -> QuerySet[Video]:
    """The videos this user may watch, active first, each with its program, who added it, and
    `observation_count` and `submitted_count`: the observations written on it, and those submitted."""
    return (
        videos_visible_to(user)
        .select_related("program", "uploaded_by")
        .annotate(
            observation_count=count_of(Observation.objects.all(), of="video"),
            submitted_count=count_of(
                Observation.objects.filter(submitted_at__isnull=False), of="video"
            ),
        )
        .order_by("-is_active", "title", "pk")
    )


def video_observations(video: Video) -> QuerySet[Observation]:
    """The observations written on a video, with their coach and `note_count`."""
    return (
        video.observations.select_related("coach")
        .annotate(note_count=Count("timed_notes"))
        .order_by("coach__last_name", "coach__first_name", "pk")
    )


# --- observations and their timed notes ----------------------------------------------------------


def observations_visible_to(user) -> QuerySet[Observation]:
    """Observations this user may read: their own, as the coach who wrote them; and, for an
    associate, those on the library videos of the programs they staff. Only the coach writes."""
    roles = roles_of(user)
    if roles.is_superuser:
        # An engagement's observations are its parties' alone (engagement_observations_for).
        return Observation.objects.filter(engagement__isnull=True)
    if not user.is_authenticated:
        return Observation.objects.none()
    return Observation.objects.filter(
        Q(coach__user=user) | Q(video__program_id__in=roles.associate_program_ids)
    )


def can_write_observation(user, observation: Observation) -> bool:
    """Whether this user writes on the observation: the coach whose it is, until it is submitted."""
    return observation.coach.user_id == user.pk and not observation.is_submitted


def get_observation_for_user(user, pk, *, write=False) -> Observation:
    observation = get_object_or_404(
        observations_visible_to(user).select_related("coach", "video__program"), pk=pk
    )
    if write and observation.coach.user_id != user.pk:
        raise PermissionDenied("Only the coach who wrote these notes may change them.")
    return observation


def get_timed_note_for_user(user, pk, *, write=False) -> TimedNote:
    note = get_object_or_404(
        TimedNote.objects.filter(observation__in=observations_visible_to(user)).select_related(
            "observation__coach"
        ),
        pk=pk,
    )
    if write and note.observation.coach.user_id != user.pk:
        raise PermissionDenied("Only the coach who wrote this note may remove it.")
    return note


def video_notes(user, observation: Observation) -> dict:
    """The context of the partial observations/_video_notes.html for this user: `observation` (its
    video loaded), `notes` (its timed notes in time order) and `can_write`."""
    return {
        "observation": observation,
        "notes": list(observation.timed_notes.order_by("at_seconds", "pk")),
        "can_write": can_write_observation(user, observation),
    }


# --- observations of coaching engagements: the parties' alone ----------------------------------


def party_engagement(user, pk):
    """The engagement, for its parties: 404 when the user does not see it, 403 when they see its
    activity only (coaching's content gate)."""
    engagement = engagement_selectors.get_engagement_for_user(user, pk)
    if not engagement_selectors.is_party(user, engagement):
        raise PermissionDenied("Observations and feedback are read by the engagement's parties.")
    return engagement


def engagement_observations(engagement) -> QuerySet[Observation]:
    """The engagement's observations, newest first, with their artifacts and who observed."""
    return (
        Observation.objects.filter(engagement=engagement)
        .select_related("observer")
        .prefetch_related("artifacts")
        .order_by("-observed_on", "-pk")
    )


def get_engagement_observation_for_user(user, pk) -> Observation:
    """An engagement's observation, for its parties: 404 out of sight, 403 to a non-party."""
    observation = get_object_or_404(
        Observation.objects.filter(
            engagement__in=engagement_selectors.engagements_visible_to(user)
        ).select_related("engagement", "observer"),
        pk=pk,
    )
    if not engagement_selectors.is_party(user, observation.engagement):
        raise PermissionDenied("Observations and feedback are read by the engagement's parties.")
    return observation


def get_artifact_for_user(user, pk) -> Artifact:
    """An artifact, for the parties of its observation's engagement (404 / 403 as above)."""
    artifact = get_object_or_404(
        Artifact.objects.filter(
            observation__engagement__in=engagement_selectors.engagements_visible_to(user)
        ).select_related("observation__engagement"),
        pk=pk,
    )
    if not engagement_selectors.is_party(user, artifact.observation.engagement):
        raise PermissionDenied("Artifacts are the engagement's parties' alone.")
    return artifact


def course_video_choices(program) -> list[tuple[int, str]]:
    """The library videos of the program that a course's session may name as its exemplar
    (settings.COURSE_VIDEO_LIBRARY: coaching's course pages ask for them here)."""
    return list(
        Video.objects.filter(program=program, is_active=True)
        .order_by("title", "pk")
        .values_list("pk", "title")
    )
