"""Pending evidence (files kept across a refused report form) and the form's every-problem-at-once
check, on a real evidence directory and without the web layer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from report_helpers import png_bytes
from vigie.reports.evidence import check_file
from vigie.reports.intake import report_problems
from vigie.reports.pending_evidence import EXPIRED, MAX_AGE_SECONDS, keep, restore
from vigie.reports.schemas import ReportInput
from vigie.reports.storage import LocalDirectoryStorage

SECRET = "pending-evidence-test-secret-0123456789"


@pytest.fixture
def storage(tmp_path: Path) -> LocalDirectoryStorage:
    return LocalDirectoryStorage(tmp_path / "evidence")


def _image() -> object:
    return check_file(png_bytes(30, 20), "capture.png", max_bytes=10**6, max_pixels=10**7)


def test_kept_files_come_back_whole(storage: LocalDirectoryStorage) -> None:
    image = _image()
    (pending,) = keep(storage, SECRET, "browser-a", [image])  # type: ignore[list-item]
    assert (pending.name, pending.size_bytes) == ("capture.png", len(image.data))  # type: ignore[attr-defined]
    restored = restore(storage, SECRET, "browser-a", [pending.token, pending.token], 10)
    assert restored.problems == []
    assert restored.files == [image]  # bytes, hash, type, name and preview, once


@pytest.mark.parametrize(
    ("browser", "secret"),
    [("browser-b", SECRET), ("", SECRET), ("browser-a", "another-secret-0123456789abcdef")],
)
def test_a_token_is_worthless_elsewhere(
    storage: LocalDirectoryStorage, browser: str, secret: str
) -> None:
    (pending,) = keep(storage, SECRET, "browser-a", [_image()])  # type: ignore[list-item]
    restored = restore(storage, secret, browser, [pending.token], 10)
    assert (restored.files, restored.problems) == ([], [EXPIRED])


def test_no_more_than_the_limit_is_read(storage: LocalDirectoryStorage) -> None:
    images = [
        check_file(png_bytes(10 + i, 10), f"{i}.png", max_bytes=10**6, max_pixels=10**7)
        for i in range(5)
    ]
    tokens = [p.token for p in keep(storage, SECRET, "browser-a", images)]
    again = [p.token for p in keep(storage, SECRET, "browser-a", images)]  # new tokens, same files
    restored = restore(storage, SECRET, "browser-a", tokens + again, 3)
    assert [f.original_name for f in restored.files] == ["0.png", "1.png", "2.png"]
    assert (restored.left_out, restored.problems) == (2, [])


def test_a_token_expires_after_a_day(
    storage: LocalDirectoryStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pending,) = keep(storage, SECRET, "browser-a", [_image()])  # type: ignore[list-item]
    later = time.time() + MAX_AGE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert restore(storage, SECRET, "browser-a", [pending.token], 10).problems == [EXPIRED]


def test_a_file_changed_in_storage_is_not_attached(storage: LocalDirectoryStorage) -> None:
    image = _image()
    (pending,) = keep(storage, SECRET, "browser-a", [image])  # type: ignore[list-item]
    stored = storage.root / "originals" / image.sha256[:2] / image.sha256  # type: ignore[attr-defined]
    stored.write_bytes(b"\x89PNG\r\n\x1a\nswapped")
    assert restore(storage, SECRET, "browser-a", [pending.token], 10).problems == [EXPIRED]
    assert restore(storage, SECRET, "browser-a", ["x" * 5000, "", "not.a.token"], 10).files == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"platform": "instagram", "account": "@ok.account"}, set()),
        ({"platform": "", "account": "@bare.name"}, {"platform"}),
        ({"platform": "myspace", "account": "@x"}, {"platform"}),
        ({"platform": "", "account": "https://example.org/x"}, {"account"}),
        (
            {
                "platform": "",
                "account": "@bare",
                "department": "999",
                "links": ["ftp://x"],
                "contact_email": "not-an-address",
                "price": "9" * 101,
            },
            {"platform", "department", "links", "contact_email", "price"},
        ),
        (
            {"platform": "x", "account": "@a_b", "notify": True, "acts": ["teeth"]},
            {"contact_email", "acts"},
        ),
    ],
)
def test_every_problem_at_once(fields: dict[str, object], expected: set[str]) -> None:
    problems = report_problems(ReportInput(**fields))  # type: ignore[arg-type]
    assert set(problems) == expected
    assert all(message for message in problems.values())
