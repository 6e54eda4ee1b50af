from django import forms

from coaching.limits import number_inputs
from coaching.models import Cohort, Person, Program
from observations.forms import FeedbackNotesForm
from observations.models import Video
from rubrics.models import RubricVersion

from .. import limits
from ..models import Facilitation, ProgramSettings
from ..services import DUPLICATE


class IdentifyForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Staff member")
    program = forms.ModelChoiceField(queryset=Program.objects.none(), empty_label=None)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=limits.REASON_MAX,
        label="Why this candidate (optional)",
        help_text=f"Up to {limits.REASON_MAX:,} characters.",
    )

    def __init__(self, *args, people, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["program"].queryset = programs


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for declining",
        max_length=limits.REASON_MAX,
        error_messages={
            "required": "Say why the candidate is declined: the reason is kept and shown.",
            "max_length": f"Keep the reason to {limits.REASON_MAX:,} characters: it has "
            "%(show_value)d.",
        },
        help_text=f"Up to {limits.REASON_MAX:,} characters.",
    )


class RubricVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.rubric.name}, version {obj.number}"


class ProgramSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgramSettings
        fields = [
            "cfr_version",
            "cfr_passing_minimum",
            "annual_minimum",
            "workshop_capacity",
            "school_year_start_month",
            "certificate_valid_months",
            "review_window_days",
            "recertification_window_days",
        ]
        field_classes = {"cfr_version": RubricVersionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number_inputs(self)
        # Published versions only: a draft can still change, and is never scored on.
        self.fields["cfr_version"].queryset = (
            RubricVersion.objects.filter(status=RubricVersion.Status.PUBLISHED)
            .select_related("rubric")
            .order_by("rubric__name", "-number")
        )


# --- training --------------------------------------------------------------------------------


class CohortChoiceForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none())

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = program.cohorts.all()


# --- facilitation log --------------------------------------------------------------------------


class FacilitationForm(forms.ModelForm):
    """A facilitated IEP meeting. When the same meeting (day, school, type) is logged already, the
    service refuses with a DUPLICATE error; added to this form, it shows the "log it again"
    checkbox, which the service then takes as `log_again`."""

    log_again = forms.BooleanField(
        required=False,
        label="Yes, log it again",
        help_text="It was another meeting, of the same type, at the same school that day.",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Facilitation
        fields = ["held_on", "school", "meeting_type", "model_used", "minutes", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"note": "Note (optional)"}

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        number_inputs(self)
        self.fields["school"].queryset = schools
        if self.is_bound and self.fields["log_again"].clean(self.data.get("log_again")):
            self._ask_to_log_again()

    def _ask_to_log_again(self):
        self.fields["log_again"].widget = forms.CheckboxInput()

    def add_error(self, field, error):
        codes = (
            [e.code for e in error.error_list]
            if isinstance(error, forms.ValidationError) and hasattr(error, "error_list")
            else []
        )
        if DUPLICATE in codes:
            self._ask_to_log_again()
        super().add_error(field, error)


# --- feedback notes and review -------------------------------------------------------------------


# The feedback notes' form is observations' own (one form for every observation, Key2Ed's and
# an engagement's): observations.forms.FeedbackNotesForm.
NotesForm = FeedbackNotesForm


class DecideForm(forms.Form):
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.FEEDBACK_MAX,
        label="Feedback to the coach",
        help_text="Required when the notes are below the minimum: what to work on for the next "
        "attempt. Left blank, the scoresheet's overall comment is used.",
    )


class VideoAssignForm(forms.Form):
    video = forms.ModelChoiceField(queryset=Video.objects.none())

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].queryset = Video.objects.filter(program=program, is_active=True)
