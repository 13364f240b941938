"""One export of a dossier, as the CLI, the API and the moderation page all do it: build (which
checks every evidence file), render as JSON, PDF or ZIP, and log the export with its fingerprint
(the raw material of transmission records) in the same call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO

from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import InvalidInput
from vigie.reports import dossier_zip
from vigie.reports.dossier import build_dossier
from vigie.reports.dossier_pdf import render_pdf
from vigie.reports.schemas_dossier import Dossier
from vigie.reports.storage import storage_from_settings
from vigie.reports.transmissions import record_export

FORMATS = ("pdf", "json", "zip")


@dataclass
class Export:
    """``body`` for PDF and JSON; ``stream`` (a temporary file to close) for the ZIP."""

    dossier: Dossier
    format: str
    body: bytes
    stream: IO[bytes] | None

    @property
    def file_name(self) -> str:
        return f"{dossier_zip.base_name(self.dossier)}.{self.format}"


def parse_format(value: str) -> str:
    fmt = (value or "").strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Unknown format {value!r}: use pdf, json or zip.", details={"field": "format"}
        )
    return fmt


def export_dossier(
    factory: sessionmaker[Session],
    settings: Settings,
    case_id: int,
    destination: str,
    fmt: str,
    user: CurrentUser | None,
) -> Export:
    fmt = parse_format(fmt)
    storage = storage_from_settings(settings)
    with factory() as session:
        data = build_dossier(
            session, case_id, destination, user, settings=settings, storage=storage
        )
    if fmt == "json":
        text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2)
        export = Export(data, fmt, text.encode("utf-8") + b"\n", None)
    elif fmt == "pdf":
        export = Export(data, fmt, render_pdf(data, storage), None)
    else:
        stream = dossier_zip.write_zip(data, render_pdf(data, storage), storage)
        export = Export(data, fmt, b"", stream)
    actor = user.email if user else "ligne de commande"
    with transaction(factory) as session:
        record_export(session, data, fmt, actor)
    return export
