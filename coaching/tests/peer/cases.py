"""The access table of peer coaching: every page, and what each actor of the cast and of the
peer world gets (`test_peer_access` runs it; the content tests fetch its pages). An actor not
named gets 404: another district (admin_b, coach_b, principal_b), another school's principal
(principal_other), a coach on no team (other_coach), a lesser role (admin_a: the district's
admin reads no school's coaching team), a peer coach of the team who is not in the partnership
(peer2)."""

from django.urls import reverse

from coaching.models import (
    CoachingSession,
    CycleChange,
    Engagement,
    GrowthArtifact,
    Partnership,
    PeerPlan,
    PeerTeam,
    Reflection,
    TimeRequest,
)
from coaching.tests.access import ANON, Case, rows_of

from . import world
from .world import days

ACTORS = [ANON, "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS += ["superuser", "partner", "peer2", "other_coach", "principal_other", "principal_b"]

EVERYONE = dict.fromkeys(ACTORS[1:], 200)
# The team of school_a: its principal, its peer coaches (no one else: the plan is the team's).
TEAM = dict.fromkeys(["principal_a", "coach_a", "peer2"], 200)
TEAM_POST = dict.fromkeys(TEAM, 302)
LEAD = dict.fromkeys(TEAM, 403) | {"principal_a": 200}
LEAD_POST = dict.fromkeys(TEAM, 403) | {"principal_a": 302}
# The partnership of coach_a and partner: the pair; its principal and the site admin see activity.
SEES = dict.fromkeys(["coach_a", "partner", "principal_a", "superuser"], 200)
PAIR_POST = dict.fromkeys(SEES, 403) | {"coach_a": 302, "partner": 302}
PAIR_GET = dict.fromkeys(SEES, 403) | {"coach_a": 200, "partner": 200}
PARTNER_POST = dict.fromkeys(SEES, 403) | {"partner": 302}
PARTNERSHIP_LEAD = dict.fromkeys(SEES, 403) | {"principal_a": 200}
PARTNERSHIP_LEAD_POST = dict.fromkeys(SEES, 403) | {"principal_a": 302}
# Last year's partnership (coach_a's, with a partner who has no login): the year-end assessment.
PAST_LEAD_POST = {k: v for k, v in PARTNERSHIP_LEAD_POST.items() if k != "partner"}


def state(w):
    models = (PeerTeam, PeerPlan, Partnership, CycleChange, Engagement, CoachingSession)
    models += (Reflection, GrowthArtifact, TimeRequest)
    return rows_of(*models)


def coaches_state(w):
    return list(PeerTeam.coaches.through.objects.order_by("pk").values("peerteam_id", "user_id"))


# Who keeps the school's peer coaches: its principal and the district's admin (admin_a).
KEEPS_COACHES = {"principal_a": 200, "admin_a": 200, "coach_a": 403, "peer2": 403}
KEEPS_COACHES_POST = {"principal_a": 302, "admin_a": 302, "coach_a": 403, "peer2": 403}


def at(name, attr):
    return lambda w: reverse(f"coaching:{name}", args=[getattr(w, attr).pk])


def post(name, attr, expect, data, label=""):
    return Case(
        f"coaching:{name}",
        at(name, attr),
        expect,
        method="post",
        data=data,
        state=state,
        label=label,
    )


CASES = [
    Case("coaching:peer_home", lambda w: reverse("coaching:peer_home"), EVERYONE),
    Case(
        "coaching:peer_team_create",
        at("peer_team_create", "school_a2"),
        {"principal_other": 200},
    ),
    post(
        "peer_team_create",
        "school_a2",
        {"principal_other": 302},
        lambda w: {"program": w.peer_program.pk, "coaches": [w.other_coach.pk]},
    ),
    Case("coaching:peer_team", at("peer_team", "team"), TEAM),
    Case("coaching:peer_plan_write", at("peer_plan_write", "team"), TEAM),
    post(
        "peer_plan_write",
        "team",
        TEAM_POST,
        lambda w: {"goals": "Collaboration with technology", "plan": "Fridays, in pairs"},
    ),
    Case("coaching:peer_plan", at("peer_plan", "plan"), TEAM),
    post("peer_plan_endorse", "plan2", LEAD_POST, lambda w: {}),
    Case("coaching:peer_partnerships", at("peer_partnerships", "team"), TEAM),
    Case("coaching:partnership_assign", at("partnership_assign", "team"), TEAM),
    post(
        "partnership_assign",
        "team",
        TEAM_POST,
        lambda w: {"coach": w.peer2.pk, "partner": w.teacher3.pk, "agreed": "on"},
    ),
    Case("coaching:peer_time_requests", at("peer_time_requests", "team"), LEAD),
    post(
        "time_request_schedule",
        "time_request",
        PARTNERSHIP_LEAD_POST,
        lambda w: {"scheduled_for": days(2).isoformat()},
    ),
    Case("coaching:partnership_detail", at("partnership_detail", "partnership"), SEES),
    post("partnership_move", "partnership", PAIR_POST, lambda w: {"to_step": "observe"}),
    post("partnership_jit", "partnership", PAIR_POST, lambda w: {"line": "Shared the screen"}),
    post(
        "partnership_session",
        "partnership",
        PAIR_POST,
        lambda w: {
            "activity": "co_teaching",
            "held_on": days(0).isoformat(),
            "minutes": 45,
            "mode": "onsite",
            "notes": "Team-taught the lesson",
        },
    ),
    post("peer_reflection", "partnership", PARTNER_POST, lambda w: {"text": "Tried it alone"}),
    post("peer_artifact_keep", "partnership", PARTNER_POST, lambda w: {"file": world.png()}),
    post("time_request_ask", "partnership", PARTNER_POST, lambda w: {"what": "Plan a unit"}),
    post("partnership_continue", "partnership", PARTNER_POST, lambda w: {"answer": "yes"}),
    Case("coaching:peer_artifact", at("peer_artifact", "artifact"), PAIR_GET),
    Case("coaching:partnership_assess", at("partnership_assess", "partnership"), PARTNERSHIP_LEAD),
    post(
        "partnership_assess",
        "partnership_past",
        PAST_LEAD_POST,
        lambda w: {"decision": "continue", "note": "Met most weeks"},
    ),
    Case("coaching:peer_team_coaches", at("peer_team_coaches", "team"), KEEPS_COACHES),
    Case(
        "coaching:peer_team_coaches",
        at("peer_team_coaches", "team"),
        KEEPS_COACHES_POST,
        method="post",
        data=lambda w: {"coaches": [w.coach_a.pk, w.peer2.pk, w.other_coach.pk]},
        state=coaches_state,
    ),
]
