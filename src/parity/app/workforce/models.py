"""Stored workforce data: imports, dataset versions and the records they hold.

A ``DatasetVersion`` is one period of one file type (a staff snapshot date, a financial year
of applications, training, casework or panels, one survey). Importing new data for a period
adds a version and marks the previous one replaced; replaced versions and their records are
kept (history), never deleted (``on_delete=PROTECT``), and any of them can be made current
again. Measures read current versions only. A version with rows kept aside by a quarantining
import is ``incomplete`` and never current (docs/importing.md).

Identifiers are stored only as keyed hashes (``*_key`` columns, 64 hex characters). No names.
"""

from django.conf import settings
from django.db import models

HASH = dict(max_length=64, db_index=True)


class ImportRun(models.Model):
    class Status(models.TextChoices):
        UPLOADING = "uploading", "Receiving the files"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        REJECTED = "rejected", "Not imported: the files have problems"
        IMPORTED = "imported", "Imported"
        QUARANTINED = "quarantined", "Imported, with problem rows kept aside"
        UNCHANGED = "unchanged", "Nothing new: already imported"
        CONFIRM = "confirm", "Waiting for you: this import would remove people"
        MAPPING = "mapping", "Waiting for you: match the file's columns"
        CANCELLED = "cancelled", "Cancelled: nothing imported"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=16, default="upload")
    quarantine = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    files = models.JSONField(default=list)
    report = models.JSONField(default=dict)
    stored_rows = models.PositiveIntegerField(default=0)
    quarantined_rows = models.PositiveIntegerField(default=0)
    recompute_failed = models.BooleanField(default=False)  # stored, but the measures were not recomputed
    replace_confirmed = models.BooleanField(default=False)  # a replacement that removes people was confirmed

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        """Done with everything, the recomputation of the measures after an import included."""
        return self.status not in (self.Status.UPLOADING, self.Status.QUEUED, self.Status.RUNNING,
                                   self.Status.CONFIRM, self.Status.MAPPING) and self.progress == 100


class SavedColumnMap(models.Model):
    """A column map saved under a name on the Upload page's matching step, so that next month's
    extract from the same system is matched in one go. ``body`` is ``ColumnMap.to_dict()``."""

    name = models.CharField(max_length=100, unique=True)
    body = models.JSONField(default=dict)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DatasetVersion(models.Model):
    kind = models.CharField(max_length=32)
    period = models.CharField(max_length=200)
    version = models.PositiveIntegerField()
    content_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="versions")
    rows = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaces")
    # stored from a quarantining import with rows of this period kept aside: never made current
    incomplete = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period", "version"], name="unique_dataset_version"),
            models.UniqueConstraint(fields=["kind", "period"], condition=models.Q(is_current=True),
                                    name="one_current_version_per_period"),
        ]


class QuarantinedRow(models.Model):
    """A row left out of a quarantining import, with its reasons (identifiers hashed)."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="quarantine_rows")
    file_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32)
    row = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["import_run", "file_name", "row"]


class _Record(models.Model):
    version = models.ForeignKey(DatasetVersion, on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField()

    class Meta:
        abstract = True


def _text(**kw):
    return models.CharField(max_length=200, blank=True, default="", **kw)


class StaffRecord(_Record):
    staff_key = models.CharField(**HASH)
    snapshot_date = models.DateField(db_index=True)
    ethnicity = models.CharField(max_length=40)
    directorate = _text()
    grade = _text()
    sex = _text()
    disability = _text()
    age_band = _text()
    religion = _text()
    sexual_orientation = _text()
    service = models.CharField(max_length=200, null=True, blank=True)
    is_senior_leader = models.BooleanField(null=True)
    is_board_member = models.BooleanField(null=True)
    is_manager = models.BooleanField(null=True)
    fte = models.FloatField(null=True)
    weekly_hours = models.FloatField(null=True)
    contract_type = models.CharField(max_length=200, null=True, blank=True)
    hourly_pay = models.FloatField(null=True)
    bonus_pay_12m = models.FloatField(null=True)
    full_pay_relevant = models.BooleanField(null=True)
    start_date = models.DateField(null=True)
    leave_date = models.DateField(null=True)
    leaving_reason = models.CharField(max_length=200, null=True, blank=True)
    promoted_in_year = models.BooleanField(null=True)


class Application(_Record):
    application_key = models.CharField(**HASH)
    vacancy_id = models.CharField(max_length=200)
    application_date = models.DateField()
    ethnicity = models.CharField(max_length=40)
    directorate = models.CharField(max_length=200, null=True, blank=True)
    grade = models.CharField(max_length=200, null=True, blank=True)
    sex = _text()
    disability = _text()
    internal_candidate = models.BooleanField(null=True)
    shortlisted = models.BooleanField()
    interviewed = models.BooleanField(null=True)
    appointed = models.BooleanField()


class TrainingRecord(_Record):
    staff_key = models.CharField(**HASH)
    course = models.CharField(max_length=300)
    category = models.CharField(max_length=32)
    start_date = models.DateField()
    completed = models.BooleanField(null=True)


class Case(_Record):
    case_key = models.CharField(**HASH)
    staff_key = models.CharField(**HASH)
    case_type = models.CharField(max_length=32)
    opened_date = models.DateField()
    closed_date = models.DateField(null=True)
    outcome = models.CharField(max_length=300, null=True, blank=True)
    positive_resolution = models.BooleanField(null=True)
    racial_discrimination_alleged = models.BooleanField(null=True)
    decision_maker_ethnicity = models.CharField(max_length=40)
    litigation = models.CharField(max_length=16, null=True, blank=True)


class Panel(_Record):
    vacancy_id = models.CharField(max_length=200)
    panel_date = models.DateField()
    members = models.PositiveIntegerField()
    members_ethnic_minority = models.PositiveIntegerField()
    members_trained_anti_discrimination = models.PositiveIntegerField(null=True)


class SurveyQuestion(_Record):
    survey = models.CharField(max_length=200)
    question_id = models.CharField(max_length=200)
    text = models.TextField()
    type = models.CharField(max_length=16)
    favourable = models.CharField(max_length=500, null=True, blank=True)
    measure = models.CharField(max_length=16, null=True, blank=True)


class SurveyResponse(_Record):
    response_key = models.CharField(**HASH)
    survey = models.CharField(max_length=200)
    submitted_date = models.DateField()
    ethnicity = models.CharField(max_length=40)
    directorate = models.CharField(max_length=200, null=True, blank=True)
    is_manager = models.BooleanField(null=True)
    sex = _text()
    disability = _text()
    answers = models.JSONField(default=dict)
