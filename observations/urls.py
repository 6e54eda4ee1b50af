from django.urls import path

from . import views

app_name = "observations"

urlpatterns = [
    path("practice/", views.my_practice, name="my_practice"),
    path("practice/self-assessment/", views.self_assessment_start, name="self_assessment_start"),
    path("coaches/", views.coach_list, name="coach_list"),
    path("coaches/<int:pk>/", views.coach_practice, name="coach_practice"),
    path("coaches/<int:pk>/rate/", views.coach_rate, name="coach_rate"),
    # The private video library.
    path("videos/", views.video_list, name="video_list"),
    path("videos/new/", views.video_upload, name="video_upload"),
    path("videos/<int:pk>/", views.video_detail, name="video_detail"),
    path("videos/<int:pk>/stream/", views.video_stream, name="video_stream"),
    # An observation of a library video, and the notes tied to its moments.
    path("<int:pk>/video/", views.observation_video, name="observation_video"),
    path("<int:pk>/notes/add/", views.timed_note_add, name="timed_note_add"),
    path("notes/<int:pk>/remove/", views.timed_note_remove, name="timed_note_remove"),
    # Observations and feedback of coaching engagements, and their artifacts (the parties').
    path("engagements/<int:pk>/", views.engagement_observations, name="engagement_observations"),
    path(
        "engagements/<int:pk>/new/",
        views.engagement_observation_new,
        name="engagement_observation_new",
    ),
    path(
        "engagement-observations/<int:pk>/",
        views.engagement_observation,
        name="engagement_observation",
    ),
    path(
        "engagement-observations/<int:pk>/artifacts/",
        views.artifact_attach,
        name="artifact_attach",
    ),
    path("artifacts/<int:pk>/", views.artifact_download, name="artifact_download"),
]
