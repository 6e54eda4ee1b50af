"""Forms of coaching engagements. They validate what was typed (the model fields' validators come
with them: lengths, ranges, the student-identifier rule); the services decide and save."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.models import construct_instance

from .. import limits
from ..limits import number_inputs
from ..models import ActionStep, CoachingSession, Engagement, Goal, Person, StageChange, Team
from ..privacy import no_student_identifiers


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form>, its button and its Cancel link."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class FieldRulesOnly:
    """A ModelForm that checks each model field's own rules (length, range, the student-identifier
    rule) on its field, and leaves the record's rules (the agreement, the coachee's kind, dates
    against the engagement) to the service, which names the field it refuses."""

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name}{f' ({person.school})' if person.school_id else ''}"


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person.full_name


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.email} ({user.email})"


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class TeamForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Create team"

    members = PeopleChoice(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Team
        fields = ["name", "school", "members"]

    def __init__(self, *args, district, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["school"].queryset = district.schools.filter(is_active=True)
        self.fields["members"].queryset = people


class EngagementStartForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    """An engagement and its coaching agreement, as `engagement_start` takes them."""

    submit_label = "Start the engagement"

    coach = UserChoice(queryset=None)
    co_coaches = UsersChoice(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    coachee_person = PersonChoice(queryset=None, required=False, label="Person coached")
    checkin_methods = forms.MultipleChoiceField(
        choices=Engagement.CheckInMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Check-in methods",
        help_text="Decided together: how you will check in on the work.",
    )

    class Meta:
        model = Engagement
        fields = [
            "program",
            "coach",
            "co_coaches",
            "model",
            "level",
            "coachee_kind",
            "coachee_person",
            "coachee_team",
            "coachee_school",
            "starts_on",
            "ends_on",
            "stage",
            "process_described",
            "confidentiality_explained",
            "commitment_given",
            "response_window_days",
            "checkin_methods",
            "agreement_notes",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "agreement_notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "coachee_kind": "Who is coached",
            "coachee_team": "Team",
            "coachee_school": "School",
        }
        help_texts = {
            "stage": "Team and systems change: the stage of gradual release it starts at (1 if blank).",
            "agreement_notes": "Read by the engagement's parties only.",
            "response_window_days": "Decided together: the coach answers a check-in within this "
            "many days.",
        }

    def __init__(self, *args, district, programs, coaches, people, teams, **kwargs):
        super().__init__(*args, **kwargs)
        number_inputs(self)
        self.instance.district = district
        self.fields["program"].queryset = programs
        self.fields["coach"].queryset = coaches
        self.fields["co_coaches"].queryset = coaches
        self.fields["coachee_person"].queryset = people
        self.fields["coachee_team"].queryset = teams
        self.fields["coachee_school"].queryset = district.schools.filter(is_active=True)
        if programs.count() == 1:
            self.fields["program"].initial = programs.first().pk
        for name in ("process_described", "confidentiality_explained", "commitment_given"):
            self.fields[name].required = True


class GoalForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Add goal"

    class Meta:
        model = Goal
        fields = ["text", "success_criteria"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "autofocus": True}),
            "success_criteria": forms.Textarea(attrs={"rows": 2}),
        }


class StageForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Change the stage"

    class Meta:
        model = StageChange
        fields = ["to_stage", "changed_on", "reason", "evidence"]
        labels = {"to_stage": "New stage", "changed_on": "Date"}
        widgets = {
            "changed_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["to_stage"].widget.attrs["autofocus"] = True


class StatusForm(_CrispyMixin, forms.Form):
    status = forms.ChoiceField(choices=Engagement.Status.choices)
    reason = forms.CharField(
        required=False,
        max_length=limits.REASON_MAX,
        validators=[no_student_identifiers],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Engagement._meta.get_field("status_reason").help_text,
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in Engagement.Status.choices if c[0] != current]


_STEP_TEXT = [MaxLengthValidator(limits.STEP_MAX), no_student_identifiers]


class SessionForm(FieldRulesOnly, forms.ModelForm):
    """One screen for a session: what happened, and a new action step if one was set. The
    fields come in the order a coach tabs through them; Enter in a one-line field saves."""

    activities = forms.MultipleChoiceField(
        choices=CoachingSession.Activity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    participants = PeopleChoice(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    step = forms.CharField(
        label="New action step",
        required=False,
        max_length=limits.STEP_MAX,
        validators=_STEP_TEXT,
        help_text="Optional: a high-leverage step set at this session.",
    )
    step_success_criteria = forms.CharField(
        label="Its success criteria",
        required=False,
        max_length=limits.STEP_MAX,
        validators=_STEP_TEXT,
    )
    step_follow_up_on = forms.DateField(label="Follow up on", required=False, widget=DATE)

    class Meta:
        model = CoachingSession
        fields = [
            "notes",
            "held_on",
            "minutes",
            "mode",
            "activities",
            "participants",
            "next_steps",
            "shared",
        ]
        widgets = {
            "held_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3, "autofocus": True}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, people, coach=True, **kwargs):
        super().__init__(*args, **kwargs)
        number_inputs(self)
        self.fields["participants"].queryset = people
        if not people.exists():
            del self.fields["participants"]
        if not coach:
            for name in ("shared", "step", "step_success_criteria", "step_follow_up_on"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not data.get("step") and "step" not in self.errors:
            # Without its step, criteria or a date typed here would be dropped unsaved.
            if data.get("step_success_criteria"):
                self.add_error("step", "Name the action step, or clear its success criteria.")
            elif data.get("step_follow_up_on"):
                self.add_error("step", "Name the action step, or clear its follow-up date.")
        if data.get("step"):
            if not data.get("step_success_criteria"):
                self.add_error(
                    "step_success_criteria",
                    "Say what success looks like: a step has its success criteria.",
                )
            if not data.get("step_follow_up_on"):
                self.add_error("step_follow_up_on", "Choose when to follow up.")
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        step = {
            "step": data.pop("step", ""),
            "success_criteria": data.pop("step_success_criteria", ""),
            "follow_up_on": data.pop("step_follow_up_on", None),
        }
        data["participants"] = list(data.get("participants") or [])
        data["step"] = step if step["step"] else None
        return data


class QuickNoteForm(forms.Form):
    """A hallway question or an e-mail exchange, in one line: just-in-time help by default."""

    note = forms.CharField(
        label="Quick note",
        max_length=limits.SESSION_NOTES_MAX,
        validators=[no_student_identifiers],
        help_text="A hallway or e-mail exchange, in a line. Enter saves it.",
    )
    minutes = forms.IntegerField(
        min_value=limits.SESSION_MINUTES_MIN, max_value=limits.SESSION_MINUTES_MAX, initial=5
    )
    mode = forms.ChoiceField(
        choices=CoachingSession.Mode.choices, initial=CoachingSession.Mode.ASYNC
    )


class ActionStepForm(FieldRulesOnly, _CrispyMixin, forms.ModelForm):
    submit_label = "Set the step"

    class Meta:
        model = ActionStep
        fields = ["step", "success_criteria", "follow_up_on"]
        widgets = {
            "step": forms.TextInput(attrs={"autofocus": True}),
            "success_criteria": forms.TextInput(),
            "follow_up_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["success_criteria"].required = False  # the service says why it is needed


class StepAdvanceForm(_CrispyMixin, forms.Form):
    submit_label = "Save"

    status = forms.ChoiceField()
    evidence = forms.CharField(
        required=False,
        max_length=limits.STEP_MAX,
        validators=[no_student_identifiers],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What shows the step is met (needed for met), or why it is dropped.",
    )
    follow_up_on = forms.DateField(required=False, widget=DATE, label="New follow-up date")

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, ActionStep.Status(s).label) for s in ActionStep.NEXT[step.status]
        ]
        self.fields["status"].widget.attrs["autofocus"] = True
