"""The filters of a coaching team's list of partnerships: by school year and step of the cycle."""

import django_filters

from core.lists import ListFilter

from ..models import Partnership
from ..models.peer import school_year_label


class PartnershipFilter(ListFilter):
    school_year = django_filters.ChoiceFilter(
        label="School year", choices=[], empty_label="Any year"
    )
    step = django_filters.ChoiceFilter(
        choices=Partnership.Step.choices, label="Step of the cycle", empty_label="Any step"
    )

    class Meta:
        model = Partnership
        fields = ["school_year", "step"]

    def __init__(self, data=None, *args, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["school_year"].extra["choices"] = [(y, school_year_label(y)) for y in years]
        self.form.fields["school_year"].choices = [("", "Any year")] + [
            (y, school_year_label(y)) for y in years
        ]
