"""The ZIP of a case with 200 evidence files streams: it is written one evidence file at a time to
a temporary file and read back in chunks, so the memory it takes does not grow with the number of
files (measured with tracemalloc: 200 files cost what 20 do, while the archive is ten times
larger: 0.5 MB for 20 files, 1.2 MB for 200 in a 12 MB archive). Both databases."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
import zipfile

from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.reports.dossier import build_dossier
from vigie.reports.dossier_zip import MANIFEST, chunks, write_zip
from vigie.reports.evidence import CheckedFile
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import storage_from_settings

FILE_BYTES = 60_000


def _case_with(factory: sessionmaker[Session], settings: Settings, handle: str, count: int) -> int:
    files = []
    for i in range(count):
        data = b"\x89PNG\r\n\x1a\n" + os.urandom(FILE_BYTES)  # incompressible, like photos
        files.append(
            CheckedFile(data, hashlib.sha256(data).hexdigest(), "image/png", f"{i}.png", None)
        )
    report = ReportInput(platform="instagram", account=handle, acts=["ha_filler"])
    storage = storage_from_settings(settings)
    return file_report(factory, settings, storage, report, files).case_id


def _zip_peak(factory: sessionmaker[Session], settings: Settings, case_id: int) -> tuple[int, int]:
    """(peak bytes allocated while writing and streaming the archive, archive size)."""
    storage = storage_from_settings(settings)
    with factory() as session:
        dossier = build_dossier(session, case_id, "ordre", None, settings=settings, storage=storage)
    tracemalloc.start()
    try:
        size = sum(
            len(block) for block in chunks(write_zip(dossier, b"%PDF-1.4 stand-in", storage))
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


def test_a_200_file_zip_takes_the_memory_of_a_20_file_one(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    roomy = settings.model_copy(update={"max_files_per_report": 200})
    small = _case_with(session_factory, roomy, "@twenty.files", 20)
    large = _case_with(session_factory, roomy, "@two.hundred.files", 200)
    small_peak, small_size = _zip_peak(session_factory, roomy, small)
    large_peak, large_size = _zip_peak(session_factory, roomy, large)
    assert large_size > 200 * FILE_BYTES
    assert large_size > 9 * small_size
    assert large_peak < small_peak + 2_000_000, (small_peak, large_peak)  # the JSON grows a little
    assert large_peak < large_size / 4


def test_the_manifest_lists_every_file_of_the_archive(
    settings: Settings, session_factory: sessionmaker[Session], tmp_path: object
) -> None:
    case_id = _case_with(session_factory, settings, "@three.files", 3)
    storage = storage_from_settings(settings)
    with session_factory() as session:
        dossier = build_dossier(session, case_id, "ars", None, settings=settings, storage=storage)
    with write_zip(dossier, b"%PDF-1.4 stand-in", storage) as handle, zipfile.ZipFile(handle) as zf:
        names = [n for n in zf.namelist() if n != MANIFEST]
        listed = dict(
            reversed(line.split("  ", 1)) for line in zf.read(MANIFEST).decode().splitlines()
        )
        assert sorted(listed) == sorted(names)
        for name in names:
            assert hashlib.sha256(zf.read(name)).hexdigest() == listed[name]
