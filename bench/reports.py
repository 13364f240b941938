"""Filing reports: throughput of ``file_report`` alone and from 20 threads at once, against a
baseline measured in the same run (one plain INSERT per report, no account lookup, no audit
event), plus the cost of checking one evidence image.

    uv run python -m bench.reports [--reports 400] [--accounts 20] [--databases sqlite,postgresql]

PostgreSQL needs ``VIGIE_BENCH_POSTGRES_URL`` (a database the bench may fill; a fresh one is best).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory, transaction
from vigie.db.migrate import upgrade
from vigie.reports.evidence import check_file
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import LocalDirectoryStorage


def _settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        environment=Environment.TEST, data_dir=data_dir, database_url=url, secret_key="b" * 48
    )


def _report(index: int, accounts: int, run: str) -> ReportInput:
    return ReportInput(
        platform="instagram",
        account=f"@bench.{run}.{index % accounts}",
        acts=["ha_filler"],
        description=f"Synthetic report {index}",
        post_texts=["Promo lèvres 150€, DM pour réserver"],
    )


def _timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def baseline(factory: sessionmaker[Session], reports: int) -> float:
    """The floor: one INSERT per report in its own transaction, nothing else."""

    def work() -> None:
        for index in range(reports):
            with transaction(factory) as session:
                session.execute(
                    text("INSERT INTO user_login_attempt (key, attempted_at) VALUES (:k, :t)"),
                    {"k": f"bench:{index}", "t": dt.datetime.now(dt.UTC)},
                )

    return _timed(work)


def filing(
    factory: sessionmaker[Session], settings: Settings, reports: int, accounts: int, threads: int
) -> float:
    storage = LocalDirectoryStorage(settings.evidence_dir)
    run = uuid.uuid4().hex[:6]

    def one(index: int) -> None:
        file_report(factory, settings, storage, _report(index, accounts, run), [])

    def work() -> None:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(one, range(reports)))

    return _timed(work)


def image_check_ms(repeat: int = 20) -> float:
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 64).convert("RGB").save(out, format="PNG")
    data = out.getvalue()
    start = time.perf_counter()
    for _ in range(repeat):
        check_file(data, "capture.png", max_bytes=10 * 1024 * 1024, max_pixels=40_000_000)
    return (time.perf_counter() - start) / repeat * 1000


def run_database(
    name: str, url: str, data_dir: Path, reports: int, accounts: int
) -> list[tuple[str, ...]]:
    settings = _settings(url, data_dir)
    engine = make_engine(settings)
    upgrade(engine)
    factory = make_session_factory(engine)
    rows = []
    for label, seconds in (
        ("baseline: 1 INSERT per transaction", baseline(factory, reports)),
        ("file_report, 1 thread", filing(factory, settings, reports, accounts, 1)),
        ("file_report, 20 threads", filing(factory, settings, reports, accounts, 20)),
    ):
        rows.append((name, label, str(reports), f"{seconds:.2f}", f"{reports / seconds:.0f}"))
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.databases.split(","):
            url = (
                f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
                if name == "sqlite"
                else os.environ.get("VIGIE_BENCH_POSTGRES_URL", "")
            )
            if not url:
                print(f"skipping {name}: set VIGIE_BENCH_POSTGRES_URL")
                continue
            rows += run_database(name, url, Path(tmp) / name, args.reports, args.accounts)
    print(f"{'database':<11} {'method':<36} {'reports':>7} {'seconds':>8} {'per s':>6}")
    for row in rows:
        print(f"{row[0]:<11} {row[1]:<36} {row[2]:>7} {row[3]:>8} {row[4]:>6}")
    print(
        f"evidence check of a 1600x1200 PNG (sniff, decode, re-encode preview): {image_check_ms():.1f} ms"
    )


if __name__ == "__main__":
    main()
