from django import forms


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for revoking",
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
