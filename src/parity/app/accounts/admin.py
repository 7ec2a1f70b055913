"""The Django admin for users: administrators (staff accounts) change roles and deactivate
people. Nobody is deleted: the delete button and bulk action are replaced by "Deactivate", so
the audit log and the plans keep naming who did what (docs/security.md, ADR 0010)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from ..audit.services import record
from .models import Role, User
from .services import deactivate, sync_staff


class _DirectorateForLeads:
    def clean(self):
        data = super().clean()
        if data.get("role") == Role.DIRECTORATE_LEAD and not (data.get("directorate") or "").strip():
            self.add_error("directorate", "A directorate lead needs the directorate whose figures they see.")
        if data.get("role") != Role.DIRECTORATE_LEAD:
            data["directorate"] = ""
        return data


class AddUserForm(_DirectorateForLeads, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role", "directorate", "email")


class ChangeUserForm(_DirectorateForLeads, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("username", "password", "role", "directorate", "is_active", "email")


@admin.register(User)
class ParityUserAdmin(UserAdmin):
    form, add_form = ChangeUserForm, AddUserForm
    # No names (Parity keeps none) and no staff, superuser or permission boxes: the role decides
    # who uses this admin (``services.sync_staff``).
    fieldsets = ((None, {"fields": ("username", "password")}),
                 ("Parity", {"fields": ("role", "directorate", "is_active", "email")}),
                 ("Dates", {"fields": ("last_login", "date_joined")}))
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role",
                                                               "directorate", "email")}),)
    list_display = ("username", "role", "directorate", "is_active")
    list_filter = ("role", "is_active")
    readonly_fields = ("last_login", "date_joined")
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
        sync_staff(obj)
        if changed or not change:
            record(request.user, "role_change", f"user:{obj.username}",
                   {"after": {"role": obj.role, "directorate": obj.directorate}, "via": "admin"})
        if change and "is_active" in form.changed_data:
            record(request.user, "reactivate" if obj.is_active else "deactivate", f"user:{obj.username}",
                   {"via": "admin"})
