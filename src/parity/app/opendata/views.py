"""The open-data files under ``/public/`` (a published table as XLSX, a publication's data
dictionary as CSV) and the API's page (``/api/v1/``), all for anyone without signing in.

No interactive API docs: Swagger UI and ReDoc need scripts from a CDN or inline, which the
content security policy refuses (the app serves every asset itself). The page lists every
endpoint from the OpenAPI schema, which is ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from ...exports.cells import csv_text
from . import dictionary, tables, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(request, pk: int, measure: str):
    """A published table as XLSX: exactly the CSV's rows and allow-list."""
    published = _live(pk)
    cells = request.GET.get("cells", "")
    try:
        rows = tables.rows(published, measure, cells)
    except tables.NotPublished:
        raise Http404("that table is not published") from None
    response = HttpResponse(workbook.table_xlsx(published, measure, cells, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{tables.filename(published, measure, "xlsx")}"'
    return response


def dictionary_csv(request, pk: int):
    """The data dictionary of a publication's tables: every column, status, band and measure."""
    published = _live(pk)
    measures = [t.measure for t in tables.tables(published)]
    response = HttpResponse(csv_text(dictionary.CSV_HEADER, dictionary.csv_rows(measures)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="data-dictionary-{published.pk}.csv"'
    return response


def api_page(request):
    """The API described in words: each endpoint of the OpenAPI schema with its summary."""
    from .api import api

    schema = api.get_openapi_schema()
    endpoints = [{"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                  "parameters": [p["name"] for p in operation.get("parameters", [])]}
                 for path, operations in schema["paths"].items() for method, operation in operations.items()]
    return render(request, "opendata/api.html", {"endpoints": endpoints, "info": schema["info"],
                                                 "columns": dictionary.columns()})


def _live(pk: int):
    try:
        return tables.publication(pk)
    except tables.NotPublished:
        raise Http404("nothing is published here") from None
