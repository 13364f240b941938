"""The form of an unsafe request, read once and bounded while it streams in.

FastAPI reads the body of a route that declares ``Form()`` fields before any dependency runs, and
keeps it on the request. A route that declares none — the report form, which reads its own
uploads, or a form whose only field was the CSRF token — has its body read here by the bounded
reader of ``vigie.reports.multipart``, once: the CSRF check and the handler share that reading
(kept in the ASGI scope), so neither buffers the body twice nor finds the stream already consumed.
Pages read leniently (``keep_going``): a file too many or too big is listed for the form to name
beside its field, rather than costing the person everything else they typed.
"""

from __future__ import annotations

from fastapi import params
from starlette.datastructures import FormData
from starlette.requests import Request

from vigie.reports.multipart import read_form

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_SCOPE_KEY = "vigie.form"


def is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith(FORM_TYPES)


def _read_by_fastapi(request: Request) -> bool:
    field = getattr(request.scope.get("route"), "body_field", None)
    return field is not None and isinstance(field.field_info, params.Form)


async def posted_form(request: Request) -> FormData:
    """The request's form: FastAPI's parse when the route has ``Form()`` fields, else ours."""
    if _read_by_fastapi(request):
        return await request.form()  # already parsed and kept by FastAPI: no second read
    form = request.scope.get(_SCOPE_KEY)
    if not isinstance(form, FormData):
        form = await read_form(request, request.app.state.settings, keep_going=True)
        request.scope[_SCOPE_KEY] = form
    return form
