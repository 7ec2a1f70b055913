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
