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

from core.artifacts import artifact_checked, artifact_save

from .. import limits
from ..models import (
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseResource,
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


# --- the course's outline, kept in the app by the program's associates ------------------------
# Editing the course changes no cohort's run: a run's questions are its own copy (RunQuestion),
# made when its session is first scheduled or adapted, and every answer keeps what it answered.


def _refuse_unless_editor(by: User, course: Course) -> None:
    if not selectors.may_edit_course(by, course):
        raise PermissionDenied("Only the program's associates complete its courses.")


def _saved(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


@transaction.atomic
def course_update(*, course: Course, by: User, name: str, description: str = "") -> Course:
    _refuse_unless_editor(by, course)
    course.name = name.strip()
    course.description = (description or "").strip()
    return _saved(course)


@transaction.atomic
def course_mark_complete(*, course: Course, by: User) -> Course:
    """The provider says the shipped sample is completed: it is no longer sample content (and
    `install_courses` keeps leaving it as it is)."""
    _refuse_unless_editor(by, course)
    if not course.is_sample:
        raise ValidationError("This course is not sample content.")
    course.is_sample = False
    course.save(update_fields=["is_sample"])
    return course


def _renumber(rows, numbers, *, temporary_offset=1000):
    """Give each row its new number (rows[i] -> numbers[i]) under a unique (parent, number):
    first out of the way, then in place."""
    for row in rows:
        row.number += temporary_offset
        row.save(update_fields=["number"])
    for row, number in zip(rows, numbers, strict=True):
        row.number = number
        row.save(update_fields=["number"])


@transaction.atomic
def unit_add(*, stage: CourseStage, by: User, title: str) -> CourseUnit:
    """A new unit at the end of the stage. Units are numbered through the course, so the units of
    the later stages move up by one."""
    course = stage.course
    _refuse_unless_editor(by, course)
    units = CourseUnit.objects.filter(stage__course=course)
    last = units.filter(stage__number__lte=stage.number).aggregate(n=Max("number"))["n"] or 0
    unit = CourseUnit(stage=stage, number=last + 1, title=title.strip())
    unit.full_clean(exclude=["number"])
    later = list(units.filter(stage__number__gt=stage.number).order_by("-number"))
    _renumber(later, [u.number + 1 for u in later])
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: CourseUnit, by: User, title: str) -> CourseUnit:
    _refuse_unless_editor(by, unit.stage.course)
    unit.title = title.strip()
    return _saved(unit)


def _neighbour(rows: list, row, direction: str):
    index = [r.pk for r in rows].index(row.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        raise ValidationError(
            f"{row} is {'first' if direction == 'up' else 'last'} already."
            if direction in ("up", "down")
            else "Move it up or down."
        )
    return rows[other]


@transaction.atomic
def unit_move(*, unit: CourseUnit, by: User, direction: str) -> CourseUnit:
    """Move a unit up or down in its stage: it takes its neighbour's number, and the neighbour its
    own (their sessions go with them)."""
    _refuse_unless_editor(by, unit.stage.course)
    units = list(unit.stage.units.order_by("number"))
    other = _neighbour(units, unit, direction)
    _renumber([unit, other], [other.number, unit.number])
    return unit


SESSION_FIELDS = ["title", "duration_minutes"] + [
    f"{p.value}_{what}" for p in Part for what in ("notes", "minutes")
]


@transaction.atomic
def session_add(*, unit: CourseUnit, by: User, **fields) -> CourseSession:
    """A new session at the end of the unit, in the four parts."""
    _refuse_unless_editor(by, unit.stage.course)
    last = unit.sessions.aggregate(n=Max("number"))["n"] or 0
    session = CourseSession(unit=unit, number=last + 1)
    for name in SESSION_FIELDS:
        if name in fields and fields[name] is not None:
            setattr(session, name, fields[name].strip() if name == "title" else fields[name])
    return _saved(session)


@transaction.atomic
def session_update(*, session: CourseSession, by: User, **fields) -> CourseSession:
    """Change a session's title, length, or its parts' notes and minutes. The cohorts' runs of it
    keep their own questions; the notes are the facilitator's, read from the course."""
    _refuse_unless_editor(by, session.unit.stage.course)
    for name in SESSION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(session, name, value.strip() if isinstance(value, str) else value)
    return _saved(session)


@transaction.atomic
def session_move(*, session: CourseSession, by: User, direction: str) -> CourseSession:
    _refuse_unless_editor(by, session.unit.stage.course)
    sessions = list(session.unit.sessions.order_by("number"))
    other = _neighbour(sessions, session, direction)
    _renumber([session, other], [other.number, session.number])
    return session


@transaction.atomic
def course_question_add(*, session: CourseSession, by: User, part: str, text: str):
    """A new question of the course's session (the cohorts that have opened the session keep
    their own copy: they are asked it when their facilitator adds it)."""
    _refuse_unless_editor(by, session.unit.stage.course)
    if part not in [p.value for p in QUESTION_PARTS]:
        raise ValidationError({"part": "A question is of the Do Now or of the exit ticket."})
    last = session.questions.filter(part=part).aggregate(n=Max("position"))["n"]
    question = CourseQuestion(
        session=session,
        part=part,
        text=(text or "").strip(),
        position=0 if last is None else last + 1,
    )
    return _saved(question)


@transaction.atomic
def course_question_update(*, question: CourseQuestion, by: User, text: str) -> CourseQuestion:
    """Reword a question of the course. What the cohorts were asked is their own copy, and every
    answer keeps the question it answered."""
    _refuse_unless_editor(by, question.session.unit.stage.course)
    question.text = (text or "").strip()
    return _saved(question)


@transaction.atomic
def course_question_drop(*, question: CourseQuestion, by: User) -> None:
    """Drop a question of the course: the cohorts' copies (and their answers) stay."""
    _refuse_unless_editor(by, question.session.unit.stage.course)
    question.delete()


@transaction.atomic
def resource_add(
    *, session: CourseSession, by: User, kind: str, title: str, file=None, library_video_id=None
) -> CourseResource:
    """Attach a resource: slides or a booklet (a file checked as every artifact is, kept
    privately), or an exemplar video of the program's library."""
    course = session.unit.stage.course
    _refuse_unless_editor(by, course)
    resource = CourseResource(session=session, kind=kind, title=(title or "").strip())
    if kind == CourseResource.Kind.VIDEO:
        if file:
            raise ValidationError({"file": "A video is chosen from the library, not attached."})
        videos = dict(selectors.library_video_choices(course.program))
        if not library_video_id or int(library_video_id) not in videos:
            raise ValidationError({"library_video_id": "Choose a video of the program's library."})
        resource.library_video_id = int(library_video_id)
        return _saved(resource)
    if library_video_id:
        raise ValidationError({"library_video_id": "Slides and a booklet are a file."})
    if not file:
        raise ValidationError({"file": "Attach the file."})
    _name, _mime, extension = artifact_checked(file, name_max=limits.TITLE_MAX)
    resource.full_clean(exclude=["file"])
    return artifact_save(resource, file, extension=extension)


@transaction.atomic
def resource_drop(*, resource: CourseResource, by: User) -> None:
    _refuse_unless_editor(by, resource.session.unit.stage.course)
    if resource.file:
        name = resource.file.name
        resource.delete()
        transaction.on_commit(lambda: resource.file.storage.delete(name))
    else:
        resource.delete()


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
    event's page records their attendance. The start is a training's (`event_schedule`): refused
    on `starts_at` beyond the days back and ahead that `limits` allows."""
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
    *,
    run_session: RunSession,
    person: Person,
    answers: dict[int, str],
    by: User,
    blank_removes: bool = False,
) -> list[CourseAnswer]:
    """Save a coach's answers to the session's questions (question id → text). A blank one is
    left as it was, unless `blank_removes`: then it removes the answer given before (the coach's
    own form shows their earlier answers, so a box emptied there is an answer taken back). The
    coach writes their own; the facilitator types in a paper exit ticket on the coach's behalf,
    recorded as typed in by them. Returns the answers written or changed (not those removed)."""
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
    written, removed, errors = [], [], {}
    for question_id, text in answers.items():
        text = (text or "").strip()
        if not text:
            if blank_removes and question_id in existing:
                removed.append(existing[question_id].pk)
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
    if not written and not removed and not any((t or "").strip() for t in answers.values()):
        raise ValidationError("Write at least one answer.")
    CourseAnswer.objects.filter(pk__in=removed).delete()
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


def _owner_first(group: list[Person]) -> list[Person]:
    """The group with its owner's coaches first: a pair belongs to the district of most of its
    coaches, on a tie to its first coach's (the first by name, as the form lists them)."""
    counts: dict[int, int] = {}
    for person in group:
        counts[person.district_id] = counts.get(person.district_id, 0) + 1
    owner = max(counts, key=lambda district_id: counts[district_id])  # the first on a tie
    return sorted(group, key=lambda p: p.district_id != owner)


def _pair_team(run: CourseRun, group: list[Person], number: int) -> Team:
    """The team of a pair (the engagement's coachee), of its owner's district (its first coach's),
    its members of whichever districts the pair joins."""
    names = " and ".join(p.first_name for p in group)
    team = Team(district=group[0].district, name=f"{run.cohort}: pair {number} ({names})"[:200])
    team.full_clean()
    team.save()
    team.members.set(group)
    return team


def _pair_team_closed(team: Team, on: dt.date) -> None:
    """A closed pair keeps its name, marked closed with the day ("Spring cohort: pair 1 (Jordan
    and Owen), closed 1 Dec 2026"), so the new pairs, numbered from 1 again, take theirs; a
    second pairing the same day of the same coaches is told apart by a count."""
    base = f"{team.name}, closed {on.day} {on:%b %Y}"
    name, n = base[: limits.TEAM_NAME_MAX], 1
    while Team.objects.filter(district_id=team.district_id, name=name).exists():
        n += 1
        suffix = f" ({n})"
        name = base[: limits.TEAM_NAME_MAX - len(suffix)] + suffix
    team.name = name
    team.save(update_fields=["name"])


@transaction.atomic
def pairs_make(
    *, run: CourseRun, groups: list[list[Person]], by: User, starts_on: dt.date | None = None
) -> list[CoursePair]:
    """Put the cohort into reciprocal pairs (one triad when the number is odd). Each pair is a
    reciprocal engagement of the course's program: its members are its coach and co-coaches, and
    its coachee is the team of the pair, so each is coach and coachee. A pair may join coaches of
    two districts (the cohort may span several): its engagement and team are the district's of
    most of its coaches (on a tie, its first coach's), and the admins of each district of the
    pair see its activity (selectors.engagements). The new pairs are named pair 1..n within the
    run, again at each pairing. Pairs made before are closed (their practice is kept, their
    names marked closed: `_pair_team_closed`)."""
    _refuse_unless_facilitator(by, run)
    errors = _group_errors(run, groups)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    for pair in run.pairs.select_related("engagement__coachee_team").filter(
        engagement__status=Engagement.Status.ACTIVE
    ):
        engagement_services.engagement_close(
            engagement=pair.engagement, by=by, reason="The cohort was paired again."
        )
        _pair_team_closed(pair.engagement.coachee_team, today)
    made = []
    starts_on = starts_on or today
    # The pairs are numbered 1..n afresh at each pairing, as the pairing form numbers them (in
    # the order made, which is the order the form lists the current pairs in).
    for number, group in enumerate(groups, start=1):
        group = _owner_first(group)
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
