"""The exceptions Vigie raises on purpose, each mapped to an HTTP status.

::

    VigieError (500)
    ├── InvalidInput (422)          a field or query the user can fix
    │   └── UploadRejected (413/415) evidence too large or of a refused type
    ├── NotFound (404)
    ├── PermissionDenied (403)
    │   └── AuthenticationRequired (401)
    ├── Conflict (409)              a concurrent change won; reload and retry
    ├── RateLimited (429)
    ├── RegistryError (500)
    │   ├── RegistryFormatError (422)   file, line and field of what was wrong; nothing was changed
    │   ├── RegistryLoadBusy (409)      another load holds the lock
    │   └── NoSnapshot (503)            no registry has been loaded yet
    └── ServiceUnavailable (503)

The web layer renders every one of them as ``{"error": {"code", "message", "details"}}`` and the CLI
prints ``message`` and exits non-zero, so callers never see a traceback for a known failure.
"""

from __future__ import annotations

from typing import Any


class VigieError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class InvalidInput(VigieError):
    status_code = 422
    code = "invalid_input"


class UploadRejected(InvalidInput):
    status_code = 415
    code = "upload_rejected"

    def __init__(
        self, message: str, *, status_code: int = 415, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, details=details)
        self.status_code = status_code


class NotFound(VigieError):
    status_code = 404
    code = "not_found"


class PermissionDenied(VigieError):
    status_code = 403
    code = "forbidden"


class AuthenticationRequired(PermissionDenied):
    status_code = 401
    code = "authentication_required"


class Conflict(VigieError):
    status_code = 409
    code = "conflict"


class RateLimited(VigieError):
    status_code = 429
    code = "rate_limited"


class RegistryError(VigieError):
    code = "registry_error"


class RegistryFormatError(RegistryError):
    status_code = 422
    code = "registry_format_error"


class RegistryLoadBusy(RegistryError):
    status_code = 409
    code = "registry_load_busy"


class NoSnapshot(RegistryError):
    status_code = 503
    code = "no_snapshot"


class ServiceUnavailable(VigieError):
    status_code = 503
    code = "service_unavailable"
