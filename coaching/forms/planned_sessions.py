"""The form to plan a coaching session: a date, a start time, a length and a mode."""

from django import forms

from .. import limits
from ..models import CoachingSession

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlannedSessionForm(forms.Form):
    on = forms.DateField(label="Date", widget=DATE)
    at = forms.TimeField(label="Start time", widget=TIME, help_text="Your local time.")
    minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=limits.SESSION_MINUTES_MIN,
        max_value=limits.SESSION_MINUTES_MAX,
        initial=45,
        help_text=f"From {limits.SESSION_MINUTES_MIN} to {limits.SESSION_MINUTES_MAX}.",
    )
    mode = forms.ChoiceField(choices=CoachingSession.Mode.choices)
