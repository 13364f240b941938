"""Cut an extract file into large byte chunks and parse each with Polars into named string columns.

The row-by-row parser (``lines`` + ``rowparsers``) spends ~25 MB/s of one core splitting lines in
Python; Polars' CSV reader splits the same bytes at ~120 MB/s on two cores. What the load promises
stays exact: every row keeps its 1-based line number, a row whose field count differs from the
header's is rejected with the row parser's own reason (``Header.split``), bytes that are not UTF-8
fail the file with the line number (``lines._decode``).

Fast path: the chunk is checked as UTF-8 by Polars, each line's ``|`` count comes from numpy
(positions of ``|`` and of line ends), Polars reads the wanted columns, and the rows of a wrong count are
dropped (their reason from ``Header.split`` on that one line). A chunk that holds a ``\\r`` (the
row parser strips it at line ends only), or whose row count differs from its line count, takes the
exact path instead: decoded and split in Python like the row parser does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, cast

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigie.registry.load.lines import _decode
from vigie.registry.load.parser import Header

# Below glibc's largest mmap threshold (32 MiB): a freed chunk's memory is reused for the next one
# (and for numpy's temporaries of the same size) instead of being mapped afresh and faulted in
# page by page. At 32 MiB the national load took 1.2 million page faults and 3.4 s of system
# time in the loader; at 24 MiB 0.7 million and 1.9 s (10.3 against 12.2 CPU-s in all).
CHUNK_BYTES = 24 * 1024 * 1024
LINE = "line"  # the 1-based line number column of every chunk frame
_BOM = b"\xef\xbb\xbf"
_NEWLINE, _PIPE = ord("\n"), ord("|")


@dataclass(frozen=True, slots=True)
class RawChunk:
    """Whole lines of one file; ``first_line`` is the number of the first one."""

    first_line: int
    data: bytes  # every line ends with ``\\n`` (one was added to an unterminated last line)
    unterminated_last: bool
    ends: NDArray[np.int64] | None = None  # where each line's ``\\n`` is, when already known


@dataclass(slots=True)
class ParsedChunk:
    """The chunk's well-formed rows as columns (plus ``LINE``) and its rejects by field count."""

    frame: pl.DataFrame
    rejects: list[tuple[int, str]] = field(default_factory=list)
    last_line: int = 0  # the number of the chunk's last line
    unterminated_last: bool = False


def iter_chunks(
    stream: BinaryIO,
    on_bytes: Callable[[int], None] | None = None,
    chunk_bytes: int | None = None,
) -> Iterator[RawChunk]:
    """Whole lines, as soon as the stream gives them (a stalled download still gets its rows written).

    The stream is read into one reused buffer behind the unfinished line carried over, so each
    chunk costs one copy (the ``bytes`` Polars reads), not three (read, concatenate, cut).
    """
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    buffer = bytearray(2 * chunk_bytes)
    carry = b""
    next_line = 1
    while True:
        held = len(carry)
        if held + chunk_bytes > len(buffer):  # a line longer than a chunk: room for it
            buffer = bytearray(2 * (held + chunk_bytes))
        view = memoryview(buffer)
        view[:held] = carry
        got = _read_into(stream, view[held : held + chunk_bytes])
        if not got:
            break
        if on_bytes is not None:
            on_bytes(got)
        end, start = held + got, 0
        if next_line == 1 and buffer.startswith(_BOM, 0, end):
            start = len(_BOM)
        cut = buffer.rfind(b"\n", start, end)
        if cut < 0:
            carry = bytes(view[start:end])
            continue
        whole, carry = bytes(view[start : cut + 1]), bytes(view[cut + 1 : end])
        ends = _line_ends(whole)  # counts the lines, and the parser needs them anyway
        yield RawChunk(next_line, whole, False, ends)
        next_line += len(ends)
    if carry:
        if next_line == 1 and carry.startswith(_BOM):
            carry = carry[len(_BOM) :]
        last = carry + b"\n"
        yield RawChunk(next_line, last, True, _line_ends(last))


def _line_ends(data: bytes) -> NDArray[np.int64]:
    return np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _NEWLINE)


def _read_into(stream: BinaryIO, view: memoryview) -> int:
    """``readinto`` where the stream has it (files, zip members), else ``read`` and copy (HTTP)."""
    readinto = getattr(stream, "readinto", None)
    if readinto is not None:
        return int(readinto(view) or 0)
    block = stream.read(len(view))
    view[: len(block)] = block
    return len(block)


def split_header(chunk: RawChunk, file_name: str) -> tuple[str, RawChunk]:
    """The header line (decoded, without its line end) and the rest of the chunk."""
    end = chunk.data.index(b"\n")
    header = _decode(chunk.data[: end + 1], file_name, 1)[:-1].removesuffix("\r")
    ends = None if chunk.ends is None else chunk.ends[1:] - (end + 1)
    rest = RawChunk(chunk.first_line + 1, chunk.data[end + 1 :], chunk.unterminated_last, ends)
    return header, rest


def _check_utf8(chunk: RawChunk, file_name: str) -> None:
    """Strict UTF-8 over the whole chunk (Polars' cast, ~4x Python's decode); errors name the line."""
    try:
        pl.Series([chunk.data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        _decode(chunk.data, file_name, chunk.first_line)  # raises with the line number
        raise


class ChunkParser:
    """Parses chunks of one file into frames of the ``wanted`` columns (by header name)."""

    def __init__(self, header: Header, wanted: tuple[str, ...]) -> None:
        self.header = header
        self.width = header.width
        self.wanted = wanted
        # Column ``c{width}`` is the empty field a trailing '|' leaves: an absent optional column
        # points at it (``Header.pos``) and reads as "".
        edges = {self.width - 1, self.width, self.width + 1}
        self.positions = sorted({header.pos(name) for name in wanted} | edges)
        self.schema = {f"c{i}": pl.String for i in range(self.width + 2)}

    def parse(self, chunk: RawChunk, file_name: str) -> ParsedChunk:
        if not chunk.data:
            return ParsedChunk(self._empty(), [], chunk.first_line - 1, chunk.unterminated_last)
        _check_utf8(chunk, file_name)
        starts, ends, good = self._field_counts(chunk.data, chunk.ends)
        lines = len(ends)
        last_line = chunk.first_line + lines - 1
        if b"\r" in chunk.data:
            return self._exact(chunk, file_name, last_line)
        frame = self._fast(chunk)
        if frame.height != lines:
            return self._exact(chunk, file_name, last_line)
        numbers = np.arange(chunk.first_line, chunk.first_line + lines, dtype=np.int64)
        rejects: list[tuple[int, str]] = []
        if not good.all():
            for at in np.flatnonzero(~good).tolist():
                line = chunk.data[starts[at] : ends[at]].decode()
                reason = self.header.split(line)
                rejects.append((int(numbers[at]), cast(str, reason)))  # a wrong count: a reason
            frame, numbers = frame.filter(pl.Series(good)), numbers[good]
        selected = self._select(frame, numbers)
        return ParsedChunk(selected, rejects, last_line, chunk.unterminated_last)

    def _field_counts(
        self, data: bytes, ends: NDArray[np.int64] | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
        """Each line's start and end, and whether its '|' count is the header's.

        The line ends come from numpy; the '|' of each line are counted by ``bytes.count`` between
        them (C over the bytes, one call per line: a third of the time numpy takes to list every
        '|' position of the chunk and search them).
        """
        buffer = np.frombuffer(data, dtype=np.uint8)
        if ends is None:
            ends = _line_ends(data)
        starts = np.empty_like(ends)
        starts[:1] = 0
        starts[1:] = ends[:-1] + 1
        pipes = [b"|"] * len(ends)
        separators = np.fromiter(
            map(data.count, pipes, starts.tolist(), ends.tolist()), dtype=np.int64, count=len(ends)
        )
        trailing = buffer[ends - 1] == _PIPE
        width = self.width
        good = (separators == width - 1) | ((separators == width) & trailing)
        return starts, ends, good

    def _fast(self, chunk: RawChunk) -> pl.DataFrame:
        return pl.read_csv(
            chunk.data,
            has_header=False,
            separator="|",
            quote_char=None,
            schema=self.schema,
            columns=self.positions,
            truncate_ragged_lines=True,
            empty_string_is_null=False,
            missing_columns="insert",
            raise_if_empty=False,
        )

    def _select(self, frame: pl.DataFrame, numbers: NDArray[np.int64]) -> pl.DataFrame:
        columns = [
            pl.col(f"c{self.header.pos(name)}").fill_null("").alias(name) for name in self.wanted
        ]
        return frame.select(pl.Series(LINE, numbers, dtype=pl.Int64), *columns)

    def _exact(self, chunk: RawChunk, file_name: str, last_line: int) -> ParsedChunk:
        """The row parser's own splitting and reasons, for a chunk the fast path cannot vouch for."""
        text = _decode(chunk.data, file_name, chunk.first_line)
        lines = text.split("\n")
        lines.pop()
        if lines and lines[0].endswith("\r"):
            lines = [line.removesuffix("\r") for line in lines]
        numbers: list[int] = []
        rows: list[list[str]] = []
        rejects: list[tuple[int, str]] = []
        for offset, line in enumerate(lines):
            fields = self.header.split(line)
            if isinstance(fields, str):
                rejects.append((chunk.first_line + offset, fields))
            else:
                numbers.append(chunk.first_line + offset)
                rows.append(fields)
        data: dict[str, list[object]] = {LINE: list(numbers)}
        for name in self.wanted:
            at = self.header.pos(name)
            data[name] = [fields[at] for fields in rows]
        frame = pl.DataFrame(data, schema={LINE: pl.Int64} | dict.fromkeys(self.wanted, pl.String))
        return ParsedChunk(frame, rejects, last_line, chunk.unterminated_last)

    def _empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema={LINE: pl.Int64} | dict.fromkeys(self.wanted, pl.String))
