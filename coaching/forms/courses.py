"""Forms of coach-training courses: a run for a new cohort, scheduling sessions, answering (and
typing in paper exit tickets), adapting a question, and the reciprocal pairs."""

from django import forms

from core.artifacts import ARTIFACT_ACCEPT, ARTIFACT_TYPES_TEXT

from .. import limits
from ..models import (
    Course,
    CourseQuestion,
    CourseResource,
    CourseSession,
    CourseUnit,
    Person,
    RunQuestion,
)
from ..models.courses import QUESTION_PARTS, Part
from .engagements import FieldRulesOnly
from .training import PeopleChoiceField, PersonChoiceField


class RunForm(forms.Form):
    name = forms.CharField(
        max_length=limits.COHORT_NAME_MAX, label="Cohort", help_text="For example “Spring 2027”."
    )
    starts_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Starts on"
    )
    members = PeopleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Coaches",
        help_text="Coaches of the program's districts, from one district or several.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        return f"{session} ({session.duration_minutes} min)"


class ScheduleForm(forms.Form):
    sessions = SessionChoiceField(
        queryset=CourseSession.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="One session, or two or three joined in one longer slot.",
    )
    starts_at = forms.DateTimeField(
        label="Starts at",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(max_length=limits.LOCATION_MAX, required=False)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = sessions


class AnswerForm(forms.Form):
    """A text box for each question asked (`parts`: the Do Now's, then the exit ticket's), filled
    with the answers given so far (`given`)."""

    def __init__(self, *args, parts, given, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = []
        for part in parts:
            fields = []
            for question in part.questions:
                name = f"q{question.pk}"
                answer = given.get(question.pk)
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=limits.ANSWER_MAX,
                    initial=answer.text if answer else "",
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                fields.append(self[name])
            self.parts.append((part, fields))

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class TypedInForm(AnswerForm):
    """A paper exit ticket typed in by the facilitator: whose it is, then its answers."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(queryset=people, label="Whose exit ticket")
        self.order_fields(["person"])

    def answers(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = RunQuestion
        fields = ["part", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "Question"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [(p.value, p.label) for p in QUESTION_PARTS]
        self.fields["part"].initial = Part.EXIT_TICKET


class QuestionEditForm(forms.Form):
    text = forms.CharField(
        max_length=limits.QUESTION_MAX,
        label="Question",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Answers given already keep the question as they answered it.",
    )


class PairsForm(forms.Form):
    """The pair (or triad) number of each coach of the cohort, from an automatic pairing."""

    def __init__(self, *args, members, proposed, **kwargs):
        super().__init__(*args, **kwargs)
        numbers = {p.pk: n for n, group in enumerate(proposed, start=1) for p in group}
        choices = [(n, f"Pair {n}") for n in range(1, max(len(members) // 2, 1) + 1)]
        self.members = members
        self.rows = []
        for person in members:
            name = f"p{person.pk}"
            self.fields[name] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                initial=numbers.get(person.pk),
                widget=forms.Select(attrs={"class": "form-select"}),
                label=f"{person.full_name} ({person.district})",
            )
            self.rows.append((person, self[name]))

    def groups(self) -> list[list[Person]]:
        found: dict[int, list[Person]] = {}
        for person in self.members:
            found.setdefault(self.cleaned_data[f"p{person.pk}"], []).append(person)
        return [found[n] for n in sorted(found)]


# --- keeping the course's outline ------------------------------------------------------------


class CourseForm(FieldRulesOnly, forms.ModelForm):
    class Meta:
        model = Course
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class UnitForm(FieldRulesOnly, forms.ModelForm):
    class Meta:
        model = CourseUnit
        fields = ["title"]


class CourseSessionForm(FieldRulesOnly, forms.ModelForm):
    """A session's title and length, and each part's notes and minutes, in the parts' order."""

    class Meta:
        model = CourseSession
        fields = ["title", "duration_minutes"] + [
            f"{p.value}_{what}" for p in Part for what in ("notes", "minutes")
        ]
        widgets = {f"{p.value}_notes": forms.Textarea(attrs={"rows": 3}) for p in Part}
        labels = (
            {"duration_minutes": "Length (minutes)"}
            | {f"{p.value}_notes": f"{p.label}: the facilitator's notes" for p in Part}
            | {f"{p.value}_minutes": "Minutes" for p in Part}
        )

    @property
    def part_rows(self):
        return [(p, self[f"{p.value}_notes"], self[f"{p.value}_minutes"]) for p in Part]


class CourseQuestionForm(FieldRulesOnly, forms.ModelForm):
    class Meta:
        model = CourseQuestion
        fields = ["part", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "Question"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [(p.value, p.label) for p in QUESTION_PARTS]


class CourseQuestionEditForm(forms.Form):
    text = forms.CharField(
        max_length=limits.QUESTION_MAX,
        label="Question",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The cohorts that were asked it keep their own copy, and every answer the "
        "question it answered.",
    )


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(choices=CourseResource.Kind.choices)
    title = forms.CharField(max_length=limits.TITLE_MAX)
    file = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ARTIFACT_ACCEPT}),
        help_text=f"For slides or a booklet: {ARTIFACT_TYPES_TEXT}. Its content is checked.",
    )
    library_video_id = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Library video",
        help_text="For an exemplar video: one of the program's library.",
    )

    def __init__(self, *args, videos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library_video_id"].choices = [("", "—")] + list(videos)
