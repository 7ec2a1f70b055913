"""What is published for anyone is never deleted: it is withdrawn, with who, when and why.

``Withdrawable`` holds who published it and when, and its withdrawal; ``withdraw`` is the one
way to withdraw (administrators only, with a reason, audited). Figures publications
(``dashboards.Publication``) and plan progress publications (``plans.PlanPublication``) both use it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .accounts.roles import can_publish
from .audit.services import record


class Withdrawable(models.Model):
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None


@transaction.atomic
def withdraw(user, item: Withdrawable, reason: str, refused: type[Exception], action: str, target: str):
    """Withdraw ``item``; ``refused`` (the caller's exception) says why it cannot be."""
    if not can_publish(user):
        raise refused("Only an administrator withdraws a publication.")
    if not item.live:
        raise refused("This publication has already been withdrawn.")
    if not reason.strip():
        raise refused("Say why the publication is withdrawn.")
    item.withdrawn_by, item.withdrawn_at, item.withdrawn_reason = user, timezone.now(), reason.strip()
    item.save(update_fields=["withdrawn_by", "withdrawn_at", "withdrawn_reason"])
    record(user, action, target, {"reason": item.withdrawn_reason})
    return item
