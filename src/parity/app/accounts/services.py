"""Account changes, each one audited."""

from ..audit.services import record
from .models import Role, User


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
    user = User.objects.create_user(username=username, password=password)
    return set_role(user, role, directorate, by=by)
