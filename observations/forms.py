from django import forms

from coaching.models import RoleMembership, User


class RateCoachForm(forms.Form):
    second_rater = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Calibrate with a second associate (optional)",
        help_text="Both of you score blind; each sees the other's sheet once both are final.",
        empty_label="No: I rate alone",
    )

    def __init__(self, *args, person, rater, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_rater"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__role=RoleMembership.Role.ASSOCIATE,
                memberships__program__enrollments__district=person.district,
            )
            .exclude(pk=rater.pk)
            .distinct()
        )
