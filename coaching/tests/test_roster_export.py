"""The staff list's export: the page's rows (its selector and filter) for the same user and
query string, at a cost that does not grow with the rows."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from coaching import selectors
from coaching.filters import StaffFilter
from coaching.models import Person
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


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_roster_export_costs_the_same_at_5000_rows_as_at_2(fmt, cast, client_for):
    district = cast.district_a
    client = client_for(cast.admin_a)
    url = reverse("coaching:roster_export", args=[district.pk, fmt]) + "?status=all"

    def grow(n):
        start = Person.objects.count()
        Person.objects.bulk_create(
            Person(
                district=district,
                school=cast.school_a if i % 2 else None,
                first_name="B",
                last_name=f"Staff {start + i:05}",
                staff_id=f"S{start + i}",
            )
            for i in range(n)
        )

    district.people.exclude(user__isnull=False).delete()
    grow(2)
    at_2, rows = export_queries(client, url)
    grow(4_998)
    at_5000, more = export_queries(client, url)
    assert len(more) == len(rows) + 4_998
    assert at_5000 == at_2
