"""Forms of check-ins: the coachee's check-in and the coach's answer. The model fields' own rules
(length, the student-identifier rule) come with them; the services decide and save."""

from crispy_forms.helper import FormHelper
from django import forms

from ..models import CheckIn
from .engagements import FieldRulesOnly


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form> and its buttons."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CheckInForm(_CrispyMixin, FieldRulesOnly, forms.ModelForm):
    submit_label = "Send the check-in"

    class Meta:
        model = CheckIn
        fields = ["kind", "text"]
        labels = {"kind": "This is", "text": "Your check-in"}
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": "Ask, say how it is going, or tell your coach how the coaching works for "
            "you. Only you and your coach read it. Never a student's name or identifier."
        }


class AnswerForm(_CrispyMixin, FieldRulesOnly, forms.ModelForm):
    submit_label = "Send the answer"

    class Meta:
        model = CheckIn
        fields = ["answer"]
        labels = {"answer": "Your answer"}
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].error_messages["required"] = "Write the answer."
