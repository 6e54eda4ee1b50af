"""Writes of peer coaching (coaching/models/peer.py): gathering the school coaching team, its
plan and the principal's endorsement, partnership assignments, the cycle, just-in-time help,
the partner's reflections, artifacts and time requests, the principal's scheduling of focused
time and year-end assessment.

Every service is keyword-only and atomic, validates (`full_clean`) before it saves and returns what
it saved; a refusal is a ValidationError (naming the field where there is one) and changes
nothing; a refused actor gets PermissionDenied. Who may act is asked of `coaching.selectors.peer`.
A partnership's sessions are its engagement's, written by `coaching.services.engagements`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.artifacts import artifact_checked, artifact_save

from .. import limits
from ..models import (
    CoachingSession,
    CycleChange,
    Engagement,
    GrowthArtifact,
    Partnership,
    PeerPlan,
    PeerTeam,
    Person,
    Program,
    Reflection,
    School,
    TimeRequest,
    User,
)
from ..models.peer import (
    assessment_is_open,
    assessment_opens_on,
    school_year_label,
    school_year_of,
)
from ..selectors import peer as selectors
from . import engagements as engagement_services

Step = Partnership.Step
Activity = CoachingSession.Activity
# What the pair logs of the cycle (a just-in-time question has its own one-click button).
PEER_ACTIVITIES = [
    Activity.CO_PLANNING,
    Activity.MODELLING,
    Activity.CO_TEACHING,
    Activity.OBSERVATION,
    Activity.REFLECTIVE_QUESTIONING,
    Activity.JUST_IN_TIME,
]
JIT_MINUTES = 5


def _refuse_unless_lead(by: User, team: PeerTeam) -> None:
    if not selectors.leads_team(by, team):
        raise PermissionDenied("The school's principal does that.")


def _refuse_unless_member(by: User, team: PeerTeam) -> None:
    if not selectors.peer_teams_visible_to(by).filter(pk=team.pk).exists():
        raise PermissionDenied("The school coaching team does that.")


def _coach_errors(school: School, coaches) -> dict:
    allowed = set(selectors.peer_coach_choices(school).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in coaches):
        return {"coaches": "Each peer coach is one of the district's coaches."}
    return {}


@transaction.atomic
def team_create(*, by: User, school: School, program: Program, coaches=()) -> PeerTeam:
    """Gather the school's coaching team in a peer-coaching program its district is enrolled in:
    the principal (`by`) and the peer coaches (coaches of the district)."""
    if not selectors.schools_led_by(by).filter(pk=school.pk).exists():
        raise PermissionDenied("A school's principal gathers its coaching team.")
    coaches = list(coaches)
    errors = _coach_errors(school, coaches)
    if not selectors.peer_programs_of(school).filter(pk=program.pk).exists():
        errors["program"] = f"{school.district} is not enrolled in that peer-coaching program."
    if errors:
        raise ValidationError(errors)
    team = PeerTeam(school=school, program=program, created_by=by)
    team.full_clean()
    team.save()
    team.coaches.set(coaches)
    return team


@transaction.atomic
def team_coaches_set(*, team: PeerTeam, by: User, coaches) -> PeerTeam:
    """Add and remove the school's peer coaches: its principal or the district's admin. A peer
    coach with a partnership running this school year stays until it closes (its engagement is
    theirs)."""
    if not selectors.may_keep_coaches(by, team):
        raise PermissionDenied("The school's principal, or the district's admin, does that.")
    coaches = list(coaches)
    errors = _coach_errors(team.school, coaches)
    kept = {c.pk for c in coaches}
    running = (
        Partnership.objects.filter(
            team=team,
            school_year=school_year_of(timezone.localdate()),
            engagement__status=Engagement.Status.ACTIVE,
        )
        .exclude(engagement__coach_id__in=kept)
        .select_related("engagement__coach", "engagement__coachee_person")
    )
    busy = sorted({p.engagement.coach.get_full_name() or p.engagement.coach.email for p in running})
    if busy:
        errors["coaches"] = (
            f"{', '.join(busy)} coach{'es' if len(busy) == 1 else ''} a partnership this school "
            "year: they stay on the team until it closes."
        )
    if errors:
        raise ValidationError(errors)
    team.coaches.set(coaches)
    return team


@transaction.atomic
def plan_write(*, team: PeerTeam, by: User, goals: str, plan: str) -> PeerPlan:
    """Write the team's plan (a member of the team). The first writing is version 1; editing a
    version not yet endorsed changes it; editing an endorsed one writes the next version, and the
    endorsed one stays as it was. The same goals and plan again are refused ("No change"): no
    version is written."""
    _refuse_unless_member(by, team)
    goals, plan = goals.strip(), plan.strip()
    errors = {}
    if not goals:
        errors["goals"] = "Name the building's and the district's goals the plan aims at."
    if not plan:
        errors["plan"] = "Write the plan."
    if errors:
        raise ValidationError(errors)
    current = team.plans.select_for_update().order_by("-version").first()
    if current is not None and (current.goals, current.plan) == (goals, plan):
        # Saved unchanged: no version is written, so an endorsed one stays the endorsed plan.
        raise ValidationError(f"No change: the plan is still version {current.version}.")
    if current is not None and not current.is_endorsed:
        version = current
    else:
        version = PeerPlan(team=team, version=(current.version + 1) if current else 1)
    version.goals, version.plan = goals, plan
    version.written_by, version.written_at = by, timezone.now()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_endorse(*, plan: PeerPlan, by: User) -> PeerPlan:
    """The principal endorses the newest version of the plan; the date is kept."""
    _refuse_unless_lead(by, plan.team)
    plan = PeerPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_endorsed:
        raise ValidationError(f"Version {plan.version} was endorsed already.")
    if plan.team.plans.filter(version__gt=plan.version).exists():
        raise ValidationError("A newer version stands: endorse that one.")
    plan.endorsed_by, plan.endorsed_on = by, timezone.localdate()
    plan.full_clean()
    plan.save(update_fields=["endorsed_by", "endorsed_on"])
    return plan


@transaction.atomic
def partnership_assign(
    *,
    team: PeerTeam,
    by: User,
    coach: User,
    partner: Person,
    agreed: bool,
    school_year: int | None = None,
    starts_on: dt.date | None = None,
) -> Partnership:
    """Pair a peer coach of the team with a partner teacher of the school for a school year (this
    one by default): a PEER engagement of the team's program (the coach its coach, the partner
    its coachee) and its partnership, at the cycle's first step. `agreed`: the partner agreed to
    take part, the process was described and that the coaching stays between the pair ("no
    evaluation"): the engagement's agreement."""
    _refuse_unless_member(by, team)
    starts_on = starts_on or timezone.localdate()
    school_year = school_year or school_year_of(starts_on)
    errors = {}
    if not team.coaches.filter(pk=coach.pk).exists():
        errors["coach"] = "The peer coach is one of the team's peer coaches."
    if partner.user_id is not None and selectors.leads_team(partner.user, team):
        errors["partner"] = (
            f"{partner} is the school's principal, who leads its coaching team: the partner is "
            "one of its teachers."
        )
    elif partner.user_id is not None and team.coaches.filter(pk=partner.user_id).exists():
        errors["partner"] = (
            f"{partner} is one of the team's peer coaches: the partner is a teacher they coach."
        )
    elif not selectors.partner_choices(team).filter(pk=partner.pk).exists():
        errors["partner"] = "The partner is a teacher of the school, not one of its peer coaches."
    elif Partnership.objects.filter(
        team=team, school_year=school_year, engagement__coachee_person=partner
    ).exists():
        errors["partner"] = (
            f"{partner} has a peer coach for {school_year_label(school_year)} already."
        )
    if not agreed:
        errors["agreed"] = "A partnership starts with the partner's agreement."
    if errors:
        raise ValidationError(errors)
    engagement = Engagement(
        program=team.program,
        district=team.school.district,
        coach=coach,
        coachee_kind=Engagement.CoacheeKind.PERSON,
        coachee_person=partner,
        level=Engagement.Level.INDIVIDUAL,
        model=Engagement.CoachingModel.PEER,
        starts_on=starts_on,
        process_described=True,
        confidentiality_explained=True,
        commitment_given=True,
        response_window_days=2,
        checkin_methods=[Engagement.CheckInMethod.IN_PERSON, Engagement.CheckInMethod.EMAIL],
        agreed_on=starts_on,
        started_by=by,
    )
    engagement.full_clean()
    engagement.save()
    now = timezone.now()
    partnership = Partnership(
        team=team,
        engagement=engagement,
        school_year=school_year,
        step=Step.BRAINSTORM,
        step_changed_at=now,
        assigned_by=by,
    )
    partnership.full_clean()
    partnership.save()
    CycleChange.objects.create(
        partnership=partnership,
        from_step="",
        to_step=Step.BRAINSTORM,
        changed_by=by,
        changed_at=now,
    )
    return partnership


def _refuse_unless_running(partnership: Partnership) -> None:
    engagement = partnership.engagement
    if engagement.status != Engagement.Status.ACTIVE:
        raise ValidationError(
            f"This partnership is {engagement.get_status_display().lower()}: nothing more is logged."
        )


@transaction.atomic
def partnership_move(*, partnership: Partnership, by: User, to_step: str) -> CycleChange:
    """The pair moves the partnership to another step of the cycle (on, back, or round to a new
    lesson); the change keeps who and when."""
    if not selectors.is_party(by, partnership):
        raise PermissionDenied("The peer coach and the partner move their cycle on.")
    _refuse_unless_running(partnership)
    # The step as it stands, read under a lock: two moves at once do not both start from it.
    partnership.step = (
        Partnership.objects.select_for_update()
        .values_list("step", flat=True)
        .get(pk=partnership.pk)
    )
    if to_step not in Step.values:
        raise ValidationError({"to_step": "Choose a step of the cycle."})
    if to_step == partnership.step:
        raise ValidationError({"to_step": "The partnership is at that step already."})
    now = timezone.now()
    change = CycleChange(
        partnership=partnership,
        from_step=partnership.step,
        to_step=to_step,
        changed_by=by,
        changed_at=now,
    )
    change.full_clean()
    change.save()
    partnership.step, partnership.step_changed_at = to_step, now
    partnership.save(update_fields=["step", "step_changed_at"])
    return change


def session_log(
    *,
    partnership: Partnership,
    by: User,
    held_on: dt.date,
    minutes: int,
    activity: str,
    mode: str = CoachingSession.Mode.JOB_EMBEDDED,
    notes: str = "",
) -> CoachingSession:
    """Either of the pair logs what they did (co-planning, modelling, team-teaching, observing,
    reflecting): a session of the partnership's engagement, through the engagements' service."""
    if not selectors.is_party(by, partnership):
        raise PermissionDenied("The peer coach and the partner log their sessions.")
    if activity not in PEER_ACTIVITIES:
        raise ValidationError({"activity": "Choose what you did."})
    return engagement_services.session_log(
        engagement=partnership.engagement,
        by=by,
        held_on=held_on,
        minutes=minutes,
        mode=mode,
        activities=[activity],
        notes=notes,
    )


def jit_log(*, partnership: Partnership, by: User, line: str = "") -> CoachingSession:
    """One click: a quick question answered when someone was stuck ("first level of technical
    support"), today, five minutes, with an optional line."""
    line = line.strip()
    if len(line) > limits.JIT_LINE_MAX:
        raise ValidationError({"line": f"One line: at most {limits.JIT_LINE_MAX} characters."})
    return session_log(
        partnership=partnership,
        by=by,
        held_on=timezone.localdate(),
        minutes=JIT_MINUTES,
        activity=Activity.JUST_IN_TIME,
        notes=line,
    )


def _refuse_unless_partner(by: User, partnership: Partnership, what: str) -> None:
    if not selectors.is_partner(by, partnership):
        raise PermissionDenied(f"The partner {what}.")


@transaction.atomic
def reflection_write(*, partnership: Partnership, by: User, text: str) -> Reflection:
    """The partner writes a reflection on their learning."""
    _refuse_unless_partner(by, partnership, "writes their reflections")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the reflection."})
    reflection = Reflection(partnership=partnership, text=text, written_by=by)
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def artifact_keep(*, partnership: Partnership, by: User, file: File) -> GrowthArtifact:
    """The partner keeps a file that shows their growth. It is checked as an observation's
    artifacts are (core/artifacts.py: one of its types by content, at most ARTIFACT_MAX_MB),
    otherwise ValidationError on "file" and nothing is kept; saved under a generated name in the
    private storage."""
    _refuse_unless_partner(by, partnership, "keeps their artifacts")
    name, content_type, extension = artifact_checked(file, name_max=limits.ARTIFACT_NAME_MAX)
    artifact = GrowthArtifact(
        partnership=partnership,
        name=name,
        content_type=content_type,
        size=file.size,
        uploaded_by=by,
    )
    return artifact_save(artifact, file, extension=extension)


@transaction.atomic
def time_request_ask(*, partnership: Partnership, by: User, what: str) -> TimeRequest:
    """The partner asks for focused time. The principal sees that it was asked, and schedules it,
    without reading what it is for."""
    _refuse_unless_partner(by, partnership, "asks for focused time")
    _refuse_unless_running(partnership)
    what = what.strip()
    if not what:
        raise ValidationError({"what": "Say what the time is for (your peer coach reads it)."})
    request = TimeRequest(partnership=partnership, what=what, asked_by=by)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def time_request_schedule(
    *, time_request: TimeRequest, by: User, scheduled_for: dt.date
) -> TimeRequest:
    """The principal schedules the focused time (or moves it to another date): from the day it
    was asked to `limits.TIME_REQUEST_DAYS_AHEAD` days after it; another date is refused on
    "scheduled_for", naming the last day allowed."""
    _refuse_unless_lead(by, time_request.partnership.team)
    asked_on = timezone.localdate(time_request.asked_at)
    latest = asked_on + dt.timedelta(days=limits.TIME_REQUEST_DAYS_AHEAD)
    if scheduled_for < asked_on:
        raise ValidationError({"scheduled_for": "Schedule it on the day it was asked or later."})
    if scheduled_for > latest:
        raise ValidationError(
            {
                "scheduled_for": f"Schedule it by {date_format(latest)}: at most "
                f"{limits.TIME_REQUEST_DAYS_AHEAD} days after it was asked "
                f"({date_format(asked_on)})."
            }
        )
    if time_request.is_scheduled and time_request.scheduled_for != scheduled_for:
        time_request.sequence += 1  # moved: calendars that follow the feed move it too
    time_request.scheduled_for = scheduled_for
    time_request.scheduled_by = by
    time_request.scheduled_at = timezone.now()
    time_request.full_clean()
    time_request.save(update_fields=["scheduled_for", "scheduled_by", "scheduled_at", "sequence"])
    return time_request


@transaction.atomic
def continue_answer(*, partnership: Partnership, by: User, answer: str) -> Partnership:
    """The partner's own answer: continue next year?"""
    _refuse_unless_partner(by, partnership, "answers whether to continue")
    if answer not in Partnership.Answer.values:
        raise ValidationError({"answer": "Choose an answer."})
    partnership.continue_answer = answer
    partnership.full_clean()
    partnership.save(update_fields=["continue_answer"])
    return partnership


@transaction.atomic
def partnership_assess(
    *, partnership: Partnership, by: User, decision: str, note: str = "", today=None
) -> Partnership:
    """The principal's year-end assessment of the partnership's continuation, from its activity and
    the partner's answer: continue in year 2, or end. It rates neither the teacher nor the
    coaching ("no evaluation"). It opens in the school year's last weeks (`assessment_opens_on`)
    and may be recorded again from then on."""
    _refuse_unless_lead(by, partnership.team)
    today = today or timezone.localdate()
    opens_on = assessment_opens_on(partnership.school_year)
    if not assessment_is_open(partnership.school_year, today):
        raise ValidationError(
            f"The year-end assessment opens on {date_format(opens_on)}, in the last weeks of "
            f"{school_year_label(partnership.school_year)}: record it then, from the "
            "partnership's activity and the partner's answer."
        )
    if decision not in Partnership.Decision.values:
        raise ValidationError({"decision": "Choose: continue in year 2, or end after this year."})
    partnership.decision = decision
    partnership.decision_note = note.strip()
    partnership.decided_by, partnership.decided_at = by, timezone.now()
    partnership.full_clean()
    partnership.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return partnership
