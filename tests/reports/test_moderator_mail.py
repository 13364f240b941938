"""Moderators' e-mail on both databases, against a real SMTP server on loopback: a new urgent case
is announced at once to every moderator who wants it, once; the rest wait for the daily digest,
built once per day even by two drainers at the same moment; admins retry a given-up message,
audited."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import PASSWORD
from smtp_server import smtp_server
from vigie.accounts.services import CurrentUser, create_user
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict
from vigie.reports import outbox_admin
from vigie.reports.mail_templates import render
from vigie.reports.models_mail import MailAnnouncement, OutboxRetry
from vigie.reports.moderator_mail import (
    digest_day,
    queue_digest,
    queue_urgent_alerts,
    recipients,
    set_preference,
)
from vigie.reports.outbox import OutboxMessage, enqueue, send_pending
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import storage_from_settings

DAY = dt.date(2026, 12, 2)


def _file(factory: sessionmaker[Session], settings: Settings, account: str, *, harmed: bool) -> int:
    report = ReportInput(
        platform="instagram",
        account=account,
        harmed=harmed,
        contact_email="temoin.secret@example.test",
        description="Injection de lèvres à domicile.",
    )
    return file_report(factory, settings, storage_from_settings(settings), report, []).case_id


def _team(factory: sessionmaker[Session]) -> dict[str, CurrentUser]:
    with transaction(factory) as session:
        team = {
            "ana": create_user(session, "ana@example.test", PASSWORD, "moderator"),
            "bea": create_user(session, "bea@example.test", PASSWORD, "moderator"),
            "chef": create_user(session, "chef@example.test", PASSWORD, "admin"),
        }
        create_user(session, "patient@example.test", PASSWORD, "reporter")
        set_preference(session, team["bea"].id, urgent=False, digest=True)
        set_preference(session, team["chef"].id, urgent=True, digest=False)
    return team


def _mailer(settings: Settings, url: str) -> Settings:
    return settings.model_copy(
        update={
            "smtp_url": url,
            "public_url": "https://vigie.example",
            "mail_from": "v@vigie.example",
        }
    )


def test_a_new_urgent_case_mails_the_moderators_at_once_and_only_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _team(session_factory)
    urgent = _file(session_factory, settings, "@urgent.levres", harmed=True)
    _file(session_factory, settings, "@ordinaire.promo", harmed=False)
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session) == 2  # ana and chef; bea opted out; not the reporter
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session) == 0
    with smtp_server() as (url, inbox):
        assert send_pending(session_factory, _mailer(settings, url), render).sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["ana@example.test", "chef@example.test"]
    message = inbox.messages[0]
    assert (
        message["Subject"] == f"Dossier prioritaire n° {urgent} : instagram:@urgent.levres — Vigie"
    )
    body = message.get_content()
    assert "complication déclarée par un signalant" in body
    assert f"https://vigie.example/moderation/cas/{urgent}" in body
    assert "https://vigie.example/moderation/courriels" in body  # where to opt out
    assert "temoin.secret" not in body


def test_a_case_that_becomes_urgent_later_is_announced_then(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _team(session_factory)
    case_id = _file(session_factory, settings, "@plus.tard", harmed=False)
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session) == 0
    assert _file(session_factory, settings, "@plus.tard", harmed=True) == case_id
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session) == 2
    with session_factory() as session:
        keys = session.scalars(select(MailAnnouncement.key)).all()
    assert keys == [f"alert:case:{case_id}"]


def test_the_urgent_bar_is_the_operators_to_set(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    """VIGIE_MAIL_URGENT_SCORE: above the case's priority nothing is mailed; at it, it is."""
    _team(session_factory)
    _file(session_factory, settings, "@seuil.haut", harmed=True)  # declared harm: 40 and more
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session, urgent_score=1000) == 0
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session, urgent_score=40) == 2


def test_the_digest_hour_is_the_operators_to_set() -> None:
    at_six_paris = dt.datetime(2026, 12, 2, 5, 0, tzinfo=dt.UTC)
    assert digest_day(at_six_paris) is None
    assert digest_day(at_six_paris, hour=6) == DAY
    assert Settings(mail_digest_hour=6).mail_digest_hour == 6


def test_an_old_case_is_left_to_the_digest(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _team(session_factory)
    _file(session_factory, settings, "@ancien.dossier", harmed=True)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with transaction(session_factory) as session:
        assert queue_urgent_alerts(session, now=later) == 0


def test_the_daily_digest_is_built_once_even_by_two_drainers_at_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _team(session_factory)
    first = _file(session_factory, settings, "@digest.un", harmed=True)
    _file(session_factory, settings, "@digest.deux", harmed=False)
    results: list[int | None] = []
    barrier = threading.Barrier(2)

    def drainer() -> None:
        barrier.wait()
        results.append(run_with_retry(session_factory, lambda s: queue_digest(s, DAY)))

    threads = [threading.Thread(target=drainer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == [2, None]  # ana and bea want it; chef opted out
    with session_factory() as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 2
    with smtp_server() as (url, inbox):
        assert send_pending(session_factory, _mailer(settings, url), render).sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["ana@example.test", "bea@example.test"]
    body = inbox.messages[0].get_content()
    assert inbox.messages[0]["Subject"] == "La file de modération du 2 décembre 2026 — Vigie"
    assert "2 dossier(s) ouvert(s), dont 2 nouveau(x)" in body
    # The harm-declared case comes first, with its reason.
    assert body.index("@digest.un") < body.index("@digest.deux")
    assert f"https://vigie.example/moderation/cas/{first}" in body
    assert "temoin.secret" not in body


def test_the_digest_is_due_from_eight_in_paris() -> None:
    assert digest_day(dt.datetime(2026, 12, 2, 6, 59, tzinfo=dt.UTC)) is None  # 7:59 in Paris
    assert digest_day(dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)) == DAY
    assert digest_day(dt.datetime(2026, 7, 2, 6, 0, tzinfo=dt.UTC)) == dt.date(2026, 7, 2)


def test_inactive_users_and_reporters_get_no_moderator_mail(
    session_factory: sessionmaker[Session],
) -> None:
    team = _team(session_factory)
    with transaction(session_factory) as session:
        from vigie.accounts.models import User

        session.execute(update(User).where(User.id == team["ana"].id).values(is_active=False))
    with session_factory() as session:
        assert [email for _, email in recipients(session, "urgent")] == ["chef@example.test"]
        assert [email for _, email in recipients(session, "digest")] == ["bea@example.test"]


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("temoin@example.test", "te…@e….test"),
        ("ab@x.fr", "a…@x….fr"),
        ("jean.dupont@sub.mail.example.org", "je…@s….org"),
    ],
)
def test_recipients_are_partly_masked(address: str, shown: str) -> None:
    assert outbox_admin.masked(address) == shown
    assert address.partition("@")[0] not in shown or len(address.partition("@")[0]) <= 2


def test_an_admin_retries_a_given_up_message_once_and_it_is_audited(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    team = _team(session_factory)
    with transaction(session_factory) as session:
        enqueue(session, "k-given-up", "perdu@example.test", "case_update", {})
        session.execute(
            update(OutboxMessage).values(
                gave_up=True, attempts=8, last_error="SMTPRecipientsRefused"
            )
        )
    with session_factory() as session:
        items, total = outbox_admin.given_up(session)
    assert total == 1
    assert (items[0].to, items[0].attempts, items[0].reason) == (
        "pe…@e….test",
        8,
        "SMTPRecipientsRefused",
    )
    with transaction(session_factory) as session:
        outbox_admin.retry(session, team["chef"], items[0].id)
    with pytest.raises(Conflict), transaction(session_factory) as session:
        outbox_admin.retry(session, team["chef"], items[0].id)  # a colleague's second click
    with session_factory() as session:
        row = session.get(OutboxMessage, items[0].id)
        audit = session.scalars(select(OutboxRetry)).one()
        assert row is not None
        assert (row.gave_up, row.attempts) == (False, 0)
        assert (audit.actor, audit.attempts_before, audit.error_before) == (
            "chef@example.test",
            8,
            "SMTPRecipientsRefused",
        )
        assert outbox_admin.given_up(session) == ([], 0)


def test_two_drainers_announce_an_urgent_case_once(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _team(session_factory)
    _file(session_factory, settings, "@deux.drainers", harmed=True)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def drainer() -> None:
        barrier.wait()
        results.append(run_with_retry(session_factory, queue_urgent_alerts))

    threads = [threading.Thread(target=drainer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [0, 2]
    with session_factory() as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 2
