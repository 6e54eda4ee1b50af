"""The roster import's two forms: the file to preview, then the confirmation of that file."""

from django import forms

MAX_BYTES = 5 * 1024 * 1024  # a 20,000-row roster is about 2 MB


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
