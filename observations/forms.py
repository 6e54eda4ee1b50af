import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coaching.models import RoleMembership, User
from core.artifacts import ARTIFACT_TYPES_TEXT
from rubrics.content import PRACTICE_PROFILE_SLUG
from rubrics.models import RubricVersion

from . import limits
from .models import Observation
from .services import VIDEO_TYPES_TEXT


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


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form>, its button and its Cancel link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class VideoUploadForm(_CrispyMixin, forms.Form):
    program = forms.ModelChoiceField(queryset=None, empty_label=None)
    title = forms.CharField(max_length=limits.TITLE_MAX)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.DESCRIPTION_MAX,
        help_text="What the recording shows, for the associates who assign it.",
    )
    file = forms.FileField(
        label="Video file",
        widget=forms.ClearableFileInput(
            attrs={"accept": "video/mp4,video/webm,video/quicktime,.mp4,.webm,.mov"}
        ),
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["file"].help_text = (
            f"{VIDEO_TYPES_TEXT}, up to {settings.VIDEO_MAX_MB} MB. "
            "The file is kept private: only the program's associates and the coaches it is "
            "assigned to can watch it."
        )


class VideoForm(_CrispyMixin, forms.Form):
    title = forms.CharField(max_length=limits.TITLE_MAX)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.DESCRIPTION_MAX,
    )
    is_active = forms.BooleanField(
        label="In the library",
        required=False,
        help_text="Untick to retire the video: it can no longer be assigned, and the notes "
        "already written on it stay with it.",
    )


_MOMENT = re.compile(r"(?:(\d+):)?(?:(\d+):)?(\d+)", re.ASCII)


def parse_moment(value: str) -> int:
    """Seconds from "m:ss", "h:mm:ss" or a plain number of seconds ("4:05", "1:02:30", "245")."""
    match = _MOMENT.fullmatch(value.strip())
    if match is None:
        raise ValidationError(
            "Give the moment as minutes and seconds, such as 4:05, or as a number of seconds."
        )
    hours, minutes, seconds = match.groups()
    if hours is not None and minutes is None:  # "m:ss" matched as hours and seconds
        hours, minutes = None, hours
    if minutes is not None and int(seconds) > 59:
        raise ValidationError(f"{value.strip()} has more than 59 seconds: write 4:05, not 3:65.")
    if hours is not None and int(minutes) > 59:
        raise ValidationError(
            f"{value.strip()} has more than 59 minutes: write hours, such as 1:15:00."
        )
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds)


class TimedNoteForm(forms.Form):
    """A note at a moment of the video. The player fills `at_seconds` with its current time; `at`
    is the same moment as the person sees and may type it (m:ss), and wins when given."""

    text = forms.CharField(
        max_length=limits.TIMED_NOTE_MAX,
        error_messages={"required": "Write the note before adding it."},
    )
    at = forms.CharField(required=False, max_length=12)
    at_seconds = forms.IntegerField(required=False, min_value=0, max_value=limits.VIDEO_SECONDS_MAX)

    def clean(self):
        data = super().clean()
        if data.get("at"):
            try:
                data["at_seconds"] = parse_moment(data["at"])
            except ValidationError as error:
                self.add_error("at", error)
        elif data.get("at_seconds") is None and "at_seconds" not in self.errors:
            self.add_error("at", "Say when: play the video to the moment, or type it as m:ss.")
        if (data.get("at_seconds") or 0) > limits.VIDEO_SECONDS_MAX and "at" not in self.errors:
            self.add_error("at", "A moment is within the video's length, at most 24:00:00.")
        return data


# --- feedback notes, and artifacts ------------------------------------------------------------


class FeedbackNotesForm(forms.ModelForm):
    """The feedback notes of an observation, the one form for every kind: a Key2Ed coach's notes
    on a facilitator or a library video (`colleagues`: whom they may have observed), and a coaching
    engagement's observation of its coachee (`engagement=True`: the coachee is who was observed,
    and the first part is "what was observed")."""

    class Meta:
        model = Observation
        fields = [
            "observed_on",
            "facilitator",
            "mode",
            "location",
            "behaviours_seen",
            "working",
            "not_working",
            "questions_posed",
            "next_steps",
            "free_text",
        ]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [*Observation.STRUCTURED_NOTES, "free_text"]
            },
        }
        help_texts = {
            "location": "A school or “virtual”. Never a student's name or anything that "
            "identifies a student.",
            "free_text": "Never a student's name or anything that identifies a student.",
        }

    def __init__(self, *args, colleagues=None, engagement=False, **kwargs):
        super().__init__(*args, **kwargs)
        if engagement:
            del self.fields["facilitator"]
            self.fields["behaviours_seen"].label = "What was observed"
            self.fields["observed_on"].label = "Observed on"
            for name in ("observed_on", *Observation.STRUCTURED_NOTES):
                self.fields[name].required = True
            self.helper = FormHelper()
            self.helper.form_tag = False
            return
        if self.instance.setting == Observation.Setting.VIDEO:
            for name in ("observed_on", "facilitator", "mode", "location"):
                del self.fields[name]
        else:
            self.fields["facilitator"].queryset = colleagues
            self.fields["facilitator"].label = "Facilitator observed"


class ArtifactForm(_CrispyMixin, forms.Form):
    file = forms.FileField(
        label="Attach a file",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.doc,.docx,.xls,.xlsx,.ppt,"
                ".pptx,.odt,.ods,.odp"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{ARTIFACT_TYPES_TEXT[0].upper()}{ARTIFACT_TYPES_TEXT[1:]}, up to "
            f"{settings.ARTIFACT_MAX_MB} MB. Kept private: only the engagement's parties open it. "
            "Never a file that names or identifies a student."
        )
