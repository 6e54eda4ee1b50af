from django.contrib.auth.forms import SetPasswordForm


class InvitationPasswordForm(SetPasswordForm):
    """Django's set-password form (AUTH_PASSWORD_VALIDATORS, the two entries must match), with
    words for someone choosing their first password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "The same password again"
