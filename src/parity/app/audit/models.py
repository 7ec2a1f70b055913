"""The audit log: who did what, when. Rows are only ever added: the database refuses any change
or deletion (append_only), and a user who acted cannot be deleted, only deactivated."""

from django.conf import settings
from django.db import models

from ..append_only import AppendOnly


class AuditEvent(AppendOnly):
    refusal = "audit events are never changed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
