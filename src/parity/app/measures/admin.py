from django import forms
from django.contrib import admin

from ..audit.services import record
from .models import ComputedSet, MeasureSettings
from .services import recompute_in_background


class MeasureSettingsForm(forms.ModelForm):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Why the disclosure threshold changes (required when it does; audited)")

    class Meta:
        model = MeasureSettings
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if "min_cell" in self.changed_data and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the disclosure threshold changes.")
        return data


@admin.register(MeasureSettings)
class MeasureSettingsAdmin(admin.ModelAdmin):
    form = MeasureSettingsForm
    list_display = ("grouping", "reference", "breakdowns", "rolling_years", "min_cell", "adjustment")

    def save_model(self, request, obj, form, change):
        before = MeasureSettings.objects.filter(pk=obj.pk).values_list("min_cell", flat=True).first()
        super().save_model(request, obj, form, change)
        detail = {"changed": form.changed_data}
        if "min_cell" in form.changed_data:
            detail.update(min_cell={"from": before, "to": obj.min_cell}, reason=form.cleaned_data["reason"].strip())
        record(request.user, "parameters_change", "measure_settings", detail)
        recompute_in_background("parameters changed")


@admin.register(ComputedSet)
class ComputedSetAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "trigger", "status", "result_count", "is_current", "output_sha256")
    readonly_fields = [f.name for f in ComputedSet._meta.fields]
