from django import forms

from .. import limits


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for revoking",
        max_length=limits.REASON_MAX,
        error_messages={
            "required": "Say why the certificate is revoked: the reason is kept and shown.",
            "max_length": f"Keep the reason to {limits.REASON_MAX:,} characters: it has "
            "%(show_value)d.",
        },
        help_text="Kept on the certificate and its history; the public check shows only “Revoked”.",
    )


class VerifyForm(forms.Form):
    number = forms.CharField(
        label="Certificate number",
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "K2E-2026-7KQ4M9XD", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
