from django.urls import path

from . import certificate_urls, views

app_name = "certification"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("my-path/", views.my_path, name="my_path"),
    path(
        "districts/<int:district_pk>/identify/",
        views.candidacy_identify,
        name="candidacy_identify",
    ),
    path("candidates/<int:pk>/", views.candidacy_detail, name="candidacy_detail"),
    path("candidates/<int:pk>/approve/", views.candidacy_approve, name="candidacy_approve"),
    path("candidates/<int:pk>/decline/", views.candidacy_decline, name="candidacy_decline"),
    path("programs/<int:program_pk>/settings/", views.program_settings, name="program_settings"),
    path("candidates/<int:pk>/cohort/", views.candidacy_cohort, name="candidacy_cohort"),
    path("candidates/<int:pk>/notes/", views.submission_start, name="submission_start"),
    path("candidates/<int:pk>/assign-video/", views.video_assign, name="video_assign"),
    path("training/", views.training, name="training"),
    path("training/programs/<int:program_pk>/new/", views.event_create, name="event_create"),
    path(
        "training/programs/<int:program_pk>/cohorts/new/",
        views.cohort_create,
        name="cohort_create",
    ),
    path("training/<int:pk>/", views.event_detail, name="event_detail"),
    path("training/<int:pk>/register/", views.event_register, name="event_register"),
    path("training/<int:pk>/attendance/", views.event_attendance, name="event_attendance"),
    path(
        "training/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "training/registrations/<int:pk>/make-up/",
        views.registration_make_up,
        name="registration_make_up",
    ),
    path("my-path/facilitations/new/", views.facilitation_log, name="facilitation_log"),
    path("queue/", views.review_queue, name="review_queue"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/save/", views.submission_save, name="submission_save"),
    path("submissions/<int:pk>/score/", views.submission_score, name="submission_score"),
    path("submissions/<int:pk>/decide/", views.submission_decide, name="submission_decide"),
]
urlpatterns += certificate_urls.urlpatterns
