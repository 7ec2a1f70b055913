"""A redacted comment for its reviewer: the words to check marked (``<mark>``), everything escaped."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()
WHY = {"quasi_identifier": "may identify someone", "possible_name": "may be a name"}


@register.simple_tag
def marked(text: str, flags: list[dict]) -> str:
    out, at = [], 0
    for f in sorted(flags or [], key=lambda f: f["start"]):
        start, end = max(f["start"], at), f["end"]
        if start >= end:
            continue
        out.append(escape(text[at:start]))
        out.append(f'<mark title="{WHY.get(f["kind"], "to check")}">{escape(text[start:end])}</mark>'
                   f'<span class="govuk-visually-hidden"> ({WHY.get(f["kind"], "to check")})</span>')
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 each part escaped above


MASKED = {"name": "names", "email": "emails", "phone": "phone numbers", "ni_number": "National Insurance numbers",
          "postcode": "postcodes", "too long": "too long to read"}


@register.filter
def masked_words(kinds: list[str]) -> str:
    """What was masked in a comment, in words: ["name", "ni_number"] -> "names, National Insurance numbers"."""
    return ", ".join(MASKED.get(k, k.replace("_", " ")) for k in kinds or [])
