"""The staff list's export: the page's rows (its selector and filter) for the same user and
query string, at a cost that does not grow with the rows."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from coaching import selectors
from coaching.filters import StaffFilter
from coaching.models import Person
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.exports import export_queries, export_rows


def page_rows(district, query=""):
    found = StaffFilter(
        QueryDict(query), queryset=selectors.staff_list(district=district), district=district
    )
    return [[p.first_name, p.last_name, p.email] for p in found.qs]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("query", ["", "status=all&sort=-name", "q=vandersloot", "sort=school"])
@pytest.mark.parametrize("actor", ["admin_a", "associate", "superuser"])
def test_the_roster_export_holds_the_staff_pages_rows(fmt, query, actor, cast, client_for):
    url = reverse("coaching:roster_export", args=[cast.district_a.pk, fmt]) + "?" + query
    rows = export_rows(client_for(getattr(cast, actor)).get(url))

    assert rows[0] == [
        "first_name",
        "last_name",
        "email",
        "staff_id",
        "school",
        "job_title",
        "active",
    ]
    assert [r[:3] for r in rows[1:]] == page_rows(cast.district_a, query)


@pytest.mark.parametrize("actor", ["admin_b", "principal_a", "coach_a"])
def test_another_districts_admin_a_principal_and_a_coach_cannot_export_it(actor, cast, client_for):
    url = reverse("coaching:roster_export", args=[cast.district_a.pk, "csv"])
    assert client_for(getattr(cast, actor)).get(url).status_code == 404


def test_district_bs_admin_exports_district_bs_staff_only(cast, client_for):
    url = reverse("coaching:roster_export", args=[cast.district_b.pk, "csv"])
    rows = export_rows(client_for(cast.admin_b).get(url))
    assert [r[:3] for r in rows[1:]] == page_rows(cast.district_b)
    assert {p.district_id for p in Person.objects.filter(email__in=[r[2] for r in rows[1:]])} == {
        cast.district_b.pk
    }


def grow(district, school, n):
    start = Person.objects.count()
    Person.objects.bulk_create(
        Person(
            district=district,
            school=school if i % 2 else None,
            first_name="B",
            last_name=f"Staff {start + i:05}",
            staff_id=f"S{start + i}",
        )
        for i in range(n)
    )


@cast_layer
def staff_5000(cast):
    """The cast, district A's staff without a login gone, then 5,000 bulk staff (2, then 4,998):
    built once for both formats; `at_2` marks where it had the first 2."""
    cast.district_a.people.exclude(user__isnull=False).delete()
    grow(cast.district_a, cast.school_a, 2)
    cast.at_2 = checkpoint()
    grow(cast.district_a, cast.school_a, 4_998)
    return cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_roster_export_costs_the_same_at_5000_rows_as_at_2(fmt, staff_5000, client_for):
    district = staff_5000.district_a
    client = client_for(staff_5000.admin_a)
    url = reverse("coaching:roster_export", args=[district.pk, fmt]) + "?status=all"

    with undone():  # the staff as they stood after the first 2 bulk ones
        rewind(staff_5000.at_2)
        at_2, rows = export_queries(client, url)
    at_5000, more = export_queries(client, url)
    assert len(more) == len(rows) + 4_998
    assert at_5000 == at_2
