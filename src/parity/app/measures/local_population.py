"""The local population on file: imported from a census table, the current one used as the
reference for the workforce's composition (dashboard) and Social Care WRES 9."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction

from ...engine.population import minority_share
from ...ingest.population import read_population
from ..audit.services import record
from .models import LocalPopulation, LocalPopulationCount


@transaction.atomic
def import_population(path: str | Path, area: str, source: str, actor) -> LocalPopulation:
    """Read, check and store a local population file (all or nothing: ``read_population``
    raises with every problem before anything is stored). Audited."""
    if not area.strip() or not source.strip():
        raise ValueError("say which area the figures are for and where they come from (--area, --source)")
    counts = read_population(path)
    name = actor if isinstance(actor, str) else getattr(actor, "username", "system")
    population = LocalPopulation.objects.create(area=area.strip(), source=source.strip(), imported_by=name,
                                                file_sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest())
    LocalPopulationCount.objects.bulk_create(
        [LocalPopulationCount(population=population, category=code, people=n) for code, n in sorted(counts.items())])
    record(actor, "import", f"local_population:{population.pk}",
           {"area": population.area, "source": population.source, "residents": sum(counts.values()),
            "categories": len(counts)})
    return population


def current() -> LocalPopulation | None:
    return LocalPopulation.objects.first()


def current_minority_share() -> float | None:
    population = current()
    return minority_share(population.counts()) if population else None
