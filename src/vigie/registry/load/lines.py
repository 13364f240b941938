"""Turn a byte stream into numbered text lines, strictly UTF-8, in large batches.

The extract is ~800 MB; reading it line by line through a text wrapper costs more than parsing it.
We read big binary chunks, cut them at the last newline, decode each piece once (strict UTF-8, so a
latin-1 copy fails loudly with the line number) and hand out lists of lines. A last line without its
newline is flagged: together with a wrong field count it means the file was cut short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from vigie.errors import RegistryFormatError

CHUNK_BYTES = 8 * 1024 * 1024
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class LineBatch:
    """Consecutive lines of one file; ``first_line`` is the 1-based number of ``lines[0]``."""

    first_line: int
    lines: list[str]
    unterminated_last: bool = False


def _decode(data: bytes, file_name: str, first_line: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        bad = data[exc.start : exc.start + 4]
        raise RegistryFormatError(
            f"{file_name}, line {line}: bytes that are not valid UTF-8 ({bad!r}). "
            "The extract is published in UTF-8; this copy may be in latin-1: re-download it.",
            details={"file": file_name, "line": line},
        ) from exc


def _split(text: str) -> list[str]:
    lines = text.split("\n")
    lines.pop()  # the piece after the last newline is empty by construction
    if lines and lines[0].endswith("\r"):
        lines = [line.removesuffix("\r") for line in lines]
    return lines


def iter_line_batches(
    stream: BinaryIO,
    file_name: str,
    on_bytes: Callable[[int], None] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[LineBatch]:
    """Yield the stream's lines in batches; raise ``RegistryFormatError`` on bytes that are not UTF-8."""
    carry = b""
    next_line = 1
    while chunk := stream.read(chunk_bytes):
        if on_bytes is not None:
            on_bytes(len(chunk))
        data = carry + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
            continue
        carry = data[cut + 1 :]
        text = _decode(data[: cut + 1], file_name, next_line)
        if next_line == 1:
            text = text.removeprefix(_BOM)
        lines = _split(text)
        yield LineBatch(next_line, lines)
        next_line += len(lines)
    if carry:
        text = _decode(carry, file_name, next_line).removesuffix("\r")
        if next_line == 1:
            text = text.removeprefix(_BOM)
        yield LineBatch(next_line, [text], unterminated_last=True)
