"""One error body for the whole API: ``{"error": code, "detail": message}``.

Codes by status: 400 ``bad_request`` (bad query parameters, filters, pagination),
401 ``unauthorized``, 403 ``forbidden``, 404 ``not_found``, 405
``method_not_allowed``, 409 ``conflict``, 413 ``payload_too_large``, 422
``invalid`` (a request body that fails validation), 500 ``server_error``.
Errors Django raises before or around a view get the same body through
:mod:`symposia.web.api.middleware`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from symposia.errors import NotFoundError, SymposiaError
from symposia.web.publishing.hub import BadFilter
from symposia.web.publishing.search import BadQuery

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}
AUTH_HINT = (
    "Send an editor's API token as 'Authorization: Bearer <token>'; "
    "create one with `symposia api-token create USERNAME`."
)
log = logging.getLogger(__name__)


class ApiError(HttpError):
    """An error with a status and a message for the client."""


def conflict(message: str) -> ApiError:
    """A 409: the request clashes with what is stored (a taken slug, a stale version)."""
    return ApiError(409, message)


def invalid(message: str) -> ApiError:
    """A 422: the request body is well-formed but its values cannot be stored."""
    return ApiError(422, message)


def bad_request(message: str) -> ApiError:
    """A 400: a query parameter is wrong."""
    return ApiError(400, message)


def content_length(request: HttpRequest) -> int:
    """The request's declared body size in bytes (0 when absent or not a number)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_big_detail(request: HttpRequest) -> str:
    """Why a request body was refused: its size and the limit."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    length = content_length(request)
    return (
        f"The request body is {length:,} bytes, over the limit of {limit:,}; "
        "send less in one request."
    )


def _describe(errors: list[dict[str, Any]]) -> tuple[int, str]:
    """Status and one readable sentence for pydantic errors; query problems are 400s."""
    parts, status = [], 422
    for err in errors[:5]:
        loc = [str(p) for p in err.get("loc", ())]
        if loc and loc[0] in ("query", "path"):
            status = 400
        if loc and loc[0] in ("query", "path", "body", "header", "cookie", "form"):
            loc = loc[1:]
        if loc and loc[0] in ("payload", "filters"):  # our parameter names, not fields
            loc = loc[1:]
        where = ".".join(loc)
        msg = str(err.get("msg", "is invalid"))
        parts.append(f"{where or 'request'}: {msg}")
    if len(errors) > 5:
        parts.append(f"and {len(errors) - 5} more")
    return status, "; ".join(parts)


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``."""

    def respond(request: HttpRequest, status: int, detail: str) -> HttpResponse:
        return api.create_response(
            request, {"error": CODES.get(status, "error"), "detail": detail}, status=status
        )

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, str(exc) or "Not found.")

    @api.exception_handler(NotFoundError)
    def _not_found_lib(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
        return respond(request, 404, str(exc))

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        has_header = bool(request.headers.get("Authorization"))
        detail = ("That API token is not valid. " if has_header else "") + AUTH_HINT
        return respond(request, 401, detail)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if detail == "Cannot parse request body":  # ninja's words for broken JSON
            detail = "The request body is not valid JSON; send a JSON object."
        return respond(request, exc.status_code, detail)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        status, detail = _describe(list(exc.errors))
        return respond(request, status, detail)

    @api.exception_handler(BadFilter)
    def _bad_filter(request: HttpRequest, exc: BadFilter) -> HttpResponse:
        return respond(request, 400, str(exc))

    @api.exception_handler(BadQuery)
    def _bad_query(request: HttpRequest, exc: BadQuery) -> HttpResponse:
        return respond(request, 400, str(exc))

    @api.exception_handler(SymposiaError)
    def _library(request: HttpRequest, exc: SymposiaError) -> HttpResponse:
        return respond(request, 422, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, too_big_detail(request))

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s", request.path)
        return respond(request, 500, "Something went wrong on our side; it has been logged.")
