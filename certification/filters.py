"""The pipeline's and the review queue's filters, search and sort (django-filter, core/lists.py).
Each runs in the database on a queryset the scoping selector already narrowed to the user."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from core.lists import ListFilter, Sort, words

from .models import Candidacy, Submission

Phase = Candidacy.Phase
Outcome = Submission.Outcome


def _open_submission(outcome):
    return Exists(Submission.objects.filter(candidacy=OuterRef("pk"), outcome=outcome))


# What a candidacy waits for, where the database can tell it (the Phase II checklist is computed
# per page, in `selectors.waiting_for`): the filter's choices and the rows each one keeps.
WAITING = {
    "district": ("The district's approval", Q(phase=Phase.IDENTIFIED, district_approved_at=None)),
    "provider": ("The provider's approval", Q(phase=Phase.IDENTIFIED, provider_approved_at=None)),
    "training": ("Phase II training", Q(phase=Phase.TRAINING)),
    "review": ("An associate's review", Q(_open_submission(Outcome.PENDING))),
    "notes": ("The coach's notes", Q(_open_submission(Outcome.DRAFT))),
}


def _search_people(queryset, prefix, value):
    """Every word of the search matches the person's first or last name or e-mail address."""
    for word in words(value):
        queryset = queryset.filter(
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}email__icontains": word})
        )
    return queryset


class PipelineFilter(ListFilter):
    """The pipeline: search by name or e-mail, phase, district (only those the user sees), what
    the candidacy waits for; sorted by district then name (the default), name, phase or date identified."""

    q = django_filters.CharFilter(label="Search", method="search")
    phase = django_filters.ChoiceFilter(choices=Phase.choices, empty_label="All phases")
    district = django_filters.ModelChoiceFilter(
        label="District", field_name="district", queryset=None, empty_label="All districts"
    )
    waiting = django_filters.ChoiceFilter(
        label="Waiting for",
        choices=[(key, label) for key, (label, _) in WAITING.items()],
        empty_label="Anything",
        method="waiting_for",
    )
    sort = Sort(
        label="Sort by",
        empty_label="District, then name",
        fields=(
            ("person__last_name", "name"),
            ("phase", "phase"),
            ("created_at", "identified"),
        ),
        field_labels={
            "name": "Name",
            "-name": "Name, Z to A",
            "phase": "Phase",
            "-phase": "Phase, last first",
            "identified": "Identified, oldest first",
            "-identified": "Identified, newest first",
        },
    )

    def __init__(self, data=None, *args, districts, one_district=False, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["district"].queryset = districts
        if one_district:
            # Nothing to choose, but a district in the query string is still checked (another
            # district's is refused): hidden, the field lists no choices, which saves a query.
            self.form.fields["district"].widget = forms.HiddenInput()
        self.form.fields["q"].widget.attrs["placeholder"] = "Name or e-mail"

    def search(self, queryset, name, value):
        return _search_people(queryset, "person__", value)

    def waiting_for(self, queryset, name, value):
        return queryset.filter(WAITING[value][1])


class ReviewQueueFilter(ListFilter):
    """The review queue: search by the coach's name or e-mail, program, district, overdue only;
    oldest first (the default) or newest first."""

    q = django_filters.CharFilter(label="Search", method="search")
    program = django_filters.ModelChoiceFilter(
        label="Program", field_name="candidacy__program", queryset=None, empty_label="All programs"
    )
    district = django_filters.ModelChoiceFilter(
        label="District",
        field_name="candidacy__district",
        queryset=None,
        empty_label="All districts",
    )
    sort = Sort(
        label="Sort by",
        empty_label="Waiting longest",
        fields=(("submitted_at", "submitted"), ("candidacy__person__last_name", "name")),
        field_labels={
            "submitted": "Waiting longest",
            "-submitted": "Newest first",
            "name": "Coach's name",
            "-name": "Coach's name, Z to A",
        },
    )

    def __init__(self, data=None, *args, programs, districts, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["program"].queryset = programs
        self.form.fields["district"].queryset = districts
        self.form.fields["q"].widget.attrs["placeholder"] = "Coach's name or e-mail"

    def search(self, queryset, name, value):
        return _search_people(queryset, "candidacy__person__", value)
