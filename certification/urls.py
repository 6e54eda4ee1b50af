"""Certification's pages, under /certification/ (namespace certification), and the public
certificate check, `verify_urlpatterns`, mounted at /verify/ by config/urls.py (namespace verify,
no sign-in needed)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views
from .views import certificates, history

app_name = "certification"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("export.<export:fmt>", views.pipeline_export, name="pipeline_export"),
    path("certificates/export.<export:fmt>", views.certificates_export, name="certificates_export"),
    path(
        "my-path/facilitations/export.<export:fmt>",
        views.my_facilitations_export,
        name="my_facilitations_export",
    ),
    path(
        "candidates/<int:pk>/facilitations/export.<export:fmt>",
        views.candidacy_facilitations_export,
        name="candidacy_facilitations_export",
    ),
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
    path(
        "programs/<int:program_pk>/settings/history/",
        history.program_settings_history_page,
        name="program_settings_history",
    ),
    path("candidates/<int:pk>/cohort/", views.candidacy_cohort, name="candidacy_cohort"),
    path("candidates/<int:pk>/notes/", views.submission_start, name="submission_start"),
    path("candidates/<int:pk>/assign-video/", views.video_assign, name="video_assign"),
    path("my-path/facilitations/new/", views.facilitation_log, name="facilitation_log"),
    path("queue/", views.review_queue, name="review_queue"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/save/", views.submission_save, name="submission_save"),
    path("submissions/<int:pk>/score/", views.submission_score, name="submission_score"),
    path("submissions/<int:pk>/decide/", views.submission_decide, name="submission_decide"),
]
# --- certificates --------------------------------------------------------------------------------
urlpatterns += [
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:pk>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
]

verify_urlpatterns = (
    [
        path("", certificates.verify, name="lookup"),
        path("<str:number>/", certificates.verify, name="number"),
    ],
    "verify",
)


def moved(route, name):
    """Training moved to coaching (/training/...): its old address answers 301 to the new one."""
    view = RedirectView.as_view(pattern_name=f"coaching:{name}", permanent=True, query_string=True)
    return path(f"training/{route}", view, name=f"old_{name}")


urlpatterns += [
    moved("", "training"),
    moved("programs/<int:program_pk>/new/", "event_create"),
    moved("programs/<int:program_pk>/cohorts/new/", "cohort_create"),
    moved("<int:pk>/", "event_detail"),
    moved("<int:pk>/register/", "event_register"),
    moved("<int:pk>/attendance/", "event_attendance"),
    moved("registrations/<int:pk>/cancel/", "registration_cancel"),
    moved("registrations/<int:pk>/make-up/", "registration_make_up"),
]
