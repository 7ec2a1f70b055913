"""Help pages (see ``pages``)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from . import pages


def help_page(request, name: str):
    try:
        title, body = pages.page(name)
    except KeyError:
        raise Http404("no such help page") from None
    return render(request, "help/page.html", {"title": title, "body": mark_safe(body)})  # noqa: S308 Parity's own text
