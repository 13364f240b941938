"""Where evidence bytes live: a ``Protocol`` and its local-directory implementation.

Originals are content-addressed (the key is their SHA-256), written once through a temporary file
and an atomic rename, and never rewritten; previews sit beside them. An S3-compatible store only
has to provide the same three methods (see the conformance test in ``tests/reports``).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from vigie.config import Settings
from vigie.errors import NotFound

_KEY = re.compile(r"(originals|previews)/[0-9a-f]{64}")


class EvidenceStorage(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` unless the key already exists (content never changes)."""

    def get(self, key: str) -> bytes:
        """The stored bytes, or ``NotFound``."""

    def exists(self, key: str) -> bool: ...


def original_key(sha256: str) -> str:
    return f"originals/{sha256}"


def preview_key(sha256: str) -> str:
    return f"previews/{sha256}"


class LocalDirectoryStorage:
    """Files under ``root/<kind>/<2 hex>/<sha256>``; keys are validated, so no path escapes root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise NotFound("Unknown evidence key.")
        kind, digest = key.split("/")
        return self.root / kind / digest[:2] / digest

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            os.utime(path)  # already stored: only say it is wanted again (``evidence_sweep``)
            return
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def get(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("Evidence file not found in storage.")
        return path.read_bytes()


def storage_from_settings(settings: Settings) -> EvidenceStorage:
    return LocalDirectoryStorage(settings.evidence_dir)
