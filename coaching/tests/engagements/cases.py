"""The access table of coaching engagements: every page, and what each actor of the cast and
of the engagement world gets (`test_engagements_access` runs it; the content tests fetch its
pages)."""

from django.urls import reverse

from coaching.models import (
    ActionStep,
    CoachingSession,
    Engagement,
    Goal,
    PlannedSession,
    StageChange,
    Team,
)
from coaching.tests.access import ANON, Case, rows_of

from .world import days

ACTORS = [ANON, "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS += ["superuser", "associate_b", "coachee", "other_coach", "principal_other"]

EVERYONE = dict.fromkeys(ACTORS[1:], 200)
# Who sees the individual engagement's activity, and who of them is its coach.
SEES_INDIVIDUAL = dict.fromkeys(["coach_a", "coachee", "admin_a", "principal_a"], 200)
SEES_INDIVIDUAL |= {"associate": 200, "superuser": 200}
COACH_ONLY = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 200}
COACH_POST = dict.fromkeys(SEES_INDIVIDUAL, 403) | {"coach_a": 302}
# The team engagement: the associate coaches it (network coach); the team's members are coachees.
SEES_TEAM = dict.fromkeys(["associate", "coachee", "admin_a", "superuser"], 200)
TEAM_COACH = dict.fromkeys(SEES_TEAM, 403) | {"associate": 200}
TEAM_COACH_POST = dict.fromkeys(SEES_TEAM, 403) | {"associate": 302}
MANAGERS_A = dict.fromkeys(["admin_a", "associate", "superuser"], 200)


def state(w):
    return rows_of(Engagement, Team, Goal, StageChange, CoachingSession, ActionStep, PlannedSession)


def at(name, attr, key="pk"):
    return lambda w: reverse(f"coaching:{name}", kwargs={key: getattr(w, attr).pk})


def start_data(w):
    return {
        "program": w.program.pk,
        "coach": w.coach_a.pk,
        "model": "instructional",
        "level": "individual",
        "coachee_kind": "person",
        "coachee_person": w.person_a.pk,
        "starts_on": days(0).isoformat(),
        "process_described": "on",
        "confidentiality_explained": "on",
        "commitment_given": "on",
        "response_window_days": 3,
        "checkin_methods": ["email"],
    }


def session_data(w):
    return {"held_on": days(0).isoformat(), "minutes": 30, "mode": "onsite", "notes": "Went well"}


def step_data(w):
    return {
        "step": "Narrate the positive",
        "success_criteria": "Heard twice",
        "follow_up_on": days(3),
    }


CASES = [
    Case("coaching:my_engagements", lambda w: reverse("coaching:my_engagements"), EVERYONE),
    Case("coaching:my_coaching", lambda w: reverse("coaching:my_coaching"), EVERYONE),
    Case(
        "coaching:school_coaching",
        lambda w: reverse("coaching:school_coaching"),
        dict.fromkeys(EVERYONE, 403) | {"principal_a": 200, "principal_other": 200},
    ),
    Case(
        "coaching:district_engagements",
        at("district_engagements", "district_a", "district_pk"),
        MANAGERS_A,
    ),
    Case(
        "coaching:engagement_start", at("engagement_start", "district_a", "district_pk"), MANAGERS_A
    ),
    # The activity exports: each list's sessions, for whoever sees that list.
    Case(
        "coaching:my_activity_export",
        lambda w: reverse("coaching:my_activity_export", args=["csv"]),
        EVERYONE,
    ),
    Case(
        "coaching:school_activity_export",
        lambda w: reverse("coaching:school_activity_export", args=["xlsx"]),
        dict.fromkeys(EVERYONE, 403) | {"principal_a": 200, "principal_other": 200},
    ),
    Case(
        "coaching:district_activity_export",
        lambda w: (
            reverse("coaching:district_activity_export", args=[w.district_a.pk, "csv"])
            + "?status=active"
        ),
        MANAGERS_A,
    ),
    Case(
        "coaching:engagement_start",
        at("engagement_start", "district_a", "district_pk"),
        dict.fromkeys(MANAGERS_A, 302),
        method="post",
        data=start_data,
        state=state,
    ),
    Case("coaching:team_create", at("team_create", "district_a", "district_pk"), MANAGERS_A),
    Case(
        "coaching:team_create",
        at("team_create", "district_a", "district_pk"),
        dict.fromkeys(MANAGERS_A, 302),
        method="post",
        data=lambda w: {"name": "Grade 3 PLC", "members": [w.person_a.pk]},
        state=state,
    ),
    Case("coaching:engagement_detail", at("engagement_detail", "individual"), SEES_INDIVIDUAL),
    Case(
        "coaching:engagement_detail",
        at("engagement_detail", "team"),
        SEES_TEAM,
        label="engagement_detail-team",
    ),
    Case("coaching:session_log", at("session_log", "individual"), COACH_ONLY),
    Case(
        "coaching:session_log",
        at("session_log", "individual"),
        COACH_POST,
        method="post",
        data=session_data,
        state=state,
    ),
    Case(
        "coaching:session_quick",
        at("session_quick", "individual"),
        COACH_POST,
        method="post",
        data=lambda w: {"note": "Hallway question on seating", "minutes": 5, "mode": "async"},
        state=state,
    ),
    Case(
        "coaching:session_quick",
        at("session_quick", "individual"),
        dict.fromkeys(EVERYONE, 405),
        label="session_quick-get-is-refused",
        state=state,
    ),
    Case("coaching:goal_add", at("goal_add", "individual"), COACH_ONLY),
    Case(
        "coaching:goal_add",
        at("goal_add", "individual"),
        COACH_POST,
        method="post",
        data=lambda w: {"text": "Lift participation", "success_criteria": "All hands up"},
        state=state,
    ),
    Case("coaching:stage_change", at("stage_change", "team"), TEAM_COACH),
    Case(
        "coaching:stage_change",
        at("stage_change", "team"),
        TEAM_COACH_POST,
        method="post",
        data=lambda w: {"to_stage": 3, "changed_on": days(0), "reason": "Ready to self-monitor"},
        state=state,
    ),
    Case(
        "coaching:engagement_status",
        at("engagement_status", "individual"),
        SEES_INDIVIDUAL | {"coachee": 403, "principal_a": 403},
    ),
    Case(
        "coaching:engagement_status",
        at("engagement_status", "individual"),
        dict.fromkeys(["coach_a", "admin_a", "associate", "superuser"], 302)
        | {"coachee": 403, "principal_a": 403},
        method="post",
        data=lambda w: {"status": "paused", "reason": "Coachee on leave"},
        state=state,
    ),
    Case("coaching:step_set", at("step_set", "individual"), COACH_ONLY),
    Case(
        "coaching:step_set",
        at("step_set", "individual"),
        COACH_POST,
        method="post",
        data=step_data,
        state=state,
    ),
    Case(
        "coaching:step_advance",
        at("step_advance", "step_due"),
        COACH_ONLY | {"coachee": 200},
    ),
    Case(
        "coaching:step_advance",
        at("step_advance", "step_due"),
        COACH_POST | {"coachee": 302},
        method="post",
        data=lambda w: {"status": "practising"},
        state=state,
    ),
    # Planned sessions (views/planned_sessions.py): who logs the sessions plans, changes and cancels
    # them.
    Case(
        "coaching:planned_session_schedule",
        at("planned_session_schedule", "individual"),
        COACH_ONLY,
    ),
    Case(
        "coaching:planned_session_schedule",
        at("planned_session_schedule", "individual"),
        COACH_POST,
        method="post",
        data=lambda w: {"on": days(5), "at": "14:30", "minutes": 30, "mode": "virtual"},
        state=state,
    ),
    Case(
        "coaching:planned_session_change",
        at("planned_session_change", "planned"),
        COACH_ONLY,
    ),
    Case(
        "coaching:planned_session_change",
        at("planned_session_change", "planned"),
        COACH_POST,
        method="post",
        data=lambda w: {"on": days(9), "at": "08:15", "minutes": 40, "mode": "virtual"},
        state=state,
    ),
    Case(
        "coaching:planned_session_cancel",
        at("planned_session_cancel", "planned"),
        COACH_POST,
        method="post",
        state=state,
    ),
    Case(
        "coaching:planned_session_cancel",
        at("planned_session_cancel", "planned"),
        dict.fromkeys(EVERYONE, 405),
        label="planned_session_cancel-get-is-refused",
        state=state,
    ),
    Case(
        "coaching:session_log",
        lambda w: (
            reverse("coaching:session_log", args=[w.individual.pk]) + f"?planned={w.planned.pk}"
        ),
        COACH_ONLY,
        label="session_log-planned",
    ),
    Case(
        "coaching:session_log",
        lambda w: (
            reverse("coaching:session_log", args=[w.individual.pk]) + f"?planned={w.planned.pk}"
        ),
        COACH_POST,
        method="post",
        data=session_data,
        state=state,
        label="session_log-planned-post",
    ),
]
