"""Where a load's assembled batches go: the snapshot's tables and its search index, off the parser.

The parser holds the GIL for most of a load, so a writer *thread* mostly waits for it. At national
scale the batches therefore go to a second process, which writes them to the database (SQLite
``executemany``, or ADBC for columnar batches; PostgreSQL ``COPY`` into the snapshot's own
tables, indexed and attached while the index files are written) and feeds the search-index
accumulators from the same rows: the index is ready a second after the last row is written,
without reading 3 million rows back.
Batches cross the pipe as ``marshal`` bytes (ten times cheaper to encode than pickle for tuples of
strings); a thread on the loader's side does the sending, so parsing never waits for the pipe.

Small loads (tests, demos) use the same ``SnapshotSink`` in a thread: starting an interpreter
would cost more than the whole load.

Failure: an error in the helper comes back as a message and is raised in the loader at its next
batch or at ``finish``; a failing loader terminates the helper before deleting what was written;
a killed loader takes its helper with it (``helper_process``).
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from vigie.config import Settings
from vigie.errors import RegistryError
from vigie.registry.load.assemble import Batch
from vigie.registry.load.bulk import PostgresWriter, loader_engine, make_bulk_writer
from vigie.registry.load.frames import FrameBatch, from_ipc, to_ipc
from vigie.registry.load.helper_process import start_helper
from vigie.registry.search.index_files import IndexBuilder

_END = b""
_FRAMES = b"F"  # first byte of a columnar batch (Arrow IPC); marshal data never starts with it


@dataclass(slots=True)
class SinkReport:
    """Where the sink's time went (seconds), for the load summary and the benchmark."""

    write: float = 0.0
    index: float = 0.0
    index_files: float = 0.0
    cpu: float = 0.0


class Sink(Protocol):
    def write(self, batch: Batch | FrameBatch) -> None: ...

    def finish(self) -> SinkReport: ...

    def abort(self) -> None: ...

    def close(self) -> None: ...


class SnapshotSink:
    """Writes batches to the database and the index accumulators; ``finish`` writes the index.

    The database writes run on their own thread: both drivers release the GIL while the database
    works (``sqlite3_step``; ``COPY`` waiting for the server), and the index accumulates meanwhile.
    """

    def __init__(
        self, engine: Engine, snapshot_id: int, index_dir: Path, arrow: bool = False
    ) -> None:
        self.writer = make_bulk_writer(engine, arrow=arrow, snapshot_id=snapshot_id)
        self.writes = BatchThread(self.writer.write, "registry-db-writer", depth=1)
        self.index: IndexBuilder | None = IndexBuilder(index_dir, snapshot_id)
        self.report = SinkReport()

    def write(self, batch: Batch | FrameBatch) -> None:
        self.writes.put(batch)
        started = time.perf_counter()
        index = self._index()
        if isinstance(batch, FrameBatch):
            index.add_frames(batch.practitioners, batch.activities, batch.savoir_faire)
        else:
            index.add_practitioners(batch.practitioners)
            index.add_activities(batch.activities)
            index.add_savoir_faire(batch.savoir_faire)
        self.report.index += time.perf_counter() - started

    def finish(self) -> SinkReport:
        self.writes.drain()
        # PostgreSQL indexes and attaches the snapshot's tables while the index files are written.
        tables = Background(self._finish_tables, "registry-db-finish")
        started = time.perf_counter()
        try:
            self._index().write()
        finally:
            tables.wait()
        tables.check()
        self.index = None  # the accumulators' memory back before the switch
        self.report.index_files = time.perf_counter() - started
        self.report.write = self.writes.busy + tables.busy
        self.report.cpu = time.thread_time() + self.writes.cpu + tables.cpu
        return self.report

    def abort(self) -> None:
        """Nothing to stop: the thread running this sink finishes its current batch."""

    def close(self) -> None:
        self.writes.stop()
        if self.index is not None:  # not finished: a failed load leaves no staging files
            self.index.abort()
            self.index = None
        self.writer.close()

    def _index(self) -> IndexBuilder:
        if self.index is None:
            raise RegistryError("the snapshot's index is already written")
        return self.index

    def _finish_tables(self) -> None:
        if isinstance(self.writer, PostgresWriter):
            self.writer.finish()
        elif (commit := getattr(self.writer, "finish", None)) is not None:
            commit()  # SQLite through ADBC (``arrow_sqlite``): its last transaction


class ProcessSink:
    """The loader's end of a ``SnapshotSink`` running in a helper process."""

    def __init__(self, settings: Settings, snapshot_id: int, columnar: bool = False) -> None:
        pipe = multiprocessing.get_context("spawn").Pipe
        batches_out, self._batches = pipe(duplex=False)
        self._results, results_in = pipe(duplex=False)
        self._aborted = False
        self.process: BaseProcess = start_helper(
            _sink_main, settings, snapshot_id, columnar, batches_out, results_in
        )
        batches_out.close()
        results_in.close()

    def write(self, batch: Batch | FrameBatch) -> None:
        if isinstance(batch, FrameBatch):
            data = _FRAMES + to_ipc(batch)
        else:
            data = marshal.dumps((batch.practitioners, batch.activities, batch.savoir_faire), 4)
        try:
            self._batches.send_bytes(data)
        except OSError:
            raise self._failure() from None

    def finish(self) -> SinkReport:
        try:
            self._batches.send_bytes(_END)
        except OSError:
            raise self._failure() from None
        outcome = self._receive(timeout=None)
        self.process.join()
        if isinstance(outcome, SinkReport):
            return outcome
        raise outcome

    def abort(self) -> None:
        self._aborted = True
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()

    def close(self) -> None:
        self.abort()
        self._batches.close()
        self._results.close()

    def _failure(self) -> RegistryError:
        if self._aborted:
            return RegistryError("the load was stopped")
        outcome = self._receive(timeout=5.0)
        return outcome if isinstance(outcome, RegistryError) else RegistryError(str(outcome))

    def _receive(self, timeout: float | None) -> SinkReport | RegistryError:
        try:
            if timeout is None or self._results.poll(timeout):
                kind, payload = self._results.recv()
                return SinkReport(**payload) if kind == "ok" else RegistryError(payload)
        except (EOFError, OSError):
            pass
        self.process.join(timeout=5.0)
        return RegistryError(
            f"the process writing the snapshot stopped unexpectedly (exit code "
            f"{self.process.exitcode}); nothing was changed"
        )


def _sink_main(
    settings: Settings,
    snapshot_id: int,
    columnar: bool,
    batches: Connection,
    results: Connection,
) -> None:
    """The helper: batches in until the end marker, then the index files, then one report out.

    Columnar batches go to SQLite through ADBC here, where no other connection opens the file.
    """
    gc.disable()  # millions of acyclic tuples: the cyclic GC would rescan them for nothing
    engine = loader_engine(settings)
    sink: SnapshotSink | None = None
    try:
        sink = SnapshotSink(engine, snapshot_id, settings.index_dir, arrow=columnar)
        while (data := batches.recv_bytes()) != _END:
            if data[:1] == _FRAMES:
                sink.write(from_ipc(data[1:]))
                continue
            # Bytes from our own parent process over a private pipe, never from outside.
            practitioners, activities, savoir_faire = marshal.loads(data)  # noqa: S302
            sink.write(Batch(practitioners, activities, savoir_faire))
        results.send(("ok", asdict(sink.finish())))
    except EOFError:
        return  # the loader is gone (it failed and closed the pipe): nothing to report to
    except Exception as exc:  # reported to the loader, which raises it
        results.send(("error", f"writing the snapshot failed: {type(exc).__name__}: {exc}"))
    finally:
        if sink is not None:
            sink.close()
        engine.dispose()


class BatchThread:
    """Calls ``handle(batch)`` on a background thread while the caller prepares the next batch.

    The queue holds at most ``depth`` batches (flat memory); an error in the thread is raised in
    the caller at its next ``put`` or at ``drain``; later batches are then skipped.
    """

    def __init__(self, handle: Callable[[Batch | FrameBatch], None], name: str, depth: int) -> None:
        self.handle = handle
        self.queue: queue.Queue[Batch | FrameBatch | None] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.busy = 0.0  # seconds spent in ``handle``
        self.cpu = 0.0  # CPU seconds of the thread
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                started = time.perf_counter()
                try:
                    self.handle(batch)
                except BaseException as exc:  # handed to the caller thread
                    self.error = exc
                self.busy += time.perf_counter() - started
        self.cpu = time.thread_time()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def put(self, batch: Batch | FrameBatch) -> None:
        self._raise()
        self.queue.put(batch)

    def drain(self) -> None:
        """Wait until every batch is handled; raise the thread's error if any."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._raise()

    def stop(self) -> None:
        """Let the thread finish what it holds and end (after an error elsewhere)."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()


class Background:
    """``work()`` on its own thread; ``wait`` for it, then ``check`` raises its error if any."""

    def __init__(self, work: Callable[[], None], name: str) -> None:
        self.work = work
        self.error: BaseException | None = None
        self.busy = 0.0
        self.cpu = 0.0
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self.work()
        except BaseException as exc:  # handed to the caller thread
            self.error = exc
        self.busy = time.perf_counter() - started
        self.cpu = time.thread_time()

    def wait(self) -> None:
        self.thread.join()

    def check(self) -> None:
        if self.error is not None:
            raise self.error


class ThreadedSink:
    """The loader's side: hands batches to ``inner`` on a thread while the parser goes on."""

    def __init__(self, inner: Sink) -> None:
        self.inner = inner
        self.batches = BatchThread(inner.write, "registry-sink", depth=2)

    def write(self, batch: Batch | FrameBatch) -> None:
        self.batches.put(batch)

    def finish(self) -> SinkReport:
        """Wait until every batch is handed over, then for the sink to complete (index written)."""
        self.batches.drain()
        return self.inner.finish()

    def close(self) -> None:
        if self.batches.thread.is_alive():
            self.inner.abort()  # a helper process stops at once; a blocked send then fails fast
            self.batches.stop()
        self.inner.close()


def open_sink(
    settings: Settings, engine: Engine, snapshot_id: int, in_process: bool, columnar: bool = False
) -> ThreadedSink:
    inner: Sink = (
        SnapshotSink(engine, snapshot_id, settings.index_dir)
        if in_process
        else ProcessSink(settings, snapshot_id, columnar)
    )
    return ThreadedSink(inner)
