"""The video library's and the coach list's filters, search and sort (django-filter,
core/lists.py), run on querysets the scoping selectors already narrowed."""

import django_filters
from django.db.models import Q

from core.lists import ListFilter, Sort, words


class VideoFilter(ListFilter):
    """The library: search the title; one program; active, retired or both; active first then by
    title (the default), or newest first."""

    q = django_filters.CharFilter(label="Search", method="search")
    program = django_filters.ModelChoiceFilter(queryset=None, empty_label="All programs")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("active", "Active"), ("retired", "Retired")],
        empty_label="Active and retired",
        method="by_status",
    )
    sort = Sort(
        label="Sort by",
        empty_label="Active first, by title",
        fields=(("title", "title"), ("created_at", "added")),
        field_labels={"title": "Title", "-added": "Newest first", "added": "Oldest first"},
    )

    def __init__(self, data=None, *args, programs, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["program"].queryset = programs
        self.form.fields["q"].widget.attrs["placeholder"] = "Title"
        self.form.fields["sort"].choices = [
            choice for choice in self.form.fields["sort"].choices if choice[0] != "-title"
        ]

    def search(self, queryset, name, value):
        for word in words(value):
            queryset = queryset.filter(title__icontains=word)
        return queryset

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")


class CoachFilter(ListFilter):
    """Coaches whose practice the user sees: search by name or e-mail, one district."""

    q = django_filters.CharFilter(label="Search", method="search")
    district = django_filters.ModelChoiceFilter(queryset=None, empty_label="All districts")

    def __init__(self, data=None, *args, districts, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["district"].queryset = districts
        self.form.fields["q"].widget.attrs["placeholder"] = "Name or e-mail"

    def search(self, queryset, name, value):
        for word in words(value):
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset
