"""The open-data API against its own OpenAPI schema, by schemathesis, in process (WSGI).

Schemathesis reads ``/api/v1/openapi.json`` from the running app and generates requests from it:
every response must be documented (status, content type, body schema), never a server error,
and a table is served only when it is one of a live publication's tables, with only that
publication's snapshot and cells. Two runs: the schema as published (any id, measure and cells,
so nearly everything is 404 or 422), and the same schema with the ids and measures narrowed to
the council's publications (live, standards-only, withdrawn, unknown) and every measure, so the
generated requests reach real tables.
"""

import copy
from collections import Counter
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
import open_data_fixtures
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from parity.app.dashboards import services
from parity.app.dashboards.models import Publication
from parity.engine import registry

open_data = open_data_fixtures.open_data  # the shared council (a module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture
def app():
    """The WSGI app, in this test's transaction: Django closes a connection in a transaction at
    the end of a request (as the test client, the request signals are held off meanwhile)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _schema(raw: dict, app) -> schemathesis.BaseSchema:
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = app
    return loaded


@pytest.fixture
def raw_schema(open_data):
    """The schema as the app serves it (read before ``app``: the test client puts the signals back)."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def published_schema(raw_schema, app):
    return _schema(raw_schema, app)


@pytest.fixture
def narrowed_schema(open_data, raw_schema, app):
    raw = copy.deepcopy(raw_schema)
    ids = [open_data.live.pk, open_data.standards.pk, open_data.withdrawn.pk, open_data.withdrawn.pk + 50]
    measures = sorted(set(registry.kinds())) + ["wres", "x"]
    cells = sorted({c for _, c in services.page_tables([p for p in open_data.live.pages])}
                   | {"", "grade=", "grade", "sex=", "grade=PO1", "level=Board"})
    for operations in raw["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                narrowed = {"pk": {"type": "integer", "enum": ids}, "measure": {"type": "string", "enum": measures},
                            "cells": {"type": "string", "enum": cells}}.get(parameter["name"])
                if narrowed:
                    parameter["schema"] = narrowed
    return _schema(raw, app)


def only_published(response, case) -> None:
    """A table served is one of a live publication's tables, with only its snapshot and cells."""
    if response.status_code != 200 or "/tables/" not in case.path:
        return
    pk, measure = case.path_parameters["pk"], case.path_parameters["measure"]
    cells = (case.query or {}).get("cells", "")
    publication = Publication.objects.get(pk=pk)
    assert publication.live, pk
    assert (measure, cells) in services.page_tables(publication.pages), (measure, cells)
    for row in response.json()["rows"]:
        assert row["measure"] == measure and row["period"] == publication.snapshot
        assert ";" not in row["breakdown"]
        assert row["breakdown"].startswith(cells) if cells else row["breakdown"] == "overall"
        if row["status"] in ("suppressed", "not_computable"):
            assert row["value"] is None and row["reason"]


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("which", ["published_schema", "narrowed_schema"])
def test_every_operation_holds_to_the_schema(open_data, request, which, mode):
    """Every operation, valid requests and (negative) invalid ones: the published schema with
    any id, measure and cells; the narrowed one with the council's own publications. (The
    council is asked for here, not only through the schema: a module fixture set up within a
    test's transaction would be rolled back with it.)"""
    schema = request.getfixturevalue(which)
    statuses = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not operation.path_parameters and not operation.query:
            continue  # nothing to make invalid

        @given(case=operation.as_strategy(generation_mode=mode))
        @SETTINGS
        def holds(case):
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])  # unknown ids: 404
            only_published(response, case)
            statuses[operation.path, response.status_code] += 1

        holds()
    if which == "narrowed_schema" and mode == GenerationMode.POSITIVE:  # the requests reached real figures
        # (this council has no published plan progress: test_public_pages reads that part of the API)
        assert all(statuses[operation.path, 200] for operation in operations
                   if not operation.path.startswith("/api/v1/plans")), statuses
