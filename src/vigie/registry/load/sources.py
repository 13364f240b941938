"""Where the three extract files come from: a directory, a historical zip, single files or URLs.

Every source is a ``SourceFile``: a kind, a display name, and ``open()`` giving a binary stream plus
what the source says about its date (a ``YYYYMMDDHHMM`` stamp in the file or zip name, or the HTTP
``Last-Modified`` header). URLs are streamed with httpx and never held in memory; a zip found at a
URL is streamed to a temporary file first because reading a zip needs to seek.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from vigie.errors import RegistryFormatError
from vigie.registry.columns import MODERN_NAMES, FileKind
from vigie.registry.load.http_source import HttpFile, download_to, is_url
from vigie.registry.load.source_types import OpenedFile, stamp_date

_KIND_MARKERS = (
    (FileKind.ACTIVITY, ("personne_activite", "personne-activite")),
    (FileKind.SAVOIR_FAIRE, ("savoirfaire", "savoir-faire", "savoir_faire")),
    (FileKind.DIPLOMA, ("dipl_autexerc", "dipl-autexerc")),
)


class SourceFile(Protocol):
    """One of the three extract files, wherever it comes from (conformance: tests/registry)."""

    kind: FileKind

    @property
    def name(self) -> str: ...

    def open(self) -> AbstractContextManager[OpenedFile]: ...


def kind_of(file_name: str) -> FileKind | None:
    lowered = Path(file_name).name.lower()
    for kind, markers in _KIND_MARKERS:
        if any(marker in lowered for marker in markers):
            return kind
    return None


@dataclass(slots=True)
class LocalFile:
    kind: FileKind
    path: Path

    @property
    def name(self) -> str:
        return str(self.path)

    @contextmanager
    def open(self) -> Iterator[OpenedFile]:
        with self.path.open("rb") as stream:
            yield OpenedFile(
                stream, self.path.stat().st_size, stamp_date(self.path.name, "file_stamp")
            )


@dataclass(slots=True)
class ZipMember:
    kind: FileKind
    archive: Path
    member: zipfile.ZipInfo

    @property
    def name(self) -> str:
        return f"{self.archive.name}!{self.member.filename}"

    @contextmanager
    def open(self) -> Iterator[OpenedFile]:
        date = stamp_date(self.archive.name, "zip_name") or stamp_date(
            self.member.filename, "file_stamp"
        )
        with zipfile.ZipFile(self.archive) as archive, archive.open(self.member) as stream:
            yield OpenedFile(stream, self.member.file_size, date)  # type: ignore[arg-type]


def _zip_members(archive: Path) -> list[SourceFile]:
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
    except zipfile.BadZipFile as exc:
        raise RegistryFormatError(f"{archive}: not a readable zip archive ({exc}).") from exc
    members: list[SourceFile] = []
    for info in infos:
        kind = kind_of(info.filename)
        if kind is not None and not info.is_dir():
            members.append(ZipMember(kind, archive, info))
    return members


def _directory_files(directory: Path) -> list[SourceFile]:
    found: list[SourceFile] = []
    for path in sorted(directory.iterdir()):
        kind = kind_of(path.name)
        if kind is not None and path.is_file() and path.suffix.lower() == ".txt":
            found.append(LocalFile(kind, path))
    return found


def _expand(source: str, work_dir: Path) -> list[SourceFile]:
    if is_url(source):
        if source.lower().split("?")[0].endswith(".zip"):
            return _zip_members(download_to(source, work_dir))
        kind = kind_of(source.split("?")[0])
        if kind is None:
            raise RegistryFormatError(f"{source}: cannot tell which extract file this URL is.")
        return [HttpFile(kind, source)]
    path = Path(source)
    if path.is_dir():
        return _directory_files(path)
    if not path.is_file():
        raise RegistryFormatError(f"{source}: no such file or directory.")
    if path.suffix.lower() == ".zip":
        return _zip_members(path)
    kind = kind_of(path.name)
    if kind is None:
        raise RegistryFormatError(
            f"{source}: cannot tell which extract file this is from its name "
            f"(expected e.g. {MODERN_NAMES[FileKind.ACTIVITY]})."
        )
    return [LocalFile(kind, path)]


def resolve(sources: list[str], work_dir: Path) -> dict[FileKind, SourceFile]:
    """Exactly one file of each kind, or a clear error naming what is missing or doubled."""
    by_kind: dict[FileKind, SourceFile] = {}
    for source in sources:
        for found in _expand(source, work_dir):
            if found.kind in by_kind:
                raise RegistryFormatError(
                    f"Two {found.kind.value} files given: {by_kind[found.kind].name} and {found.name}."
                )
            by_kind[found.kind] = found
    missing = [kind for kind in FileKind if kind not in by_kind]
    if missing:
        names = ", ".join(MODERN_NAMES[kind] for kind in missing)
        raise RegistryFormatError(
            f"The source lacks the extract file(s): {names}. A load needs all three files.",
            details={"sources": sources, "missing": [kind.value for kind in missing]},
        )
    return by_kind


def known_size(source: SourceFile) -> int | None:
    """The file's size in bytes before opening it; ``None`` for a URL (known once opened)."""
    if isinstance(source, LocalFile):
        return source.path.stat().st_size
    if isinstance(source, ZipMember):
        return source.member.file_size
    return None
