"""Stored measure results: each computation with its provenance, never recomputed on a page view.

A ``ComputedSet`` is one run of the engine over the current data with one set of parameters;
its results are ``StoredResult`` rows (already through the disclosure policy), in the chosen
ethnic grouping and in each of the other three, with their changes since the previous snapshot
(``StoredChange``). Older sets are
kept (``is_current`` false), so any figure once shown can be traced to its inputs.
``MeasureSettings`` holds the parameters an administrator has chosen; saving them recomputes.
"""


from django.core.validators import MinValueValidator
from django.db import models

from ...engine.change import Change
from ...engine.disclosure import FLOOR
from ...engine.results import FIELDS, Result


class MeasureSettings(models.Model):
    grouping = models.CharField(max_length=40, default="ons5", choices=[
        ("ons5", "ONS 2021 ethnic groups (5)"), ("ons19", "ONS 2021 ethnic categories (19)"),
        ("white_british_vs_minorities", "White British and ethnic minorities"),
        ("wres_binary", "WRES: White and BME")])
    reference = models.CharField(max_length=200, blank=True, help_text="Blank: the grouping's default")
    breakdowns = models.CharField(max_length=200, default="directorate,grade")
    rolling_years = models.PositiveSmallIntegerField(default=2)
    min_cell = models.PositiveSmallIntegerField(
        default=FLOOR, validators=[MinValueValidator(FLOOR)],
        help_text=f"Counts are published rounded to a multiple of this (at least {FLOOR}; see /glossary/#rounded)")
    adjustment = models.CharField(max_length=8, default="holm", choices=[("holm", "Holm"), ("bh", "Benjamini-Hochberg")])
    local_population_share = models.FloatField(null=True, blank=True,
                                               help_text="Ethnic-minority share of the local population (0 to 1)")
    grade_bands = models.TextField(blank=True, help_text="One band a line, grades in pay order: "
                                   "'Scale 1-6: Scale 1, Scale 2, Scale 3, Scale 4, Scale 5, Scale 6'")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.min_cell is not None and self.min_cell < FLOOR:
            raise ValidationError({"min_cell": f"the threshold cannot be below {FLOOR} (see /glossary/#rounded)"})

        from ...engine.grades import parse_bands
        try:
            parse_bands(self.grade_bands)
        except ValueError as exc:
            raise ValidationError({"grade_bands": str(exc)}) from None

    class Meta:
        verbose_name_plural = "measure settings"

    @classmethod
    def current(cls) -> "MeasureSettings":
        return cls.objects.order_by("id").first() or cls.objects.create()


class ComputedSet(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Computing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    message = models.CharField(max_length=500, blank=True)
    parameters = models.JSONField(default=dict)
    provenance = models.JSONField(default=dict)
    methodology = models.JSONField(default=list)
    suppression_log = models.JSONField(default=list)
    output_sha256 = models.CharField(max_length=64, blank=True)
    result_count = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]


class ResultFields(models.Model):
    """A stored ``engine.results.Result``: its fields, as the engine made them (already disclosed)."""
    measure = models.CharField(max_length=64, db_index=True)
    period = models.CharField(max_length=10)
    breakdown = models.CharField(max_length=400)
    group = models.CharField(max_length=300)
    comparator = models.CharField(max_length=300, null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    value = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    p_value = models.FloatField(null=True)
    p_adjusted = models.FloatField(null=True)
    status = models.CharField(max_length=16)
    reason = models.CharField(max_length=500, blank=True)
    band = models.CharField(max_length=16, null=True)
    comparator_numerator = models.FloatField(null=True)
    comparator_denominator = models.FloatField(null=True)
    method = models.CharField(max_length=400, blank=True)
    rolled_up_from = models.JSONField(default=list)

    class Meta:
        abstract = True

    def as_result(self) -> Result:
        """The engine's result again, as it was stored."""
        fields = {f: getattr(self, f) for f in FIELDS if f != "rolled_up_from"}
        return Result(**fields, rolled_up_from=tuple(self.rolled_up_from))


class StoredResult(ResultFields):
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.CASCADE, related_name="results")
    grouping = models.CharField(max_length=40, default="")  # the run's grouping (every set holds all four)

    class Meta:
        indexes = [models.Index(fields=["computed_set", "grouping", "measure", "period"])]


class ChangeFields(models.Model):
    """A stored ``engine.change.Change``: a result's change since the period before."""
    measure = models.CharField(max_length=64)
    period = models.CharField(max_length=10)
    previous_period = models.CharField(max_length=10)
    breakdown = models.CharField(max_length=400)
    group = models.CharField(max_length=300)
    comparator = models.CharField(max_length=300, null=True)
    value = models.FloatField(null=True)
    previous_value = models.FloatField(null=True)
    difference = models.FloatField(null=True)
    p_value = models.FloatField(null=True)
    significant = models.BooleanField(null=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True

    def as_change(self) -> Change:
        return Change(**{name: getattr(self, name) for name in Change._fields})


class StoredChange(ChangeFields):
    """A result's change since the previous snapshot (``engine.change.Change``), stored with its set."""
    computed_set = models.ForeignKey(ComputedSet, on_delete=models.CASCADE, related_name="changes")
    grouping = models.CharField(max_length=40, default="")

    class Meta:
        indexes = [models.Index(fields=["computed_set", "grouping", "measure", "period"])]


class LocalPopulation(models.Model):
    """Residents of the council's area per ethnicity category (census reference data), as
    imported; a later import becomes current and the earlier ones are kept."""

    area = models.CharField(max_length=200)
    source = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def counts(self) -> dict[str, int]:
        return {row.category: row.people for row in self.rows.all()}


class LocalPopulationCount(models.Model):
    population = models.ForeignKey(LocalPopulation, on_delete=models.PROTECT, related_name="rows")
    category = models.CharField(max_length=40)  # engine.ethnicity category code
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["population", "category"], name="one_count_per_category")]
