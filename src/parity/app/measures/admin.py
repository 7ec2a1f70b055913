from django.contrib import admin

from ..audit.services import record
from .models import ComputedSet, MeasureSettings
from .services import recompute_in_background


@admin.register(MeasureSettings)
class MeasureSettingsAdmin(admin.ModelAdmin):
    list_display = ("grouping", "reference", "breakdowns", "rolling_years", "min_cell", "adjustment")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(request.user, "parameters_change", "measure_settings", {"changed": form.changed_data})
        recompute_in_background("parameters changed")


@admin.register(ComputedSet)
class ComputedSetAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "trigger", "status", "result_count", "is_current", "output_sha256")
    readonly_fields = [f.name for f in ComputedSet._meta.fields]
