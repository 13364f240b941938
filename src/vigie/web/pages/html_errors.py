"""Friendly HTML error pages for page routes; the API keeps its one JSON error shape.

``install(app)`` wraps the JSON handlers of ``vigie.web.errors``: a request outside ``/api/`` whose
client accepts HTML gets ``error.html`` (same status, a plain-language message, links back to the
search and the guides); everything else gets the JSON body unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from vigie.errors import VigieError
from vigie.web.templating import render

Handler = Callable[[Request, Exception], Awaitable[Response]]

MESSAGES = {
    400: "La demande n'a pas pu être comprise.",
    403: "Vous n'avez pas accès à cette page.",
    404: "Cette page n'existe pas, ou plus.",
    405: "Cette action n'est pas possible sur cette page.",
    409: "Quelqu'un a modifié ces informations en même temps que vous : rechargez la page.",
    413: "Le fichier envoyé est trop gros.",
    422: "Ce que vous avez saisi ne peut pas être utilisé : vérifiez et réessayez.",
    429: "Trop de demandes en peu de temps : patientez une minute puis réessayez.",
    503: "Le service est momentanément indisponible : réessayez dans quelques minutes.",
}
DEFAULT_MESSAGE = "Une erreur inattendue s'est produite. Réessayez dans quelques minutes."


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or accept in ("", "*/*")


def _status_and_message(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, VigieError):
        # Our own messages are written for people (French); show them as they are.
        return exc.status_code, exc.message
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, MESSAGES.get(exc.status_code, DEFAULT_MESSAGE)
    if isinstance(exc, RequestValidationError):
        return 422, MESSAGES[422]
    return 500, DEFAULT_MESSAGE


def error_page(request: Request, exc: Exception) -> Response:
    status, message = _status_and_message(exc)
    context = {"status": status, "message": message}
    return render(request, "error.html", context, status_code=status)


def _wrap(json_handler: Handler) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if wants_html(request):
            return error_page(request, exc)
        return await json_handler(request, exc)

    return handler


def install(app: FastAPI) -> None:
    """Replace the JSON handlers by wrappers that render HTML for page requests."""
    for exc_class in (VigieError, RequestValidationError, StarletteHTTPException, Exception):
        current = cast(Handler | None, app.exception_handlers.get(exc_class))
        if current is not None:
            app.add_exception_handler(exc_class, _wrap(current))
