"""Reads of coaching engagements, with the privacy split of DESIGN.md ("Privacy of coaching") built
into the one scoping mechanism:

- `engagements_visible_to(user)`: the engagements whose ACTIVITY the user sees: its parties (its
  coaches and its coachee), the district's admins, the principals of the school(s) concerned, the
  staff of its program, the site admin. Activity is the dates, minutes, modes and activities of
  sessions, the stage and its history (who, when), counts of steps: never what anyone wrote.
- `engagement_content_for(user, engagement)`: the CONTENT (goals, session notes and next steps,
  action-step text, why a stage changed), for the parties only; None for everyone else, so a view
  has nothing to hand a non-party's template. What it returns for the coachee leaves out the
  sessions the coaches kept to themselves.

What a non-party's page shows is built here from `.values()` of the activity fields alone
(`session_activity`, `step_counts`, `stage_history`): no model instance with a content field
reaches their template, even by a lazy load.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import (
    ActionStep,
    CoachingSession,
    CoursePair,
    District,
    Engagement,
    Enrollment,
    Person,
    Program,
    RoleMembership,
    Team,
    User,
)
from ..models.engagements import LABEL_FIELDS

# The package's one scoping mechanism: coaching.selectors defines it, then imports this module.
from . import roles_of as _roles

Status = Engagement.Status
StepStatus = ActionStep.Status
OPEN_STEPS = [StepStatus.OPEN, StepStatus.PRACTISING]

# The fields of a session that are activity: what a non-party may see.
SESSION_ACTIVITY = ("id", "held_on", "minutes", "mode", "activities", "self_monitoring")


def quiet_days() -> int:
    """After this many days with no session, an active engagement is shown as waiting for one."""
    return settings.ENGAGEMENT_QUIET_DAYS


def mark_quiet(engagements, *, today=None) -> None:
    """Mark each listed engagement (of `with_activity`) `quiet`: active, and no session for
    `quiet_days()` or more."""
    today = today or timezone.localdate()
    limit = quiet_days()
    for e in engagements:
        last = e.last_session_on or e.starts_on
        e.quiet = e.status == Status.ACTIVE and (today - last).days >= limit


# --- who is a party -----------------------------------------------------------------------------


def _coachee_side(user: User) -> Q:
    """Engagements whose coachee is this login: the person coached, or a member of the team."""
    # Subqueries, not joins: a join to every person for the OR made PostgreSQL scan them all.
    return Q(coachee_person__in=Person.objects.filter(user=user).values("pk")) | Q(
        coachee_team__in=Team.members.through.objects.filter(person__user=user).values("team_id")
    )


def _coached_by(user: User) -> Q:
    return Q(coach=user) | Q(
        pk__in=Engagement.co_coaches.through.objects.filter(user=user).values("engagement_id")
    )


def _parties(user: User) -> Q:
    return _coached_by(user) | _coachee_side(user)


def coaches_of(engagement: Engagement) -> set[int]:
    """The user ids of the engagement's coaches."""
    ids = {engagement.coach_id}
    ids |= set(engagement.co_coaches.values_list("pk", flat=True))
    return ids


def coachee_users_of(engagement: Engagement) -> set[int]:
    """The user ids of the coachee side: the person coached, or the team's members with a
    login."""
    if engagement.coachee_person_id:
        user_id = engagement.coachee_person.user_id
        return {user_id} if user_id else set()
    if engagement.coachee_team_id:
        return set(
            engagement.coachee_team.members.filter(user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
    return set()


def is_coach_of(user: User, engagement: Engagement) -> bool:
    if not user.is_authenticated:
        return False
    cache = _party_cache(user, engagement)
    return cache[0]


def is_party(user: User, engagement: Engagement) -> bool:
    """Is the user one of the engagement's parties (a coach, or the coachee)? Only they read its
    content. The site admin is no party: in the app they see activity as others do."""
    if not user.is_authenticated:
        return False
    coach, coachee = _party_cache(user, engagement)
    return coach or coachee


def _party_cache(user, engagement):
    cache = engagement.__dict__.setdefault("_party_cache", {})
    if user.pk not in cache:
        coach = user.pk in coaches_of(engagement)
        coachee = not coach and user.pk in coachee_users_of(engagement)
        cache[user.pk] = (coach, coachee)
    return cache[user.pk]


# --- activity: who sees an engagement -----------------------------------------------------------


def _principal_of(school_ids) -> Q:
    return (
        Q(coachee_school_id__in=school_ids)
        | Q(coachee_person__in=Person.objects.filter(school_id__in=school_ids).values("pk"))
        | Q(coachee_team__school_id__in=school_ids)
    )


def _course_pairs_with_coaches_of(district_ids) -> Q:
    """The reciprocal pairs of a course (`CoursePair`) with a coach of one of these districts. A
    course's cohort may span districts, and so may a pair: its engagement is owned by the district
    of most of its coaches (on a tie, its first coach's), and the admins of each district of the
    pair see its activity (their own coach practises in it), never its content."""
    pairs = CoursePair.objects.filter(
        engagement__coachee_team__members__district_id__in=district_ids
    )
    return Q(pk__in=pairs.values("engagement_id"))


def engagements_visible_to(user: User) -> QuerySet[Engagement]:
    """The engagements whose activity the user sees (see the module's docstring)."""
    roles = _roles(user)
    if roles.is_superuser:
        return Engagement.objects.all()
    if not user.is_authenticated:
        return Engagement.objects.none()
    seen = (
        _parties(user)
        | Q(district_id__in=roles.admin_district_ids)
        | Q(program_id__in=roles.associate_program_ids)
        | _principal_of(roles.principal_school_ids)
    )
    if roles.admin_district_ids:
        seen |= _course_pairs_with_coaches_of(roles.admin_district_ids)
    return Engagement.objects.filter(seen)


def engagements_party_to(user: User) -> QuerySet[Engagement]:
    """The engagements the user sees and is a party of (a coach, or the coachee side): whose
    planned sessions and follow-up dates are theirs (the calendar feed)."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    return engagements_visible_to(user).filter(_parties(user))


def get_engagement_for_user(user: User, pk: int, *, write: bool = False) -> Engagement:
    """The engagement, if the user sees it (404 otherwise); with `write`, only its coaches may
    (403 to the others who see it)."""
    engagement = get_object_or_404(
        _with_people(engagements_visible_to(user)).prefetch_related("coachee_person__school"),
        pk=pk,
    )
    if write and not is_coach_of(user, engagement):
        raise PermissionDenied("Only the engagement's coaches change it.")
    return engagement


def may_log_self_monitoring(user: User, engagement: Engagement) -> bool:
    """In stage 3 the team logs its own self-monitoring sessions."""
    return (
        engagement.is_active
        and engagement.stage == Engagement.Stage.SELF_MONITORS
        and is_party(user, engagement)
        and not is_coach_of(user, engagement)
    )


def may_log_sessions(user: User, engagement: Engagement) -> bool:
    """Who logs the engagement's sessions: its coaches; the team in stage 3; and in a peer
    engagement (a partnership: coaching/models/peer.py) either of the pair, who work as peers."""
    return (
        is_coach_of(user, engagement)
        or may_log_self_monitoring(user, engagement)
        or (engagement.model == Engagement.CoachingModel.PEER and is_party(user, engagement))
    )


def may_manage_engagements(user: User, district: District) -> bool:
    """May the user start (and pause or close) engagements in the district? Its admins; the
    associates of a program the district is enrolled in (a network coach among them); the site
    admin."""
    roles = _roles(user)
    if roles.is_superuser or district.pk in roles.admin_district_ids:
        return True
    return Enrollment.objects.filter(
        district=district, program_id__in=roles.associate_program_ids
    ).exists()


def may_manage_engagement(user: User, engagement: Engagement) -> bool:
    """Pause, resume or close this engagement: its coaches, the district's admins, its program's
    associates, the site admin."""
    roles = _roles(user)
    return (
        roles.is_superuser
        or engagement.district_id in roles.admin_district_ids
        or engagement.program_id in roles.associate_program_ids
        or is_coach_of(user, engagement)
    )


def programs_for_start(user: User, district: District) -> QuerySet[Program]:
    """The programs in which the user may start an engagement in the district: any the district
    is enrolled in for its admins and the site admin; an associate's own."""
    roles = _roles(user)
    programs = Program.objects.filter(enrollments__district=district, is_active=True)
    if not (roles.is_superuser or district.pk in roles.admin_district_ids):
        programs = programs.filter(pk__in=roles.associate_program_ids)
    return programs.order_by("name")


def coach_choices(district: District, programs) -> QuerySet[User]:
    """Who may coach in the district: its coaches, and the associates (network coaches) of the
    programs given."""
    coaches = RoleMembership.objects.filter(role=RoleMembership.Role.COACH, district=district)
    associates = RoleMembership.objects.filter(
        role=RoleMembership.Role.ASSOCIATE, program__in=programs
    )
    return User.objects.filter(
        Q(pk__in=coaches.values("user_id")) | Q(pk__in=associates.values("user_id")),
        is_active=True,
    ).order_by("last_name", "first_name", "email")


def teams_of(district: District) -> QuerySet[Team]:
    return district.teams.select_related("school").annotate(member_count=Count("members"))


def team_member_choices(district: District) -> QuerySet[Person]:
    return district.people.filter(is_active=True).select_related("school")


# --- lists --------------------------------------------------------------------------------------


def _count(model, *, filter=None):
    """A correlated count of `model` rows of each engagement (never a join of two many-sides)."""
    rows = model.objects.filter(engagement=OuterRef("pk"))
    if filter is not None:
        rows = rows.filter(filter)
    return Coalesce(
        Subquery(
            rows.order_by().values("engagement").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _with_people(engagements: QuerySet[Engagement], prefix: str = "") -> QuerySet[Engagement]:
    """What an engagement's label and list row show: its program, district, team and school
    joined (small tables), its coach and coachee person fetched in one query each. Joining those
    two as well made PostgreSQL hash every login and every person of the network for a page of
    ten rows, and made the plan slower to choose than to run (26 ms of planning at 20,000 staff,
    against 1 ms)."""
    return engagements.select_related(
        *(f"{prefix}{name}" for name in ("program", "district", "coachee_team", "coachee_school"))
    ).prefetch_related(f"{prefix}coach", f"{prefix}coachee_person")


def with_activity(engagements: QuerySet[Engagement], *, today=None) -> QuerySet[Engagement]:
    """Each engagement with its activity counts: sessions, minutes, the last session's date,
    open, overdue and met steps; and what a list shows of its people."""
    today = today or timezone.localdate()
    sessions = CoachingSession.objects.filter(engagement=OuterRef("pk")).order_by()
    return _with_people(engagements).annotate(
        session_count=_count(CoachingSession),
        minutes_total=Coalesce(
            Subquery(
                sessions.values("engagement").annotate(n=Sum("minutes")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        last_session_on=Subquery(
            sessions.values("engagement").annotate(last=Max("held_on")).values("last")
        ),
        open_step_count=_count(ActionStep, filter=Q(status__in=OPEN_STEPS)),
        overdue_step_count=_count(
            ActionStep, filter=Q(status__in=OPEN_STEPS, follow_up_on__lt=today)
        ),
        met_step_count=_count(ActionStep, filter=Q(status=StepStatus.MET)),
    )


def _listed(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """With their activity; active first, then paused, then closed; newest first within each."""
    rank = Case(
        When(status=Status.ACTIVE, then=Value(0)),
        When(status=Status.PAUSED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return with_activity(engagements).order_by(rank, "-starts_on", "-pk")


def engagements_coached_by(user: User) -> QuerySet[Engagement]:
    """The coach's own engagements (lead or co-coach), with their activity."""
    return _listed(Engagement.objects.filter(_coached_by(user)))


def engagements_of_coachee(user: User) -> QuerySet[Engagement]:
    """The engagements in which this login is the coachee (or one of the team)."""
    return _listed(Engagement.objects.filter(_coachee_side(user)))


def engagements_at_schools(user: User) -> QuerySet[Engagement]:
    """The engagements concerning the schools the user is principal of: activity only."""
    school_ids = _roles(user).principal_school_ids
    return _listed(Engagement.objects.filter(_principal_of(school_ids)))


def district_engagements(user: User, district: District) -> QuerySet[Engagement]:
    """The district's engagements that the user sees (an associate: their programs' only), with
    the course pairs owned by another district in which one of its coaches practises."""
    return _listed(
        engagements_visible_to(user).filter(
            Q(district=district) | _course_pairs_with_coaches_of([district.pk])
        )
    )


def steps_due_for_coach(user: User, *, today=None, within_days: int = 7) -> QuerySet[ActionStep]:
    """The open steps of the coach's active engagements that are due within a week, or overdue:
    content, for the coach who is a party to each."""
    today = today or timezone.localdate()
    return (
        ActionStep.objects.filter(
            engagement__in=Engagement.objects.filter(_coached_by(user), status=Status.ACTIVE),
            status__in=OPEN_STEPS,
            follow_up_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("engagement__coachee_team", "engagement__coachee_school")
        .select_related("engagement__district")
        .prefetch_related("engagement__coachee_person")
        .order_by("follow_up_on", "pk")
    )


def steps_of_coachee(user: User) -> QuerySet[ActionStep]:
    """The coachee's open steps, across their engagements."""
    return (
        ActionStep.objects.filter(
            engagement__in=Engagement.objects.filter(_coachee_side(user)),
            status__in=OPEN_STEPS,
        )
        .select_related("engagement__program")
        .order_by("follow_up_on", "pk")
    )


def session_activity_of(engagements: QuerySet[Engagement]) -> QuerySet[CoachingSession]:
    """The sessions of `engagements` (a list page's rows) as activity, newest first: the export
    of coaching activity. Only the activity fields and what the engagement's label reads are
    loaded (`only`): no notes, no next steps, for anyone, the parties included."""
    return (
        CoachingSession.objects.filter(engagement__in=engagements.order_by().values("pk"))
        .select_related(
            "engagement__coachee_person",
            "engagement__coachee_team",
            "engagement__coachee_school",
            "engagement__district",
        )
        .only(*SESSION_ACTIVITY, "engagement__id", *(f"engagement__{n}" for n in LABEL_FIELDS))
        .order_by("-held_on", "-pk")
    )


# --- one engagement: activity -------------------------------------------------------------------


def session_activity(engagement: Engagement) -> list[dict]:
    """The engagement's sessions as activity: date, minutes, mode, activities, who logged it.
    Plain dictionaries of those fields: no notes can be read from them."""
    modes = dict(CoachingSession.Mode.choices)
    labels = dict(CoachingSession.Activity.choices)
    rows = list(
        engagement.sessions.order_by("-held_on", "-pk").values(
            *SESSION_ACTIVITY, "logged_by__first_name", "logged_by__last_name", "logged_by__email"
        )
    )
    counts = dict(
        CoachingSession.participants.through.objects.filter(coachingsession__engagement=engagement)
        .values("coachingsession_id")
        .annotate(n=Count("pk"))
        .values_list("coachingsession_id", "n")
    )
    for row in rows:
        row["mode_display"] = modes.get(row["mode"], row["mode"])
        row["activities_display"] = ", ".join(labels.get(a, a) for a in row["activities"])
        row["participant_count"] = counts.get(row["id"], 0)
        name = f"{row['logged_by__first_name']} {row['logged_by__last_name']}".strip()
        row["logged_by"] = name or row["logged_by__email"]
    return rows


def step_counts(engagement: Engagement, *, today=None) -> dict:
    """How many steps are open, practising, met, dropped and overdue: counts, no text."""
    today = today or timezone.localdate()
    by_status = dict(
        engagement.action_steps.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overdue = engagement.action_steps.filter(status__in=OPEN_STEPS, follow_up_on__lt=today).count()
    return {
        "open": by_status.get(StepStatus.OPEN, 0),
        "practising": by_status.get(StepStatus.PRACTISING, 0),
        "met": by_status.get(StepStatus.MET, 0),
        "dropped": by_status.get(StepStatus.DROPPED, 0),
        "overdue": overdue,
        "total": sum(by_status.values()),
    }


def stage_history(engagement: Engagement, *, today=None) -> list[dict]:
    """The engagement's stage changes as activity (from, to, who, when), each with the days its
    stage lasted (to the next change, or to today)."""
    today = today or timezone.localdate()
    stages = dict(Engagement.Stage.choices)
    rows = list(
        engagement.stage_changes.order_by("changed_on", "pk").values(
            "id",
            "from_stage",
            "to_stage",
            "changed_on",
            "changed_by__first_name",
            "changed_by__last_name",
            "changed_by__email",
        )
    )
    end = today
    if engagement.status == Status.CLOSED and engagement.status_changed_at:
        end = timezone.localdate(engagement.status_changed_at)
    for row, after in zip(rows, [*rows[1:], None], strict=False):
        until = after["changed_on"] if after else end
        row["days"] = (until - row["changed_on"]).days
        row["to_display"] = stages[row["to_stage"]]
        row["goes_back"] = row["from_stage"] is not None and row["to_stage"] < row["from_stage"]
        name = f"{row['changed_by__first_name']} {row['changed_by__last_name']}".strip()
        row["changed_by"] = name or row["changed_by__email"]
    return rows


def time_in_stages(history: list[dict]) -> list[dict]:
    """Days spent in each stage, summed over the history (a stage may be visited twice)."""
    days = dict.fromkeys(Engagement.Stage.values, 0)
    for row in history:
        days[row["to_stage"]] += row["days"]
    return [
        {"stage": stage, "label": label, "days": days[stage]}
        for stage, label in Engagement.Stage.choices
    ]


def participants_of(engagement: Engagement) -> QuerySet[Person]:
    """Who may take part in a session: the team's members, or the person coached."""
    if engagement.coachee_team_id:
        return engagement.coachee_team.members.filter(is_active=True)
    if engagement.coachee_person_id:
        return Person.objects.filter(pk=engagement.coachee_person_id)
    return Person.objects.none()


# --- one engagement: content, for the parties ---------------------------------------------------


@dataclass
class EngagementContent:
    """What the parties read: the goals, the sessions with their notes, the action steps with
    their text, the stage history with why and the evidence, the agreement's notes."""

    is_coach: bool
    agreement_notes: str
    goals: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    open_steps: list = field(default_factory=list)
    stage_changes: dict = field(default_factory=dict)


def engagement_content_for(user: User, engagement: Engagement) -> EngagementContent | None:
    """The engagement's content if the user is a party, else None. The coachee's side does not
    get the sessions the coaches kept to themselves (`shared` off)."""
    if not is_party(user, engagement):
        return None
    coach = is_coach_of(user, engagement)
    sessions = engagement.sessions.prefetch_related("participants").order_by("-held_on", "-pk")
    if not coach:
        sessions = sessions.filter(shared=True)
    steps = list(engagement.action_steps.order_by("follow_up_on", "pk"))
    return EngagementContent(
        is_coach=coach,
        agreement_notes=engagement.agreement_notes,
        goals=list(engagement.goals.all()),
        sessions=list(sessions),
        steps=steps,
        open_steps=[s for s in steps if s.is_open],
        stage_changes={c.pk: c for c in engagement.stage_changes.all()},
    )


def stage_history_for(user: User, engagement: Engagement, content) -> list[dict]:
    """The stage history as activity; for a party (`content` given), with why and the evidence."""
    history = stage_history(engagement)
    if content is not None:
        for row in history:
            change = content.stage_changes.get(row["id"])
            row["reason"], row["evidence"] = change.reason, change.evidence
    return history


def open_steps_of(engagement: Engagement) -> QuerySet[ActionStep]:
    """The open steps, for review at the next session (content: the session form is a coach's)."""
    return engagement.action_steps.filter(status__in=OPEN_STEPS).order_by("follow_up_on", "pk")


def get_step_for_user(user: User, pk: int) -> ActionStep:
    """An action step, for the engagement's parties only (its text is content): 404 to others."""
    step = get_object_or_404(
        ActionStep.objects.filter(engagement__in=engagements_visible_to(user)).select_related(
            "engagement"
        ),
        pk=pk,
    )
    if not is_party(user, step.engagement):
        raise PermissionDenied("An action step is for the engagement's parties.")
    return step


def last_session_defaults(user: User, engagement: Engagement) -> dict:
    """What a new session's form starts from: the coach's last session in this engagement (or,
    for a first one, their last anywhere): mode, minutes, activities, participants."""
    last = (
        CoachingSession.objects.filter(logged_by=user, engagement=engagement)
        .order_by("-held_on", "-pk")
        .first()
    ) or CoachingSession.objects.filter(logged_by=user).order_by("-held_on", "-pk").first()
    defaults = {"held_on": timezone.localdate()}
    if last is None:
        return defaults | {"mode": CoachingSession.Mode.ONSITE, "minutes": 30}
    defaults |= {"mode": last.mode, "minutes": last.minutes, "activities": last.activities}
    if last.engagement_id == engagement.pk:
        defaults["participants"] = list(last.participants.values_list("pk", flat=True))
    return defaults
