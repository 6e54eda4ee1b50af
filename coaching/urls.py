from django.urls import include, path

from . import views
from .views import (
    calendar,
    checkins,
    courses,
    engagements,
    history,
    invitations,
    peer,
    planned_sessions,
    roles,
    roster,
    training,
)

app_name = "coaching"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.profile, name="profile"),
    # The calendar feed (views/calendar.py): the owner's page, and the secret address itself.
    path("me/calendar/", calendar.calendar_page, name="calendar_page"),
    path("me/calendar/reset/", calendar.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("notifications/", include("coaching.notifications.urls")),
    path("districts/", views.district_list, name="district_list"),
    path("districts/<int:pk>/", views.district_detail, name="district_detail"),
    path("districts/<int:district_pk>/schools/new/", views.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", views.school_update, name="school_update"),
    path("schools/<int:pk>/history/", history.school_history, name="school_history"),
    path(
        "schools/<int:pk>/deactivate/",
        views.school_set_active,
        {"active": False},
        name="school_deactivate",
    ),
    path(
        "schools/<int:pk>/reactivate/",
        views.school_set_active,
        {"active": True},
        name="school_reactivate",
    ),
    path("districts/<int:district_pk>/staff/", views.staff_list, name="staff_list"),
    path("districts/<int:district_pk>/staff/new/", views.staff_create, name="staff_create"),
    path("districts/<int:district_pk>/staff/import/", roster.roster_import, name="roster_import"),
    path(
        "districts/<int:district_pk>/staff/import/confirm/",
        roster.roster_confirm,
        name="roster_confirm",
    ),
    path(
        "districts/<int:district_pk>/staff/import/template.<export:fmt>",
        roster.roster_template,
        name="roster_template",
    ),
    path(
        "districts/<int:district_pk>/staff/export.<export:fmt>",
        roster.roster_export,
        name="roster_export",
    ),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_update, name="staff_update"),
    path("staff/<int:pk>/history/", history.staff_history, name="staff_history"),
    path(
        "staff/<int:pk>/deactivate/",
        views.staff_set_active,
        {"active": False},
        name="staff_deactivate",
    ),
    path(
        "staff/<int:pk>/reactivate/",
        views.staff_set_active,
        {"active": True},
        name="staff_reactivate",
    ),
    path("staff/<int:pk>/invite/", invitations.invitation_send, name="invitation_send"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("staff/<int:pk>/roles/", roles.role_grant, name="role_grant"),
    path("roles/<int:pk>/remove/", roles.role_revoke, name="role_revoke"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("training/", training.training, name="training"),
    path("training/programs/<int:program_pk>/new/", training.event_create, name="event_create"),
    path(
        "training/programs/<int:program_pk>/cohorts/new/",
        training.cohort_create,
        name="cohort_create",
    ),
    path("training/<int:pk>/", training.event_detail, name="event_detail"),
    path("training/<int:pk>/register/", training.event_register, name="event_register"),
    path("training/<int:pk>/attendance/", training.event_attendance, name="event_attendance"),
    path("training/<int:pk>/cancel/", training.event_cancel, name="event_cancel"),
    path(
        "training/registrations/<int:pk>/cancel/",
        training.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "training/registrations/<int:pk>/make-up/",
        training.registration_make_up,
        name="registration_make_up",
    ),
    # Peer coaching in a school
    path("peer/", peer.peer_home, name="peer_home"),
    path("peer/schools/<int:school_pk>/team/new/", peer.peer_team_create, name="peer_team_create"),
    path("peer/teams/<int:pk>/", peer.peer_team, name="peer_team"),
    path("peer/teams/<int:pk>/coaches/", peer.peer_team_coaches, name="peer_team_coaches"),
    path("peer/teams/<int:pk>/plan/", peer.peer_plan_write, name="peer_plan_write"),
    path("peer/teams/<int:pk>/partnerships/", peer.peer_partnerships, name="peer_partnerships"),
    path(
        "peer/teams/<int:pk>/partnerships/new/", peer.partnership_assign, name="partnership_assign"
    ),
    path("peer/teams/<int:pk>/time-requests/", peer.peer_time_requests, name="peer_time_requests"),
    path("peer/plans/<int:pk>/", peer.peer_plan, name="peer_plan"),
    path("peer/plans/<int:pk>/endorse/", peer.peer_plan_endorse, name="peer_plan_endorse"),
    path("peer/partnerships/<int:pk>/", peer.partnership_detail, name="partnership_detail"),
    path("peer/partnerships/<int:pk>/cycle/", peer.partnership_move, name="partnership_move"),
    path("peer/partnerships/<int:pk>/help/", peer.partnership_jit, name="partnership_jit"),
    path(
        "peer/partnerships/<int:pk>/sessions/", peer.partnership_session, name="partnership_session"
    ),
    path("peer/partnerships/<int:pk>/reflections/", peer.peer_reflection, name="peer_reflection"),
    path(
        "peer/partnerships/<int:pk>/artifacts/", peer.peer_artifact_keep, name="peer_artifact_keep"
    ),
    path(
        "peer/partnerships/<int:pk>/time-requests/", peer.time_request_ask, name="time_request_ask"
    ),
    path(
        "peer/partnerships/<int:pk>/continue/",
        peer.partnership_continue,
        name="partnership_continue",
    ),
    path("peer/partnerships/<int:pk>/assess/", peer.partnership_assess, name="partnership_assess"),
    path("peer/artifacts/<int:pk>/", peer.peer_artifact, name="peer_artifact"),
    path(
        "peer/time-requests/<int:pk>/schedule/",
        peer.time_request_schedule,
        name="time_request_schedule",
    ),
    # Coaching engagements
    path("engagements/", engagements.my_engagements, name="my_engagements"),
    path(
        "engagements/sessions.<export:fmt>",
        engagements.my_activity_export,
        name="my_activity_export",
    ),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/sessions/new/", engagements.session_log, name="session_log"),
    path("engagements/<int:pk>/quick-note/", engagements.session_quick, name="session_quick"),
    path("engagements/<int:pk>/goals/new/", engagements.goal_add, name="goal_add"),
    path(
        "engagements/<int:pk>/sessions/plan/",
        planned_sessions.planned_session_schedule,
        name="planned_session_schedule",
    ),
    path(
        "engagements/planned/<int:pk>/change/",
        planned_sessions.planned_session_change,
        name="planned_session_change",
    ),
    path(
        "engagements/planned/<int:pk>/cancel/",
        planned_sessions.planned_session_cancel,
        name="planned_session_cancel",
    ),
    path("engagements/<int:pk>/stage/", engagements.stage_change, name="stage_change"),
    path("engagements/<int:pk>/status/", engagements.engagement_status, name="engagement_status"),
    path("engagements/<int:pk>/steps/new/", engagements.step_set, name="step_set"),
    path("engagements/steps/<int:pk>/", engagements.step_advance, name="step_advance"),
    path("my-coaching/", engagements.my_coaching, name="my_coaching"),
    # Check-ins and the access log (views/checkins.py)
    path("engagements/<int:pk>/checkins/", checkins.checkin_list, name="checkin_list"),
    path("checkins/<int:pk>/", checkins.checkin_detail, name="checkin_detail"),
    path("my-coaching/openings/", checkins.openings, name="content_openings"),
    path("schools/coaching/", engagements.school_coaching, name="school_coaching"),
    path(
        "schools/coaching/sessions.<export:fmt>",
        engagements.school_activity_export,
        name="school_activity_export",
    ),
    path(
        "districts/<int:district_pk>/engagements/",
        engagements.district_engagements,
        name="district_engagements",
    ),
    path(
        "districts/<int:district_pk>/engagements/sessions.<export:fmt>",
        engagements.district_activity_export,
        name="district_activity_export",
    ),
    path(
        "districts/<int:district_pk>/engagements/new/",
        engagements.engagement_start,
        name="engagement_start",
    ),
    path("districts/<int:district_pk>/teams/new/", engagements.team_create, name="team_create"),
    # Coach-training courses (views/courses.py)
    path("courses/", courses.course_list, name="course_list"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:course_pk>/runs/new/", courses.run_create, name="run_create"),
    # The course's outline, kept by the program's associates (and the site admin).
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/completed/", courses.course_complete, name="course_complete"),
    path("courses/stages/<int:stage_pk>/units/new/", courses.unit_create, name="unit_create"),
    path("courses/units/<int:pk>/edit/", courses.unit_edit, name="unit_edit"),
    path("courses/units/<int:pk>/move/", courses.unit_move, name="unit_move"),
    path(
        "courses/units/<int:unit_pk>/sessions/new/",
        courses.course_session_create,
        name="course_session_create",
    ),
    path(
        "courses/outline/sessions/<int:pk>/edit/",
        courses.course_session_edit,
        name="course_session_edit",
    ),
    path(
        "courses/outline/sessions/<int:pk>/move/",
        courses.course_session_move,
        name="course_session_move",
    ),
    path(
        "courses/outline/sessions/<int:session_pk>/questions/new/",
        courses.course_question_add,
        name="course_question_add",
    ),
    path(
        "courses/outline/questions/<int:pk>/edit/",
        courses.course_question_edit,
        name="course_question_edit",
    ),
    path(
        "courses/outline/questions/<int:pk>/drop/",
        courses.course_question_drop,
        name="course_question_drop",
    ),
    path(
        "courses/outline/sessions/<int:session_pk>/resources/new/",
        courses.course_resource_add,
        name="course_resource_add",
    ),
    path(
        "courses/outline/resources/<int:pk>/drop/",
        courses.course_resource_drop,
        name="course_resource_drop",
    ),
    path("courses/runs/<int:pk>/", courses.run_detail, name="run_detail"),
    path("courses/runs/<int:pk>/schedule/", courses.run_schedule, name="run_schedule"),
    path("courses/runs/<int:pk>/grid/", courses.run_grid, name="run_grid"),
    path(
        "courses/runs/<int:pk>/coaches/<int:person_pk>/",
        courses.run_progress,
        name="run_progress",
    ),
    path("courses/runs/<int:pk>/pairs/", courses.run_pairs, name="run_pairs"),
    path(
        "courses/runs/<int:pk>/sessions/<int:session_pk>/open/",
        courses.run_session_open,
        name="run_session_open",
    ),
    path("courses/sessions/<int:pk>/", courses.run_session_detail, name="run_session_detail"),
    path(
        "courses/sessions/<int:pk>/typed-in/",
        courses.run_session_typed_in,
        name="run_session_typed_in",
    ),
    path("courses/sessions/<int:pk>/adapt/", courses.run_session_adapt, name="run_session_adapt"),
    path("courses/questions/<int:pk>/edit/", courses.question_edit, name="question_edit"),
    path("courses/questions/<int:pk>/drop/", courses.question_drop, name="question_drop"),
    path("courses/answers/<int:pk>/follow-up/", courses.answer_follow_up, name="answer_follow_up"),
    path("courses/resources/<int:pk>/", courses.resource_download, name="resource_download"),
]
