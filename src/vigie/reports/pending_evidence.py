"""Evidence a reporter already attached, kept while the report form is shown again with its errors.

A browser never puts a chosen file back into a file input, so a form refused for a missing
platform would otherwise lose the screenshots it carried. Instead the files that passed their
checks are stored at once — content-addressed like all evidence, so storing them again when the
report is filed writes nothing — and the form carries, per file, a **signed token**: its SHA-256,
type, size, display name and whether it has a preview, bound to the browser's CSRF cookie and
valid for a day. Nothing else references the file until a report does, so a token is the only
way to attach it: it cannot be forged (signed with the secret key), replayed from another browser
or after a day, and the bytes read back must hash to the signed digest.

A form abandoned after an error leaves its files unreferenced in storage, as a failed request
already could (see ``services.store_evidence``); ``vigie evidence sweep`` (``evidence_sweep``)
erases them once they are two days old.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from vigie.errors import NotFound
from vigie.reports.evidence import CheckedFile
from vigie.reports.services import store_evidence
from vigie.reports.storage import EvidenceStorage, original_key, preview_key

SALT = "vigie.pending-evidence"
MAX_AGE_SECONDS = 24 * 3600
MAX_TOKEN_CHARS = 1000
EXPIRED = "Un fichier déjà joint n'est plus disponible : joignez-le de nouveau."


@dataclass(frozen=True)
class PendingFile:
    """A kept file as the form shows it: its token (the form field's value) and what it is."""

    token: str
    name: str
    media_type: str
    size_bytes: int


@dataclass(frozen=True)
class Restored:
    files: list[CheckedFile]
    problems: list[str]
    left_out: int  # valid tokens past ``limit``: their files were not read


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def keep(
    storage: EvidenceStorage, secret_key: str, browser: str, files: list[CheckedFile]
) -> list[PendingFile]:
    """Store the files and sign one token each (blocking: storage writes)."""
    store_evidence(storage, files)
    signer = _serializer(secret_key)
    kept = []
    for item in files:
        payload = [browser, item.sha256, item.media_type, len(item.data), item.original_name]
        payload.append(item.preview is not None)
        token = str(signer.dumps(payload))
        kept.append(PendingFile(token, item.original_name, item.media_type, len(item.data)))
    return kept


def restore(
    storage: EvidenceStorage, secret_key: str, browser: str, tokens: list[str], limit: int
) -> Restored:
    """The files behind the tokens, read back and re-hashed, at most ``limit`` of them (each
    token is checked first, so a form posting many tokens never makes the server read more
    than ``limit`` files); a token that is forged, expired, from another browser or whose file
    is gone becomes one problem line (blocking: storage)."""
    signer = _serializer(secret_key)
    wanted: dict[str, Any] = {}
    problems: list[str] = []
    for token in tokens:
        payload = _payload(signer, browser, token)
        if payload is None:
            problems.append(EXPIRED)
        else:
            wanted.setdefault(payload[1], payload)  # one file once, however many tokens name it
    files: list[CheckedFile] = []
    for payload in list(wanted.values())[:limit]:
        found = _read(storage, payload)
        if found is None:
            problems.append(EXPIRED)
        else:
            files.append(found)
    return Restored(files, list(dict.fromkeys(problems)), max(0, len(wanted) - limit))


def _payload(signer: URLSafeTimedSerializer, browser: str, token: str) -> list[Any] | None:
    """The signed ``[browser, sha256, type, size, name, has_preview]``, if valid for ``browser``."""
    if not token or len(token) > MAX_TOKEN_CHARS or not browser:
        return None
    try:
        payload = signer.loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return None
    if not isinstance(payload, list) or len(payload) != 6 or payload[0] != browser:
        return None
    return payload


def _read(storage: EvidenceStorage, payload: list[Any]) -> CheckedFile | None:
    _browser, sha256, media_type, _size, name, has_preview = payload
    try:
        data = storage.get(original_key(str(sha256)))
        preview = storage.get(preview_key(str(sha256))) if has_preview else None
    except NotFound:
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    return CheckedFile(data, str(sha256), str(media_type), str(name), preview)
