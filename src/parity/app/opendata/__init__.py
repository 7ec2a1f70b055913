"""Open data (issue 12): every published table as CSV and XLSX with a data dictionary, and a
read-only JSON API (django-ninja, described by OpenAPI) of what administrators published.

Nothing here computes or protects a figure: every value is a stored ``StoredResult`` row of a
live publication's computed set, already through the disclosure policy, and a table is served
only when it is one of the publication's pages' tables (``dashboards.services.page_tables``), the
same allow-list, rows and columns as the public CSV download.
"""
