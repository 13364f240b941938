"""The baseline the search must beat: PostgreSQL ``pg_trgm`` with a GIN index, same queries.

One row per person with the accent-folded ``first last`` (``lower(unaccent(...))``), a GIN
``gin_trgm_ops`` index, and the classic query: ``name % q ORDER BY similarity(name, q) DESC LIMIT 5``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import Engine, text

from bench.search_queries import Query
from vigie.registry.normalize import name_tokens

_PREPARE = (
    "SET LOCAL statement_timeout = 0",  # building the GIN index takes minutes
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TABLE IF EXISTS bench_trgm",
    "CREATE TABLE bench_trgm AS SELECT identifier, lower(unaccent(first_name || ' ' || last_name))"
    " AS name FROM registry_practitioner WHERE snapshot_id = :snapshot",
    "CREATE INDEX bench_trgm_name ON bench_trgm USING gin (name gin_trgm_ops)",
    "ANALYZE bench_trgm",
)
_QUERY = text(
    "SELECT identifier, name FROM bench_trgm WHERE name % lower(unaccent(:q)) "
    "ORDER BY similarity(name, lower(unaccent(:q))) DESC LIMIT 5"
)


def prepare(engine: Engine, snapshot_id: int) -> float:
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in _PREPARE:
            conn.execute(text(statement), {"snapshot": snapshot_id})
    return time.perf_counter() - started


def run(
    engine: Engine, queries: Sequence[Query]
) -> tuple[list[float], list[list[tuple[str, tuple[str, ...]]]]]:
    """Latency (ms) and the top five (identifier, name key) of each query."""
    latencies: list[float] = []
    results: list[list[tuple[str, tuple[str, ...]]]] = []
    with engine.connect() as conn:
        conn.execute(text("SET statement_timeout = 0"))
        for query in queries:
            started = time.perf_counter()
            rows = conn.execute(_QUERY, {"q": query.text}).all()
            latencies.append((time.perf_counter() - started) * 1000)
            results.append([(row[0], tuple(sorted(name_tokens(row[1])))) for row in rows])
    return latencies, results
