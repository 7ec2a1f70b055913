from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Data files",
        help_text="CSV or Excel files: staff, applications, training, casework, panels, "
                  "survey questions and responses. Select several at once if you like.")
    column_map = forms.FileField(
        required=False, label="Column map (optional)",
        help_text="A YAML file mapping your own column names onto Parity's.",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}))
    quarantine = forms.BooleanField(
        required=False, label="Import the good rows and keep rows with problems aside",
        help_text="Without this, a file with any problem is not imported at all.")
