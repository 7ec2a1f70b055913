"""``help_links``: an import message with each mention of a help page (``/help/NAME/``) made a link."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()
_HELP = re.compile(r"/help/([a-z-]+)/")


@register.filter
def help_links(text) -> str:
    if text is None:
        return ""
    return mark_safe(_HELP.sub(r'<a class="govuk-link" href="/help/\1/">/help/\1/</a>', escape(str(text))))
