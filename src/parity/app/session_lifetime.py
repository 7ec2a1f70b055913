"""A signed-in session's absolute lifetime: however busy, it ends after a working day.

Django gives the idle timeout (``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``: the
expiry slides with every request) but no upper bound: a session kept busy, or a stolen session
cookie kept warm by an attacker, would otherwise live for ever. The first request of a signed-in
session stamps when it began; a request after ``PARITY_SESSION_ABSOLUTE_LIFETIME`` signs the
person out and sends them to the sign-in page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "parity_signed_in_at"


class SessionLifetimeMiddleware:
    """Signs out a session older than ``PARITY_SESSION_ABSOLUTE_LIFETIME``; needs ``request.user``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            began = request.session.setdefault(SIGNED_IN_AT, now)
            if now - began > settings.PARITY_SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
