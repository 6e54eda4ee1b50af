"""Writes of coach-training courses: installing the shipped course, running it for a cohort,
scheduling its sessions as training events, the coaches' answers (and the paper exit tickets
the facilitator types in), adapting a session for one cohort, and the reciprocal pairs.

Who may: the run's facilitator (an associate of the course's program named on the run:
`selectors.courses.is_facilitator`) manages the run; a coach writes their own answers."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import (
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseRun,
    CourseSession,
    CourseStage,
    CourseUnit,
    Engagement,
    Person,
    RunQuestion,
    RunSession,
    Team,
    TrainingEvent,
    User,
)
from ..models.courses import QUESTION_PARTS, Part
from ..selectors import courses as selectors
from ..selectors import may_act_for_program
from . import engagements as engagement_services
from . import training as training_services

MAX_JOINED = 3  # two or three sessions may be joined in one longer slot
PAIR_AGREEMENT = {
    "process_described": True,
    "confidentiality_explained": True,
    "commitment_given": True,
    "response_window_days": 7,
    "checkin_methods": ["in_person"],
}


# --- the shipped course --------------------------------------------------------------------------


@transaction.atomic
def course_install(*, spec: dict, program) -> tuple[Course, bool]:
    """Install a shipped course in the program, if no course has its slug: returns the course
    and whether it was installed now. An existing one is left exactly as it is."""
    existing = Course.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    if program.kind != program.Kind.CURRICULUM:
        raise ValidationError(f"{program} is not a coach-training program.")
    course = Course(
        program=program,
        slug=spec["slug"],
        name=spec["name"],
        description=spec["description"],
        is_sample=spec["is_sample"],
    )
    course.full_clean()
    course.save()
    for stage_spec in spec["stages"]:
        stage = CourseStage.objects.create(
            course=course, number=stage_spec["number"], title=stage_spec["title"]
        )
        for unit_spec in stage_spec["units"]:
            unit = CourseUnit.objects.create(
                stage=stage, number=unit_spec["number"], title=unit_spec["title"]
            )
            for number, s in enumerate(unit_spec["sessions"], start=1):
                notes = {f"{p.value}_notes": s.get(f"{p.value}_notes", "") for p in Part}
                session = CourseSession(unit=unit, number=number, title=s["title"], **notes)
                session.full_clean()
                session.save()
                for part in QUESTION_PARTS:
                    for position, text in enumerate(s.get(part.value, [])):
                        CourseQuestion.objects.create(
                            session=session, part=part, position=position, text=text
                        )
    return course, True


# --- running a course ---------------------------------------------------------------------------


def _refuse_unless_facilitator(by: User, run: CourseRun) -> None:
    if not selectors.is_facilitator(by, run):
        raise PermissionDenied("Only the run's facilitator does this.")


@transaction.atomic
def run_create(*, course: Course, by: User, name: str, members, starts_on=None) -> CourseRun:
    """Run the course for a new cohort of coaches (of the program's enrolled districts, one or
    several), with `by` as its facilitator: an associate of the course's program."""
    if not may_act_for_program(by, course.program_id):
        raise PermissionDenied("Only the program's associates run its courses.")
    members = list(members)
    if len(members) < 2:
        raise ValidationError({"members": "A cohort has at least two coaches: they work in pairs."})
    allowed = set(selectors.cohort_member_choices(course.program).values_list("pk", flat=True))
    strangers = [p.full_name for p in members if p.pk not in allowed]
    if strangers:
        raise ValidationError(
            {"members": f"Not a coach of an enrolled district: {', '.join(strangers)}."}
        )
    cohort = training_services.cohort_create(program=course.program, name=name, starts_on=starts_on)
    cohort.members.set(members)
    run = CourseRun(course=course, cohort=cohort, facilitator=by)
    run.full_clean()
    run.save()
    return run


def _open(run: CourseRun, session: CourseSession) -> RunSession:
    """The cohort's run of the session, made (with its copy of the course's questions) the first
    time it is scheduled or adapted."""
    if session.unit.stage.course_id != run.course_id:
        raise ValidationError("That session belongs to another course.")
    run_session, created = RunSession.objects.get_or_create(run=run, session=session)
    if created:
        RunQuestion.objects.bulk_create(
            RunQuestion(
                run_session=run_session,
                source=q,
                part=q.part,
                position=q.position,
                text=q.text,
            )
            for q in session.questions.order_by("part", "position", "pk")
        )
    return run_session


@transaction.atomic
def run_session_open(*, run: CourseRun, session: CourseSession, by: User) -> RunSession:
    """The cohort's run of a session, to adapt before it is scheduled."""
    _refuse_unless_facilitator(by, run)
    return _open(run, session)


@transaction.atomic
def sessions_schedule(
    *, run: CourseRun, sessions, by: User, starts_at: dt.datetime, location: str = ""
) -> TrainingEvent:
    """Schedule one session, or two or three joined in one longer slot, as one training event of
    the course's program for the cohort's members; every member is registered, so that the
    event's page records their attendance."""
    _refuse_unless_facilitator(by, run)
    sessions = sorted(sessions, key=lambda s: (s.unit.stage.number, s.unit.number, s.number))
    if not 1 <= len(sessions) <= MAX_JOINED:
        raise ValidationError({"sessions": "Choose one session, or join two or three."})
    taken = RunSession.objects.filter(run=run, session__in=sessions, event__isnull=False)
    if taken.exists():
        names = ", ".join(str(rs.session) for rs in taken.select_related("session__unit"))
        raise ValidationError({"sessions": f"Scheduled already: {names}."})
    title = " + ".join(f"Unit {s.unit.number}.{s.number} {s.title}" for s in sessions)
    event = training_services.event_schedule(
        program=run.course.program,
        by=by,
        kind=TrainingEvent.Kind.COURSE_SESSION,
        title=f"{run.cohort}: {title}"[:200],
        cohort=run.cohort,
        audience=TrainingEvent.Audience.COHORT,
        starts_at=starts_at,
        duration_minutes=sum(s.duration_minutes for s in sessions),
        location=location,
    )
    for session in sessions:
        run_session = _open(run, session)
        run_session.event = event
        run_session.save(update_fields=["event"])
    for person in run.cohort.members.filter(is_active=True):
        training_services.registration_create(event=event, person=person, by=by)
    return event


# --- answers ------------------------------------------------------------------------------------


@transaction.atomic
def answers_save(
    *, run_session: RunSession, person: Person, answers: dict[int, str], by: User
) -> list[CourseAnswer]:
    """Save a coach's answers to the session's questions (question id → text; a blank one is left
    as it was). The coach writes their own; the facilitator types in a paper exit ticket on the
    coach's behalf, recorded as typed in by them. Returns the answers written or changed."""
    run = run_session.run
    own = person.user_id is not None and person.user_id == by.pk
    if not own:
        _refuse_unless_facilitator(by, run)
    if not run.cohort.members.filter(pk=person.pk).exists():
        raise ValidationError(f"{person.full_name} is not in {run.cohort}.")
    questions = {q.pk: q for q in run_session.questions.filter(hidden=False)}
    if set(answers) - set(questions):
        raise ValidationError("An answer names a question this session does not ask.")
    existing = {
        a.question_id: a for a in CourseAnswer.objects.filter(person=person, question__in=answers)
    }
    written, errors = [], {}
    for question_id, text in answers.items():
        text = (text or "").strip()
        if not text:
            continue
        answer = existing.get(question_id) or CourseAnswer(question_id=question_id, person=person)
        if answer.pk and answer.text == text:
            continue
        answer.text = text
        answer.typed_in_by = None if own else by
        try:
            answer.full_clean()
        except ValidationError as error:
            errors[f"q{question_id}"] = error.messages
            continue
        written.append(answer)
    if errors:
        raise ValidationError(errors)
    if not written and not any((t or "").strip() for t in answers.values()):
        raise ValidationError("Write at least one answer.")
    for answer in written:
        answer.save()
    return written


@transaction.atomic
def answer_follow_up(*, answer: CourseAnswer, by: User, follow_up: bool) -> CourseAnswer:
    """Mark (or unmark) an answer for the facilitator to follow up."""
    _refuse_unless_facilitator(by, answer.question.run_session.run)
    answer.follow_up = follow_up
    answer.save(update_fields=["follow_up", "updated_at"])
    return answer


# --- adapting a session for one cohort ----------------------------------------------------------


def _adapted(run_session: RunSession) -> None:
    if not run_session.adapted:
        run_session.adapted = True
        run_session.save(update_fields=["adapted"])


@transaction.atomic
def question_add(*, run_session: RunSession, by: User, part: str, text: str) -> RunQuestion:
    """Ask this cohort one more question (the course is unchanged)."""
    _refuse_unless_facilitator(by, run_session.run)
    last = run_session.questions.filter(part=part).aggregate(n=Max("position"))["n"]
    question = RunQuestion(
        run_session=run_session,
        part=part,
        text=text.strip(),
        position=0 if last is None else last + 1,
    )
    question.full_clean()
    question.save()
    _adapted(run_session)
    return question


@transaction.atomic
def question_edit(*, question: RunQuestion, by: User, text: str) -> RunQuestion:
    """Change a question for this cohort. A question that has answers keeps its text for them:
    the change is a new question in its place, and the answered one is hidden."""
    _refuse_unless_facilitator(by, question.run_session.run)
    if question.hidden:
        raise ValidationError("That question was dropped.")
    text = text.strip()
    if text == question.text:
        return question
    if question.answers.exists():
        replacement = RunQuestion(
            run_session=question.run_session,
            source=question.source,
            part=question.part,
            position=question.position,
            text=text,
        )
        replacement.full_clean()
        question.hidden = True
        question.save(update_fields=["hidden"])
        replacement.save()
        question = replacement
    else:
        question.text = text
        question.full_clean()
        question.save(update_fields=["text"])
    _adapted(question.run_session)
    return question


@transaction.atomic
def question_drop(*, question: RunQuestion, by: User) -> None:
    """Drop a question for this cohort: hidden if it has answers (they stay, with it), deleted
    otherwise."""
    _refuse_unless_facilitator(by, question.run_session.run)
    if question.answers.exists():
        question.hidden = True
        question.save(update_fields=["hidden"])
    else:
        question.delete()
    _adapted(question.run_session)


# --- reciprocal pairs ---------------------------------------------------------------------------


def _group_errors(run: CourseRun, groups: list[list[Person]]) -> list[str]:
    """What is wrong with a pairing of the whole cohort, whatever its districts: every active
    coach in exactly one group, groups of two, and exactly one triad when the number is odd."""
    members = list(run.cohort.members.filter(is_active=True))
    placed = [p.pk for group in groups for p in group]
    errors = []
    if sorted(placed) != sorted(p.pk for p in members):
        errors.append("Put every coach of the cohort in exactly one pair.")
    sizes = [len(group) for group in groups]
    if any(size not in (2, 3) for size in sizes):
        errors.append("A pair has two coaches; one triad has three.")
    elif sizes.count(3) > len(members) % 2:
        errors.append(
            "Only one triad, and only when the cohort is odd: put the others in twos."
            if len(members) % 2
            else "The cohort is even: every coach is in a pair of two."
        )
    if any(p.user_id is None for group in groups for p in group):
        errors.append("Every coach of a pair signs in: each logs their practice.")
    return errors


def _pair_team(run: CourseRun, group: list[Person], number: int) -> Team:
    """The team of a pair (the engagement's coachee), of its owner's district (its first coach's),
    its members of whichever districts the pair joins."""
    names = " and ".join(p.first_name for p in group)
    team = Team(district=group[0].district, name=f"{run.cohort}: pair {number} ({names})"[:200])
    team.full_clean()
    team.save()
    team.members.set(group)
    return team


@transaction.atomic
def pairs_make(
    *, run: CourseRun, groups: list[list[Person]], by: User, starts_on: dt.date | None = None
) -> list[CoursePair]:
    """Put the cohort into reciprocal pairs (one triad when the number is odd). Each pair is a
    reciprocal engagement of the course's program: its members are its coach and co-coaches, and
    its coachee is the team of the pair, so each is coach and coachee. A pair may join coaches of
    two districts (the cohort may span several): its engagement and team are its first coach's
    district's, and the admins of each district of the pair see its activity
    (selectors.engagements). Pairs made before are closed (their practice is kept)."""
    _refuse_unless_facilitator(by, run)
    errors = _group_errors(run, groups)
    if errors:
        raise ValidationError(errors)
    for pair in run.pairs.select_related("engagement").filter(
        engagement__status=Engagement.Status.ACTIVE
    ):
        engagement_services.engagement_close(
            engagement=pair.engagement, by=by, reason="The cohort was paired again."
        )
    made = []
    starts_on = starts_on or timezone.localdate()
    number = run.pairs.count()
    for group in groups:
        number += 1
        owner = group[0].district
        team = _pair_team(run, group, number)
        users = list(User.objects.filter(pk__in=[p.user_id for p in group]))
        lead = next(u for u in users if u.pk == group[0].user_id)
        engagement = engagement_services.engagement_start(
            by=by,
            program=run.course.program,
            district=owner,
            partner_districts=[p.district for p in group if p.district_id != owner.pk],
            coach=lead,
            co_coaches=[u for u in users if u.pk != lead.pk],
            coachee_kind=Engagement.CoacheeKind.TEAM,
            coachee_team=team,
            level=Engagement.Level.TEAM,
            # The pair practises on its own, between sessions: it monitors itself.
            stage=Engagement.Stage.SELF_MONITORS,
            model=Engagement.CoachingModel.RECIPROCAL,
            starts_on=starts_on,
            **PAIR_AGREEMENT,
        )
        made.append(CoursePair.objects.create(run=run, engagement=engagement))
    return made
