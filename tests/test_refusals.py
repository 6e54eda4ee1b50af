"""core/refusals.py: the one way a view shows a service's refusal."""

from django import forms
from django.core.exceptions import ValidationError

from core.refusals import refusal_on_form, refusal_text


class ReasonForm(forms.Form):
    reason = forms.CharField()


def test_a_field_error_goes_on_its_field_and_the_rest_above_the_form():
    form = ReasonForm({"reason": "As typed"})
    assert form.is_valid()
    refusal_on_form(
        form,
        ValidationError({"reason": "Not this.", "revoked_reason": "Nor this.", "__all__": "No."}),
    )
    assert form.errors["reason"] == ["Not this."]
    assert form.non_field_errors() == ["Nor this.", "No."]
    assert form["reason"].value() == "As typed"


def test_a_refusal_about_no_field_goes_above_the_form():
    form = ReasonForm({"reason": "As typed"})
    assert form.is_valid()
    refusal_on_form(form, ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]
    assert refusal_text(ValidationError(["One.", "Two."])) == "One. Two."
