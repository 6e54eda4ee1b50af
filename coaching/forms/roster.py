"""The roster import's two forms: the file to preview, then the confirmation of that file."""

from django import forms

# A 10,000-row roster is about 0.9 MB. Below the request body limit of every form
# (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB: coaching.middleware), so this says it first.
MAX_BYTES = 2 * 1024 * 1024


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text="A CSV file (UTF-8 or Excel's CSV) or an Excel workbook (.xlsx), its first row "
        "naming the columns as in the template.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: import it in parts."
            )
        return file


class RosterConfirmForm(forms.Form):
    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
