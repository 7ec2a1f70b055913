"""Publishing dashboard pages to the public (issue 5): what, by whom, and withdrawing it.

Only an administrator publishes. The public pages show the whole-council figures of the
publication's snapshot, grouping and pages, read from its computed set; they have no filters, no
directorate figures and no record-level data. Every figure is the stored one, already through
the disclosure policy. Publishing and withdrawing are in the audit log.
"""

from __future__ import annotations

from django.db import transaction

from ...engine.groupings import GROUPINGS
from ..accounts.roles import can_publish
from .. import withdrawable
from ..audit.services import record
from ..measures.models import ComputedSet
from . import services
from .models import Publication


class PublishingRefused(ValueError):
    """A publication that cannot be made or withdrawn; the message says why."""


def pages() -> list[tuple[str, str]]:
    """Every dashboard page that can be published: (slug, title), in the dashboard's order."""
    return ([("overview", "Workforce profile")] + [(t.slug, t.title) for t in services.TOPICS.values()]
            + [("standards", "Standards indicators")])


def live() -> list[Publication]:
    return list(Publication.objects.filter(withdrawn_at__isnull=True).select_related("published_by"))


def get_live(pk: int) -> Publication | None:
    return (Publication.objects.filter(pk=pk, withdrawn_at__isnull=True).select_related("computed_set")
            .defer("computed_set__provenance", "computed_set__suppression_log").first())


@transaction.atomic
def publish(user, computed: ComputedSet, snapshot: str, grouping: str, chosen: list[str], title: str,
            note: str = "") -> Publication:
    if not can_publish(user):
        raise PublishingRefused("Only an administrator publishes figures.")
    problems = []
    if snapshot not in services.snapshots(computed):
        problems.append(f"there are no figures for the snapshot {snapshot!r}")
    if grouping not in GROUPINGS:
        problems.append(f"there is no grouping {grouping!r}")
    known = dict(pages())
    unknown = [p for p in chosen if p not in known]
    if unknown:
        problems.append(f"there is no dashboard page {', '.join(unknown)}")
    if not chosen:
        problems.append("choose at least one page to publish")
    if not title.strip():
        problems.append("give the publication a title")
    if problems:
        raise PublishingRefused("Not published: " + "; ".join(problems) + ".")
    ordered = [slug for slug, _ in pages() if slug in chosen]
    publication = Publication.objects.create(computed_set=computed, snapshot=snapshot, grouping=grouping,
                                             pages=ordered, title=title.strip(), note=note.strip(),
                                             published_by=user)
    record(user, "publish", f"publication:{publication.pk}",
           {"computed_set": computed.pk, "snapshot": snapshot, "grouping": grouping, "pages": ordered,
            "title": publication.title})
    return publication


def withdraw(user, publication: Publication, reason: str) -> Publication:
    return withdrawable.withdraw(user, publication, reason, PublishingRefused, "withdraw",
                                 f"publication:{publication.pk}")


def filters(publication: Publication) -> services.Filters:
    """The one view a publication shows: its snapshot and grouping, the whole council."""
    return services.Filters(publication.snapshot, "", publication.grouping)
