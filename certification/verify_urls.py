"""The public certificate check, mounted at /verify/: no sign-in needed."""

from django.urls import path

from . import certificate_views as views

app_name = "verify"

urlpatterns = [
    path("", views.verify, name="lookup"),
    path("<str:number>/", views.verify, name="number"),
]
