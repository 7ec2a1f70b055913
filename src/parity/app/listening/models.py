"""Listening to staff: focus groups, listening circles and survey playbacks, the themes people
raised in them, and the plan's objectives and actions each theme is answered by ("you said, we
did": seed 003's focus groups, seed 004's listening circles and playbacks).

No one who took part is named: a session keeps its date, directorate, how many came and the
recorder's notes; a theme keeps what was said in summary. Every change is audited.
"""

from django.conf import settings
from django.db import models

from ..plans.models import Action, Objective


class ListeningSession(models.Model):
    class Kind(models.TextChoices):
        FOCUS_GROUP = "focus_group", "Focus group"
        LISTENING_CIRCLE = "listening_circle", "Listening circle"
        SURVEY_PLAYBACK = "survey_playback", "Survey playback"
        OTHER = "other", "Other session"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    directorate = models.CharField(max_length=200, blank=True)  # blank: the whole council
    attendance = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class Theme(models.Model):
    """Something staff said, in summary, raised at one or more sessions, and what answers it."""
    title = models.CharField(max_length=300)
    said = models.TextField(blank=True)
    sessions = models.ManyToManyField(ListeningSession, related_name="themes")
    actions = models.ManyToManyField(Action, related_name="listening_themes", blank=True)
    objectives = models.ManyToManyField(Objective, related_name="listening_themes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
