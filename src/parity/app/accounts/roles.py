"""What each role may do. Views ask these functions; nothing else decides access.

| role | imports data | record-level data | aggregates |
|---|---|---|---|
| admin | yes | no | all |
| analyst | yes | yes (audited) | all |
| directorate_lead | no | no | own directorate and the council total |
| staff_network | no | no | all |
| viewer | no | no | all |

Administrators manage accounts and roles but do not see record-level data: that is the
analyst's alone (privacy by design, spec/measures.md §8).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Role


def can_import(user) -> bool:
    return user.is_authenticated and user.role in (Role.ADMIN, Role.ANALYST)


def can_view_records(user) -> bool:
    return user.is_authenticated and user.role == Role.ANALYST


def can_read_audit(user) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def require(check):
    """View decorator: log in first, then 403 unless ``check(user)``."""
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied("Your role does not allow this page.")
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def navigation(request) -> dict:
    """Template context: the navigation links this user's role allows."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append(("home", "Overview"))
        if can_import(user):
            items.append(("workforce:data", "Data"))
            items.append(("workforce:upload", "Upload"))
        if can_view_records(user):
            items.append(("workforce:records", "Records"))
        if can_read_audit(user):
            items.append(("audit:log", "Audit log"))
    return {"navigation_items": items}
