"""Start a load's helper processes so that they never outlive the loader.

A load uses the second core through processes (the parser holds the GIL): one validates the
diplomas file, one writes the rows and builds the search index. If the loader is killed (``kill -9``,
out of memory), a helper left running would keep writing rows of a snapshot that the next load is
busy deleting; Linux's parent-death signal kills it with its parent instead.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any

_PR_SET_PDEATHSIG = 1


def start_helper(target: Callable[..., None], *args: Any) -> BaseProcess:
    """``target(*args)`` in a fresh interpreter (``spawn``: no inherited locks or connections).

    ``spawn`` normally re-runs the caller's main module in the child first; for ``vigie registry
    load`` that is the whole command line (web app, classifier...): 6 CPU-seconds per helper
    without bytecode caches, against 2 for what a helper needs. Our targets live in importable
    modules, so the child is started without the main module.
    """
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        target=_run, args=(os.getpid(), target, *args), daemon=True, name=target.__name__
    )
    with _main_module_hidden():
        process.start()
    return process


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """What ``multiprocessing.spawn`` reads to re-import ``__main__``, absent while a child starts."""
    main = sys.modules["__main__"]
    names: tuple[str, ...] = ("__spec__", "__file__")
    saved = {name: main.__dict__[name] for name in names if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _run(parent_pid: int, target: Callable[..., None], *args: Any) -> None:
    _die_with_parent(parent_pid)
    target(*args)


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
