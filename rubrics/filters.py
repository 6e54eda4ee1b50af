"""The rubric list's and "my scoring"'s filters (django-filter, core/lists.py)."""

import django_filters
from django.db.models import Q

from core.lists import ListFilter, words

from .models import RubricVersion, Scoresheet


class RubricFilter(ListFilter):
    """Rubrics the user sees, by name: search the name and description."""

    q = django_filters.CharFilter(label="Search", method="search")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["q"].widget.attrs["placeholder"] = "Name or description"

    def search(self, queryset, name, value):
        for word in words(value):
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset


class SheetFilter(ListFilter):
    """The user's scoresheets: drafts (to score) or final ones."""

    status = django_filters.ChoiceFilter(
        choices=Scoresheet.Status.choices, empty_label="Drafts and final"
    )


class AdjudicationFilter(ListFilter):
    """The reviews waiting for adjudication: search the subject, choose the rubric version."""

    q = django_filters.CharFilter(label="Search", method="search")
    version = django_filters.ModelChoiceFilter(
        label="Rubric", queryset=RubricVersion.objects.none(), empty_label="Every rubric"
    )

    def __init__(self, data=None, *args, versions, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["version"].queryset = versions
        self.form.fields["q"].widget.attrs["placeholder"] = "Subject"

    def search(self, queryset, name, value):
        for word in words(value):
            queryset = queryset.filter(subject_label__icontains=word)
        return queryset
