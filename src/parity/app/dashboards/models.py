"""Publications: what an administrator has published for anyone to read, without signing in.

A publication fixes one computed set (its figures never change once stored), one snapshot,
one grouping and the dashboard pages it includes; the public sees the whole-council figures of
those pages and nothing else. It is never deleted or edited: withdrawing it records who and
why, and takes it off the public pages.
"""

from django.db import models

from ..measures.models import ComputedSet
from ..withdrawable import Withdrawable


class Publication(Withdrawable):
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.PROTECT, related_name="publications")
    snapshot = models.CharField(max_length=10)
    grouping = models.CharField(max_length=40)
    pages = models.JSONField()  # dashboard page slugs: overview, the topics, standards
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
