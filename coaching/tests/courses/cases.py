"""The access table of coach-training courses (test_courses_access.py runs it): the facilitator
(an associate of the course's program named on the run) manages; the cohort's coaches (coach_a
of A, coach_b2 of B) see the course, the run and their own answers; the site admin sees the run's
activity. Refused with 404: another district's coach (coach_b), a coach outside the cohort
(`outsider`), the principal, the district admins, an associate of another program."""

from django.urls import reverse

from coaching.models import (
    Cohort,
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseResource,
    CourseRun,
    CourseSession,
    CourseUnit,
    Engagement,
    Registration,
    RunQuestion,
    RunSession,
    TrainingEvent,
)
from coaching.tests.access import ANON, Case, rows_of
from coaching.tests.engagements.world import days

ACTORS = [ANON, "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS += ["superuser", "associate_b", "facilitator", "outsider", "coach_b2"]

EVERYONE = dict.fromkeys(ACTORS[1:], 200)
MEMBERS = {"coach_a": 200, "coach_b2": 200}
SEES_COURSE = MEMBERS | {"facilitator": 200, "superuser": 200}
SEES_RUN = SEES_COURSE
FACILITATOR = dict.fromkeys(SEES_RUN, 403) | {"facilitator": 200}
FACILITATOR_POST = dict.fromkeys(SEES_RUN, 403) | {"facilitator": 302}
# The course's outline: kept by the program's associates (the facilitator) and the site admin;
# the cohort's coaches, who read the course, are refused with 403.
EDITORS = dict.fromkeys(MEMBERS, 403) | {"facilitator": 200, "superuser": 200}
EDITORS_POST = dict.fromkeys(MEMBERS, 403) | {"facilitator": 302, "superuser": 302}


def state(w):
    return rows_of(
        CourseRun,
        Cohort,
        RunSession,
        RunQuestion,
        CourseAnswer,
        CoursePair,
        Engagement,
        TrainingEvent,
        Registration,
    )


def outline_state(w):
    return rows_of(Course, CourseUnit, CourseSession, CourseQuestion, CourseResource, RunQuestion)


def pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf")


def outline(name, obj, expect, *, method="get", data=None):
    return Case(
        f"coaching:{name}",
        lambda w: reverse(f"coaching:{name}", args=[obj(w).pk]),
        expect,
        method=method,
        data=data or (lambda w: {}),
        state=outline_state if method == "post" else None,
    )


def rs_url(name):
    return lambda w: reverse(f"coaching:{name}", args=[w.rs1.pk])


def exit_question(w):
    return w.rs1.questions.filter(part="exit_ticket", hidden=False).order_by("position").last()


def pairs_data(w):
    from coaching.selectors import courses as selectors

    groups = selectors.pairs_proposed(selectors.members_of(w.run))
    return {f"p{p.pk}": n for n, group in enumerate(groups, start=1) for p in group}


CASES = [
    Case("coaching:course_list", lambda w: reverse("coaching:course_list"), EVERYONE),
    Case(
        "coaching:course_detail",
        lambda w: reverse("coaching:course_detail", args=[w.course.pk]),
        SEES_COURSE,
    ),
    Case(
        "coaching:run_create",
        lambda w: reverse("coaching:run_create", args=[w.course.pk]),
        dict.fromkeys(MEMBERS, 403) | {"facilitator": 200, "superuser": 200},
    ),
    Case(
        "coaching:run_create",
        lambda w: reverse("coaching:run_create", args=[w.course.pk]),
        dict.fromkeys(MEMBERS, 403) | {"facilitator": 302, "superuser": 302},
        method="post",
        data=lambda w: {
            "name": "Autumn cohort",
            "members": [w.coach_a.person.pk, w.outsider.person.pk],
        },
        state=state,
    ),
    Case(
        "coaching:run_detail", lambda w: reverse("coaching:run_detail", args=[w.run.pk]), SEES_RUN
    ),
    Case(
        "coaching:run_schedule",
        lambda w: reverse("coaching:run_schedule", args=[w.run.pk]),
        FACILITATOR,
    ),
    Case(
        "coaching:run_schedule",
        lambda w: reverse("coaching:run_schedule", args=[w.run.pk]),
        FACILITATOR_POST,
        method="post",
        data=lambda w: {
            "sessions": [w.session2.pk],
            "starts_at": f"{days(7).isoformat()}T15:30",
            "location": "Library",
        },
        state=state,
    ),
    Case("coaching:run_grid", lambda w: reverse("coaching:run_grid", args=[w.run.pk]), FACILITATOR),
    Case(
        "coaching:run_progress",
        lambda w: reverse("coaching:run_progress", args=[w.run.pk, w.coach_a.person.pk]),
        dict.fromkeys(SEES_RUN, 403) | {"facilitator": 200, "coach_a": 200},
    ),
    Case(
        "coaching:run_pairs", lambda w: reverse("coaching:run_pairs", args=[w.run.pk]), FACILITATOR
    ),
    Case(
        "coaching:run_pairs",
        lambda w: reverse("coaching:run_pairs", args=[w.run.pk]),
        FACILITATOR_POST,
        method="post",
        data=pairs_data,
        state=state,
    ),
    Case(
        "coaching:run_session_open",
        lambda w: reverse("coaching:run_session_open", args=[w.run.pk, w.session2.pk]),
        FACILITATOR_POST,
        method="post",
        state=state,
    ),
    Case(
        "coaching:run_session_detail",
        rs_url("run_session_detail"),
        dict.fromkeys(SEES_RUN, 200) | {"superuser": 403},
    ),
    Case(
        "coaching:run_session_detail",
        rs_url("run_session_detail"),
        {"coach_a": 302, "coach_b2": 302, "facilitator": 200, "superuser": 403},
        method="post",
        data=lambda w: {f"q{exit_question(w).pk}": "Rehearse before the next observation"},
        state=state,
    ),
    Case("coaching:run_session_typed_in", rs_url("run_session_typed_in"), FACILITATOR),
    Case(
        "coaching:run_session_typed_in",
        rs_url("run_session_typed_in"),
        FACILITATOR_POST,
        method="post",
        data=lambda w: {
            "person": w.coach_a3.person.pk,
            f"q{exit_question(w).pk}": "From the paper ticket",
        },
        state=state,
    ),
    Case("coaching:run_session_adapt", rs_url("run_session_adapt"), FACILITATOR),
    Case(
        "coaching:run_session_adapt",
        rs_url("run_session_adapt"),
        FACILITATOR_POST,
        method="post",
        data=lambda w: {"part": "exit_ticket", "text": "What surprised you today?"},
        state=state,
    ),
    Case(
        "coaching:question_edit",
        lambda w: reverse("coaching:question_edit", args=[w.do_now.pk]),
        FACILITATOR,
    ),
    Case(
        "coaching:question_edit",
        lambda w: reverse("coaching:question_edit", args=[w.do_now.pk]),
        FACILITATOR_POST,
        method="post",
        data=lambda w: {"text": "Reworded for this cohort"},
        state=state,
    ),
    Case(
        "coaching:question_drop",
        lambda w: reverse("coaching:question_drop", args=[w.do_now.pk]),
        FACILITATOR_POST,
        method="post",
        state=state,
    ),
    Case(
        "coaching:answer_follow_up",
        lambda w: reverse("coaching:answer_follow_up", args=[w.answer.pk]),
        FACILITATOR_POST,
        method="post",
        data=lambda w: {"follow_up": "1"},
        state=state,
    ),
    Case(
        "coaching:resource_download",
        lambda w: reverse("coaching:resource_download", args=[w.video.pk]),
        dict.fromkeys(SEES_COURSE, 302),
    ),
    outline("course_edit", lambda w: w.course, EDITORS),
    outline(
        "course_edit",
        lambda w: w.course,
        EDITORS_POST,
        method="post",
        data=lambda w: {"name": "Steplab: the completed programme", "description": ""},
    ),
    outline("course_complete", lambda w: w.course, EDITORS_POST, method="post"),
    outline("unit_create", lambda w: w.session1.unit.stage, EDITORS),
    outline(
        "unit_create",
        lambda w: w.session1.unit.stage,
        EDITORS_POST,
        method="post",
        data=lambda w: {"title": "Coaching new teachers"},
    ),
    outline("unit_edit", lambda w: w.session1.unit, EDITORS),
    outline(
        "unit_edit",
        lambda w: w.session1.unit,
        EDITORS_POST,
        method="post",
        data=lambda w: {"title": "Renamed unit"},
    ),
    outline(
        "unit_move",
        lambda w: w.session1.unit,
        EDITORS_POST,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    outline("course_session_create", lambda w: w.session1.unit, EDITORS),
    outline(
        "course_session_create",
        lambda w: w.session1.unit,
        EDITORS_POST,
        method="post",
        data=lambda w: session_data("A third session"),
    ),
    outline("course_session_edit", lambda w: w.session1, EDITORS),
    outline(
        "course_session_edit",
        lambda w: w.session1,
        EDITORS_POST,
        method="post",
        data=lambda w: session_data("Retitled"),
    ),
    outline(
        "course_session_move",
        lambda w: w.session1,
        EDITORS_POST,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    outline(
        "course_question_add",
        lambda w: w.session1,
        EDITORS_POST,
        method="post",
        data=lambda w: {"part": "exit_ticket", "text": "What will you rehearse?"},
    ),
    outline("course_question_edit", lambda w: w.session1.questions.first(), EDITORS),
    outline(
        "course_question_edit",
        lambda w: w.session1.questions.first(),
        EDITORS_POST,
        method="post",
        data=lambda w: {"text": "Reworded in the course"},
    ),
    outline(
        "course_question_drop", lambda w: w.session1.questions.first(), EDITORS_POST, method="post"
    ),
    outline(
        "course_resource_add",
        lambda w: w.session1,
        EDITORS_POST,
        method="post",
        data=lambda w: {"kind": "slides", "title": "Slides", "file": pdf()},
    ),
    outline("course_resource_drop", lambda w: w.video, EDITORS_POST, method="post"),
]


def session_data(title):
    return {
        "title": title,
        "duration_minutes": 30,
        "do_now_notes": "",
        "do_now_minutes": 5,
        "modelling_notes": "Model it",
        "modelling_minutes": 10,
        "practice_notes": "",
        "practice_minutes": 10,
        "exit_ticket_notes": "",
        "exit_ticket_minutes": 5,
    }
