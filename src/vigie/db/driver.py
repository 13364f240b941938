"""Run a hot statement on the driver's cursor, skipping SQLAlchemy's per-execution bookkeeping.

For a lookup that costs the database ~40 µs, SQLAlchemy's execution context (result metadata,
row processors, cache lookups) costs three times more than the query. ``DriverStatement`` compiles
the statement once per dialect and runs it on the raw DBAPI cursor of the session's connection
(same transaction), as a server-side prepared statement on PostgreSQL. It still fires
``before_cursor_execute`` so statement counting and tracing see it. Only for statements without
expanding parameters or type processing: their parameters go to the driver as given.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.sql.expression import Executable


class DriverStatement:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def _for(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
            order = compiled.positiontup
            found = (str(compiled), tuple(order) if order else None, dict(compiled.params))
            with self._lock:
                self._compiled[dialect.name] = found
        return found

    def run(self, connection: Connection, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """All rows of the statement with ``params`` (plus its compiled constants)."""
        sql, positions, constants = self._for(connection.dialect)
        values = constants | params
        arguments = values if positions is None else tuple(values[n] for n in positions)
        cursor: Any = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if connection._has_events or connection.engine._has_events:
                connection.dispatch.before_cursor_execute(
                    connection, cursor, sql, arguments, None, False
                )
            if connection.dialect.name == "postgresql":
                cursor.execute(sql, arguments, prepare=True)
            else:
                cursor.execute(sql, arguments)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        finally:
            cursor.close()
        return rows
