"""What each role may do. Views ask these functions; nothing else decides access.

| role | imports data | record-level data | aggregates | plans |
|---|---|---|---|---|
| admin | yes | no | all | read; update any action; assign owners |
| analyst | yes | yes (audited) | all | read; update actions they own |
| directorate_lead | no | no | own directorate and the council total | read; update actions they own |
| staff_network | no | no | all | read; comment on and sign off updates; update actions they own |
| viewer | no | no | all | read |
| the public (not signed in) | no | no | what an administrator published (whole council) | no |

Only administrators publish dashboard pages to the public.

Reports (``reports``): administrators and analysts make every report; directorate leads make
the committee progress report; everyone signed in reads the committee, annual and pay gap
reports made; the standards returns are for administrators and analysts. Only administrators
upload a council's committee template or set the council's name.

Administrators manage accounts and roles but do not see record-level data: that is the
analyst's alone (privacy by design, spec/measures.md §8). An action's owners are the users
named as a lead on it or on an objective it serves.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError

from .models import Role


def can_import(user) -> bool:
    return user.is_authenticated and user.role in (Role.ADMIN, Role.ANALYST)


def can_view_records(user) -> bool:
    return user.is_authenticated and user.role == Role.ANALYST


def can_read_audit(user) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def can_publish(user) -> bool:
    """Administrators publish dashboard pages to the public (and withdraw them)."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_generate_report(user, kind: str) -> bool:
    """Administrators and analysts make every report; directorate leads the committee report."""
    if not user.is_authenticated:
        return False
    return user.role in (Role.ADMIN, Role.ANALYST) or (user.role == Role.DIRECTORATE_LEAD and kind == "committee")


def can_read_reports(user) -> bool:
    return user.is_authenticated


RETURNS = ("wres",)  # report kinds for submission: their by-grade disability tables are on no page


def can_read_report(user, kind: str) -> bool:
    """Everyone signed in reads the reports made, but the standards returns: administrators and analysts."""
    return user.is_authenticated and (kind not in RETURNS or user.role in (Role.ADMIN, Role.ANALYST))


def can_manage_reports(user) -> bool:
    """Administrators upload the council's committee template and set the council's name."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_update_action(user, owners: set[int]) -> bool:
    """Owners update their own actions (add progress, correct it, override RAG); admins any."""
    return user.is_authenticated and (user.role == Role.ADMIN or user.pk in owners)


def can_respond_to_updates(user) -> bool:
    """Staff-network members comment on and sign off progress updates."""
    return user.is_authenticated and user.role == Role.STAFF_NETWORK


def can_create_plans(user) -> bool:
    """Administrators start a council's plans, written on the pages or imported (corporate and
    directorate)."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_edit_plan(user, plan) -> bool:
    """Administrators write any plan; a directorate lead writes the plans of their own directorate."""
    return user.is_authenticated and (user.role == Role.ADMIN or (
        user.role == Role.DIRECTORATE_LEAD and plan.kind == "directorate" and bool(plan.directorate)
        and user.directorate == plan.directorate))


def can_record_listening(user) -> bool:
    """Administrators, analysts and staff-network members record focus groups and listening
    circles, their themes and notes, and read the notes."""
    return user.is_authenticated and user.role in (Role.ADMIN, Role.ANALYST, Role.STAFF_NETWORK)


def can_read_sign_off_queue(user) -> bool:
    """Staff-network members, who sign updates off, and administrators, who chase them."""
    return user.is_authenticated and user.role in (Role.STAFF_NETWORK, Role.ADMIN)


def can_manage_directorate_plan(user, directorate: str) -> bool:
    """Admins, and the directorate's own leads, record its planning steps."""
    return user.is_authenticated and (user.role == Role.ADMIN or (
        user.role == Role.DIRECTORATE_LEAD and bool(directorate) and user.directorate == directorate))


def visible_directorates(user, directorates: list[str]) -> list[str]:
    """The directorates whose figures this user may see (besides the council total)."""
    if not user.is_authenticated:
        return []
    if user.role == Role.DIRECTORATE_LEAD:
        return [d for d in directorates if d == user.directorate]
    return list(directorates)


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
    """Template context: the navigation links this user's role allows, and the council's name
    (set once by an administrator; shown in every page's header)."""
    from ..reports.models import ReportSettings  # the reports app holds the council's settings

    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append(("home", "Overview"))
        items.append(("dashboards:overview", "Dashboard"))
        items.append(("dashboards:standards", "Standards"))
        items.append(("surveys:results", "Surveys"))
        items.append(("plans:list", "Plans"))
        items.append(("plans:mine", "My actions"))
        items.append(("listening:you_said", "You said, we did"))
        if can_read_sign_off_queue(user):
            items.append(("plans:awaiting_sign_off", "Sign-off"))
        items.append(("reports:list", "Reports"))
        if can_import(user):
            items.append(("workforce:data", "Data"))
            items.append(("workforce:upload", "Upload"))
        if can_view_records(user):
            items.append(("workforce:records", "Records"))
        if can_read_audit(user):
            items.append(("audit:log", "Audit log"))
        if can_publish(user):
            items.append(("dashboards:publish", "Publish"))
        if user.role == Role.ADMIN:
            items.append(("admin:index", "People and settings"))
    else:
        items.append(("public:index", "Published figures"))
    try:
        council = ReportSettings.objects.order_by("id").values_list("council", flat=True).first() or ""
    except DatabaseError:  # a database not yet set up (`parity setup`): the pages still say who they are
        council = ""
    return {"navigation_items": items, "council": council}
