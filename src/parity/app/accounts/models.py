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
    # Emails each person may turn off on their own Notifications page (``notifications``).
    notify_actions = models.BooleanField(default=True, help_text="My actions coming due or overdue")
    notify_sign_off = models.BooleanField(default=True, help_text="Progress updates awaiting the staff network's "
                                                                  "sign-off (staff-network members)")
    notify_imports = models.BooleanField(default=True, help_text="Imports that failed (administrators and analysts)")

    def __str__(self) -> str:
        return self.username


class Notification(models.Model):
    """One email's reason, sent once: ``key`` names what it was about ("action:12:overdue",
    "update:40", "import:7"), so the same news is never sent to the same person twice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
