"""The training list's filters (django-filter, core/lists.py): upcoming (the default, soonest
first) or past (latest first), one program, one kind of training, a search of the title."""

import django_filters
from django import forms
from django.utils import timezone

from core.lists import ListFilter

from ..models import TrainingEvent
from . import search_words


class EventFilter(ListFilter):
    when = django_filters.ChoiceFilter(
        label="When", choices=[("past", "Past")], empty_label="Upcoming", method="at"
    )
    program = django_filters.ModelChoiceFilter(queryset=None, empty_label="All programs")
    kind = django_filters.ChoiceFilter(choices=TrainingEvent.Kind.choices, empty_label="Every kind")
    q = django_filters.CharFilter(label="Search", method="search")

    def __init__(self, data=None, *args, programs, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["program"].queryset = programs
        # Chosen by the page's tabs; kept in the form so that a filter stays in the same tab.
        self.form.fields["when"].widget = forms.HiddenInput()
        self.form.fields["q"].widget.attrs["placeholder"] = "Title or location"

    def at(self, queryset, name, value):
        return queryset  # filter_queryset places the list in time, chosen or not

    def filter_queryset(self, queryset):
        now = timezone.now()
        if self.form.cleaned_data.get("when") == "past":
            queryset = queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        else:
            queryset = queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
        return super().filter_queryset(queryset)

    @property
    def past(self) -> bool:
        return self.form.is_valid() and self.form.cleaned_data.get("when") == "past"

    def search(self, queryset, name, value):
        return search_words(queryset, ["title", "location"], value)
