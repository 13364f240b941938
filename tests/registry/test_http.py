"""Loading from http(s) URLs against a local server: dates, 404, a download cut mid-stream, a zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import (
    ACTIVITY,
    DIPLOMA,
    SAVOIR_FAIRE,
    SMALL_PERSONS,
    fingerprint,
    small_extract,
)
from registry.http_server import extract_server
from vigie.config import Settings
from vigie.errors import RegistryError
from vigie.registry import services
from vigie.registry.load.loader import load_registry

__all__ = ["small_extract"]


def test_load_from_urls_takes_the_date_from_last_modified(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    with extract_server(small_extract) as server:
        urls = [server.url("files", name) for name in (ACTIVITY, SAVOIR_FAIRE, DIPLOMA)]
        result = load_registry(settings, urls)
    assert result.tally.persons == SMALL_PERSONS
    with session_factory() as session:
        status = services.registry_status(session)
    assert str(status.source_date) == "2026-11-02"
    assert status.source_date_origin == "last_modified"
    assert status.source_files[0].startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("missing", r"personne-activite\.txt: the server answered HTTP 404; nothing was changed"),
        ("cut", r"personne-activite\.txt: the download stopped before the end"),
    ],
)
def test_failed_download_changes_nothing(
    settings: Settings, engine: Engine, small_extract: Path, mode: str, message: str
) -> None:
    load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    with extract_server(small_extract) as server:
        urls = [server.url(mode, ACTIVITY), server.url("files", SAVOIR_FAIRE)]
        urls.append(server.url("files", DIPLOMA))
        with pytest.raises(RegistryError, match=message):
            load_registry(settings, urls)
    assert fingerprint(engine) == before


def test_zip_url_is_streamed_to_disk_then_read(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "PS_LibreAcces_202510150800.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, member in (
            (ACTIVITY, "PS_LibreAcces_Personne_activite_202510150800.txt"),
            (SAVOIR_FAIRE, "PS_LibreAcces_SavoirFaire_202510150800.txt"),
            (DIPLOMA, "PS_LibreAcces_Dipl_AutExerc_202510150800.txt"),
        ):
            out.write(small_extract / name, member)
    with extract_server(tmp_path) as server:
        result = load_registry(settings, [server.url("files", archive.name)])
    assert result.tally.persons == SMALL_PERSONS
    with session_factory() as session:
        assert str(services.registry_status(session).source_date) == "2025-10-15"
    assert not list(settings.data_dir.glob("registry-load-*"))  # the download was cleaned up
