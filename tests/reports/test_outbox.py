"""The mail outbox on both databases, against a real SMTP server on loopback: a case change
queues one message per opted-in reporter in its own transaction, the drain sends each once, a
server that is down or refuses keeps the message for a retry with back-off, then gives up."""

from __future__ import annotations

import datetime as dt

from pydantic import JsonValue
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from ports import free_port
from report_helpers import PASSWORD
from smtp_server import smtp_server
from vigie.accounts.services import create_user
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.reports import cases
from vigie.reports.notifications import render, report_for_token, stop_notifying
from vigie.reports.outbox import MAX_ATTEMPTS, OutboxMessage, enqueue, send_pending
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import storage_from_settings

ACCOUNT = "@mail.test.account"


def plain(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    return f"Sujet {template}", "Corps du message."


def _file(
    factory: sessionmaker[Session], settings: Settings, email: str | None, notify: bool
) -> int:
    report = ReportInput(platform="instagram", account=ACCOUNT, contact_email=email, notify=notify)
    filed = file_report(factory, settings, storage_from_settings(settings), report, [])
    return filed.case_id


def _settings(settings: Settings, url: str) -> Settings:
    return settings.model_copy(
        update={
            "smtp_url": url,
            "public_url": "https://vigie.example",
            "mail_from": "vigie@vigie.example",
        }
    )


def _queued(factory: sessionmaker[Session]) -> list[OutboxMessage]:
    with factory() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_forwarded_case_mails_opted_in_reporters_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    case_id = _file(session_factory, settings, "victime@example.test", True)
    _file(session_factory, settings, "silencieux@example.test", False)  # same case, no opt-in
    with transaction(session_factory) as session:
        moderator = create_user(session, "mod@example.test", PASSWORD, "moderator")
    with transaction(session_factory) as session:
        cases.transition(session, moderator, case_id, to="triaged")
        cases.transition(session, moderator, case_id, to="forwarded", destination="ordre")
    assert [m.to_address for m in _queued(session_factory)] == ["victime@example.test"] * 2
    with smtp_server() as (url, inbox):
        first = send_pending(session_factory, _settings(settings, url), render)
        again = send_pending(session_factory, _settings(settings, url), render)
    assert (first.sent, first.failed, again.sent) == (2, 0, 0)
    subjects = [m["Subject"] for m in inbox.messages]
    assert subjects == [
        "Votre signalement a été examiné — Vigie",
        "Votre signalement a été transmis — Vigie",
    ]
    body = inbox.messages[1].get_content()
    assert "à l'Ordre des médecins" in body
    assert "instagram @mail.test.account" in body
    assert "https://vigie.example/suivi/" in body
    assert "risque" not in body.lower()
    assert inbox.messages[0]["Message-ID"] != inbox.messages[1]["Message-ID"]


def test_a_rolled_back_change_mails_nothing(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    case_id = _file(session_factory, settings, "victime@example.test", True)
    with transaction(session_factory) as session:
        moderator = create_user(session, "mod@example.test", PASSWORD, "moderator")
    try:
        with transaction(session_factory) as session:
            cases.transition(session, moderator, case_id, to="triaged")
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert _queued(session_factory) == []


def test_a_server_that_is_down_or_refuses_keeps_the_message_then_gives_up(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with transaction(session_factory) as session:
        enqueue(session, "k1", "someone@example.test", "case_update", {})
    down = _settings(settings, f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    result = send_pending(session_factory, down, plain)
    assert (result.sent, result.failed) == (0, 1)
    (row,) = _queued(session_factory)
    assert row.attempts == 1
    assert row.sent_at is None
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > dt.datetime.now(dt.UTC).replace(tzinfo=row.next_attempt_at.tzinfo)
    assert send_pending(session_factory, down, plain).failed == 0  # not due yet: back-off
    with smtp_server() as (url, inbox):
        inbox.refuse.add("someone@example.test")
        for _ in range(MAX_ATTEMPTS):
            with transaction(session_factory) as session:
                session.execute(
                    update(OutboxMessage).values(next_attempt_at=dt.datetime(2000, 1, 1))
                )
            send_pending(session_factory, _settings(settings, url), plain)
    (row,) = _queued(session_factory)
    assert row.gave_up
    assert row.attempts == MAX_ATTEMPTS
    assert inbox.messages == []


def test_a_message_that_cannot_be_rendered_is_given_up_at_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with transaction(session_factory) as session:
        enqueue(session, "k", "someone@example.test", "no_such_template", {})
    with smtp_server() as (url, inbox):
        assert send_pending(session_factory, _settings(settings, url), render).failed == 1
    assert _queued(session_factory)[0].gave_up
    assert inbox.messages == []


def test_header_injection_and_bad_addresses_are_not_queued(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        assert not enqueue(session, "a", "x@example.test\r\nBcc: all@example.test", "t", {})
        assert not enqueue(session, "b", "not an address", "t", {})
        assert enqueue(session, "c", "ok@example.test", "t", {})
        assert not enqueue(session, "c", "ok@example.test", "t", {})  # queued once per key


def test_no_smtp_url_sends_nothing_and_keeps_the_queue(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with transaction(session_factory) as session:
        enqueue(session, "k", "someone@example.test", "case_update", {})
    assert send_pending(session_factory, settings, render).skipped
    assert _queued(session_factory)[0].sent_at is None


def test_unsubscribe_token_is_signed_and_bound_to_the_report(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    from vigie.reports.models import Report
    from vigie.reports.notifications import unsubscribe_token

    _file(session_factory, settings, "victime@example.test", True)
    with session_factory() as session:
        report = session.scalars(select(Report)).one()
    token = unsubscribe_token(settings, report.id)
    assert report_for_token(settings, token) == report.id
    assert report_for_token(settings, token[:-2] + "xx") is None
    with transaction(session_factory) as session:
        assert not stop_notifying(session, report.id, "another-code")
        assert stop_notifying(session, report.id, report.tracking_code)
    with session_factory() as session:
        assert session.get(Report, report.id).notify is False  # type: ignore[union-attr]
