from django.urls import path

from . import views

app_name = "observations"

urlpatterns = [
    path("practice/", views.my_practice, name="my_practice"),
    path("practice/self-assessment/", views.self_assessment_start, name="self_assessment_start"),
    path("coaches/", views.coach_list, name="coach_list"),
    path("coaches/<int:pk>/", views.coach_practice, name="coach_practice"),
    path("coaches/<int:pk>/rate/", views.coach_rate, name="coach_rate"),
]
