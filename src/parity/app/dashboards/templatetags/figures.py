"""Figures for reading, on every page: the one way Parity writes a value, an interval, a change."""

from django import template

register = template.Library()


@register.simple_tag
def figure(value, share: bool) -> str:
    """A measure's value for reading: a proportion as a percentage, anything else to 3 figures."""
    if value is None:
        return "not available"
    return f"{100 * value:.1f}%" if share else f"{value:.3g}"


@register.simple_tag
def interval(low, high, share: bool) -> str:
    """"12.0% to 15.5%", or "" when there is no interval."""
    if low is None or high is None:
        return ""
    return f"{figure(low, share)} to {figure(high, share)}"
