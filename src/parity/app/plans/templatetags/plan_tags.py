"""Words for plan codes on the pages: statuses and lead roles."""

from django import template

from ....plans.document import ROLE_TITLES, TAGS

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """``in_progress`` -> ``In progress``."""
    return (code or "").replace("_", " ").capitalize()


@register.filter
def role_title(code: str) -> str:
    return ROLE_TITLES.get(code, code)


@register.filter
def get(mapping: dict, key):
    """``mapping[key]``, or nothing."""
    return (mapping or {}).get(key)


@register.filter
def tag_title(tag: str) -> str:
    """``wres:2`` -> ``WRES indicator 2``."""
    kind, _, value = tag.partition(":")
    return TAGS.get(kind, {}).get(value, tag)
