"""Result page for a name search at national scale: server-side time and SQL statements per page.

    uv run python -m bench.pages [--persons 1100000] [--queries 500] [--databases sqlite,postgresql]

Reuses the national-scale databases of ``bench.search`` (same ``--data-dir``; generated and loaded
with the real loader on first use). For the same name queries (typos, dropped accents, swapped
names, partial compound surnames) it measures, in the same run:

- the baseline: the ``verify`` service call alone (what any page must pay);
- ``/verifier.json``: the JSON twin through the whole ASGI app;
- ``/verifier``: the HTML result page through the whole ASGI app (target p95 ≤ 50 ms);
- ``/trouver``: the directory page for large places (all of Paris, toxin and hyaluronic acid;
  Lyon; a département), target p95 ≤ 80 ms;
- the size of the homonym page for the most common surname (target ≤ 60 KB of HTML);

with the app driven in-process by Starlette's TestClient. The times are server-side: an ASGI
middleware around the whole app (security headers, CSRF cookie, routing, the sync route in the
thread pool, templates) records from the request's arrival to the last byte of the response, so
the test client's own overhead is not counted. SQL statements per page are counted with a
``before_cursor_execute`` listener.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from starlette.types import ASGIApp, Receive, Scope, Send

from bench import search
from bench.search_queries import make_queries
from vigie.db.engine import make_engine, make_session_factory
from vigie.registry.verify import verify
from vigie.web.app import create_app

TARGET_P95_MS = 50.0
DIRECTORY_TARGET_P95_MS = 80.0
HOMONYM_PAGE_TARGET_KB = 60.0
DIRECTORY_QUERIES = (
    ("botulinum_toxin", "Paris"),
    ("ha_filler", "Paris"),
    ("botulinum_toxin", "Lyon"),
    ("mesotherapy", "13"),
)
Row = dict[str, object]


class ServerTimer:
    """Outermost ASGI middleware: the server-side time of the last request, in milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.last_ms = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        await self.app(scope, receive, send)
        self.last_ms = (time.perf_counter() - started) * 1000


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    search.add_registry_arguments(parser, queries=500)
    return parser.parse_args(argv)


def _timed(run: Callable[[str], Any], texts: list[str]) -> list[float]:
    for text in texts[:20]:  # warm-up: template cache, connection pool
        run(text)
    latencies = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _server_timed(
    client: TestClient, timer: ServerTimer, url: str, texts: list[str]
) -> list[float]:
    for text in texts[:20]:
        client.get(url, params={"q": text})
    latencies = []
    for text in texts:
        response = client.get(url, params={"q": text})
        assert response.status_code == 200, response.text[:200]
        latencies.append(timer.last_ms)
    return latencies


def _directory_timed(client: TestClient, timer: ServerTimer, count: int) -> list[float]:
    """``/trouver`` for the places of ``DIRECTORY_QUERIES`` in turn, ``count`` requests in all."""
    for act, place in DIRECTORY_QUERIES:  # warm-up: per-act arrays, template
        client.get("/trouver", params={"acte": act, "lieu": place})
    latencies = []
    for number in range(count):
        act, place = DIRECTORY_QUERIES[number % len(DIRECTORY_QUERIES)]
        response = client.get("/trouver", params={"acte": act, "lieu": place})
        assert response.status_code == 200, response.text[:200]
        latencies.append(timer.last_ms)
    return latencies


def _homonym_page(client: TestClient, persons: list[Any]) -> tuple[str, float]:
    """The most common surname alone, as a patient would type it: its page's size in KB."""
    counts: dict[str, int] = {}
    for person in persons:
        counts[person.last_name] = counts.get(person.last_name, 0) + 1
    common = max(counts, key=counts.__getitem__)
    response = client.get("/verifier", params={"q": common})
    assert response.status_code == 200, response.text[:200]
    return common, len(response.content) / 1024


def _stats(method: str, database: str, latencies: list[float], statements: str = "") -> Row:
    ordered = sorted(latencies)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    return {
        "method": method,
        "database": database,
        "p50 ms": statistics.median(ordered),
        "p95 ms": pick(0.95),
        "p99 ms": pick(0.99),
        "n": len(ordered),
        "SQL/page": statements,
    }


def _statements_per_page(client: TestClient, engine: Any, texts: list[str]) -> str:
    counts: list[int] = []
    for text in texts[:50]:
        seen: list[str] = []

        def record(*args: Any, _seen: list[str] = seen) -> None:
            _seen.append(args[2])

        event.listen(engine, "before_cursor_execute", record)
        client.get("/verifier", params={"q": text})
        event.remove(engine, "before_cursor_execute", record)
        counts.append(len(seen))
    return f"{min(counts)}–{max(counts)}" if min(counts) != max(counts) else str(counts[0])


def _measure(database: str, args: argparse.Namespace) -> list[Row]:
    settings = search._settings(database, args)
    search._ensure_loaded(settings, args)
    engine = make_engine(settings)
    persons = search._persons(engine)
    names = {p.name_key for p in persons}
    texts = [q.text for q in make_queries(persons, args.queries, names, seed=args.seed)]
    factory = make_session_factory(engine)

    def service(text: str) -> None:
        with factory() as session:
            verify(session, settings, text, limit=10)

    for text in texts:  # one untimed pass so no method pays for paging the index in
        service(text)
    app = create_app(settings)
    timer = ServerTimer(app)
    rows = [_stats("baseline: verify() service call", database, _timed(service, texts))]
    with TestClient(timer, headers={"accept": "text/html"}) as client:  # type: ignore[arg-type]
        json_times = _server_timed(client, timer, "/verifier.json", texts)
        html_times = _server_timed(client, timer, "/verifier", texts)
        statements = _statements_per_page(client, app.state.engine, texts)
        directory_times = _directory_timed(client, timer, args.queries)
        common, size_kb = _homonym_page(client, persons)
    rows.append(_stats("GET /verifier.json (JSON twin)", database, json_times))
    rows.append(_stats("GET /verifier (HTML result page)", database, html_times, statements))
    rows.append(_stats("GET /trouver (directory, large places)", database, directory_times))
    rows.append(
        {"method": f"homonym page « {common} » (KB of HTML)", "database": database,
         "p50 ms": size_kb, "p95 ms": size_kb, "p99 ms": size_kb, "n": 1, "SQL/page": ""}
    )  # fmt: skip
    app.state.engine.dispose()
    engine.dispose()
    return rows


def _print(rows: list[Row], args: argparse.Namespace) -> None:
    columns = ["method", "database", "p50 ms", "p95 ms", "p99 ms", "n", "SQL/page"]
    print(f"\n{args.persons:,} persons, {args.queries} name queries, seed {args.seed}\n")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in columns]
        print("| " + " | ".join(cells) + " |")
    for row in rows:
        if "HTML result page" in str(row["method"]):
            verdict = "OK" if float(str(row["p95 ms"])) <= TARGET_P95_MS else "OVER TARGET"
            print(
                f"HTML result page p95 on {row['database']}: {row['p95 ms']:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms): {verdict}"
            )
        if "directory" in str(row["method"]):
            verdict = (
                "OK" if float(str(row["p95 ms"])) <= DIRECTORY_TARGET_P95_MS else "OVER TARGET"
            )
            print(
                f"Directory page p95 on {row['database']}: {row['p95 ms']:.1f} ms (target ≤ {DIRECTORY_TARGET_P95_MS:.0f} ms): {verdict}"
            )
        if "homonym page" in str(row["method"]):
            size = float(str(row["p50 ms"]))
            verdict = "OK" if size <= HOMONYM_PAGE_TARGET_KB else "OVER TARGET"
            print(
                f"{row['method']} on {row['database']}: {size:.1f} KB (target ≤ {HOMONYM_PAGE_TARGET_KB:.0f} KB): {verdict}"
            )


def main(argv: Sequence[str] | None = None) -> None:
    args = _arguments(argv)
    rows: list[Row] = []
    for database in args.databases.split(","):
        rows += _measure(database, args)
    _print(rows, args)


if __name__ == "__main__":
    main()
