"""Pages and files that hold non-public data are never kept by a browser or a proxy.

Record-level pages (the records behind a figure, import runs and their problem rows, the audit
log, the analysts' explorer) and downloads must not be left in a shared computer's browser
cache, its back button or a proxy. Rather than mark each view, and miss the next one, every
response to a signed-in person and every download (``Content-Disposition: attachment``) is sent
with ``Cache-Control: no-store``. What the public read (``/public/``) and static files keep their
ordinary caching.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


def is_private(request, response) -> bool:
    """A response for a signed-in person, or a file to download."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return signed_in or response.get("Content-Disposition", "").startswith("attachment")


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` (with Django's never-cache headers) to private responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
