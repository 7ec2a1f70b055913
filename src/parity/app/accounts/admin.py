"""The Django admin for users: administrators (staff accounts) change roles and deactivate
people. Nobody is deleted: the delete button and bulk action are replaced by "Deactivate", so
the audit log and the plans keep naming who did what (docs/security.md, ADR 0010)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from ..audit.services import record
from .models import User
from .services import deactivate


@admin.register(User)
class ParityUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Parity", {"fields": ("role", "directorate")}),)
    list_display = ("username", "role", "directorate", "is_active")
    actions = ["deactivate_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Deactivate the selected users (they can no longer sign in)",
                  permissions=["change"])
    def deactivate_selected(self, request, queryset):
        for user in queryset:
            deactivate(user, by=request.user)
        self.message_user(request, f"{queryset.count()} user(s) deactivated; their history is kept.",
                          messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        changed = {k: form.cleaned_data.get(k) for k in ("role", "directorate") if k in form.changed_data}
        super().save_model(request, obj, form, change)
        if changed or not change:
            record(request.user, "role_change", f"user:{obj.username}",
                   {"after": {"role": obj.role, "directorate": obj.directorate}, "via": "admin"})
        if change and "is_active" in form.changed_data:
            record(request.user, "reactivate" if obj.is_active else "deactivate", f"user:{obj.username}",
                   {"via": "admin"})
