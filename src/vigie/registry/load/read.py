"""Stream one extract file through its parser into the assembler, writing full batches as it goes.

Memory stays flat: at most one read chunk and one batch of rows are held at a time (plus the
identifier -> person_key map, one entry per person). Rejected rows are tallied with file and line;
the file fails as a whole when its reject rate passes the threshold or when it ends mid-line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from vigie.errors import RegistryFormatError
from vigie.registry.columns import FileKind
from vigie.registry.load.assemble import Assembler, Tally
from vigie.registry.load.lines import LineBatch, iter_line_batches
from vigie.registry.load.parser import Header, RowError
from vigie.registry.load.rowparsers import PARSERS
from vigie.registry.load.source_types import SourceDate
from vigie.registry.load.sources import SourceFile

if TYPE_CHECKING:  # the diplomas validator's process never loads the database layer
    from vigie.registry.load.bulk import BulkWriter


class ProgressHook(Protocol):
    """What a progress display needs: a new file (with its size when known), then bytes read."""

    def start(self, name: str, total_bytes: int | None) -> None: ...

    def advance(self, n_bytes: int) -> None: ...


def _feed(kind: FileKind, parser: object, assembler: Assembler) -> Callable[[str], str | None]:
    """The per-line step for ``kind``: parse, hand good rows to the assembler, return a reason if rejected."""
    if kind is FileKind.ACTIVITY:
        parse = parser.parse  # type: ignore[attr-defined]
        add = assembler.add_activity

        def activity(line: str) -> str | None:
            parsed = parse(line)
            if type(parsed) is str:
                return parsed
            add(parsed)
            return None

        return activity
    if kind is FileKind.SAVOIR_FAIRE:

        def savoir_faire(line: str) -> str | None:
            parsed = parser(line)  # type: ignore[operator]
            if isinstance(parsed, tuple):
                assembler.add_savoir_faire(parsed[0], parsed[1])
                return None
            return parsed  # type: ignore[no-any-return]

        return savoir_faire
    return parser  # type: ignore[return-value]


class FileReader:
    """Reads one file: header first, then every row, flushing batches to the writer."""

    def __init__(
        self,
        source: SourceFile,
        assembler: Assembler,
        writer: BulkWriter,
        batch_rows: int,
        after_batch: Callable[[int], None] | None,
    ) -> None:
        self.source = source
        self.assembler = assembler
        self.writer = writer
        self.batch_rows = batch_rows
        self.after_batch = after_batch
        self.rows = 0
        self.rejects = 0
        self.step: Callable[[str], str | None] | None = None

    def consume(self, batch: LineBatch) -> None:
        lines = batch.lines
        start = 0
        if self.step is None:
            header = Header(lines[0], self.source.kind, self.source.name)
            parser = PARSERS[self.source.kind](header)
            self.step = _feed(self.source.kind, parser, self.assembler)
            start = 1
        step = self.step
        for offset in range(start, len(lines)):
            reason = step(lines[offset])
            if reason is not None:
                self._reject(batch, offset, reason)
        self.rows += len(lines) - start
        if len(self.assembler.batch) >= self.batch_rows:
            self.flush()

    def _reject(self, batch: LineBatch, offset: int, reason: str) -> None:
        line_no = batch.first_line + offset
        if batch.unterminated_last and offset == len(batch.lines) - 1:
            raise truncated(self.source.name, line_no, reason)
        self.rejects += 1
        self.assembler.tally.reject(RowError(self.source.name, line_no, reason))

    def flush(self) -> None:
        self.writer.write(self.assembler.take())
        if self.after_batch is not None:
            self.after_batch(self.assembler.tally.persons)

    def check(self, max_reject_rate: float) -> None:
        if self.step is None:
            raise empty_file(self.source.name)
        check_reject_rate(
            self.source.name, self.rows, self.rejects, self.assembler.tally, max_reject_rate
        )


def empty_file(name: str) -> RegistryFormatError:
    return RegistryFormatError(
        f"{name}: the file is empty (not even a header line). Nothing was changed.",
        details={"file": name},
    )


def truncated(name: str, line_no: int, reason: str) -> RegistryFormatError:
    return RegistryFormatError(
        f"{name}, line {line_no}: the file ends in the middle of a line "
        f"({reason}); it looks truncated (interrupted download?). Nothing was changed.",
        details={"file": name, "line": line_no},
    )


def check_reject_rate(
    name: str, rows: int, rejects: int, tally: Tally, max_reject_rate: float
) -> None:
    """Fail the file when it rejected more than ``max_reject_rate`` of its rows."""
    if rows and rejects / rows > max_reject_rate:
        sample = [f"line {e.line}: {e.reason}" for e in tally.rejects_sample if e.file == name][:5]
        raise RegistryFormatError(
            f"{name}: {rejects} of {rows} rows rejected "
            f"({rejects / rows:.1%}, above the {max_reject_rate:.1%} threshold); "
            "the format may have changed. Nothing was changed.",
            details={"file": name, "first_rejects": sample},
        )


def read_file(
    source: SourceFile,
    assembler: Assembler,
    writer: BulkWriter,
    *,
    batch_rows: int,
    max_reject_rate: float,
    progress: ProgressHook | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> SourceDate | None:
    """Read ``source`` completely; return the date the source gives for itself, if any."""
    reader = FileReader(source, assembler, writer, batch_rows, after_batch)
    with source.open() as opened:
        if progress is not None:
            progress.start(source.name, opened.size)
        advance = progress.advance if progress is not None else None
        for batch in iter_line_batches(opened.stream, source.name, advance):
            reader.consume(batch)
        date = opened.date
    reader.check(max_reject_rate)
    reader.flush()
    assembler.tally.rows_read += reader.rows
    return date
