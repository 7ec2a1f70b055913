"""Survey results, stored with the computed set they were made in (``engine.survey``).

Each row is one figure about one question of one survey wave (``survey``, ``question``: the
question's id in its question list), already through the disclosure policy; the set holds them
in each ethnic grouping, as it holds the measures. Pages read them and never recompute.
"""

from django.db import models

from ..measures.models import ChangeFields, ComputedSet, ResultFields


class StoredSurveyFigure(ResultFields):
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.CASCADE, related_name="survey_figures")
    grouping = models.CharField(max_length=40)
    survey = models.CharField(max_length=200)
    question = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["computed_set", "grouping", "survey"])]


class StoredSurveyChange(ChangeFields):
    """A share's change since the previous wave of its series."""
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.CASCADE, related_name="survey_changes")
    grouping = models.CharField(max_length=40)
    survey = models.CharField(max_length=200)
    question = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["computed_set", "grouping", "survey"])]


class NameList(models.Model):
    """The council's deny-list of staff names for redacting comments, kept only as keyed hashes of
    their words (``ingest.redaction.NameList``); the list uploaded is never stored. The newest
    is in use."""
    hashes = models.TextField()  # one hash a line
    words = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class SurveyComment(models.Model):
    """One free-text answer, redacted (``text`` is the masked comment; the original stays only in
    the response it came from), waiting for an analyst's review, approved or withheld, and its
    main theme in the question's current codebook."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Awaiting review"
        APPROVED = "approved", "Approved"
        WITHHELD = "withheld", "Withheld"

    response = models.ForeignKey("workforce.SurveyResponse", on_delete=models.CASCADE, related_name="comments")
    survey = models.CharField(max_length=200)
    question = models.CharField(max_length=200)
    text = models.TextField()
    masked = models.JSONField(default=list)  # kinds of detail masked: "name", "email" ...
    flags = models.JSONField(default=list)  # [{"kind", "start", "end"}] in ``text``, for the reviewer
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAITING)
    reviewed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True)
    theme = models.IntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_comment_per_answer")]
        indexes = [models.Index(fields=["survey", "question", "status"])]


class Codebook(models.Model):
    """A question's comment themes as an analyst keeps them (``engine.themes.Codebook``): made on
    one wave, reused for the next wave of the series; every change is a new row, the newest in use."""
    series = models.CharField(max_length=200)
    question = models.CharField(max_length=200)
    made_on = models.CharField(max_length=200)  # the wave it was found on
    data = models.JSONField()
    change = models.CharField(max_length=300)  # what made this version: "found", "renamed ..." ...
    made_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
