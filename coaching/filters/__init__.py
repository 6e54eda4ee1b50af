"""The filters, searches and sorts of coaching's lists (django-filter, core/lists.py): the staff
roster, the district list, the program list. Training's are in filters/training.py, engagements' in
filters/engagements.py, the inbox's in notifications/filters.py. Each narrows a queryset the
scoping selector already gave."""

import django_filters
from django.db.models import Q

from core.lists import ListFilter, Sort, words

STATUS_CHOICES = [("inactive", "Deactivated"), ("all", "Everyone")]


def search_words(queryset, fields, value):
    """Every word of the search matches one of `fields` (case ignored)."""
    for word in words(value):
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


class StaffFilter(ListFilter):
    """The roster: search by name, e-mail or job title; school; active (the default),
    deactivated or everyone; sorted by name (the default), school or job title."""

    q = django_filters.CharFilter(label="Search", method="search")
    school = django_filters.ModelChoiceFilter(queryset=None, empty_label="All schools")
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, empty_label="Active", method="by_status"
    )
    sort = Sort(
        label="Sort by",
        empty_label="Name",
        fields=(("last_name", "name"), ("school__name", "school"), ("job_title", "title")),
        field_labels={
            "name": "Name",
            "-name": "Name, Z to A",
            "school": "School",
            "-school": "School, Z to A",
            "title": "Job title",
            "-title": "Job title, Z to A",
        },
    )

    def __init__(self, data=None, *args, district, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["school"].queryset = district.schools.all()
        self.form.fields["q"].widget.attrs["placeholder"] = "Name, e-mail or job title"

    def search(self, queryset, name, value):
        return search_words(queryset, ["first_name", "last_name", "email", "job_title"], value)

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=False) if value == "inactive" else queryset

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(is_active=True)  # no status chosen: the active staff
        return super().filter_queryset(queryset)

    @property
    def shows_inactive(self) -> bool:
        return bool(self.form.is_valid() and self.form.cleaned_data.get("status"))


class DistrictFilter(ListFilter):
    """The district list: search by name or state; sorted by name (the default) or state."""

    q = django_filters.CharFilter(label="Search", method="search")
    sort = Sort(
        label="Sort by",
        empty_label="Name",
        fields=(("name", "name"), ("state", "state")),
        field_labels={"name": "Name", "-name": "Name, Z to A", "state": "State"},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = "District name or state"

    def search(self, queryset, name, value):
        return search_words(queryset, ["name", "state"], value)


class ProgramFilter(ListFilter):
    """The program list: search by the program's or the provider's name."""

    q = django_filters.CharFilter(label="Search", method="search")

    def search(self, queryset, name, value):
        return search_words(queryset, ["name", "provider__name"], value)
