"""One way to show a refusal (HackSoft's core/exceptions.py idea). A service refuses with a
`ValidationError`; a view shows it either on the form that was posted (`refusal_on_form`: each
field's errors on that field, the rest above the form, so what was typed stays) or, for a button
with no form to show again, as a message (`refusal_message`).

It lives here, below every app, because every app's views use it and rubrics may not import
coaching (DESIGN.md): a helper in coaching would leave rubrics its own copy."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def refusal_text(error: ValidationError) -> str:
    """The refusal's messages as one sentence after another."""
    return " ".join(error.messages)


def refusal_on_form(form, error: ValidationError) -> None:
    """Add a service's refusal to a bound form: errors about a field the form has go on that
    field, every other one (and a refusal about no field) goes to the non-field errors."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, ValidationError(errors))


def refusal_message(request, error: ValidationError, *, before: str = "") -> None:
    """Show a refusal as an error message on the next page (after a redirect)."""
    messages.error(request, before + refusal_text(error))


def refusal_unshown(request, form) -> None:
    """A refused form's errors as a message: for a form its page will not show again (the record
    moved on meanwhile: revoked, decided, adjudicated already), or not where the eye is (the
    notes player), so that a refusal is never silent."""
    if form is not None and form.is_bound and form.errors:
        text = " ".join(message for errors in form.errors.values() for message in errors)
        messages.error(request, text)
