"""The JSON API (django-ninja): public reads and editors' writes. Docs at /api/docs.

Read endpoints serve published content only and need no token. Write endpoints
need an editor's token (see :mod:`symposia.web.api.editor`). Every error has
the body ``{"error": code, "detail": message}`` (see :mod:`symposia.web.api.errors`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router

from symposia import __version__
from symposia.web.api import editor, errors, public
from symposia.web.api.router import router

api = NinjaAPI(
    title="symposia API",
    version=__version__,
    description=(
        "Published symposia, takes, experts, synthesis reports and forecast questions. "
        "Read endpoints are public and paginated (`limit` 1-100, `offset`). "
        "Write endpoints need `Authorization: Bearer <token>` from "
        "`symposia api-token create USERNAME`. Errors are "
        '`{"error": code, "detail": message}`.'
    ),
    urls_namespace="api",
)
errors.install(api)
del editor, public  # imported for their endpoints, which register on ``router``
api.add_router("", router)
api.add_router("/panel", "symposia.web.api.panel.router")


fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None
)
def _unknown(request: HttpRequest, rest: str) -> None:
    """Any other address under /api/: a 404 in the API's error format, not an HTML page."""
    raise Http404(f"There is no API endpoint at /api/{rest}; see /api/docs for the list.")


# Added last: it matches every path, so it only gets what no endpoint took.
api.add_router("", fallback)
