"""Notifications' pages, included by coaching/urls.py under /notifications/ (names coaching:inbox, …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.notification_open, name="notification_open"),
    path("read/", views.notifications_read, name="notifications_read"),
    path("settings/", views.notification_settings, name="notification_settings"),
]
