"""A load waits for the registry load lock held by another one, then runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.extracts import fingerprint, small_extract
from vigie.config import Settings
from vigie.errors import RegistryLoadBusy
from vigie.registry.load.loader import LoadOptions, load_registry, loader_engine
from vigie.registry.load.lock import load_lock

__all__ = ["small_extract"]


def test_second_load_waits_for_the_lock(
    settings: Settings, engine: Engine, small_extract: Path
) -> None:
    lock_engine = loader_engine(settings)
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with load_lock(lock_engine):
            held.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(timeout=30)
        with pytest.raises(RegistryLoadBusy):
            load_registry(settings, [str(small_extract)], LoadOptions(wait_seconds=0.3))
        assert fingerprint(engine).current is None  # the refused load created nothing
        threading.Timer(0.5, release.set).start()
        result = load_registry(settings, [str(small_extract)], LoadOptions(wait_seconds=30))
        assert fingerprint(engine).current == result.snapshot_id
    finally:
        release.set()
        thread.join()
        lock_engine.dispose()
