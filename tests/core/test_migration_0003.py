"""Migration 0003 gives bare-digit Facebook handles their ``id:`` form, except where it exists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, text

from vigie.db.migrate import downgrade, upgrade

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def _account(conn: object, case_id: int, platform: str, handle: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO report_account (case_id, platform, handle, created_at)"
            " VALUES (:case, :platform, :handle, :now)"
        ),
        {"case": case_id, "platform": platform, "handle": handle, "now": NOW},
    )


def test_bare_digit_facebook_handles_get_the_id_prefix(engine: Engine) -> None:
    downgrade(engine, "0002_accounts_reports")
    with engine.begin() as conn:
        for case_id in (1, 2, 3, 4, 5):
            conn.execute(
                text(
                    "INSERT INTO report_case (id, status, version, department, created_at, updated_at)"
                    " VALUES (:id, 'new', 1, '', :now, :now)"
                ),
                {"id": case_id, "now": NOW},
            )
        _account(conn, 1, "facebook", "100004123456789")  # rewritten
        _account(conn, 2, "facebook", "555666777")  # its id: twin exists: left for a moderator
        _account(conn, 3, "facebook", "id:555666777")
        _account(conn, 4, "facebook", "jean.dupont.75")  # a username: untouched
        _account(conn, 5, "tiktok", "12345678")  # another platform: untouched
    upgrade(engine)
    with engine.connect() as conn:
        handles = conn.execute(
            text("SELECT case_id, handle FROM report_account ORDER BY case_id")
        ).all()
    assert [tuple(row) for row in handles] == [
        (1, "id:100004123456789"),
        (2, "555666777"),
        (3, "id:555666777"),
        (4, "jean.dupont.75"),
        (5, "12345678"),
    ]
