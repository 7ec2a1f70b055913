"""Figures for reading, on every page: the one way Parity writes a value, an interval, a change."""

import datetime as dt

from django import template

register = template.Library()


@register.simple_tag
def figure(value, mode) -> str:
    """A value for reading. ``mode``: ``share`` (or True) a proportion shown as a percentage;
    ``percent`` already a percentage (pay gaps); ``pence`` pence in the pound; ``points`` a
    difference of two percentages, already in percentage points (the engine's *difference* kind); anything else a number to 3 figures."""
    if value is None:
        return "not available"
    if mode is True or mode == "share":
        return f"{100 * value:.1f}%"
    if mode == "percent":
        return f"{value:.1f}%"
    if mode == "pence":
        return f"{value:.1f}p"
    if mode == "points":
        return f"{value:.1f} percentage points"
    return f"{value:.3g}"


@register.simple_tag
def interval(low, high, mode) -> str:
    """"12.0% to 15.5%", or "" when there is no interval."""
    if low is None or high is None:
        return ""
    return f"{figure(low, mode)} to {figure(high, mode)}"


@register.filter(name="date_words")
def date_in_words(day) -> str:
    """A date as pages and reports write it: 2026-03-31 (a date or its ISO text) -> "31 March 2026";
    text that is not a date comes back as it is."""
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return day
    return f"{day.day} {day:%B %Y}"
