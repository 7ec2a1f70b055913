"""Vega-Lite charts (built with Altair) for the dashboard: each group's value with its 95% interval.

One chart per measure, beside its table: bars for the values, an error bar for each interval,
the counts in the tooltip. Only one kind of value is drawn per chart (the groups' rates, not
their ratios, when a measure has both); hidden and not-computable rows are left out and the
table beside says why. Rendered in the browser by vega-embed, which offers PNG and SVG
downloads; the CSV comes from the server (``views.table_csv``).
"""

from __future__ import annotations

import altair as alt

from ...engine.results import OK
from ...engine.sentences import count

FONT = "Arial, 'Liberation Sans', sans-serif"  # a list: a picture drawn where Arial is missing still has words
SCALE = {"share": 100}  # a proportion drawn as a percentage; a difference is already in points
AXIS = {"share": "per cent", "percent": "per cent", "pence": "pence in the pound", "points": "percentage points",
        "number": "value"}


def interval_chart(title: str, rows: list[dict], one_way: bool = False) -> dict | None:
    """The chart's Vega-Lite spec, or None when there is nothing to draw. A one-way table's bars
    are its cells ("Female"), each the whole staff of that cell."""
    shown = [row for row in rows if row["result"].value is not None and row["result"].status in (OK, "low_power")]
    if not shown:
        return None
    mode = next((row["mode"] for row in shown if row["result"].comparator is None), shown[0]["mode"])
    scale = SCALE.get(mode, 1)
    values = []
    for row in shown:
        r = row["result"]
        if row["mode"] != mode:
            continue
        group = row.get("group", r.group)  # "All applicants" where the engine says "All staff"
        label = r.breakdown.split("=", 1)[1] if one_way else group if r.breakdown in ("overall",) or "=" not in r.breakdown else \
            f"{r.breakdown.split('=')[0].capitalize()} {r.breakdown.split('=', 1)[1]}: {group}"
        if r.comparator:
            label += f" / {r.comparator}"
        values.append({"group": label, "value": r.value * scale,
                       "low": None if r.ci_low is None else r.ci_low * scale,
                       "high": None if r.ci_high is None else r.ci_high * scale,
                       "count": "" if r.numerator is None else f"{count(r.numerator)} of {count(r.denominator)}"})
    base = alt.Chart(alt.Data(values=values))
    y = alt.Y("group:N", sort=None, title=None, axis=alt.Axis(labelLimit=320))
    bars = base.mark_bar(color="#1d70b8").encode(
        y=y, x=alt.X("value:Q", title=AXIS[mode]),
        tooltip=[alt.Tooltip("group:N", title="group"), alt.Tooltip("value:Q", format=".1f", title=AXIS[mode]),
                 alt.Tooltip("low:Q", format=".1f", title="95% interval from"),
                 alt.Tooltip("high:Q", format=".1f", title="to"), alt.Tooltip("count:N", title="count")])
    intervals = base.mark_errorbar(ticks=True, color="#0b0c0c").encode(y=y, x=alt.X("low:Q", title=AXIS[mode]),
                                                                        x2="high:Q")
    described = f"Bar chart of {title}: each group's value with its 95% interval. The table below gives every figure."
    return finish((bars + intervals).properties(title=title, width=520, height=alt.Step(22), description=described))


def population_chart(title: str, comparisons: list) -> dict | None:
    """Staff share (bar, with its 95% interval) beside the local population's share (a tick)."""
    values = [{"group": c.label, "staff": 100 * c.share, "low": 100 * c.ci_low, "high": 100 * c.ci_high,
               "local": 100 * c.population.share, "verdict": c.verdict}
              for c in comparisons if c.share is not None and c.population is not None]
    if not values:
        return None
    base = alt.Chart(alt.Data(values=values))
    y = alt.Y("group:N", sort=None, title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [alt.Tooltip("group:N", title="group"), alt.Tooltip("staff:Q", format=".1f", title="staff, per cent"),
               alt.Tooltip("local:Q", format=".1f", title="local population, per cent"),
               alt.Tooltip("verdict:N", title="compared")]
    bars = base.mark_bar(color="#1d70b8").encode(y=y, x=alt.X("staff:Q", title="per cent"), tooltip=tooltip)
    intervals = base.mark_errorbar(ticks=True, color="#0b0c0c").encode(y=y, x=alt.X("low:Q", title="per cent"),
                                                                        x2="high:Q")
    local = base.mark_tick(color="#d4351c", thickness=3, size=18).encode(y=y, x="local:Q", tooltip=tooltip)
    described = (f"Bar chart of {title}: each group's share of staff with its 95% interval, and a red mark at its "
                 "share of the local population. The table below gives every figure.")
    return finish((bars + intervals + local).properties(title=title, width=520, height=alt.Step(22),
                                                        description=described))


def finish(chart) -> dict:
    """The chart's Vega-Lite spec, in Parity's font (for the pages and the reports alike)."""
    return chart.configure(font=FONT).configure_axis(labelFont=FONT, titleFont=FONT).configure_legend(
        labelFont=FONT, titleFont=FONT).configure_title(font=FONT).to_dict(validate=False)
