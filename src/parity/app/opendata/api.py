"""The read-only JSON API of published results (django-ninja, described by OpenAPI 3).

Anonymous and GET only: it serves what an administrator published and nothing else, through the
same gate as the public CSV (``tables``). A withdrawn or unknown publication, an unknown measure
or a table that is not one of the publication's tables is 404; a malformed parameter is 422.
Every row is a stored, already-protected figure; a hidden one has null values and its reason.

Mounted at ``/api/v1/`` (``opendata.urls``); the schema is ``/api/v1/openapi.json``. Plan
progress endpoints go on ``plan_progress.router`` (mounted at ``/api/v1/plans``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.urls import reverse
from ninja import Field, NinjaAPI, Path, Query, Schema
from pydantic import create_model

from ...engine.results import STATUSES
from ..dashboards import publishing, services
from . import dictionary, plan_progress, tables
from .errors import Invalid, Message

MAX_CELLS = 200  # longer than any breakdown prefix a page uses; anything longer is 422

api = NinjaAPI(
    title="Parity open data",
    version="1",
    description=("Read-only figures a council published about the ethnicity of its workforce. Every figure has "
                 "been through the disclosure protection (counts rounded to multiples of 5 by the cell key "
                 "method); a hidden one has null values and says why. The data dictionary explains each column, "
                 "status and measure."),
    urls_namespace="api_v1",
    docs_url=None,  # the interactive docs need scripts the content security policy refuses: see views.api_page
)
api.add_router("/plans", plan_progress.router)

Status = Literal[STATUSES]  # type: ignore[valid-type]


class PublicationSummary(Schema):
    id: int
    title: str
    snapshot: str = Field(description="the snapshot date, YYYY-MM-DD")
    grouping: str = Field(description="the ethnicity grouping the figures use")
    published_at: dt.datetime
    url: str = Field(description="this publication in the API")


class Page(Schema):
    slug: str
    title: str
    url: str = Field(description="the public page")


class TableLink(Schema):
    measure: str
    cells: str = Field(description='"" the whole council, one breakdown\'s cells (such as "grade="), or a '
                                   'one-way table\'s dimension (such as "sex": each sex\'s whole staff)')
    title: str
    rows: str = Field(description="the table's rows in the API")
    csv: str
    xlsx: str


class Publication(PublicationSummary):
    note: str
    methodology: list[str] = Field(description="how the figures' small numbers are protected")
    pages: list[Page]
    tables: list[TableLink]
    data_dictionary: str = Field(description="this publication's data dictionary in the API")


# Each row's fields and types: the CSV's columns (``services.CSV_HEADER``, tested), each described
# by the data dictionary.
ROW_TYPES = {"measure": str, "period": str, "breakdown": str, "group": str, "comparator": str | None,
             "numerator": float | None, "denominator": float | None, "value": float | None,
             "ci_low": float | None, "ci_high": float | None, "p_value": float | None, "status": Status,
             "reason": str, "band": str | None, "previous_value": float | None, "change_significant": bool | None}
Row = create_model("Row", __base__=Schema, **{
    name: (kind, Field(..., description=dictionary.COLUMNS.get(name, ("",))[0])) for name, kind in ROW_TYPES.items()})


class Table(Schema):
    publication: int
    measure: str
    cells: str
    title: str
    snapshot: str
    grouping: str
    columns: list[str] = Field(description="the CSV's and XLSX's columns, in order: each row has these keys")
    rows: list[Row]


class Column(Schema):
    name: str
    meaning: str
    unit: str


class MeasureEntry(Schema):
    id: str
    title: str
    standard: str
    shape: str
    definition: str
    formula: str
    interpretation: str
    value_unit: str
    comparison_unit: str


class DataDictionary(Schema):
    columns: list[Column]
    statuses: dict[str, str]
    bands: dict[str, str]
    measures: list[MeasureEntry]


PublicationId = Path(..., ge=1, le=tables.MAX_PK, description="a publication's id")
NOT_FOUND = {404: Message, 422: Invalid}


@api.get("/publications", response=list[PublicationSummary], summary="Every live publication, newest first",
         tags=["published results"])
def list_publications(request):
    return [_summary(p) for p in publishing.live()]


@api.get("/publications/{pk}", response={200: Publication, **NOT_FOUND},
         summary="One publication: its pages and the tables they show", tags=["published results"])
def get_publication(request, pk: int = PublicationId):
    published = _live(pk)
    titles = dict(publishing.pages())
    return {**_summary(published), "note": published.note,
            "methodology": list(published.computed_set.methodology or []),
            "pages": [{"slug": s, "title": titles[s], "url": reverse("public:page", args=[pk, s])}
                      for s in published.pages],
            "tables": [_table_link(pk, t) for t in tables.tables(published)],
            "data_dictionary": reverse("api_v1:publication_dictionary", args=[pk])}


@api.get("/publications/{pk}/tables/{measure}", response={200: Table, **NOT_FOUND},
         summary="One published table's rows (as its CSV)", tags=["published results"])
def get_table(request, pk: int = PublicationId, measure: str = Path(..., max_length=100),
              cells: str = Query("", max_length=MAX_CELLS,
                                 description='"" the whole council, one breakdown\'s cells as the publication '
                                             'lists them (such as "grade="), or a one-way table\'s dimension '
                                             '(such as "sex")')):
    published = _live(pk)
    try:
        rows = tables.records(published, measure, cells)
    except tables.NotPublished:
        raise Http404("that table is not published") from None
    return {"publication": pk, "measure": measure, "cells": cells, "title": dictionary.title(measure),
            "snapshot": published.snapshot, "grouping": published.grouping,
            "columns": list(services.CSV_HEADER), "rows": rows}


@api.get("/publications/{pk}/data-dictionary", response={200: DataDictionary, **NOT_FOUND},
         url_name="publication_dictionary", summary="The data dictionary of one publication's tables",
         tags=["data dictionary"])
def publication_dictionary(request, pk: int = PublicationId):
    published = _live(pk)
    return dictionary.as_dict(t.measure for t in tables.tables(published))


@api.get("/data-dictionary", response=DataDictionary, summary="Every column, status and publishable measure",
         tags=["data dictionary"])
def data_dictionary(request):
    return dictionary.as_dict(dictionary.publishable_measures())


def _live(pk: int):
    try:
        return tables.publication(pk)
    except tables.NotPublished:
        raise Http404("nothing is published here") from None


def _summary(published) -> dict:
    return {"id": published.pk, "title": published.title, "snapshot": published.snapshot,
            "grouping": published.grouping, "published_at": published.published_at,
            "url": reverse("api_v1:get_publication", args=[published.pk])}


def _table_link(pk: int, table) -> dict:
    query = f"?cells={_quote(table.cells)}" if table.cells else ""
    return {"measure": table.measure, "cells": table.cells, "title": table.title,
            "rows": reverse("api_v1:get_table", args=[pk, table.measure]) + query,
            "csv": reverse("public:table_csv", args=[pk, table.measure]) + query,
            "xlsx": reverse("opendata:table_xlsx", args=[pk, table.measure]) + query}


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
