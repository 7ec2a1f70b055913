"""Words for plan codes on the pages: statuses, lead roles, the RAG key."""

from django import template

from ....plans.document import ROLE_TITLES, TAGS
from ....plans.rag import KEY

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


@register.simple_tag
def rag_key() -> tuple[str, ...]:
    """How the RAG status is worked out, a sentence each (``plans.rag.KEY``)."""
    return KEY
