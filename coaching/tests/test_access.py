"""Every view of the coaching app, tried by every actor of the cast."""

import pytest
from django.urls import reverse

from coaching.models import (
    Cohort,
    EmailPreference,
    Notification,
    Person,
    Registration,
    School,
    TrainingEvent,
    User,
)

from .access import Case, rows_of, run_case
from .casts import cast_layer
from .training import world

ALL = {"coach_b": 200, "coach_a": 200, "principal_a": 200, "admin_b": 200, "admin_a": 200}
ALL |= {"associate": 200, "superuser": 200}
# Reads of district A's records: its admin, the associate, the site admin.
READ_A = {"admin_a": 200, "associate": 200, "superuser": 200}
# Changes to district A's records: its admin and the site admin; the associate reads only.
WRITE_A = {"admin_a": 200, "superuser": 200, "associate": 403}
WRITE_A_POST = {"admin_a": 302, "superuser": 302, "associate": 403}


def roster_state(w):
    return (
        *rows_of(School, Person),
        list(User.objects.order_by("pk").values_list("pk", "is_active")),
    )


def url(name, attr=None, key="pk"):
    if attr is None:
        return lambda w: reverse(name)
    return lambda w: reverse(name, kwargs={key: getattr(w, attr).pk})


school_data = {"name": "Oak Hill Middle School"}


def person_data(w):
    return {"first_name": "Nia", "last_name": "Adams", "email": "nia@a.example", "school": ""}


def coach_a_note(w):
    """A notification of coach A's: only they may open it."""
    if not hasattr(w, "note"):
        w.note = Notification.objects.create(
            recipient=w.coach_a, kind="phase", subject="In Phase III", body="Next: notes.", url="/"
        )
    return w.note


def inbox_state(w):
    return (
        list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        *rows_of(EmailPreference),
    )


CASES = [
    Case("coaching:home", url("coaching:home"), ALL),
    Case("coaching:inbox", url("coaching:inbox"), ALL),
    Case(
        "coaching:notification_open",
        lambda w: reverse("coaching:notification_open", args=[coach_a_note(w).pk]),
        {"coach_a": 302},
        method="post",
        state=inbox_state,
    ),
    Case(
        "coaching:notifications_read",
        url("coaching:notifications_read"),
        dict.fromkeys(ALL, 302),
        method="post",
    ),
    Case(
        "coaching:notification_settings",
        url("coaching:notification_settings"),
        ALL,
    ),
    Case("coaching:profile", url("coaching:profile"), ALL),
    Case(
        "coaching:district_list",
        url("coaching:district_list"),
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    Case("coaching:district_detail", url("coaching:district_detail", "district_a"), READ_A),
    Case(
        "coaching:school_create",
        url("coaching:school_create", "district_a", "district_pk"),
        WRITE_A,
    ),
    Case(
        "coaching:school_create",
        url("coaching:school_create", "district_a", "district_pk"),
        WRITE_A_POST,
        method="post",
        data=lambda w: school_data,
        state=roster_state,
    ),
    # A coach and the principal can see school A (to log meetings there) but not change it.
    Case(
        "coaching:school_update",
        url("coaching:school_update", "school_a"),
        WRITE_A | {"coach_a": 403, "principal_a": 403},
    ),
    Case(
        "coaching:school_update",
        url("coaching:school_update", "school_a"),
        WRITE_A_POST | {"coach_a": 403, "principal_a": 403},
        method="post",
        data=lambda w: school_data,
        state=roster_state,
    ),
    # A school's history: for whoever may open its page (the page changes it).
    Case(
        "coaching:school_history",
        url("coaching:school_history", "school_a"),
        WRITE_A | {"coach_a": 403, "principal_a": 403},
    ),
    Case(
        "coaching:school_deactivate",
        url("coaching:school_deactivate", "school_a"),
        WRITE_A_POST | {"coach_a": 403, "principal_a": 403},
        method="post",
        state=roster_state,
    ),
    Case(
        "coaching:school_deactivate",
        url("coaching:school_deactivate", "school_a"),
        {"admin_a": 405, "superuser": 405, "associate": 405, "coach_a": 405}
        | {"principal_a": 405, "admin_b": 405, "coach_b": 405},
        state=roster_state,
        label="school_deactivate-get-is-refused",
    ),
    Case(
        "coaching:staff_deactivate",
        url("coaching:staff_deactivate", "person_a"),
        {"admin_a": 405, "superuser": 405, "associate": 405, "coach_a": 405}
        | {"principal_a": 405, "admin_b": 405, "coach_b": 405},
        state=roster_state,
        label="staff_deactivate-get-is-refused",
    ),
    Case(
        "coaching:staff_reactivate",
        url("coaching:staff_reactivate", "person_a"),
        {"admin_a": 405, "superuser": 405, "associate": 405, "coach_a": 405}
        | {"principal_a": 405, "admin_b": 405, "coach_b": 405},
        state=roster_state,
        label="staff_reactivate-get-is-refused",
    ),
    Case(
        "coaching:school_reactivate",
        url("coaching:school_reactivate", "school_a"),
        {"admin_a": 405, "superuser": 405, "associate": 405, "coach_a": 405}
        | {"principal_a": 405, "admin_b": 405, "coach_b": 405},
        state=roster_state,
        label="school_reactivate-get-is-refused",
    ),
    Case(
        "coaching:school_reactivate",
        url("coaching:school_reactivate", "school_a"),
        WRITE_A_POST | {"coach_a": 403, "principal_a": 403},
        method="post",
        state=roster_state,
    ),
    Case("coaching:staff_list", url("coaching:staff_list", "district_a", "district_pk"), READ_A),
    Case(
        "coaching:staff_create",
        url("coaching:staff_create", "district_a", "district_pk"),
        WRITE_A,
    ),
    Case(
        "coaching:staff_create",
        url("coaching:staff_create", "district_a", "district_pk"),
        WRITE_A_POST,
        method="post",
        data=person_data,
        state=roster_state,
    ),
    # person_a works at school_a, so school_a's principal may read (never change) their record.
    Case(
        "coaching:staff_detail",
        url("coaching:staff_detail", "person_a"),
        READ_A | {"principal_a": 200},
    ),
    # A staff member's history: for whoever reads their page.
    Case(
        "coaching:staff_history",
        url("coaching:staff_history", "person_a"),
        READ_A | {"principal_a": 200},
    ),
    Case(
        "coaching:staff_update",
        url("coaching:staff_update", "person_a"),
        WRITE_A | {"principal_a": 403},
    ),
    Case(
        "coaching:staff_update",
        url("coaching:staff_update", "person_a"),
        WRITE_A_POST | {"principal_a": 403},
        method="post",
        data=person_data,
        state=roster_state,
    ),
    Case(
        "coaching:staff_deactivate",
        url("coaching:staff_deactivate", "person_a"),
        WRITE_A_POST | {"principal_a": 403},
        method="post",
        state=roster_state,
    ),
    Case(
        "coaching:staff_reactivate",
        url("coaching:staff_reactivate", "person_a"),
        WRITE_A_POST | {"principal_a": 403},
        method="post",
        state=roster_state,
    ),
    # District C is in no program the associate staffs: to them it does not exist.
    Case(
        "coaching:district_detail",
        url("coaching:district_detail", "district_c"),
        {"superuser": 200},
        label="district_detail-outside-the-associates-programs",
    ),
    Case(
        "coaching:staff_list",
        url("coaching:staff_list", "district_c", "district_pk"),
        {"superuser": 200},
        label="staff_list-outside-the-associates-programs",
    ),
    Case(
        "coaching:staff_detail",
        url("coaching:staff_detail", "person_c"),
        {"superuser": 200},
        label="staff_detail-outside-the-associates-programs",
    ),
    Case(
        "coaching:school_update",
        url("coaching:school_update", "school_c"),
        {"superuser": 200},
        label="school_update-outside-the-associates-programs",
    ),
    Case(
        "coaching:staff_history",
        url("coaching:staff_history", "person_c"),
        {"superuser": 200},
        label="staff_history-outside-the-associates-programs",
    ),
    Case(
        "coaching:school_history",
        url("coaching:school_history", "school_c"),
        {"superuser": 200},
        label="school_history-outside-the-associates-programs",
    ),
    Case("coaching:program_list", url("coaching:program_list"), ALL),
    # other_program: only district B is enrolled; the associate does not staff it.
    Case(
        "coaching:program_detail",
        url("coaching:program_detail", "other_program"),
        {"admin_b": 200, "coach_b": 200, "superuser": 200},
    ),
    Case(
        "coaching:program_detail",
        url("coaching:program_detail", "program"),
        {"associate": 200, "admin_a": 200, "admin_b": 200, "coach_a": 200, "coach_b": 200}
        | {"superuser": 200, "principal_a": 200},
        label="program_detail-of-staffed-program",
    ),
]

ACTORS = ["anonymous", "coach_b", "coach_a", "principal_a", "admin_b", "admin_a", "associate"]
ACTORS.append("superuser")


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_access(case, actor, cast, client_for):
    run_case(case, actor, cast, client_for)


# --- training (/training/), in the world of coaching/tests/training/world.py --------------------


def training_state(w):
    return rows_of(
        TrainingEvent, TrainingEvent.invitees.through, Cohort, Cohort.members.through, Registration
    )


EVERYONE_BUT_PRINCIPAL = dict.fromkeys(
    ["coach_a", "coach_b", "admin_a", "admin_b", "associate", "superuser", "associate_b"], 200
) | {"principal_a": 403}
# Who sees the program's events: its associates, and the admins and coaches of enrolled districts.
SEES_EVENTS = dict.fromkeys(["coach_a", "coach_b", "admin_a", "admin_b"], 200) | {
    "associate": 200,
    "superuser": 200,
}
# The program is visible to everyone of an enrolled district, who may not manage it.
MANAGES_PROGRAM = dict.fromkeys(
    ["coach_a", "coach_b", "admin_a", "admin_b", "principal_a"], 403
) | {"associate": 200, "superuser": 200}
# The network program enrols district A only: B's people do not see it at all.
MANAGES_NETWORK = dict.fromkeys(["coach_a", "admin_a", "principal_a"], 403) | {
    "associate": 200,
    "superuser": 200,
}


def later_event(w):
    return {
        "kind": "workshop",
        "title": "Spring workshop",
        "starts_at": "2027-03-01T09:00",
        "duration_minutes": 360,
        "location": "Room 2",
        "capacity": "",
    }


def network_event(w):
    return {
        "kind": "network_training",
        "title": "Spring network training",
        "audience": "named",
        "invitees": [w.person_a.pk],
        "starts_at": "2027-03-01T09:00",
        "duration_minutes": 120,
        "location": "Online",
        "capacity": "",
    }


TRAINING_CASES = [
    Case("coaching:training", url("coaching:training"), EVERYONE_BUT_PRINCIPAL),
    Case(
        "coaching:event_create",
        url("coaching:event_create", "program", "program_pk"),
        MANAGES_PROGRAM,
    ),
    Case(
        "coaching:event_create",
        url("coaching:event_create", "program", "program_pk"),
        {**MANAGES_PROGRAM, "associate": 302, "superuser": 302},
        method="post",
        data=later_event,
        state=training_state,
    ),
    Case(
        "coaching:event_create",
        url("coaching:event_create", "network", "program_pk"),
        {**MANAGES_NETWORK, "associate": 302, "superuser": 302},
        method="post",
        data=network_event,
        state=training_state,
        label="event_create-network-post",
    ),
    Case(
        "coaching:cohort_create",
        url("coaching:cohort_create", "program", "program_pk"),
        {**MANAGES_PROGRAM, "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"name": "Cohort Z"},
        state=training_state,
    ),
    Case("coaching:event_detail", url("coaching:event_detail", "workshop"), SEES_EVENTS),
    Case(
        "coaching:event_detail",
        url("coaching:event_detail", "network_training"),
        {"coach_a": 200, "admin_a": 200, "associate": 200, "superuser": 200},
        label="event_detail-network",
    ),
    # Seeing the event lets one ask; whom one may register is checked (see test_training_views).
    Case(
        "coaching:event_register",
        url("coaching:event_register", "workshop"),
        dict.fromkeys(SEES_EVENTS, 302),
        method="post",
        data=lambda w: {"person": w.person_a.pk},
    ),
    Case(
        "coaching:event_attendance",
        url("coaching:event_attendance", "past_call"),
        {**dict.fromkeys(SEES_EVENTS, 403), "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {f"r-{w.absent_registration.pk}": "attended"},
        state=training_state,
    ),
    Case(
        "coaching:event_cancel",
        url("coaching:event_cancel", "workshop"),
        {**dict.fromkeys(SEES_EVENTS, 403), "associate": 302, "superuser": 302},
        method="post",
        state=training_state,
    ),
    Case(
        "coaching:event_cancel",
        url("coaching:event_cancel", "workshop"),
        dict.fromkeys([*SEES_EVENTS, "principal_a", "associate_b"], 405),
        label="event_cancel-get-is-refused",
        state=training_state,
    ),
    Case(
        "coaching:registration_cancel",
        url("coaching:registration_cancel", "future_registration"),
        {"admin_a": 302, "associate": 302, "superuser": 302},
        method="post",
        state=training_state,
    ),
    Case(
        "coaching:registration_make_up",
        url("coaching:registration_make_up", "absent_registration"),
        {"admin_a": 403, "associate": 302, "superuser": 302},
        method="post",
        data=lambda w: {"note": "Watched the recording."},
        state=training_state,
    ),
]

TRAINING_ACTORS = [*ACTORS, "associate_b"]


@cast_layer
def training_cast(cast):
    return world.build(cast)


@pytest.mark.parametrize("actor", TRAINING_ACTORS)
@pytest.mark.parametrize("case", TRAINING_CASES, ids=lambda c: c.id)
def test_access_to_training(case, actor, training_cast, client_for):
    run_case(case, actor, training_cast, client_for)


# Every case of this module, for test_url_coverage (test_access above runs the cast's own).
CASES = CASES + TRAINING_CASES

# The old addresses of training (under /certification/) answer 301 with the new one, to anyone:
# the new page then checks who may see it. (url name of the old pattern, new name, its kwargs.)
MOVED = [
    ("certification:old_training", "coaching:training", lambda w: {}),
    (
        "certification:old_event_create",
        "coaching:event_create",
        lambda w: {"program_pk": w.program.pk},
    ),
    (
        "certification:old_cohort_create",
        "coaching:cohort_create",
        lambda w: {"program_pk": w.program.pk},
    ),
    ("certification:old_event_detail", "coaching:event_detail", lambda w: {"pk": w.workshop.pk}),
    (
        "certification:old_event_register",
        "coaching:event_register",
        lambda w: {"pk": w.workshop.pk},
    ),
    (
        "certification:old_event_attendance",
        "coaching:event_attendance",
        lambda w: {"pk": w.past_call.pk},
    ),
    (
        "certification:old_registration_cancel",
        "coaching:registration_cancel",
        lambda w: {"pk": w.future_registration.pk},
    ),
    (
        "certification:old_registration_make_up",
        "coaching:registration_make_up",
        lambda w: {"pk": w.absent_registration.pk},
    ),
]
REDIRECTED = {old for old, _, _ in MOVED}


@pytest.mark.parametrize("actor", ["anonymous", "coach_a", "associate"])
@pytest.mark.parametrize(("old", "new", "kwargs"), MOVED, ids=[m[0] for m in MOVED])
def test_an_old_training_address_redirects_permanently(
    old, new, kwargs, actor, training_cast, client_for
):
    w = training_cast
    before = training_state(w)
    client = client_for(getattr(w, actor))
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(old, kwargs=kwargs(w)) + "?page=2")
        assert response.status_code == 301, (old, method, response.status_code)
        assert response["Location"] == reverse(new, kwargs=kwargs(w)) + "?page=2"
    assert reverse(old, kwargs=kwargs(w)).startswith("/certification/training/")
    assert training_state(w) == before  # a redirect changes nothing
