"""Publications: what an administrator has published for anyone to read, without signing in.

A publication fixes one computed set (its figures never change once stored), one snapshot,
one grouping and the dashboard pages it includes; the public sees the whole-council figures of
those pages and nothing else. It is never deleted or edited: withdrawing it records who and
why, and takes it off the public pages.
"""

from django.conf import settings
from django.db import models

from ..measures.models import ComputedSet


class Publication(models.Model):
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.PROTECT, related_name="publications")
    snapshot = models.CharField(max_length=10)
    grouping = models.CharField(max_length=40)
    pages = models.JSONField()  # dashboard page slugs: overview, the topics, standards
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None
