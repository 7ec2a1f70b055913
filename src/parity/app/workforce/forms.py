"""The Upload page's form: files past the upload limits are refused here, before anything is saved.

The limits (``ingest.limits``) are lower than the command line's: an upload is validated by the
one worker the service runs for everyone; larger files go through ``parity import`` on the server
(docs/importing.md, "Limits").
"""

from django import forms

from .models import SavedColumnMap

from ...ingest.limits import MAX_COLUMN_MAP_BYTES, MAX_UPLOAD_BYTES, size_text


def _refuse_oversize(upload, limit: int, advice: str) -> None:
    if upload is not None and upload.size is not None and upload.size > limit:
        raise forms.ValidationError(f"{upload.name} is {size_text(upload.size)}; the Upload page takes files "
                                    f"of at most {size_text(limit)}. {advice}")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data] if isinstance(data, (list, tuple)) else [single(data, initial)]
        errors = []
        for f in files:
            try:
                _refuse_oversize(f, MAX_UPLOAD_BYTES, "Split it (for example one file per snapshot), or import "
                                 "it on the server with parity import.")
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Data files",
        help_text=f"CSV or Excel files: staff, applications, training, casework, panels, "
                  f"survey questions and responses, each up to {size_text(MAX_UPLOAD_BYTES)}. "
                  f"Select several at once if you like.")
    saved_map = forms.ModelChoiceField(
        # a map that gives a whole file one value (a snapshot date) is only used through matching,
        # where the new file's own value is asked for: last month's date must never be reused unseen
        queryset=SavedColumnMap.objects.exclude(body__has_key="fixed"), required=False,
        label="Saved column map (optional)", empty_label="None: the files use Parity's column names",
        help_text="A map saved when you matched a file's columns. A map that gives a whole file one value, such "
                  "as a snapshot date, is used by matching the new file's columns starting from it.")
    column_map = forms.FileField(
        required=False, label="Column map file (optional)",
        help_text="A YAML file mapping your own column names onto Parity's.",
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}))

    def clean_column_map(self):
        column_map = self.cleaned_data.get("column_map")
        _refuse_oversize(column_map, MAX_COLUMN_MAP_BYTES, "A column map is a short YAML file.")
        return column_map

    def clean(self):
        data = super().clean()
        if data.get("saved_map") and data.get("column_map"):
            self.add_error("column_map", "Choose a saved map or a map file, not both.")
        return data
    quarantine = forms.BooleanField(
        required=False, label="Import the good rows and keep rows with problems aside",
        help_text="Without this, a file with any problem is not imported at all.")


class MatchForm(forms.Form):
    """One file to match column by column (any name, CSV or Excel), perhaps from a saved map."""

    file = forms.FileField(label="Data file", help_text=f"A CSV or Excel file of up to {size_text(MAX_UPLOAD_BYTES)}, "
                           "with any file name and your own system's column names.")
    saved_map = forms.ModelChoiceField(queryset=SavedColumnMap.objects.all(), required=False,
                                       label="Start from a saved map (optional)", empty_label="No: start afresh")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        _refuse_oversize(upload, MAX_UPLOAD_BYTES, "Split it, or import it on the server with parity import.")
        return upload
