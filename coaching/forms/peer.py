"""Forms of peer coaching. They validate what was typed (the model fields' validators come with
them: lengths, the student-identifier rule); the services decide and save."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from core.artifacts import ARTIFACT_ACCEPT, ARTIFACT_TYPES_TEXT

from .. import limits
from ..models import CoachingSession, Partnership, PeerPlan, Reflection, TimeRequest
from ..privacy import no_student_identifiers
from ..services.peer import PEER_ACTIVITIES
from .engagements import DATE, FieldRulesOnly, PersonChoice, UserChoice


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form> and its buttons."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PeopleUsers(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.email} ({user.email})"


class TeamForm(_CrispyMixin, forms.Form):
    submit_label = "Gather the team"

    program = forms.ModelChoiceField(queryset=None, label="Peer-coaching program")
    coaches = PeopleUsers(
        queryset=None,
        label="Peer coaches",
        widget=forms.CheckboxSelectMultiple,
        help_text="Trained peer coaches: coaches of the district.",
    )

    def __init__(self, *args, programs, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["coaches"].queryset = coaches


class TeamCoachesForm(_CrispyMixin, forms.Form):
    submit_label = "Save the peer coaches"

    coaches = PeopleUsers(
        queryset=None,
        label="Peer coaches",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Trained peer coaches: coaches of the district. Tick to add, untick to remove.",
    )

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = coaches


class PlanForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Save the plan"

    class Meta:
        model = PeerPlan
        fields = ["goals", "plan"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 8}),
        }


class AssignForm(_CrispyMixin, forms.Form):
    submit_label = "Assign the partnership"

    coach = UserChoice(queryset=None, label="Peer coach")
    partner = PersonChoice(queryset=None, label="Partner teacher")
    agreed = forms.BooleanField(
        required=False,
        label="The partner agreed to take part; the cycle was described, and what the pair writes "
        "stays between them (no evaluation).",
    )

    def __init__(self, *args, coaches, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        self.fields["partner"].queryset = partners


class MoveForm(forms.Form):
    to_step = forms.ChoiceField(choices=Partnership.Step.choices, label="Move to")


class JitForm(forms.Form):
    line = forms.CharField(
        label="Just-in-time help",
        required=False,
        max_length=limits.JIT_LINE_MAX,
        validators=[no_student_identifiers],
        help_text="Optional: a line about the quick question.",
    )


class PeerSessionForm(_CrispyMixin, forms.Form):
    submit_label = "Log it"

    activity = forms.ChoiceField(
        choices=[(a.value, a.label) for a in PEER_ACTIVITIES], label="What you did"
    )
    held_on = forms.DateField(label="Date", widget=DATE)
    minutes = forms.IntegerField(
        min_value=limits.SESSION_MINUTES_MIN, max_value=limits.SESSION_MINUTES_MAX
    )
    mode = forms.ChoiceField(choices=CoachingSession.Mode.choices)
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.SESSION_NOTES_MAX,
        validators=[no_student_identifiers],
        help_text="Read by the two of you only.",
    )


class ReflectionForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Keep the reflection"

    class Meta:
        model = Reflection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ArtifactForm(_CrispyMixin, forms.Form):
    submit_label = "Keep the file"

    file = forms.FileField(
        label="An artifact of growth",
        widget=forms.ClearableFileInput(attrs={"accept": ARTIFACT_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{ARTIFACT_TYPES_TEXT[0].upper()}{ARTIFACT_TYPES_TEXT[1:]}, up to "
            f"{settings.ARTIFACT_MAX_MB} MB. Kept private: only you and your peer coach open it. "
            "Never a file that names or identifies a student."
        )


class TimeRequestForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Ask for focused time"

    class Meta:
        model = TimeRequest
        fields = ["what"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"what": "Your peer coach reads it; the principal sees only that you asked."}


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateField(label="Scheduled for", widget=DATE)


class ContinueForm(forms.Form):
    answer = forms.ChoiceField(choices=Partnership.Answer.choices, label="Continue next year?")


class AssessForm(_CrispyMixin, forms.Form):
    submit_label = "Record the assessment"

    decision = forms.ChoiceField(
        choices=Partnership.Decision.choices, widget=forms.RadioSelect, label="Year 2"
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.ASSESSMENT_NOTE_MAX,
        validators=[no_student_identifiers],
        help_text="About the partnership's activity and scheduling: never the teacher's practice.",
    )
