"""Writing to the audit log. Actions: ``import``, ``record_view``, ``role_change``, ``download``."""

from .models import AuditEvent


def record(actor, action: str, target: str = "", detail: dict | None = None) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = user.username if user else (actor if isinstance(actor, str) else "system")
    return AuditEvent.objects.create(actor=user, actor_name=name, action=action, target=target,
                                     detail=detail or {})
