"""A person's own settings: which emails Parity sends them, and where."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import redirect, render

from ..audit.services import record
from .models import Role

CHOICES = (("notify_actions", "My actions coming due (within 90 days) or overdue", None),
           ("notify_sign_off", "Progress updates awaiting the staff network's sign-off", Role.STAFF_NETWORK),
           ("notify_imports", "Imports that were refused or failed", (Role.ADMIN, Role.ANALYST)))


@login_required
def notifications(request):
    user = request.user
    shown = [(name, label) for name, label, roles in CHOICES
             if roles is None or user.role == roles or (isinstance(roles, tuple) and user.role in roles)]
    error = ""
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        try:
            if email:
                validate_email(email)
        except ValidationError:
            error = f"{email} is not an email address: write it like name@council.gov.uk"
        else:
            before = {"email": user.email, **{name: getattr(user, name) for name, _ in shown}}
            user.email = email
            for name, _ in shown:
                setattr(user, name, request.POST.get(name) == "on")
            user.save(update_fields=["email", *[name for name, _ in shown]])
            record(user, "notification_settings", f"user:{user.username}",
                   {"before": before, "after": {"email": user.email, **{n: getattr(user, n) for n, _ in shown}}})
            messages.success(request, "Your email settings are saved.")
            return redirect("notifications")
    return render(request, "accounts/notifications.html",
                  {"choices": [(name, label, getattr(user, name)) for name, label in shown], "error": error,
                   "email": request.POST.get("email", user.email) if error else user.email}, status=400 if error else 200)
