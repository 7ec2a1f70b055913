"""Action plans as stored: plan, priorities, objectives, actions, leads, progress updates.

The document shape is ``parity.plans.document`` (what the readers produce); these models add
what a living plan needs: each action's status, RAG override (with its reason), dated progress
updates that are never rewritten (an edit is a new version that supersedes the old, both
kept), and staff-network comments and sign-off on each update. Changes are audited
(``services``).
"""

from django.conf import settings
from django.db import models

from ...plans.document import PLANNING_STEPS, ROLE_TITLES
from ...plans.rag import RAGS, STATUSES
from ..append_only import AppendOnly
from ..withdrawable import Withdrawable


class Plan(models.Model):
    class Kind(models.TextChoices):
        CORPORATE = "corporate", "Corporate"
        DIRECTORATE = "directorate", "Directorate"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CORPORATE)
    directorate = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="directorate_plans")
    period = models.CharField(max_length=20, blank=True)
    introduction = models.TextField(blank=True)
    ambition = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    source_file = models.CharField(max_length=255, blank=True)
    import_notes = models.JSONField(default=list, blank=True)  # what the reader could not place
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    outcomes = models.JSONField(default=list, blank=True)  # "how we will know we are successful"
    measures = models.JSONField(default=list, blank=True)  # as the plan words them
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="priority_number_once")]


class Objective(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=10)
    text = models.TextField()
    points = models.JSONField(default=list, blank=True)
    timescale = models.CharField(max_length=200, blank=True)
    contributes_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="contributions")  # a directorate objective -> corporate
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="objective_number_once")]


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objectives = models.ManyToManyField(Objective, related_name="actions")
    position = models.PositiveIntegerField()
    text = models.TextField()
    timescale = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=[(s, s.replace("_", " ").capitalize()) for s in STATUSES],
                              default="not_started")
    rag_override = models.CharField(max_length=8, blank=True, choices=[(r, r.capitalize()) for r in RAGS])
    rag_override_reason = models.CharField(max_length=500, blank=True)
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "position"]


class Lead(models.Model):
    """An owner role on an objective or an action, with its holder (a post, or a user)."""
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="leads")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="leads")
    role = models.CharField(max_length=40, choices=list(ROLE_TITLES.items()))
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="plan_leads")

    class Meta:
        ordering = ["id"]


class ProgressUpdate(AppendOnly):
    """A dated progress update. Never changed: an edit is a new version superseding this one."""
    refusal = "progress updates are never changed; add a new version instead"
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    version = models.PositiveIntegerField(default=1)
    as_of = models.DateField()
    text = models.TextField()
    status = models.CharField(max_length=16, choices=[(s, s.replace("_", " ").capitalize()) for s in STATUSES])
    evidence = models.JSONField(default=list, blank=True)  # links
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "as_of", "id"]


class NetworkResponse(AppendOnly):
    """A staff-network member's comment on an update, or their sign-off of it."""
    refusal = "comments and sign-offs are never changed"
    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="responses")
    kind = models.CharField(max_length=12, choices=[("comment", "Comment"), ("sign_off", "Sign-off")])
    text = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class PlanMeasure(models.Model):
    """How the plan knows whether an objective (or priority) is being met.

    *Computed*: an engine measure (``measure_id``) for one breakdown cell and group (and
    comparator, for a ratio), read from the current stored results. *Manual*: values entered
    with their source and date (``ManualValue``). Either way a baseline, a target with its
    date, and which way is better.
    """

    class Kind(models.TextChoices):
        COMPUTED = "computed", "Computed from the workforce data"
        MANUAL = "manual", "Entered by hand"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_measures")
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="plan_measures")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="plan_measures")
    title = models.CharField(max_length=400)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    measure_id = models.CharField(max_length=64, blank=True)
    breakdown = models.CharField(max_length=400, default="overall")
    group = models.CharField(max_length=300, blank=True)
    comparator = models.CharField(max_length=300, blank=True)
    grouping = models.CharField(max_length=40, blank=True)  # blank: whichever the stored results use
    better = models.CharField(max_length=12, choices=[("higher", "Higher is better"), ("lower", "Lower is better"),
                                                      ("towards_one", "Closer to 1 (parity) is better")])
    baseline_period = models.CharField(max_length=10, blank=True)  # a snapshot date; blank: the earliest
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]


class ManualValue(AppendOnly):
    """One value of a manual measure, with where it came from. Never changed."""
    refusal = "manual values are never changed; enter a new one"
    measure = models.ForeignKey(PlanMeasure, on_delete=models.CASCADE, related_name="values")
    as_of = models.DateField()
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "as_of", "id"]


class PlanningStep(models.Model):
    """One of the six directorate planning steps (``plans.document.PLANNING_STEPS``) for a plan."""
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="planning_steps")
    step = models.PositiveSmallIntegerField(choices=[(n, title) for n, (title, _) in PLANNING_STEPS.items()])
    status = models.CharField(max_length=16, default="not_started",
                              choices=[(s, s.replace("_", " ").capitalize()) for s in STATUSES])
    date = models.DateField(null=True, blank=True)  # when it happened, or is planned
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "step"]
        constraints = [models.UniqueConstraint(fields=["plan", "step"], name="planning_step_once")]


class PlanPublication(Withdrawable):
    """Plan progress an administrator published for anyone to read: the plan's RAG summary and
    the actions they chose, with their dated updates if they chose so. What the public sees is
    fixed when it is published (``content``), so later changes reach the public only when
    published again. Never deleted: withdrawing records who and why."""
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(max_length=200)
    actions = models.JSONField(default=list)  # action numbers chosen
    include_updates = models.BooleanField(default=True)
    content = models.JSONField(default=dict)  # plans.publishing.public_progress, as published

    class Meta:
        ordering = ["-published_at", "-id"]
