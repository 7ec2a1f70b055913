"""Account changes, each one audited. People are deactivated, never deleted: the audit log and
the plans' progress updates keep pointing at who did what."""

from django.contrib.auth.models import Group, Permission
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


ADMINISTRATORS = "Parity administrators"
# What the administrator role may do in the Django admin (/admin/): people's roles and
# directorates, the disclosure and measure settings, and lifting sign-in lockouts. Nothing else:
# figures, plans and the audit log are changed only through Parity's own pages and commands.
ADMIN_PERMISSIONS = (("accounts", "add_user"), ("accounts", "change_user"), ("accounts", "view_user"),
                     ("measures", "change_measuresettings"), ("measures", "view_measuresettings"),
                     ("axes", "view_accessattempt"), ("axes", "delete_accessattempt"))


def administrators_group() -> Group:
    """The group holding ``ADMIN_PERMISSIONS`` (made, or put right, on each call)."""
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    wanted = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in ADMIN_PERMISSIONS]
    if set(group.permissions.all()) != set(wanted):
        group.permissions.set(wanted)
    return group


def sync_staff(user: User) -> None:
    """The role decides the admin: administrators are staff in ``ADMINISTRATORS``; nobody else
    is staff (a superuser made on the command line stays one)."""
    admin = user.role == Role.ADMIN and user.is_active
    if user.is_staff != (admin or user.is_superuser):
        user.is_staff = admin or user.is_superuser
        user.save(update_fields=["is_staff"])
    group = administrators_group()
    if admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def sync_all_staff() -> None:
    for user in User.objects.all():
        sync_staff(user)


def set_role(user: User, role: str, directorate: str = "", by=None) -> User:
    """Give ``user`` a role (and a directorate for directorate leads); audited. Administrators
    may use the Django admin for what ``ADMIN_PERMISSIONS`` allows (``sync_staff``)."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(Role.values)}")
    if role == Role.DIRECTORATE_LEAD and not directorate:
        raise ValueError("a directorate lead needs a directorate")
    before = {"role": user.role, "directorate": user.directorate}
    user.role, user.directorate = role, directorate if role == Role.DIRECTORATE_LEAD else ""
    user.save(update_fields=["role", "directorate"])
    sync_staff(user)
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
        sync_staff(user)
        record(by, "deactivate", f"user:{user.username}", {})
    return user
