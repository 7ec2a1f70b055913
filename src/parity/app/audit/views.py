from django.core.paginator import Paginator
from django.shortcuts import render

from ..accounts.roles import can_read_audit, require
from .models import AuditEvent


@require(can_read_audit)
def log(request):
    page = Paginator(AuditEvent.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})
