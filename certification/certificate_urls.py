"""The certificate pages, under the certification namespace (certification/urls.py adds them).
The public verification pages are in verify_urls.py, mounted at /verify/."""

from django.urls import path

from . import certificate_views as views

urlpatterns = [
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
]
