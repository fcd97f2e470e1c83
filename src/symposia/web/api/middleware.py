"""The API's error body for errors that happen outside the API's own views.

Django itself answers some requests to ``/api/`` before a view runs: a
method the route does not allow (405, plain text), a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` read before the view (a bare 400 page), an
unknown path (an HTML 404). A client of a JSON API should get the same
``{"error": code, "detail": message}`` body for those as for every other
error, so this middleware rewrites any non-JSON error response under
``/api/``. (A body too big that a view reads is answered by the API's own
handler in :mod:`symposia.web.api.errors`.)
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from symposia.web.api.errors import CODES, content_length, too_big_detail

PREFIX = "/api/"


class JsonErrorsMiddleware:
    """Turn non-JSON error responses under ``/api/`` into the API's error body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status, detail = _explain(request, response)
        out = JsonResponse({"error": CODES.get(status, "error"), "detail": detail}, status=status)
        if response.has_header("Allow"):
            out["Allow"] = response["Allow"]
        return out


def _explain(request: HttpRequest, response: HttpResponse) -> tuple[int, str]:
    status = response.status_code
    if status == 405:
        allowed = response.get("Allow", "")
        return status, f"{request.method} is not allowed on {request.path}; allowed: {allowed}."
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if status == 400 and limit is not None and content_length(request) > limit:
        return 413, too_big_detail(request)
    if status == 404:
        return status, f"No API endpoint at {request.path}; see /api/docs."
    return status, response.reason_phrase or "error"
