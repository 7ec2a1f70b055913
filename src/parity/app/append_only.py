"""Rows that are only ever added: the audit log, progress updates, staff-network responses."""

from django.db import models


class AppendOnly(models.Model):
    """A model whose saved rows are never changed; ``save`` on an existing row raises."""

    refusal = "these rows are never changed"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(self.refusal)
        super().save(*args, **kwargs)
