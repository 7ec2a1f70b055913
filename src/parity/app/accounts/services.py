"""Account changes, each one audited. People are deactivated, never deleted: the audit log and
the plans' progress updates keep pointing at who did what."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ..audit.services import record
from .models import Role, User


class PasswordRefused(ValueError):
    """A password the policy (``AUTH_PASSWORD_VALIDATORS``: docs/security.md) does not accept."""


def check_password_policy(password: str, username: str) -> None:
    """Raise ``PasswordRefused`` naming every rule ``password`` breaks for the user ``username``."""
    try:
        validate_password(password, user=User(username=username))
    except ValidationError as exc:
        raise PasswordRefused("password refused: " + " ".join(exc.messages)) from None


def set_role(user: User, role: str, directorate: str = "", by=None) -> User:
    """Give ``user`` a role (and a directorate for directorate leads); audited."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(Role.values)}")
    if role == Role.DIRECTORATE_LEAD and not directorate:
        raise ValueError("a directorate lead needs a directorate")
    before = {"role": user.role, "directorate": user.directorate}
    user.role, user.directorate = role, directorate if role == Role.DIRECTORATE_LEAD else ""
    user.save(update_fields=["role", "directorate"])
    record(by, "role_change", f"user:{user.username}",
           {"before": before, "after": {"role": user.role, "directorate": user.directorate}})
    return user


def create_user(username: str, password: str, role: str, directorate: str = "", by=None) -> User:
    """A new user with a role; the password must pass the policy."""
    check_password_policy(password, username)
    user = User.objects.create_user(username=username, password=password)
    return set_role(user, role, directorate, by=by)


def deactivate(user: User, by=None) -> User:
    """Deactivate rather than delete: the person can no longer sign in (their open sessions end
    on their next request), and every audit row and progress update still names them."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(by, "deactivate", f"user:{user.username}", {})
    return user
