from django.urls import include, path

from . import views
from .views import checkins, engagements, invitations, roles, roster, training

app_name = "coaching"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.profile, name="profile"),
    path("notifications/", include("coaching.notifications.urls")),
    path("districts/", views.district_list, name="district_list"),
    path("districts/<int:pk>/", views.district_detail, name="district_detail"),
    path("districts/<int:district_pk>/schools/new/", views.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", views.school_update, name="school_update"),
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
]
