"""Charts as pictures for the files: a Vega-Lite spec drawn by vl-convert, in process.

The same spec the dashboard draws in the browser (``dashboards.charts``) becomes SVG for the
HTML and PDF (vector, sharp at any zoom, and quicker to draw) and PNG for Word (which python-docx
cannot embed as SVG); its text alternative travels with it (``content.Figure.alt``). Drawing is
deterministic: the same spec gives the same bytes.
"""

from __future__ import annotations

import base64

import vl_convert

SCALE = 2  # pixels per CSS pixel: sharp in print
WIDTH_CM = 16.0  # a chart's width on an A4 page with 2.5 cm margins


def png(spec: dict) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=SCALE)


def svg(spec: dict) -> str:
    return vl_convert.vegalite_to_svg(spec)


def data_uri(spec: dict) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(spec).encode("utf-8")).decode("ascii")
