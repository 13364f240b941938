"""Conformance of every ``EvidenceStorage`` implementation (today: the local directory), and the
pure evidence checks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from report_helpers import pdf_bytes, png_bytes
from vigie.errors import NotFound, UploadRejected
from vigie.reports.evidence import check_file, safe_name, sniff
from vigie.reports.storage import EvidenceStorage, LocalDirectoryStorage, original_key, preview_key

IMPLEMENTATIONS: list[Callable[[Path], EvidenceStorage]] = [LocalDirectoryStorage]


@pytest.mark.parametrize("make", IMPLEMENTATIONS)
def test_storage_conformance(make: Callable[[Path], EvidenceStorage], tmp_path: Path) -> None:
    storage = make(tmp_path)
    data = png_bytes()
    key = original_key(hashlib.sha256(data).hexdigest())
    assert not storage.exists(key)
    storage.put(key, data)
    storage.put(key, b"something else")  # content-addressed: the first bytes are never replaced
    assert storage.exists(key)
    assert storage.get(key) == data
    with pytest.raises(NotFound):
        storage.get(preview_key("0" * 64))
    for bad in ("../etc/passwd", "originals/../../x", "originals/ABC", "previews/" + "g" * 64):
        with pytest.raises(NotFound):
            storage.get(bad)


def test_local_storage_leaves_no_partial_files(tmp_path: Path) -> None:
    storage = LocalDirectoryStorage(tmp_path)
    storage.put(original_key("a" * 64), b"x" * 1000)
    files = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert files == ["a" * 64]


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (png_bytes(), "image/png"),
        (png_bytes(exif=True), "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (pdf_bytes(), "application/pdf"),
    ],
)
def test_sniff(data: bytes, media_type: str) -> None:
    assert sniff(data) == media_type


def test_pdf_is_kept_without_preview_and_names_are_defused() -> None:
    checked = check_file(pdf_bytes(), "../../<b>report</b>.pdf", max_bytes=10**6, max_pixels=10**7)
    assert checked.media_type == "application/pdf"
    assert checked.preview is None
    assert checked.original_name == "b.pdf"  # last path segment, markup characters dropped
    assert "/" not in safe_name("a/b\\c")
    with pytest.raises(UploadRejected):
        check_file(b"%PDF-1.4 truncated", "x.pdf", max_bytes=10**6, max_pixels=10**7)


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow() -> None:
    """Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the evidence
    check must refuse a truncated PNG whatever happened before it."""
    import weasyprint  # noqa: F401  (the import is the point)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it
    with pytest.raises(UploadRejected):
        check_file(png_bytes(400, 400)[:300], "cut.png", max_bytes=10**7, max_pixels=10**7)
