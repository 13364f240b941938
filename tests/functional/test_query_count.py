"""Pin the number of SQL statements one page costs (NetBox-style query-count baselines).

A page that starts issuing one query per candidate (an N+1) fails here long before it shows in
the benchmark. Counted with SQLAlchemy's ``before_cursor_execute`` event on the app's engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from demo_registry import BELLAMY_RPPS

# Statements per page, once the app is warm (the first request loads the snapshot's index and
# caches the current snapshot): a name search's candidates with their activities and savoir-faire
# come back in ONE statement, however many candidates there are (twelve homonyms included); an
# identifier is looked up in the index's detail files, without SQL.
EXPECTED = {
    "/verifier?q=Isabelle+Martin": 1,
    "/verifier?q=Elodie+Belamy&ville=Lyon": 1,
    f"/verifier?q={BELLAMY_RPPS}": 0,
    f"/praticien/{BELLAMY_RPPS}": 1,  # the confirmed social accounts of the physician
    # The authorised physicians of the Rhône come from the index; their confirmed accounts in ONE
    # statement for the whole page, however many results.
    "/trouver?acte=ha_filler&lieu=69": 1,
    f"/praticien/{BELLAMY_RPPS}?lang=en": 1,  # English costs no statement more
    "/guides/mesotherapie": 0,
    "/": 0,
}


@contextmanager
def counted(app: FastAPI) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = app.state.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize(("url", "expected"), EXPECTED.items())
def test_sql_statements_per_page_are_pinned(
    site_app: FastAPI, site_client: TestClient, url: str, expected: int
) -> None:
    site_client.get(url)  # warm-up: index mapping, caches
    with counted(site_app) as statements:
        response = site_client.get(url)
    assert response.status_code == 200
    assert len(statements) == expected, "\n".join(statements)
