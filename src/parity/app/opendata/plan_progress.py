"""The extension point for plan progress in the open-data API (``/api/v1/plans/...``).

Plan publishing is built separately. Its read-only endpoints go on ``router`` here (GET only,
anonymous, serving only what an administrator published; unpublished or withdrawn: 404), with
their pydantic schemas, and appear in ``/api/v1/openapi.json`` and on the API page with no other
change: ``api.py`` mounts this router at ``/plans``.

Example::

    @router.get("/", response=list[PublishedPlan], summary="Every live published plan")
    def plans(request): ...
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["plan progress"])
