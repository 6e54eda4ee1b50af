from django import forms

from coaching.models import RoleMembership, User
from rubrics.content import PRACTICE_PROFILE_SLUG
from rubrics.models import RubricVersion


class RateCoachForm(forms.Form):
    version = forms.ModelChoiceField(
        queryset=RubricVersion.objects.none(), label="Rubric", empty_label=None
    )
    second_rater = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Calibrate with a second associate (optional)",
        help_text="Both of you score blind; each sees the other's sheet once both are final.",
        empty_label="No: I rate alone",
    )

    def __init__(self, *args, person, rater, versions, associate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        profile = next((v for v in versions if v.rubric.slug == PRACTICE_PROFILE_SLUG), None)
        if profile is not None:
            self.fields["version"].initial = profile.pk
        if not associate:
            del self.fields["second_rater"]
            return
        self.fields["second_rater"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__role=RoleMembership.Role.ASSOCIATE,
                memberships__program__enrollments__district=person.district,
            )
            .exclude(pk=rater.pk)
            .distinct()
        )
