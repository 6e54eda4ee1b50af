from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Person, School


class _CrispyMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SchoolForm(_CrispyMixin, forms.Form):
    name = forms.CharField(max_length=200)


class PersonForm(_CrispyMixin, forms.ModelForm):
    """Validates a roster entry's fields. The service saves it; `district` comes from the URL."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "job_title", "school"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["school"].queryset = district.schools.filter(is_active=True)
        self.fields["school"].empty_label = "— District office (no school) —"


class StaffFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False)
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("inactive", "Deactivated"), ("all", "Everyone")],
        required=False,
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = district.schools.all()
        self.fields["school"].empty_label = "All schools"


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
