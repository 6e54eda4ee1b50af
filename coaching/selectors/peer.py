"""Reads of peer coaching (coaching/models/peer.py), with its privacy split:

- the team (`peer_teams_visible_to`): the principals of its school and its peer coaches read the
  team's pages and its plan, every version; no one else does, the site admin included (the plan
  is the team's);
- a partnership (`partnerships_visible_to`): its parties (the peer coach and the partner) and the
  principals of its school; the principal, and the team's pages, see ACTIVITY only: sessions,
  minutes, the last activity, the cycle step, that time was asked and when it was scheduled;
- its CONTENT (`partnership_content_for`: reflections, artifacts, what time was asked for, the
  sessions' notes and just-in-time lines) is for the parties alone: None for everyone else, so a
  view has nothing to hand another's template.

Lists are built of annotated partnerships and of `.values()` of activity fields, so no content
field reaches a non-party's template, even by a lazy load.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import (
    CoachingSession,
    Engagement,
    GrowthArtifact,
    Partnership,
    PeerPlan,
    PeerTeam,
    Person,
    Program,
    RoleMembership,
    School,
    TimeRequest,
    User,
)
from . import engagements as engagement_selectors
from . import roles_of as _roles

# --- the team -----------------------------------------------------------------------------------


def peer_teams_visible_to(user: User) -> QuerySet[PeerTeam]:
    """The teams the user is on: as principal of the school, or as one of its peer coaches. The
    plan is the team's, so no one else sees a team, the site admin included (in the app: the
    partnerships' activity is theirs to see, not the team's plan)."""
    roles = _roles(user)
    if not user.is_authenticated:
        return PeerTeam.objects.none()
    return PeerTeam.objects.filter(
        Q(school_id__in=roles.principal_school_ids)
        | Q(pk__in=PeerTeam.coaches.through.objects.filter(user=user).values("peerteam_id"))
    )


def leads_team(user: User, team: PeerTeam) -> bool:
    """Is the user a principal of the team's school? They gather the team, endorse its plan,
    schedule focused time and assess the partnerships at the year's end."""
    return team.school_id in _roles(user).principal_school_ids


def get_team_for_user(user: User, pk: int, *, lead: bool = False) -> PeerTeam:
    """The team, for its members (404 to everyone else); with `lead`, 403 to all but its
    principal."""
    team = get_object_or_404(
        peer_teams_visible_to(user).select_related("program", "school__district"), pk=pk
    )
    if lead and not leads_team(user, team):
        raise PermissionDenied("The principal does that.")
    return team


def may_keep_coaches(user: User, team: PeerTeam) -> bool:
    """Who adds and removes the school's peer coaches: its principal, and the district's admins
    (who keep the district's roster; they read no plan, nor any partnership's content)."""
    roles = _roles(user)
    return leads_team(user, team) or team.school.district_id in roles.admin_district_ids


def get_team_for_coaches(user: User, pk: int) -> PeerTeam:
    """The team, for keeping its peer coaches: 404 to whoever is neither on it nor an admin of
    its district, 403 to its peer coaches."""
    roles = _roles(user)
    seen = PeerTeam.objects.filter(
        Q(pk__in=peer_teams_visible_to(user).values("pk"))
        | Q(school__district_id__in=roles.admin_district_ids)
    )
    team = get_object_or_404(seen.select_related("program", "school__district"), pk=pk)
    if not may_keep_coaches(user, team):
        raise PermissionDenied("The school's principal, or the district's admin, does that.")
    return team


def teams_of_districts(user: User) -> QuerySet[PeerTeam]:
    """The coaching teams of the districts the user is an admin of: their school and peer
    coaches, for keeping who is on them (never their plan)."""
    return (
        PeerTeam.objects.filter(school__district_id__in=_roles(user).admin_district_ids)
        .select_related("program", "school")
        .prefetch_related("coaches")
        .order_by("school__name", "program__name", "pk")
    )


def teams_of(user: User) -> QuerySet[PeerTeam]:
    return (
        peer_teams_visible_to(user)
        .select_related("program", "school")
        .prefetch_related("coaches")
        .order_by("school__name", "program__name", "pk")
    )


def schools_led_by(user: User) -> QuerySet[School]:
    """The active schools the user is principal of: where they may gather a coaching team."""
    return School.objects.filter(pk__in=_roles(user).principal_school_ids, is_active=True)


def schools_without_team(user: User) -> QuerySet[School]:
    """The schools the user leads that have no coaching team yet."""
    return schools_led_by(user).filter(peer_teams__isnull=True).order_by("name")


def peer_programs_of(school: School) -> QuerySet[Program]:
    """The peer-coaching programs the school's district is enrolled in."""
    return Program.objects.filter(
        kind=Program.Kind.PEER, is_active=True, enrollments__district_id=school.district_id
    ).order_by("name")


def peer_coach_choices(school: School) -> QuerySet[User]:
    """Who may be a peer coach of the school: the district's coaches with an active login."""
    coaches = RoleMembership.objects.filter(
        role=RoleMembership.Role.COACH, district_id=school.district_id
    )
    return User.objects.filter(pk__in=coaches.values("user_id"), is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def partner_choices(team: PeerTeam) -> QuerySet[Person]:
    """Who may be a partner teacher: the school's active staff, but the team's own members (its
    principals and its peer coaches)."""
    principals = RoleMembership.objects.filter(
        role=RoleMembership.Role.PRINCIPAL, school_id=team.school_id
    )
    return (
        Person.objects.filter(school=team.school, is_active=True)
        .exclude(user__in=team.coaches.all())
        .exclude(user__in=principals.values("user_id"))
        .order_by("last_name", "first_name", "pk")
    )


def current_plan(team: PeerTeam) -> PeerPlan | None:
    return team.plans.select_related("written_by", "endorsed_by").order_by("-version").first()


def plan_versions(team: PeerTeam) -> QuerySet[PeerPlan]:
    """Every version of the team's plan, newest first: the dates, who wrote and endorsed it."""
    return team.plans.select_related("written_by", "endorsed_by").order_by("-version")


def get_plan_for_user(user: User, pk: int) -> PeerPlan:
    """A version of a plan, for the team's members: 404 to everyone else."""
    return get_object_or_404(
        PeerPlan.objects.filter(team__in=peer_teams_visible_to(user)).select_related(
            "team__school", "team__program", "written_by", "endorsed_by"
        ),
        pk=pk,
    )


# --- partnerships: who sees one -----------------------------------------------------------------


def partnerships_visible_to(user: User) -> QuerySet[Partnership]:
    """The partnerships whose activity the user sees: its peer coach, its partner, the principals
    of its school; the site admin."""
    roles = _roles(user)
    if roles.is_superuser:
        return Partnership.objects.all()
    if not user.is_authenticated:
        return Partnership.objects.none()
    return Partnership.objects.filter(
        Q(engagement__coach=user)
        | Q(engagement__coachee_person__user=user)
        | Q(team__school_id__in=roles.principal_school_ids)
    )


def is_partner(user: User, partnership: Partnership) -> bool:
    engagement = partnership.engagement
    return (
        user.is_authenticated
        and engagement_selectors.is_party(user, engagement)
        and not engagement_selectors.is_coach_of(user, engagement)
    )


def is_party(user: User, partnership: Partnership) -> bool:
    return engagement_selectors.is_party(user, partnership.engagement)


def get_partnership_for_user(
    user: User, pk: int, *, party: bool = False, partner: bool = False, lead: bool = False
) -> Partnership:
    """The partnership, if the user sees it (404 otherwise); 403 to those who see it but may not
    do what is asked: `party` (the pair), `partner` (the partner alone), `lead` (the principal)."""
    partnership = get_object_or_404(
        partnerships_visible_to(user).select_related(
            "team__school__district",
            "team__program",
            "engagement__coach",
            "engagement__coachee_person",
            "engagement__program",
            "engagement__district",
        ),
        pk=pk,
    )
    if party and not is_party(user, partnership):
        raise PermissionDenied("The peer coach and the partner do that.")
    if partner and not is_partner(user, partnership):
        raise PermissionDenied("The partner does that.")
    if lead and not leads_team(user, partnership.team):
        raise PermissionDenied("The principal does that.")
    return partnership


# --- lists: activity ----------------------------------------------------------------------------


def with_activity(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    """Each partnership with its activity: sessions, minutes, the last session's date, the
    just-in-time help count, the time requests waiting; and the names a list shows."""
    sessions = CoachingSession.objects.filter(engagement=OuterRef("engagement_id")).order_by()
    # The one-click help is a session of that activity alone (services.peer.jit_log): counted by
    # equality, which every database's JSON supports (`contains` is not SQLite's).
    jit = sessions.filter(activities=[CoachingSession.Activity.JUST_IN_TIME])
    requests = TimeRequest.objects.filter(partnership=OuterRef("pk")).order_by()
    return partnerships.select_related(
        "team__school", "engagement__coach", "engagement__coachee_person"
    ).annotate(
        session_count=Coalesce(
            Subquery(
                sessions.values("engagement").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
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
        jit_count=Coalesce(
            Subquery(
                jit.values("engagement").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        requests_waiting=Coalesce(
            Subquery(
                requests.filter(scheduled_for__isnull=True)
                .values("partnership")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


def activity_of(partnership: Partnership) -> Partnership:
    """The partnership again, with its activity counts (`with_activity`)."""
    return with_activity(Partnership.objects.filter(pk=partnership.pk)).get()


def mark_last_activity(partnerships) -> None:
    """Each listed partnership (of `with_activity`) given `last_activity_on`: its last session,
    or its last move in the cycle, whichever is later."""
    for p in partnerships:
        moved = timezone.localdate(p.step_changed_at)
        p.last_activity_on = max(filter(None, [p.last_session_on, moved]))


def team_partnerships(team: PeerTeam, *, school_year: int | None = None) -> QuerySet[Partnership]:
    """The team's partnerships with their activity, this year's (or `school_year`'s) by the
    partner's name."""
    rows = Partnership.objects.filter(team=team)
    if school_year is not None:
        rows = rows.filter(school_year=school_year)
    return with_activity(rows).order_by(
        "-school_year",
        "engagement__coachee_person__last_name",
        "engagement__coachee_person__first_name",
        "pk",
    )


def partnerships_of(user: User) -> QuerySet[Partnership]:
    """The user's own partnerships, as peer coach or partner, newest year first."""
    return with_activity(
        Partnership.objects.filter(
            Q(engagement__coach=user) | Q(engagement__coachee_person__user=user)
        )
    ).order_by("-school_year", "pk")


def partnerships_as_partner(user: User) -> QuerySet[Partnership]:
    """The partnerships the user is the partner teacher of (the coachee of a peer engagement,
    with or without a role), newest year first: for their home."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    return (
        Partnership.objects.filter(engagement__coachee_person__user=user)
        .exclude(engagement__coach=user)
        .select_related("team__school", "engagement__coach", "engagement__coachee_person")
        .order_by("-school_year", "-pk")
    )


# The fields of a time request that are activity: what the principal may see.
REQUEST_ACTIVITY = ("id", "partnership_id", "asked_at", "scheduled_for", "scheduled_at")


def time_requests_at(team: PeerTeam) -> QuerySet:
    """The team's time requests as activity (who asked, when, when scheduled): `.values()` of
    those fields alone; what the time is for is never among them. Waiting ones first."""
    return (
        TimeRequest.objects.filter(partnership__team=team)
        .order_by("scheduled_for", "-asked_at", "-pk")
        .values(
            *REQUEST_ACTIVITY,
            "partnership__engagement__coachee_person__first_name",
            "partnership__engagement__coachee_person__last_name",
            "partnership__engagement__coach__first_name",
            "partnership__engagement__coach__last_name",
            "partnership__engagement__coach__email",
        )
    )


def cycle_history(partnership: Partnership) -> list[dict]:
    """The partnership's moves in the cycle, oldest first: from, to, who, when."""
    steps = dict(Partnership.Step.choices)
    rows = list(
        partnership.cycle_changes.order_by("changed_at", "pk").values(
            "id",
            "from_step",
            "to_step",
            "changed_at",
            "changed_by__first_name",
            "changed_by__last_name",
            "changed_by__email",
        )
    )
    for row in rows:
        row["to_display"] = steps[row["to_step"]]
        row["from_display"] = steps.get(row["from_step"], "")
        name = f"{row['changed_by__first_name']} {row['changed_by__last_name']}".strip()
        row["changed_by"] = name or row["changed_by__email"]
    return rows


def time_requests_of(partnership: Partnership) -> QuerySet:
    """One partnership's time requests as activity."""
    return partnership.time_requests.order_by("-asked_at", "-pk").values(*REQUEST_ACTIVITY)


def get_time_request_for_user(user: User, pk: int, *, lead: bool = False) -> TimeRequest:
    """A time request, for who sees its partnership (404 otherwise); with `lead`, 403 to all but
    the principal, who schedules it. The caller reads its dates, not its text, for a non-party."""
    request = get_object_or_404(
        TimeRequest.objects.filter(partnership__in=partnerships_visible_to(user)).select_related(
            "partnership__team"
        ),
        pk=pk,
    )
    if lead and not leads_team(user, request.partnership.team):
        raise PermissionDenied("The principal schedules focused time.")
    return request


# --- one partnership: content, for the pair -----------------------------------------------------


@dataclass
class PartnershipContent:
    """What the pair reads: the sessions with their notes (just-in-time lines among them), the
    partner's reflections and artifacts, and the time requests with what each asked for."""

    is_partner: bool
    sessions: list = field(default_factory=list)
    reflections: list = field(default_factory=list)
    artifacts: list = field(default_factory=list)
    time_requests: list = field(default_factory=list)


def partnership_content_for(user: User, partnership: Partnership) -> PartnershipContent | None:
    """The partnership's content if the user is one of the pair, else None. The partner does not
    get the sessions the coach kept to themself."""
    if not is_party(user, partnership):
        return None
    engagement: Engagement = partnership.engagement
    sessions = engagement.sessions.select_related("logged_by").order_by("-held_on", "-pk")
    partner = is_partner(user, partnership)
    if partner:
        sessions = sessions.filter(shared=True)
    return PartnershipContent(
        is_partner=partner,
        sessions=list(sessions),
        reflections=list(partnership.reflections.select_related("written_by")),
        artifacts=list(partnership.artifacts.select_related("uploaded_by")),
        time_requests=list(partnership.time_requests.select_related("scheduled_by")),
    )


def get_artifact_for_user(user: User, pk: int) -> GrowthArtifact:
    """A growth artifact, for the partnership's pair only (its very name is content): 404 to
    those who do not see the partnership, 403 to the principal, who sees its activity."""
    artifact = get_object_or_404(
        GrowthArtifact.objects.filter(partnership__in=partnerships_visible_to(user)).select_related(
            "partnership__engagement"
        ),
        pk=pk,
    )
    if not is_party(user, artifact.partnership):
        raise PermissionDenied("A partner's artifacts are the pair's alone.")
    return artifact
