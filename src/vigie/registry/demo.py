"""The demo registry: a synthetic extract with a fixed seed and size, generated and loaded once.

The extract lives in ``data_dir/demo-registry-<seed>-<persons>``; a marker file says it was written
completely. When the current snapshot was loaded from that directory, nothing is done, so ``make
run`` is fast the second time.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.registry import synth
from vigie.registry.load.loader import LoadOptions, LoadResult, load_registry
from vigie.registry.services import current_snapshot

MARKER = "COMPLETE"


def demo_registry_dir(settings: Settings, persons: int, seed: int) -> Path:
    return settings.data_dir / f"demo-registry-{seed}-{persons}"


def _is_current(factory: sessionmaker[Session], directory: Path) -> bool:
    with factory() as session:
        snapshot = current_snapshot(session)
        files = list(snapshot.source_files) if snapshot else []
    return bool(files) and all(Path(f).parent == directory for f in files)


def ensure_demo_registry(
    settings: Settings, factory: sessionmaker[Session], persons: int, seed: int
) -> LoadResult | None:
    """Generate (if needed) and load the demo extract; ``None`` when it is already current."""
    directory = demo_registry_dir(settings, persons, seed)
    if _is_current(factory, directory):
        return None
    if not (directory / MARKER).exists():
        synth.write(directory, persons, seed)
        (directory / MARKER).write_text("written by vigie demo\n", encoding="utf-8")
    return load_registry(
        settings, [str(directory)], LoadOptions(wait_seconds=60.0, allow_shrink=True)
    )
