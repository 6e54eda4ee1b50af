from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q

from .. import limits
from ..models import Person, School


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form>, its button and its Cancel link."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SchoolForm(_CrispyMixin, forms.Form):
    name = forms.CharField(max_length=limits.NAME_MAX)


class PersonForm(_CrispyMixin, forms.ModelForm):
    """Validates a roster entry's fields. The service saves it; `district` comes from the URL."""

    submit_label = "Add staff member"

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "staff_id", "job_title", "school"]

    def __init__(self, *args, district, **kwargs):
        if kwargs.get("instance") is not None:
            self.submit_label = "Save changes"
        super().__init__(*args, **kwargs)
        self.instance.district = district
        # Active schools, and the person's own school even if it has been deactivated since, so
        # that editing them does not move them out of it.
        current = Q(pk=self.instance.school_id) if self.instance.school_id else Q(pk__in=[])
        self.fields["school"].queryset = district.schools.filter(Q(is_active=True) | current)
        self.fields["school"].empty_label = "District office (no school)"
        self.fields[
            "school"
        ].help_text = "Choose District office for staff who work across schools."
        self.fields["email"].help_text = (
            "Where to reach them. If they sign in, their sign-in address is kept with their login "
            "(the site admin changes it)."
        )


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account. Check the "
        "password (it is case-sensitive) or reset it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
