"""core/lists.py and core/queries.py: what every list page relies on."""

import re

import pytest
from django import forms
from django.template import RequestContext, Template
from django.test import RequestFactory

from coaching.filters import StaffFilter
from coaching.models import District, Person, School
from core.lists import PAGE_SIZE, QUICK_WIDGETS, QuickSelect, paginate
from core.queries import any_of, count_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    district = District.objects.create(name="Maple Valley", slug="maple-valley")
    school = School.objects.create(district=district, name="Elm")
    Person.objects.bulk_create(
        Person(district=district, school=school, first_name="P", last_name=f"Person {i:03}")
        for i in range(PAGE_SIZE + 1)
    )
    return district


def test_a_list_pages_by_50_and_a_page_past_the_end_is_the_last(district):
    request = RequestFactory().get("/", {"page": "99"})
    page = paginate(request, district.people.order_by("last_name"))
    assert page.paginator.per_page == 50 and page.number == 2
    assert [p.last_name for p in page.object_list] == ["Person 050"]
    assert paginate(RequestFactory().get("/", {"page": "x"}), Person.objects.all()).number == 1


def test_the_page_links_keep_the_filters_and_the_search(district):
    request = RequestFactory().get("/", {"q": "Person", "status": "all", "page": "1"})
    page = paginate(request, district.people.order_by("last_name"))
    html = Template('{% include "coaching/_pagination.html" %}').render(
        RequestContext(request, {"page": page})
    )
    assert "?q=Person&amp;status=all&amp;page=2" in html
    assert "1–50 of 51" in html


def test_a_value_the_filter_refuses_selects_nothing_and_says_why(district):
    other = District.objects.create(name="Riverbend", slug="riverbend")
    foreign = School.objects.create(district=other, name="Far")
    filters = StaffFilter({"school": foreign.pk}, queryset=district.people.all(), district=district)
    assert list(filters.qs) == []
    assert "school" in filters.form.errors
    assert "is-invalid" in filters.form.fields["school"].widget.attrs["class"]


def test_no_parameter_at_all_still_applies_the_defaults(district):
    Person.objects.filter(last_name="Person 000").update(is_active=False)
    filters = StaffFilter(None, queryset=district.people.all(), district=district)
    assert filters.qs.count() == PAGE_SIZE
    assert not filters.is_filtered


def test_count_of_counts_each_many_side_on_its_own(district):
    School.objects.create(district=district, name="Oak", is_active=False)
    counted = District.objects.annotate(
        school_count=count_of(School.objects.filter(is_active=True), of="district"),
        staff_count=count_of(Person.objects.all(), of="district"),
    ).get(pk=district.pk)
    assert (counted.school_count, counted.staff_count) == (1, PAGE_SIZE + 1)
    empty = District.objects.create(name="Empty", slug="empty")
    assert (
        District.objects.annotate(n=count_of(Person.objects.all(), of="district"))
        .get(pk=empty.pk)
        .n
        == 0
    )


def test_any_of_is_the_union_of_its_branches(district):
    first, last = "Person 000", "Person 050"
    either = any_of(
        Person, Person.objects.filter(last_name=first), Person.objects.filter(last_name=last)
    )
    assert sorted(either.values_list("last_name", flat=True)) == [first, last]
    assert any_of(Person).count() == 0
    assert any_of(Person, Person.objects.filter(last_name=first)).count() == 1


@pytest.mark.parametrize(
    ("django_widget", "value"),
    [
        (forms.Select, "2"),
        (forms.Select, None),
        (forms.SelectMultiple, ["1", "3"]),
    ],
)
def test_a_quick_select_renders_what_djangos_select_renders(django_widget, value):
    """The list filters' selects are rendered in Python (core/lists.py QuickSelect): the HTML
    must be Django's own, option for option, the chosen ones marked, text escaped."""
    choices = [
        ("", "All districts"),
        ("1", "Maple Valley"),
        ("2", "Riverbend <North> & “Süd”"),
        ("Grouped", [("3", "Elm"), ("4", "Oak")]),
    ]
    attrs = {"class": "form-select", "id": "id_district", "required": True, "disabled": False}
    widget = django_widget(attrs=dict(attrs), choices=choices)
    quick = QUICK_WIDGETS[django_widget](attrs=dict(attrs), choices=choices)
    expected = re.sub(r">\s+<", "><", widget.render("district", value))  # the template's layout
    assert quick.render("district", value) == expected
    assert "selected" in expected or value is None


def test_a_list_filters_selects_are_quick_selects(district):
    found = StaffFilter({}, queryset=district.people.all(), district=district)
    widgets = {type(field.widget) for field in found.form.fields.values()}
    assert forms.Select not in widgets and forms.SelectMultiple not in widgets
    assert QuickSelect in widgets
