"""Words for plan codes on the pages: statuses and lead roles."""

from django import template

from ....plans.document import ROLE_TITLES

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """``in_progress`` -> ``In progress``."""
    return (code or "").replace("_", " ").capitalize()


@register.filter
def role_title(code: str) -> str:
    return ROLE_TITLES.get(code, code)
