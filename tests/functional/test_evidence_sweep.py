"""The evidence sweep: files no report references (left by report forms never sent) are erased
once old; files of filed reports, recent leftovers and a file a report is taking are kept.

Before: a refused report form's kept screenshots stayed in storage forever."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from report_helpers import factory_of, file_report, png_bytes
from vigie.cli.main import app as cli
from vigie.config import Settings
from vigie.reports.evidence import check_file
from vigie.reports.evidence_sweep import sweep_unreferenced
from vigie.reports.pending_evidence import keep
from vigie.reports.storage import LocalDirectoryStorage, original_key

OLD = dt.timedelta(days=3).total_seconds()


def _age(storage: LocalDirectoryStorage, digest: str, seconds: float) -> None:
    for kind in ("originals", "previews"):
        path = storage.root / kind / digest[:2] / digest
        if path.exists():
            then = path.stat().st_mtime - seconds
            os.utime(path, (then, then))


def _left_behind(storage: LocalDirectoryStorage, width: int) -> str:
    checked = check_file(png_bytes(width, 20), "capture.png", max_bytes=10**6, max_pixels=10**7)
    keep(storage, "sweep-test-secret-0123456789abcdef", "browser", [checked])
    return checked.sha256


def test_old_unreferenced_files_go_the_rest_stays(client: TestClient, settings: Settings) -> None:
    storage = LocalDirectoryStorage(settings.evidence_dir)
    filed = png_bytes(40, 20)
    assert file_report(client, files=[("a.png", filed, "image/png")]).status_code == 201
    filed_digest = hashlib.sha256(filed).hexdigest()
    abandoned, recent = _left_behind(storage, 31), _left_behind(storage, 32)
    _age(storage, filed_digest, OLD)
    _age(storage, abandoned, OLD)
    with factory_of(client)() as session:
        done = sweep_unreferenced(session, storage)
    assert (done.deleted, done.kept_recent) == (2, 2)  # the abandoned original and its preview
    assert done.freed_bytes > 0
    assert not storage.exists(original_key(abandoned))
    assert not storage.exists(f"previews/{abandoned}")
    assert storage.exists(original_key(filed_digest))  # a report holds it, however old
    assert storage.exists(original_key(recent))  # maybe a form being corrected right now


def test_a_report_storing_the_same_bytes_again_makes_an_old_file_wanted(
    client: TestClient, settings: Settings
) -> None:
    storage = LocalDirectoryStorage(settings.evidence_dir)
    digest = _left_behind(storage, 33)
    _age(storage, digest, OLD)
    for key in (original_key(digest), f"previews/{digest}"):  # what filing those bytes does first
        storage.put(key, b"")
    with factory_of(client)() as session:
        assert sweep_unreferenced(session, storage).deleted == 0
    assert storage.exists(original_key(digest))


def test_racing_puts_never_lose_a_file(client: TestClient, settings: Settings) -> None:
    """A put arriving while the sweep moves the file aside either refreshes it first (it goes
    back) or finds it gone and writes it again: the file exists after both, every time."""
    storage = LocalDirectoryStorage(settings.evidence_dir)
    for width in range(50, 70):
        digest = _left_behind(storage, width)
        data = storage.get(original_key(digest))
        _age(storage, digest, OLD)
        putter = threading.Thread(target=storage.put, args=(original_key(digest), data))
        with factory_of(client)() as session:
            putter.start()
            sweep_unreferenced(session, storage)
        putter.join()
        assert hashlib.sha256(storage.get(original_key(digest))).hexdigest() == digest


def test_cli_sweep(client: TestClient, settings: Settings, cli_env: dict[str, str]) -> None:
    storage = LocalDirectoryStorage(settings.evidence_dir)
    _age(storage, _left_behind(storage, 34), OLD)
    result = CliRunner().invoke(cli, ["evidence", "sweep"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "Deleted 2 unreferenced evidence file(s)" in result.output
