from crispy_forms.helper import FormHelper
from django import forms

from ..models import RoleMembership
from ..selectors.roles import DISTRICT_ROLES


class RoleForm(forms.Form):
    """A district role to give a staff member: the school only for a principal. The schools
    offered are the district's active ones; any other id is refused as an invalid choice."""

    submit_label = "Give role"

    role = forms.ChoiceField(
        choices=[(role.value, role.label) for role in DISTRICT_ROLES],
        help_text="A coachee signs in to see their own coaching; a principal is of one school.",
    )
    school = forms.ModelChoiceField(
        queryset=None, required=False, help_text="For a principal: the school they lead."
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the staff page writes the <form> and its button
        self.fields["school"].queryset = district.schools.filter(is_active=True)
        self.fields["school"].empty_label = "—"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == RoleMembership.Role.PRINCIPAL and not cleaned.get("school"):
            self.add_error("school", "Choose the school they are principal of.")
        if cleaned.get("role") != RoleMembership.Role.PRINCIPAL:
            cleaned["school"] = None  # a school chosen for another role means nothing
        return cleaned
