"""Charts as pictures for the files: a Vega-Lite spec drawn to PNG by vl-convert, in process.

The same spec the dashboard draws in the browser (``dashboards.charts``) becomes a PNG for
Word and PDF; its text alternative travels with it (``content.Figure.alt``). Drawing is
deterministic: the same spec gives the same bytes.
"""

from __future__ import annotations

import base64

import vl_convert

SCALE = 2  # pixels per CSS pixel: sharp in print
WIDTH_CM = 16.0  # a chart's width on an A4 page with 2.5 cm margins


def png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=SCALE)


def data_uri(spec: dict) -> str:
    return "data:image/png;base64," + base64.b64encode(png(spec)).decode("ascii")
