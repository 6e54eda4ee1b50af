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
]
urlpatterns += certificate_urls.urlpatterns
