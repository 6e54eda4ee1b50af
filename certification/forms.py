from django import forms

from coaching.models import Person, Program
from rubrics.models import Rubric

from .models import ProgramSettings


class IdentifyForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Staff member")
    program = forms.ModelChoiceField(queryset=Program.objects.none(), empty_label=None)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why this candidate (optional)",
    )

    def __init__(self, *args, people, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["program"].queryset = programs


class DeclineForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason for declining")


class ProgramSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgramSettings
        fields = [
            "cfr_rubric",
            "cfr_passing_minimum",
            "annual_minimum",
            "workshop_capacity",
            "school_year_start_month",
            "certificate_valid_months",
            "review_window_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cfr_rubric"].queryset = Rubric.objects.filter(
            versions__status="published"
        ).distinct()
