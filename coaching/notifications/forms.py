from django import forms

from ..models import Notification


class EmailPreferencesForm(forms.Form):
    """A checkbox for each kind of notification: send it by e-mail too (the inbox has them all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False)
