"""Writes of coaching engagements: starting one with its agreement, pausing, resuming and closing
it, its goals, its stage of gradual release, its sessions and its action steps.

Every service is keyword-only and atomic, validates (`full_clean`) before it saves and returns what
it saved; a refusal is a ValidationError (naming the field where there is one) and changes
nothing. Who may act is asked of `coaching.selectors.engagements`, the one place it is written:
a refused actor gets PermissionDenied."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import limits
from ..models import (
    ActionStep,
    CoachingSession,
    District,
    Engagement,
    Goal,
    Person,
    Program,
    School,
    StageChange,
    Team,
    User,
)
from ..selectors import engagements as selectors

Level = Engagement.Level
Kind = Engagement.CoacheeKind
StepStatus = ActionStep.Status

# How far back a session may be logged: a coach catching up after a holiday, not a year later.
SESSION_BACKDATE_DAYS = 366


@transaction.atomic
def team_create(
    *, district: District, by: User, name: str, school: School | None = None, members=()
) -> Team:
    """A named team of the district's staff (a leadership team, a PLC)."""
    if not selectors.may_manage_engagements(by, district):
        raise PermissionDenied("Only the district's admins and its programs' staff keep teams.")
    team = Team(district=district, school=school, name=name.strip())
    team.full_clean()
    members = list(members)
    strangers = [p for p in members if p.district_id != district.pk]
    if strangers:
        raise ValidationError({"members": "Every member is of the team's district."})
    team.save()
    team.members.set(members)
    return team


def _agreement_errors(fields: dict) -> dict:
    errors = {}
    if not fields.get("process_described"):
        errors["process_described"] = "Describe the coaching process and expectations first."
    if not fields.get("confidentiality_explained"):
        errors["confidentiality_explained"] = "Explain that confidentiality will be kept first."
    if not fields.get("commitment_given"):
        errors["commitment_given"] = "The engagement starts with the coachee's commitment."
    if not fields.get("checkin_methods"):
        errors["checkin_methods"] = "Choose at least one way of checking in."
    return errors


@transaction.atomic
def engagement_start(
    *,
    by: User,
    program: Program,
    district: District,
    coach: User,
    coachee_kind: str,
    level: str,
    model: str,
    starts_on: dt.date,
    response_window_days: int,
    checkin_methods: list,
    process_described: bool,
    confidentiality_explained: bool,
    commitment_given: bool,
    co_coaches=(),
    coachee_person: Person | None = None,
    coachee_team: Team | None = None,
    coachee_school: School | None = None,
    ends_on: dt.date | None = None,
    stage: int | None = None,
    agreement_notes: str = "",
    agreed_on: dt.date | None = None,
    partner_districts=(),
) -> Engagement:
    """Start an engagement with its coaching agreement. `by` is an admin of the district, an
    associate of `program` (which the district is enrolled in), or the site admin. The coach is
    one of the district's coaches or one of the program's associates (a network coach). A team
    or system engagement starts at `stage` (1 by default), kept as its first stage change.
    `partner_districts`: other districts whose coaches may co-coach too (a course's reciprocal
    pair across districts, coaching/services/courses.py); the engagement is `district`'s."""
    if not selectors.may_manage_engagements(by, district):
        raise PermissionDenied("You may not start engagements in this district.")
    programs = selectors.programs_for_start(by, district)
    errors = {}
    if not programs.filter(pk=program.pk).exists():
        errors["program"] = f"{district} is not enrolled in {program}, or it is not yours."
    if not selectors.coach_choices(district, [program]).filter(pk=coach.pk).exists():
        errors["coach"] = "The coach is one of the district's coaches or the program's staff."
    co_coaches = [c for c in co_coaches if c.pk != coach.pk]
    allowed = set(selectors.coach_choices(district, [program]).values_list("pk", flat=True))
    for partner in partner_districts:
        allowed |= set(selectors.coach_choices(partner, [program]).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in co_coaches):
        errors["co_coaches"] = "Each co-coach is one of the district's coaches or program staff."
    if coachee_kind == Kind.PERSON and coachee_person and coachee_person.user_id == coach.pk:
        errors["coachee_person"] = "A coach does not coach themself."
    if level == Level.INDIVIDUAL and coachee_kind != Kind.PERSON:
        errors["level"] = "Individual change is the coaching of one person."
    if coachee_kind == Kind.PERSON and coachee_person is None:
        errors["coachee_person"] = "Choose the person coached."
    if coachee_kind == Kind.TEAM and coachee_team is None:
        errors["coachee_team"] = "Choose the team coached."
    if coachee_kind == Kind.SCHOOL and coachee_school is None:
        errors["coachee_school"] = "Choose the school."
    errors |= _agreement_errors(
        {
            "process_described": process_described,
            "confidentiality_explained": confidentiality_explained,
            "commitment_given": commitment_given,
            "checkin_methods": checkin_methods,
        }
    )
    if errors:
        raise ValidationError(errors)
    has_stages = level != Level.INDIVIDUAL
    engagement = Engagement(
        program=program,
        district=district,
        coach=coach,
        coachee_kind=coachee_kind,
        coachee_person=coachee_person if coachee_kind == Kind.PERSON else None,
        coachee_team=coachee_team if coachee_kind != Kind.PERSON else None,
        coachee_school=coachee_school if coachee_kind == Kind.SCHOOL else None,
        level=level,
        model=model,
        starts_on=starts_on,
        ends_on=ends_on,
        stage=(stage or Engagement.Stage.MODELS) if has_stages else None,
        process_described=process_described,
        confidentiality_explained=confidentiality_explained,
        commitment_given=commitment_given,
        response_window_days=response_window_days,
        checkin_methods=list(checkin_methods),
        agreement_notes=agreement_notes.strip(),
        agreed_on=agreed_on or starts_on,
        started_by=by,
    )
    engagement.full_clean()
    engagement.save()
    engagement.co_coaches.set(co_coaches)
    if has_stages:
        first = StageChange(
            engagement=engagement,
            from_stage=None,
            to_stage=engagement.stage,
            changed_by=by,
            changed_on=starts_on,
            reason="The engagement started.",
        )
        first.full_clean()
        first.save()
    return engagement


@transaction.atomic
def engagement_set_status(
    *, engagement: Engagement, by: User, status: str, reason: str = ""
) -> Engagement:
    """Pause, resume or close an engagement. Closing needs a reason; a closed engagement stays
    closed (start a new one). The reason is activity: everyone who sees the engagement reads it."""
    if not selectors.may_manage_engagement(by, engagement):
        raise PermissionDenied("Only the coaches and the district's admins pause or close it.")
    Status = Engagement.Status
    if engagement.status == Status.CLOSED:
        raise ValidationError("This engagement is closed: start a new one to go on.")
    if status == engagement.status:
        raise ValidationError(
            {"status": f"The engagement is {engagement.get_status_display().lower()} already."}
        )
    reason = reason.strip()
    if status == Status.CLOSED and not reason:
        raise ValidationError({"reason": "Say why the engagement closes."})
    engagement.status = status
    engagement.status_reason = reason
    engagement.status_changed_at = timezone.now()
    engagement.full_clean()
    engagement.save(update_fields=["status", "status_reason", "status_changed_at"])
    return engagement


def engagement_pause(*, engagement: Engagement, by: User, reason: str = "") -> Engagement:
    return engagement_set_status(engagement=engagement, by=by, status="paused", reason=reason)


def engagement_resume(*, engagement: Engagement, by: User) -> Engagement:
    return engagement_set_status(engagement=engagement, by=by, status="active")


def engagement_close(*, engagement: Engagement, by: User, reason: str) -> Engagement:
    return engagement_set_status(engagement=engagement, by=by, status="closed", reason=reason)


def _refuse_unless_coach(by: User, engagement: Engagement, what: str) -> None:
    if not selectors.is_coach_of(by, engagement):
        raise PermissionDenied(f"Only the engagement's coaches {what}.")


def _refuse_unless_running(engagement: Engagement) -> None:
    if engagement.status == Engagement.Status.CLOSED:
        raise ValidationError("This engagement is closed.")


@transaction.atomic
def goal_add(*, engagement: Engagement, by: User, text: str, success_criteria: str) -> Goal:
    """A goal with its success criteria, added by a coach."""
    _refuse_unless_coach(by, engagement, "set its goals")
    _refuse_unless_running(engagement)
    position = engagement.goals.count()
    goal = Goal(
        engagement=engagement,
        text=text.strip(),
        success_criteria=success_criteria.strip(),
        position=position,
    )
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def stage_change(
    *,
    engagement: Engagement,
    by: User,
    to_stage: int,
    reason: str,
    evidence: str = "",
    changed_on: dt.date | None = None,
) -> StageChange:
    """Move a team or system engagement to another stage of gradual release, forward or back;
    the change keeps who, when, why and the evidence. A reason is required."""
    _refuse_unless_coach(by, engagement, "change its stage")
    _refuse_unless_running(engagement)
    if not engagement.has_stages:
        raise ValidationError("An individual engagement has no stages of gradual release.")
    if int(to_stage) == engagement.stage:
        raise ValidationError({"to_stage": "The engagement is at that stage already."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the stage changes."})
    changed_on = changed_on or timezone.localdate()
    last = engagement.stage_changes.order_by("-changed_on", "-pk").first()
    if last and changed_on < last.changed_on:
        raise ValidationError(
            {
                "changed_on": f"The last change was on {last.changed_on:%B %-d, %Y}: date this one after it."
            }
        )
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": "A change is dated today or earlier."})
    change = StageChange(
        engagement=engagement,
        from_stage=engagement.stage,
        to_stage=to_stage,
        changed_by=by,
        changed_on=changed_on,
        reason=reason.strip(),
        evidence=evidence.strip(),
    )
    change.full_clean()
    change.save()
    engagement.stage = change.to_stage
    engagement.save(update_fields=["stage"])
    return change


def _session_date_errors(engagement: Engagement, held_on: dt.date) -> dict:
    today = timezone.localdate()
    if held_on > today:
        return {"held_on": "A session is logged once it has happened: date it today or earlier."}
    if held_on < engagement.starts_on:
        return {
            "held_on": f"The engagement started on {engagement.starts_on:%B %-d, %Y}: "
            "date the session from then on."
        }
    if held_on < today - dt.timedelta(days=SESSION_BACKDATE_DAYS):
        return {"held_on": "That is more than a year ago."}
    return {}


@transaction.atomic
def session_log(
    *,
    engagement: Engagement,
    by: User,
    held_on: dt.date,
    minutes: int,
    mode: str,
    activities=(),
    participants=(),
    notes: str = "",
    next_steps: str = "",
    shared: bool = True,
    step: dict | None = None,
) -> CoachingSession:
    """Log a session (or a short exchange) of an active engagement: by a coach; or, in stage 3,
    by one of the team, as a self-monitoring session. `participants` are the team's members (or
    the person coached). `step`, if given (step, success_criteria, follow_up_on), sets a new
    action step at this session in the same transaction."""
    coach = selectors.is_coach_of(by, engagement)
    if not selectors.may_log_sessions(by, engagement):
        raise PermissionDenied(
            "Only the coaches log sessions (the team too in stage 3, and a peer partner)."
        )
    if engagement.status != Engagement.Status.ACTIVE:
        raise ValidationError(
            f"This engagement is {engagement.get_status_display().lower()}: resume it to log sessions."
        )
    errors = _session_date_errors(engagement, held_on)
    allowed = set(selectors.participants_of(engagement).values_list("pk", flat=True))
    participants = list(participants)
    if any(p.pk not in allowed for p in participants):
        errors["participants"] = "Who took part is one of the team (or the person coached)."
    if errors:
        raise ValidationError(errors)
    session = CoachingSession(
        engagement=engagement,
        held_on=held_on,
        minutes=minutes,
        mode=mode,
        activities=list(activities),
        notes=notes.strip(),
        next_steps=next_steps.strip(),
        shared=shared if coach else True,
        self_monitoring=not coach and selectors.may_log_self_monitoring(by, engagement),
        logged_by=by,
    )
    session.full_clean()
    session.save()
    session.participants.set(participants)
    if step:
        try:
            action_step_set(engagement=engagement, by=by, session=session, **step)
        except ValidationError as error:
            raise _step_refusal(error) from error
    return session


def _step_refusal(error: ValidationError) -> ValidationError:
    """A refusal of the step set with a session, naming its fields as the session's form does
    (`step_follow_up_on`, `step_success_criteria`), so that it shows where it was typed."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {name if name == "step" else f"step_{name}": e for name, e in error.error_dict.items()}
    )


def _follow_up_error(follow_up_on: dt.date, engagement: Engagement | None = None) -> str | None:
    """Why a step's follow-up date is refused, or None: it is today or later, within
    `limits.FOLLOW_UP_DAYS_AHEAD` days, and (given `engagement`) within its dates. A refusal of a
    date too far ahead names the last date allowed."""
    today = timezone.localdate()
    last = today + dt.timedelta(days=limits.FOLLOW_UP_DAYS_AHEAD)
    ends_on = engagement.ends_on if engagement else None
    if follow_up_on < today:
        return "Follow up today or later."
    if engagement and follow_up_on < engagement.starts_on:
        return "Follow up after the engagement starts."
    if ends_on and ends_on <= last and follow_up_on > ends_on:
        return f"The engagement ends on {ends_on:%B %-d, %Y}: follow up before then."
    if follow_up_on > last:
        return (
            f"Follow up within {limits.FOLLOW_UP_DAYS_AHEAD} days of today: "
            f"by {last:%B %-d, %Y} at the latest."
        )
    return None


@transaction.atomic
def action_step_set(
    *,
    engagement: Engagement,
    by: User,
    step: str,
    success_criteria: str,
    follow_up_on: dt.date,
    session: CoachingSession | None = None,
) -> ActionStep:
    """Set a high-leverage action step with its success criteria and follow-up date (today or
    later, within the engagement's planned end and `limits.FOLLOW_UP_DAYS_AHEAD` days of today)."""
    _refuse_unless_coach(by, engagement, "set action steps")
    _refuse_unless_running(engagement)
    errors = {}
    if not success_criteria.strip():
        errors["success_criteria"] = "Say what success looks like: a step has its success criteria."
    if date_error := _follow_up_error(follow_up_on, engagement):
        errors["follow_up_on"] = date_error
    if errors:
        raise ValidationError(errors)
    action_step = ActionStep(
        engagement=engagement,
        session=session,
        step=step.strip(),
        success_criteria=success_criteria.strip(),
        follow_up_on=follow_up_on,
        set_by=by,
    )
    action_step.full_clean()
    action_step.save()
    return action_step


@transaction.atomic
def action_step_advance(
    *,
    action_step: ActionStep,
    by: User,
    status: str,
    evidence: str = "",
    follow_up_on: dt.date | None = None,
) -> ActionStep:
    """Move a step on: open → practising → met (with its evidence) or dropped. Any party may
    (the coachee reports practising); met and dropped are final. A new follow-up date may be
    set with it."""
    engagement = action_step.engagement
    if not selectors.is_party(by, engagement):
        raise PermissionDenied("Only the engagement's parties move its steps on.")
    _refuse_unless_running(engagement)
    allowed = ActionStep.NEXT[action_step.status]
    if status not in allowed:
        if not allowed:
            raise ValidationError(
                f"This step is {action_step.get_status_display().lower()}: it stays so."
            )
        labels = " or ".join(StepStatus(s).label.lower() for s in allowed)
        raise ValidationError(
            {"status": f"From {action_step.get_status_display().lower()} a step goes to {labels}."}
        )
    evidence = evidence.strip()
    if status == StepStatus.MET and not evidence:
        raise ValidationError({"evidence": "Say what shows the step is met."})
    if follow_up_on and (date_error := _follow_up_error(follow_up_on)):
        raise ValidationError({"follow_up_on": date_error})
    action_step.status = status
    action_step.evidence = evidence
    action_step.status_changed_on = timezone.localdate()
    if follow_up_on:
        action_step.follow_up_on = follow_up_on
    action_step.full_clean()
    action_step.save(update_fields=["status", "evidence", "status_changed_on", "follow_up_on"])
    return action_step
