from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ..audit.services import record
from .models import User


@admin.register(User)
class ParityUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Parity", {"fields": ("role", "directorate")}),)
    list_display = ("username", "role", "directorate", "is_active")

    def save_model(self, request, obj, form, change):
        changed = {k: form.cleaned_data.get(k) for k in ("role", "directorate") if k in form.changed_data}
        super().save_model(request, obj, form, change)
        if changed or not change:
            record(request.user, "role_change", f"user:{obj.username}",
                   {"after": {"role": obj.role, "directorate": obj.directorate}, "via": "admin"})
