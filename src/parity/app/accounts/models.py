"""People who use Parity, each with one role (see ``roles``)."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    ANALYST = "analyst", "HR / EDI analyst (record level)"
    DIRECTORATE_LEAD = "directorate_lead", "Directorate lead (own directorate's aggregates)"
    STAFF_NETWORK = "staff_network", "Staff network steering member"
    VIEWER = "viewer", "Viewer"


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.VIEWER)
    directorate = models.CharField(
        max_length=200, blank=True,
        help_text="For directorate leads: the directorate whose figures they see.")

    def __str__(self) -> str:
        return self.username
