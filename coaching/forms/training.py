"""Forms of training: scheduling an event (the kinds its program offers, its audience), a cohort,
registering someone, attendance and make-ups."""

from django import forms

from .. import limits
from ..limits import number_inputs
from ..models import Cohort, Person, TrainingEvent


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.district})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.district})"


class EventForm(forms.ModelForm):
    """A new event of `program`: only the kinds the program offers. A program with rules of its
    own (`rules=True`: Key2Ed's pathway) sets each event's audience itself, so the form does not
    ask for it."""

    invitees = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="People named",
        help_text="When the audience is the people named: only they may register.",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TrainingEvent
        fields = [
            "kind",
            "title",
            "audience",
            "cohort",
            "invitees",
            "starts_at",
            "duration_minutes",
            "location",
            "capacity",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }
        help_texts = {
            "capacity": "Blank for no limit.",
            "cohort": "For an event of a cohort: its members may register.",
        }

    def __init__(self, *args, program, people, rules=False, **kwargs):
        super().__init__(*args, **kwargs)
        number_inputs(self)
        kinds = TrainingEvent.kinds_for(program)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["cohort"].queryset = program.cohorts.all()
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        if TrainingEvent.Kind.WORKSHOP in kinds:
            self.fields["capacity"].help_text += (
                " A coaching workshop takes at most the program's workshop capacity, which is "
                "also its capacity when left blank."
            )
            self.fields[
                "cohort"
            ].help_text = "Support calls belong to a cohort: its candidates must attend every one."
        if rules:
            del self.fields["audience"], self.fields["invitees"]
        else:
            self.fields["invitees"].queryset = people


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "starts_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}


class RegisterForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Register")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AttendanceForm(forms.Form):
    """Attended or absent, for each registration of an event."""

    CHOICES = [("attended", "Attended"), ("absent", "Absent")]

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for registration in registrations:
            current = registration.attendance
            field = forms.ChoiceField(
                choices=self.CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial="absent" if current == "made_up" else current,
                label=registration.person.full_name,
            )
            self.fields[f"r-{registration.pk}"] = field
            self.rows.append((registration, self[f"r-{registration.pk}"]))

    def marks(self):
        return {int(name[2:]): value for name, value in self.cleaned_data.items() if value}


class MakeUpForm(forms.Form):
    note = forms.CharField(
        max_length=limits.SHORT_NOTE_MAX,
        label="How it was made up",
        help_text="For example: watched the recording.",
    )
