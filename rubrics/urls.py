from django.urls import path

from . import views

app_name = "rubrics"

urlpatterns = [
    path("", views.rubric_list, name="rubric_list"),
    path("new/", views.rubric_create, name="rubric_create"),
    path("<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("<int:pk>/edit/", views.rubric_update, name="rubric_update"),
    path("<int:pk>/new-version/", views.version_new_draft, name="version_new_draft"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/delete/", views.version_delete, name="version_delete"),
    path("scoresheets/<int:pk>/", views.sheet_score, name="sheet_score"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/export.<export:fmt>", views.my_reviews_export, name="my_reviews_export"),
    path("adjudications/", views.adjudication_list, name="adjudication_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/adjudicate/", views.review_adjudicate, name="review_adjudicate"),
    path("agreement/", views.agreement_report, name="agreement_report"),
]
