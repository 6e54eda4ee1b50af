"""Reads of coach-training courses, scoped through `roles_of`:

- a course's outline (stages, units, sessions, their parts and questions) is read by the
  associates of its program and by the members of its runs' cohorts;
- a run is seen by its facilitator (an associate of the course's program, named on the run),
  by its cohort's members (their own page: their sessions, answers and progress), and by the
  site admin (activity: the grid);
- answers are content: a coach reads their own, the facilitator all of the cohort's
  (`answers_for`); nobody else, the site admin included;
- a pair's practice is the pair's: the facilitator sees its activity (`pair_activity`: how
  often, how long, the last time) from the engagement's activity fields alone."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string

from core.queries import count_of

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
    Enrollment,
    Person,
    Registration,
    RoleMembership,
    RunQuestion,
    RunSession,
    User,
)
from ..models.courses import QUESTION_PARTS, Part

# The package's one scoping mechanism: coaching.selectors defines it, then imports this module.
from . import may_act_for_program
from . import roles_of as _roles
from .engagements import with_activity

ATTENDED = [Registration.Attendance.ATTENDED, Registration.Attendance.MADE_UP]


# --- who --------------------------------------------------------------------------------------


def is_facilitator(user: User, run: CourseRun) -> bool:
    """The run's facilitator: named on it, and still an associate of the course's program."""
    return (
        user.is_authenticated
        and run.facilitator_id == user.pk
        and may_act_for_program(user, run.course.program_id)
    )


def member_of(user: User, run: CourseRun) -> Person | None:
    """The user's person in the run's cohort, or None."""
    if not user.is_authenticated:
        return None
    cache = run.__dict__.setdefault("_member_cache", {})
    if user.pk not in cache:
        cache[user.pk] = run.cohort.members.filter(user=user).select_related("district").first()
    return cache[user.pk]


def _member_runs(user: User) -> QuerySet[CourseRun]:
    return CourseRun.objects.filter(cohort__members__user=user)


def runs_visible_to(user: User) -> QuerySet[CourseRun]:
    roles = _roles(user)
    if roles.is_superuser:
        return CourseRun.objects.all()
    if not user.is_authenticated:
        return CourseRun.objects.none()
    facilitated = CourseRun.objects.filter(
        facilitator=user, course__program_id__in=roles.associate_program_ids
    )
    return CourseRun.objects.filter(
        Q(pk__in=facilitated.values("pk")) | Q(pk__in=_member_runs(user).values("pk"))
    )


def courses_visible_to(user: User) -> QuerySet[Course]:
    roles = _roles(user)
    if roles.is_superuser:
        return Course.objects.all()
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(
        Q(program_id__in=roles.associate_program_ids)
        | Q(pk__in=_member_runs(user).values("course_id"))
    )


def may_run_course(user: User, course: Course) -> bool:
    return may_act_for_program(user, course.program_id)


def get_course_for_user(user: User, pk: int) -> Course:
    return get_object_or_404(courses_visible_to(user).select_related("program"), pk=pk)


def get_run_for_user(user: User, pk: int, *, manage: bool = False) -> CourseRun:
    """The run, if the user sees it (404 otherwise); with `manage`, only its facilitator (403 to
    the others who see it)."""
    run = get_object_or_404(
        runs_visible_to(user).select_related("course__program", "cohort", "facilitator"), pk=pk
    )
    if manage and not is_facilitator(user, run):
        raise PermissionDenied("Only the run's facilitator does this.")
    return run


def get_run_session_for_user(user: User, pk: int, *, manage: bool = False) -> RunSession:
    run_session = get_object_or_404(
        RunSession.objects.filter(run__in=runs_visible_to(user)).select_related(
            "run__course__program",
            "run__cohort",
            "run__facilitator",
            "session__unit__stage",
            "event",
        ),
        pk=pk,
    )
    if manage and not is_facilitator(user, run_session.run):
        raise PermissionDenied("Only the run's facilitator does this.")
    return run_session


def get_question_for_user(user: User, pk: int) -> RunQuestion:
    """A question of a run, for its facilitator to adapt: 404 out of sight, 403 to the others."""
    question = get_object_or_404(
        RunQuestion.objects.filter(run_session__run__in=runs_visible_to(user)).select_related(
            "run_session__run__course", "run_session__session"
        ),
        pk=pk,
    )
    if not is_facilitator(user, question.run_session.run):
        raise PermissionDenied("Only the run's facilitator adapts a session.")
    return question


def get_answer_for_user(user: User, pk: int) -> CourseAnswer:
    """An answer, for the run's facilitator to mark: 404 out of sight, 403 to the others."""
    answer = get_object_or_404(
        CourseAnswer.objects.filter(
            question__run_session__run__in=runs_visible_to(user)
        ).select_related("question__run_session__run__course", "person"),
        pk=pk,
    )
    if not is_facilitator(user, answer.question.run_session.run):
        raise PermissionDenied("Only the run's facilitator marks answers.")
    return answer


def get_resource_for_user(user: User, pk: int) -> CourseResource:
    """A course's resource, served only to its program's associates and its cohorts' members."""
    return get_object_or_404(
        CourseResource.objects.filter(session__unit__stage__course__in=courses_visible_to(user)),
        pk=pk,
    )


def course_videos_for(user: User) -> QuerySet[CourseResource]:
    """The exemplar videos attached to the courses of the user's cohorts: the video library
    (observations) lets the cohort watch them, when the video is of the course's program."""
    return CourseResource.objects.filter(
        kind=CourseResource.Kind.VIDEO,
        session__unit__stage__course__in=_member_runs(user).values("course_id"),
    )


def resources_of(run_session: RunSession) -> list[CourseResource]:
    return list(run_session.session.resources.order_by("kind", "title", "pk"))


# --- keeping the outline -----------------------------------------------------------------------


def may_edit_course(user: User, course: Course) -> bool:
    """The provider's associates of the course's program, and the site admin, complete and keep
    its outline in the app."""
    return may_act_for_program(user, course.program_id)


def _editable(user: User, queryset: QuerySet, course_path: str, pk: int):
    """One object of a course's outline, for its editors: 404 when the user sees no course of it,
    403 when they see it without keeping it (a cohort's coach)."""
    found = get_object_or_404(
        queryset.filter(**{f"{course_path}__in": courses_visible_to(user)}), pk=pk
    )
    course = found
    for name in course_path.split("__"):
        course = getattr(course, name)
    if not may_edit_course(user, course):
        raise PermissionDenied("Only the program's associates complete its courses.")
    return found


def get_course_for_edit(user: User, pk: int) -> Course:
    course = get_course_for_user(user, pk)
    if not may_edit_course(user, course):
        raise PermissionDenied("Only the program's associates complete its courses.")
    return course


def get_stage_for_edit(user: User, pk: int) -> CourseStage:
    return _editable(user, CourseStage.objects.select_related("course"), "course", pk)


def get_unit_for_edit(user: User, pk: int) -> CourseUnit:
    return _editable(user, CourseUnit.objects.select_related("stage__course"), "stage__course", pk)


def get_course_session_for_edit(user: User, pk: int) -> CourseSession:
    return _editable(
        user,
        CourseSession.objects.select_related("unit__stage__course__program"),
        "unit__stage__course",
        pk,
    )


def get_course_question_for_edit(user: User, pk: int) -> CourseQuestion:
    return _editable(
        user,
        CourseQuestion.objects.select_related("session__unit__stage__course"),
        "session__unit__stage__course",
        pk,
    )


def get_course_resource_for_edit(user: User, pk: int) -> CourseResource:
    return _editable(
        user,
        CourseResource.objects.select_related("session__unit__stage__course"),
        "session__unit__stage__course",
        pk,
    )


def library_video_choices(program) -> list[tuple[int, str]]:
    """The program's library videos an exemplar may be, as (id, title): the video library is
    observations', above coaching, which names its reader in settings.COURSE_VIDEO_LIBRARY (a
    function of the program); none without it."""
    path = getattr(settings, "COURSE_VIDEO_LIBRARY", None)
    return list(import_string(path)(program)) if path else []


def session_questions(session: CourseSession) -> list:
    """The course's questions of the session, the Do Now's then the exit ticket's."""
    found = {p.value: PartQuestions(p.value, p.label) for p in QUESTION_PARTS}
    for q in session.questions.order_by("part", "position", "pk"):
        found[q.part].questions.append(q)
    return [found[p.value] for p in QUESTION_PARTS]


def runs_of_session(session: CourseSession) -> int:
    """How many cohorts have their own copy of the session (scheduled or adapted)."""
    return session.runs.count()


# --- lists ------------------------------------------------------------------------------------


def runs_listed(user: User) -> QuerySet[CourseRun]:
    """The runs the user sees, with their course and cohort, and counts of members and of the
    sessions scheduled (subqueries)."""
    members = (
        Person.cohorts.through.objects.filter(cohort_id=OuterRef("cohort_id"))
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        runs_visible_to(user)
        .select_related("course", "cohort", "facilitator")
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            scheduled_count=count_of(RunSession.objects.filter(event__isnull=False), of="run"),
        )
        .order_by("-created_at", "-pk")
    )


def courses_listed(user: User) -> QuerySet[Course]:
    return (
        courses_visible_to(user)
        .select_related("program")
        .annotate(run_count=count_of(CourseRun.objects.all(), of="course"))
        .order_by("name", "pk")
    )


def cohort_member_choices(program) -> QuerySet[Person]:
    """Who may be in a course's cohort: the active coaches of the program's enrolled districts."""
    coaches = RoleMembership.objects.filter(role=RoleMembership.Role.COACH)
    return (
        Person.objects.filter(
            is_active=True,
            user_id__in=coaches.values("user_id"),
            district_id__in=Enrollment.objects.filter(program=program).values("district_id"),
        )
        .select_related("district")
        .order_by("district__name", "last_name", "first_name")
    )


def course_sessions(course: Course) -> list[CourseSession]:
    """The course's sessions in order, with their unit and stage: two queries."""
    return list(
        CourseSession.objects.filter(unit__stage__course=course)
        .select_related("unit__stage")
        .prefetch_related("questions")
        .order_by("unit__stage__number", "unit__number", "number")
    )


def outline(course: Course, run: CourseRun | None = None) -> list[dict]:
    """The course as stages, each with its units, each with its sessions; for a run, each
    session with the cohort's run of it (`run_session`: None until scheduled or adapted). A
    stage or unit with no session yet is in it too (a unit just added waits for its sessions):
    three queries, four for a run."""
    stages: dict = {
        stage.pk: {"stage": stage, "units": {}}
        for stage in CourseStage.objects.filter(course=course).order_by("number", "pk")
    }
    for unit in CourseUnit.objects.filter(stage__course=course).order_by("number", "pk"):
        stages[unit.stage_id]["units"][unit.pk] = {"unit": unit, "sessions": []}
    scheduled = run_sessions(run) if run else {}
    for session in course_sessions(course):
        session.run_session = scheduled.get(session.pk)
        stages[session.unit.stage_id]["units"][session.unit_id]["sessions"].append(session)
    return [{"stage": e["stage"], "units": list(e["units"].values())} for e in stages.values()]


def members_of(run: CourseRun) -> list[Person]:
    return list(
        run.cohort.members.filter(is_active=True)
        .select_related("district")
        .order_by("last_name", "first_name", "pk")
    )


def run_sessions(run: CourseRun) -> dict[int, RunSession]:
    """The run's sessions (those scheduled or adapted), by course session id, with their event."""
    return {rs.session_id: rs for rs in run.run_sessions.select_related("event").order_by("pk")}


def unscheduled_sessions(run: CourseRun) -> QuerySet[CourseSession]:
    scheduled = run.run_sessions.filter(event__isnull=False).values("session_id")
    return (
        CourseSession.objects.filter(unit__stage__course=run.course_id)
        .exclude(pk__in=scheduled)
        .select_related("unit__stage")
        .order_by("unit__stage__number", "unit__number", "number")
    )


# --- questions and answers ----------------------------------------------------------------------


@dataclass
class PartQuestions:
    part: str
    label: str
    questions: list = field(default_factory=list)


def questions_by_part(run_session: RunSession, *, with_hidden: bool = False) -> list[PartQuestions]:
    """The Do Now's questions, then the exit ticket's, as this cohort is asked them."""
    questions = run_session.questions.order_by("part", "position", "pk")
    if not with_hidden:
        questions = questions.filter(hidden=False)
    found = {p.value: PartQuestions(p.value, p.label) for p in QUESTION_PARTS}
    for q in questions:
        found[q.part].questions.append(q)
    return [found[p.value] for p in QUESTION_PARTS]


def answers_for(user: User, run_session: RunSession, person: Person | None = None):
    """The answers the user may read: the facilitator all of the cohort's (or one coach's, with
    `person`), a coach their own; none to anyone else. Content."""
    answers = CourseAnswer.objects.filter(question__run_session=run_session).select_related(
        "person__district", "typed_in_by"
    )
    if is_facilitator(user, run_session.run):
        return answers.filter(person=person) if person else answers
    own = member_of(user, run_session.run)
    if own is None:
        return CourseAnswer.objects.none()
    return answers.filter(person=own)


def side_by_side(user: User, run_session: RunSession) -> list[PartQuestions]:
    """For the facilitator: every question (the dropped ones too, when answered) with all the
    cohort's answers to it, who wrote each. Three queries, whatever the cohort's size."""
    parts = questions_by_part(run_session, with_hidden=True)
    answers: dict[int, list] = {}
    for answer in answers_for(user, run_session).order_by(
        "person__last_name", "person__first_name", "pk"
    ):
        answers.setdefault(answer.question_id, []).append(answer)
    for part in parts:
        part.questions = [q for q in part.questions if not q.hidden or q.pk in answers]
        for q in part.questions:
            q.cohort_answers = answers.get(q.pk, [])
    return parts


def own_answers(run_session: RunSession, person: Person) -> dict[int, CourseAnswer]:
    return {
        a.question_id: a
        for a in CourseAnswer.objects.filter(question__run_session=run_session, person=person)
    }


# --- progress ---------------------------------------------------------------------------------


def _attended(run: CourseRun) -> set[tuple[int, int]]:
    """(person id, course session id) of each session attended: one query."""
    rows = (
        RunSession.objects.filter(
            run=run,
            event__isnull=False,
            event__registrations__attendance__in=ATTENDED,
        )
        .values_list("event__registrations__person_id", "session_id")
        .distinct()
    )
    return set(rows)


def _tickets(run: CourseRun) -> set[tuple[int, int]]:
    """(person id, course session id) of each exit ticket answered: one query."""
    rows = (
        CourseAnswer.objects.filter(question__run_session__run=run, question__part=Part.EXIT_TICKET)
        .values_list("person_id", "question__run_session__session_id")
        .distinct()
    )
    return set(rows)


def grid(run: CourseRun) -> dict:
    """The cohort as a grid, coaches by sessions: each cell says attended and exit ticket done.
    A fixed number of queries, whatever the number of coaches."""
    sessions = course_sessions(run.course)
    scheduled = run_sessions(run)
    attended, tickets = _attended(run), _tickets(run)
    rows = []
    for person in members_of(run):
        cells = [
            {
                "attended": (person.pk, s.pk) in attended,
                "ticket": (person.pk, s.pk) in tickets,
            }
            for s in sessions
        ]
        rows.append({"person": person, "cells": cells, **_totals(sessions, cells)})
    columns = [{"session": s, "run_session": scheduled.get(s.pk)} for s in sessions]
    return {"columns": columns, "rows": rows}


def _totals(sessions, cells) -> dict:
    """Sessions attended, exit tickets done, and the units and stages completed (every session
    of it attended)."""
    units: dict = {}
    stages: dict = {}
    for s, cell in zip(sessions, cells, strict=True):
        units.setdefault(s.unit_id, []).append(cell["attended"])
        stages.setdefault(s.unit.stage_id, []).append(cell["attended"])
    return {
        "sessions_attended": sum(c["attended"] for c in cells),
        "tickets_done": sum(c["ticket"] for c in cells),
        "units_completed": sum(all(v) for v in units.values()),
        "stages_completed": sum(all(v) for v in stages.values()),
    }


def progress_of(run: CourseRun, person: Person) -> dict:
    """One coach's progress: per session attended and exit ticket done, the totals, and the units
    and stages completed, by name."""
    sessions = course_sessions(run.course)
    attended = {s for p, s in _attended(run) if p == person.pk}
    tickets = {s for p, s in _tickets(run) if p == person.pk}
    scheduled = run_sessions(run)
    rows = [
        {
            "session": s,
            "run_session": scheduled.get(s.pk),
            "attended": s.pk in attended,
            "ticket": s.pk in tickets,
        }
        for s in sessions
    ]
    cells = [{"attended": r["attended"], "ticket": r["ticket"]} for r in rows]
    units = {}
    for r in rows:
        units.setdefault(r["session"].unit, []).append(r["attended"])
    stages = {}
    for r in rows:
        stages.setdefault(r["session"].unit.stage, []).append(r["attended"])
    return {
        "rows": rows,
        "units": [u for u, v in units.items() if all(v)],
        "stages": [s for s, v in stages.items() if all(v)],
        **_totals(sessions, cells),
        "session_total": len(sessions),
    }


# --- pairs -------------------------------------------------------------------------------------


def pairs_proposed(members: list[Person]) -> list[list[Person]]:
    """An automatic pairing of the whole cohort, for the facilitator to adjust: within each
    district first, by name, in twos; the one left over in each district with an odd number
    are paired across districts; when the cohort is odd, the last one left joins a pair (the one
    triad): the pair across districts made last, else a pair of their own district."""
    groups: list[list[Person]] = []
    left: list[Person] = []
    by_district: dict[int, list[Person]] = {}
    for person in members:
        by_district.setdefault(person.district_id, []).append(person)
    for people in by_district.values():
        groups.extend(people[i : i + 2] for i in range(0, len(people) - 1, 2))
        if len(people) % 2:
            left.append(people[-1])
    across = [left[i : i + 2] for i in range(0, len(left) - 1, 2)]
    groups.extend(across)
    if len(left) % 2:
        odd = left[-1]
        own = [g for g in groups if g[0].district_id == odd.district_id and g not in across]
        if across:
            across[-1].append(odd)
        elif own:
            own[-1].append(odd)
        elif groups:
            groups[-1].append(odd)
        else:
            groups.append([odd])
    return groups


def current_groups(run: CourseRun) -> list[list[Person]]:
    """The run's active pairs as groups of people (for the pairing form to start from)."""
    groups = []
    for pair in (
        run.pairs.filter(engagement__status="active")
        .order_by("pk")  # the order made: pair 1..n, as they are named
        .prefetch_related("engagement__coachee_team__members")
    ):
        groups.append(list(pair.engagement.coachee_team.members.all()))
    return groups


def _pair_name(run: CourseRun, team) -> str:
    """The pair's name as its engagement reads, without the cohort's: "Pair 1 (Jordan and Owen)"."""
    name = team.name.removeprefix(f"{run.cohort}: ")
    return name[:1].upper() + name[1:]


def pair_activity(run: CourseRun) -> list:
    """The run's pairs with their members and their practice as activity: how many sessions, how
    many minutes, the last one's date. Never what was written. The current pairs first, in the
    order made (pair 1..n, as the pairing form numbers them), then the closed ones of earlier
    pairings, in the order made; each pair named as its engagement is, its members its owner's
    coaches first."""
    pairs = list(CoursePair.objects.filter(run=run).select_related("engagement").order_by("pk"))
    engagements = {
        e.pk: e
        for e in with_activity(
            Engagement.objects.filter(pk__in=[p.engagement_id for p in pairs])
        ).prefetch_related(
            Prefetch(
                "coachee_team__members",
                queryset=Person.objects.select_related("district").order_by(
                    "last_name", "first_name"
                ),
                to_attr="pair_members",
            )
        )
    }
    rows = []
    for pair in pairs:
        e = engagements[pair.engagement_id]
        # The owner's coaches first (the district of most, on a tie the first coach's), by name.
        members = sorted(e.coachee_team.pair_members, key=lambda m: m.district_id != e.district_id)
        rows.append(
            {
                "pair": pair,
                "name": _pair_name(run, e.coachee_team),
                "members": members,
                "active": e.is_active,
                "session_count": e.session_count,
                "minutes_total": e.minutes_total,
                "last_session_on": e.last_session_on,
                "engagement_id": e.pk,
                "owner": e.district,
                "across": len({m.district_id for m in members}) > 1,
            }
        )
    return [r for r in rows if r["active"]] + [r for r in rows if not r["active"]]


def pairs_of_member(user: User, run: CourseRun) -> QuerySet[CoursePair]:
    """The coach's own active pair of the run (they log their practice from it)."""
    return CoursePair.objects.filter(
        run=run,
        engagement__status="active",
        engagement__coachee_team__members__user=user,
    ).select_related("engagement__coachee_team")
