"""The filters of the district's list of engagements: by coach, status and level of change."""

import django_filters

from ..models import Engagement, User


class EngagementFilter(django_filters.FilterSet):
    coach = django_filters.ModelChoiceFilter(queryset=User.objects.none(), label="Coach")
    status = django_filters.ChoiceFilter(choices=Engagement.Status.choices)
    level = django_filters.ChoiceFilter(choices=Engagement.Level.choices, label="Level of change")

    class Meta:
        model = Engagement
        fields = ["coach", "status", "level"]

    def __init__(self, data=None, *args, coaches, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["coach"].queryset = coaches
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
