"""The access log: the site admin opening a record's content in /admin/ is logged, once per
opening, and shown to the coachee (and the coaches) under "Who opened my records"; the parties'
own readings are not logged; the admin's lists show no content column; the page is paginated and
costs the same at 2 and 50 openings."""

from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.admin import LogsContentOpenings
from coaching.models import CONTENT_FIELDS, ContentOpening
from coaching.services.openings import content_opening_record
from coaching.tests.casts import cast_layer

from . import world


@cast_layer
def w(cast):
    return world.build(cast)


def change_page(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def records(w):
    return [w.session, w.step_due, w.in_time, w.individual, w.individual.goals.first()]


def test_the_site_admin_opening_content_in_the_admin_is_logged_and_shown_to_the_coachee(
    w, client_for
):
    admin_client = client_for(w.superuser)
    for obj in records(w):
        assert admin_client.get(change_page(obj)).status_code == 200
    logged = ContentOpening.objects.filter(engagement=w.individual, opened_by=w.superuser)
    assert logged.count() == len(records(w))
    assert set(logged.values_list("how", flat=True)) == {"admin"}
    page = client_for(w.coachee).get(reverse("coaching:content_openings")).content.decode()
    assert f"Session of engagement {w.individual.pk} on" in page
    assert f"Check-in {w.in_time.pk} of engagement {w.individual.pk}" in page
    assert "The site administration (/admin/)" in page
    assert w.superuser.email in page or w.superuser.get_full_name() in page
    # The coach sees it too; the principal, no party, sees none of it.
    assert (
        "Check-in"
        in client_for(w.coach_a).get(reverse("coaching:content_openings")).content.decode()
    )
    other = client_for(w.principal_a).get(reverse("coaching:content_openings")).content.decode()
    assert "Nobody but the parties" in other


def test_a_list_in_the_admin_is_no_opening_and_shows_no_content_column(w, client_for):
    client = client_for(w.superuser)
    for model in {m for m, _ in CONTENT_FIELDS}:
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, LogsContentOpenings), model
        content = {f for m, f in CONTENT_FIELDS if m is model}
        assert not content & set(model_admin.list_display), model
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200
    assert ContentOpening.objects.count() == 0


def test_a_party_reading_their_own_record_is_not_logged(w):
    assert content_opening_record(engagement=w.individual, by=w.coachee, record=w.session) is None
    assert content_opening_record(engagement=w.individual, by=w.coach_a, record=w.session) is None
    assert ContentOpening.objects.count() == 0


def test_the_label_names_no_content(w, client_for):
    client_for(w.superuser).get(change_page(w.in_time))
    opening = ContentOpening.objects.get()
    assert w.in_time.text not in opening.record_label


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("coaching:content_openings"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_who_opened_my_records_costs_the_same_at_2_and_50_and_pages_by_50(w, client_for):
    for record in (w.session, w.in_time):
        content_opening_record(engagement=w.individual, by=w.superuser, record=record)
    client = client_for(w.coachee)
    at_2, _ = _queries(client)
    for _ in range(60):
        content_opening_record(engagement=w.individual, by=w.superuser, record=w.session)
    at_62, page = _queries(client)
    assert at_62 == at_2
    assert "Page 1 of 2" in page
