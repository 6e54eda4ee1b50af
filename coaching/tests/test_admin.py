"""The Django admin: every model is there for the site admin, and history cannot be deleted."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

# The copies history keeps are read on their record's History page (test_history.py).
MODELS = [
    model
    for model in apps.get_app_config("coaching").get_models()
    if not issubclass(model, HistoricalChanges)
]


@pytest.mark.parametrize("model", MODELS)
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


def _action(client, model_name, action, objs):
    return client.post(
        reverse(f"admin:coaching_{model_name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objs]},
        follow=True,
    )


def test_logins_are_deactivated_never_deleted_and_not_ones_own(cast, client_for):
    client = client_for(cast.superuser)
    page = _action(client, "user", "deactivate", [cast.coach_a, cast.superuser])
    cast.coach_a.refresh_from_db()
    cast.superuser.refresh_from_db()
    assert cast.coach_a.is_active is False
    assert cast.superuser.is_active is True
    assert "You cannot deactivate your own login" in page.content.decode()
    _action(client, "user", "reactivate", [cast.coach_a])
    cast.coach_a.refresh_from_db()
    assert cast.coach_a.is_active is True
    url = reverse("admin:coaching_user_delete", args=[cast.coach_a.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403


def test_people_are_deactivated_through_the_roster_service(cast, client_for):
    client = client_for(cast.superuser)
    person = cast.coach_b.person
    _action(client, "person", "deactivate", [person])
    person.refresh_from_db()
    cast.coach_b.refresh_from_db()
    assert person.is_active is False
    # The service's own step: the district-only login goes with the roster entry, and comes back.
    assert cast.coach_b.is_active is False and person.login_disabled_with_roster
    _action(client, "person", "reactivate", [person])
    cast.coach_b.refresh_from_db()
    assert cast.coach_b.is_active is True


def test_a_school_is_deactivated_by_the_action(cast, client_for):
    _action(client_for(cast.superuser), "school", "deactivate", [cast.school_b])
    cast.school_b.refresh_from_db()
    assert cast.school_b.is_active is False


@pytest.mark.parametrize(
    "model_name, query, found",
    [("person", "vandersloot", "Elena Vandersloot"), ("user", "coach@a.", "coach@a.example")],
)
def test_searching_finds_the_row_by_name(model_name, query, found, cast, client_for):
    response = client_for(cast.superuser).get(
        reverse(f"admin:coaching_{model_name}_changelist"), {"q": query}
    )
    rows = list(response.context["cl"].result_list)
    assert len(rows) == 1 and found in (str(rows[0]), getattr(rows[0], "email", ""))


def test_a_filter_narrows_the_people(cast, client_for):
    response = client_for(cast.superuser).get(
        reverse("admin:coaching_person_changelist"), {"district__id__exact": cast.district_c.pk}
    )
    assert [p.pk for p in response.context["cl"].result_list] == [cast.person_c.pk]
