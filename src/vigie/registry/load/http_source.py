"""Registry files fetched over HTTP(S), streamed in chunks (an 800 MB file never sits in memory).

A status other than 200, or a connection that stops before the announced length, becomes a
``RegistryError`` naming the URL, so the load fails before the snapshot switch and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import httpx

from vigie.errors import RegistryError
from vigie.registry.columns import FileKind
from vigie.registry.load.source_types import OpenedFile, SourceDate, stamp_date

TIMEOUT = httpx.Timeout(30.0, read=60.0)
CHUNK = 1024 * 1024


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def last_modified(response: httpx.Response) -> dt.date | None:
    header = response.headers.get("last-modified")
    if not header:
        return None
    try:
        return email.utils.parsedate_to_datetime(header).date()
    except (TypeError, ValueError):
        return None


class _StreamReader:
    """A ``read(n)`` view over an httpx byte iterator, turning transport errors into RegistryError."""

    def __init__(self, url: str, chunks: Iterator[bytes]) -> None:
        self.url = url
        self.chunks = chunks
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes, as soon as some have arrived (``b""`` only at the end)."""
        if not self.buffer:
            try:
                self.buffer = next(self.chunks, b"")
            except httpx.HTTPError as exc:
                raise RegistryError(
                    f"{self.url}: the download stopped before the end ({exc}). "
                    "Nothing was changed; retry.",
                    details={"url": self.url},
                ) from exc
        if size < 0 or size >= len(self.buffer):
            data, self.buffer = self.buffer, b""
            return data
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


@contextmanager
def _get(url: str) -> Iterator[httpx.Response]:
    try:
        with (
            httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise RegistryError(
                    f"{url}: the server answered HTTP {response.status_code}; nothing was changed.",
                    details={"url": url, "status": response.status_code},
                )
            yield response
    except httpx.HTTPError as exc:
        raise RegistryError(
            f"{url}: download failed ({exc}); nothing was changed.", details={"url": url}
        ) from exc


@dataclass(slots=True)
class HttpFile:
    kind: FileKind
    url: str

    @property
    def name(self) -> str:
        return self.url

    @contextmanager
    def open(self) -> Iterator[OpenedFile]:

        with _get(self.url) as response:
            length = response.headers.get("content-length")
            modified = last_modified(response)
            date = stamp_date(self.url.split("?")[0], "file_stamp") or (
                SourceDate(modified, "last_modified") if modified else None
            )
            reader = _StreamReader(self.url, response.iter_bytes())
            yield OpenedFile(cast(BinaryIO, reader), int(length) if length else None, date)


def download_to(url: str, work_dir: Path) -> Path:
    """Stream a zip to a temporary file under ``work_dir`` (zips need seeking); keep its name."""
    work_dir.mkdir(parents=True, exist_ok=True)
    target_dir = Path(tempfile.mkdtemp(prefix="download-", dir=work_dir))
    target = target_dir / (url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "registry.zip")
    with _get(url) as response, target.open("wb") as out:
        reader = _StreamReader(url, response.iter_bytes())
        while chunk := reader.read(CHUNK):
            out.write(chunk)
    return target
