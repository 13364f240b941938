"""Validate the diplomas file in a second process while the main one loads the other two.

The diplomas file (~270 MB) is only validated, never stored, and its result is tiny (row and reject
counts, a few sample rejects), so on a 2-core machine checking it beside the main load takes it off
the critical path for the price of one ``spawn``. Small files (tests, demos) are checked inline:
starting a process would cost more than reading them.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from vigie.errors import RegistryError, RegistryFormatError
from vigie.registry.load.assemble import Assembler, Batch
from vigie.registry.load.columnar import ColumnarAssembler, read_file_columnar
from vigie.registry.load.frames import FrameBatch
from vigie.registry.load.helper_process import start_helper
from vigie.registry.load.parser import RowError
from vigie.registry.load.read import ProgressHook, read_file
from vigie.registry.load.source_types import SourceDate
from vigie.registry.load.sources import SourceFile, known_size

BACKGROUND_MIN_BYTES = 32 * 1024 * 1024


@dataclass(slots=True)
class Validation:
    rows: int = 0
    rejects: int = 0
    sample: list[RowError] = field(default_factory=list)
    date: SourceDate | None = None
    error: str | None = None
    error_is_format: bool = True


class _NoWriter:
    def write(self, batch: Batch | FrameBatch) -> None:
        """The validated file is not stored."""

    def close(self) -> None:
        """Nothing to close."""


def validate(
    source: SourceFile,
    max_reject_rate: float,
    progress: ProgressHook | None = None,
    columnar: bool = False,
) -> Validation:
    """Read ``source`` through its parser and return the counts (errors as data, not raised)."""
    assembler = ColumnarAssembler(0) if columnar else Assembler(0)
    read = read_file_columnar if columnar else read_file
    try:
        date = read(
            source,
            assembler,  # type: ignore[arg-type]
            _NoWriter(),
            batch_rows=1 << 30,
            max_reject_rate=max_reject_rate,
            progress=progress,
        )
    except RegistryError as exc:
        return Validation(error=exc.message, error_is_format=isinstance(exc, RegistryFormatError))
    tally = assembler.tally
    return Validation(tally.rows_read, tally.rows_rejected, tally.rejects_sample, date)


def _child(source: SourceFile, max_reject_rate: float, columnar: bool, pipe: Connection) -> None:
    pipe.send(validate(source, max_reject_rate, columnar=columnar))
    pipe.close()


class Validator:
    """Starts the validation (in a process when the file is big) and collects it later."""

    def __init__(
        self,
        source: SourceFile,
        max_reject_rate: float,
        min_bytes: int = BACKGROUND_MIN_BYTES,
        columnar: bool = False,
    ) -> None:
        self.source = source
        self.max_reject_rate = max_reject_rate
        self.columnar = columnar
        self.process: BaseProcess | None = None
        self.pipe: Connection | None = None
        size = known_size(source)
        if size is not None and size >= min_bytes:
            self.pipe, child_end = multiprocessing.get_context("spawn").Pipe(duplex=False)
            self.process = start_helper(_child, source, max_reject_rate, columnar, child_end)
            child_end.close()

    def result(self, progress: ProgressHook | None = None) -> Validation:
        """The outcome; ``progress`` shows an inline validation (a background one has no bar)."""
        if self.process is None or self.pipe is None:
            return validate(self.source, self.max_reject_rate, progress, self.columnar)
        try:
            outcome: Validation = self.pipe.recv()
        except EOFError:
            outcome = Validation(error=f"{self.source.name}: the validating process died")
        self.process.join()
        return outcome

    def stop(self) -> None:
        """Called when the load fails early: the validation is no longer needed."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
