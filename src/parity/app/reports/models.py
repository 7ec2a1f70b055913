"""Reports as made: every generation kept with what it was built from, and councils' templates.

A ``GeneratedReport`` holds the file it produced, its sha256, the computed set its figures came
from and the report's content (``content.Report``: every word, figure and chart of it), so the
same file can be made again byte for byte whatever has changed since (``services.regenerate``).
A ``CommitteeTemplate`` is a council's own Word template for the committee report; the newest is
the one in use. Both are only ever added to: the database refuses changes and deletions
(``append_only``), so what went to a committee stays on record.
"""

from django.conf import settings
from django.db import models

from ..append_only import AppendOnly
from ..measures.models import ComputedSet


class ReportSettings(models.Model):
    """The name reports carry on every page (an administrator sets it)."""
    council = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "report settings"

    @classmethod
    def current(cls) -> "ReportSettings":
        return cls.objects.order_by("id").first() or cls.objects.create()


class CommitteeTemplate(AppendOnly):
    refusal = "templates are never changed; upload a new one"
    name = models.CharField(max_length=255)
    file = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]


class GeneratedReport(AppendOnly):
    refusal = "generated reports are never changed; generate a new one"
    kind = models.CharField(max_length=16)  # services.KINDS
    format = models.CharField(max_length=8)  # formats.FORMATS
    title = models.CharField(max_length=400)
    parameters = models.JSONField(default=dict)  # plan, period, standard, snapshot as asked
    computed_set = models.ForeignKey(ComputedSet, null=True, on_delete=models.PROTECT, related_name="reports")
    template = models.ForeignKey(CommitteeTemplate, null=True, on_delete=models.PROTECT, related_name="reports")
    content = models.JSONField(default=dict)  # content.Report.to_dict(); empty for a return built from the set
    generated_at = models.DateTimeField()
    file = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    generated_by_name = models.CharField(max_length=150)

    class Meta:
        ordering = ["-generated_at", "-id"]
