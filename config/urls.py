from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from certification import urls as certification_urls
from coaching.forms import SignInForm
from coaching.views import SignOutView
from config.health import HealthView

admin.site.site_header = "Coaching programs: site administration"
admin.site.site_title = "Coaching programs"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("health/", HealthView.as_view(), name="health"),
    path("health/web/", HealthView.as_view(full=False), name="health_web"),
    path("rubrics/", include("rubrics.urls")),
    path("observations/", include("observations.urls")),
    path("certification/", include("certification.urls")),
    path("verify/", include(certification_urls.verify_urlpatterns)),
    path("", include("coaching.urls")),
]
