"""The Django admin: every model is there for the site admin, and history cannot be deleted."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse


@pytest.mark.parametrize("model", list(apps.get_app_config("coaching").get_models()))
def test_every_model_has_a_working_admin_list_with_search(model, cast, client_for):
    assert admin.site.is_registered(model)
    client = client_for(cast.superuser)
    changelist = reverse(f"admin:coaching_{model._meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "maple"}).status_code == 200


@pytest.mark.parametrize("model_name", ["district", "school", "person"])
def test_the_admin_cannot_delete_history(model_name, cast, client_for):
    obj = {"district": cast.district_a, "school": cast.school_a, "person": cast.person_a}[
        model_name
    ]
    url = reverse(f"admin:coaching_{model_name}_delete", args=[obj.pk])
    assert client_for(cast.superuser).get(url).status_code == 403


def test_a_district_admin_is_not_let_into_the_site_admin(cast, client_for):
    response = client_for(cast.admin_a).get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
