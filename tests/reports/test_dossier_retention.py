"""Dossiers give each destination what it needs and no more; retention erases contact data.
Both databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import pdf_bytes
from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.reports.cases import transition
from vigie.reports.dossier import build_dossier
from vigie.reports.dossier_pdf import render_html
from vigie.reports.evidence import check_file
from vigie.reports.models import Case
from vigie.reports.retention import purge_contacts
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import LocalDirectoryStorage

MODERATOR = CurrentUser(id=0, email="moderation@vigie.example", role="moderator")


def _file(factory: sessionmaker[Session], settings: Settings, email: str) -> int:
    report = ReportInput(
        platform="tiktok",
        account="https://www.tiktok.com/@dossier.acct/video/1",
        acts=["botulinum_toxin"],
        contact_email=email,
        links=["https://www.tiktok.com/@dossier.acct/video/1"],
        description="<b>bold</b> claim",
    )
    pdf = check_file(pdf_bytes(), "devis.pdf", max_bytes=10**6, max_pixels=10**7)
    storage = LocalDirectoryStorage(settings.evidence_dir)
    return file_report(factory, settings, storage, report, [pdf]).case_id


def test_destinations_get_what_they_need(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    case_id = _file(session_factory, settings, "witness@example.test")
    with session_factory() as session:
        ordre_dossier = build_dossier(session, case_id, "ordre", MODERATOR, settings=settings)
        dgccrf = build_dossier(session, case_id, "DGCCRF", MODERATOR, settings=settings)
        platform = build_dossier(
            session, case_id, "platform", MODERATOR, settings=settings
        ).model_dump(mode="json")
    ordre = ordre_dossier.model_dump(mode="json")
    assert ordre["reports"][0]["contact_email"] == "witness@example.test"
    assert "contact_email" not in dgccrf.model_dump(mode="json")["reports"][0]
    assert "notice" not in ordre
    notice = platform["notice"]
    assert notice["urls"] == [
        "https://www.tiktok.com/@dossier.acct",
        "https://www.tiktok.com/@dossier.acct/video/1",
    ]
    assert notice["notifier"] == {"name": "Vigie", "email": ""}  # the sender, never a moderator
    assert "bonne foi" in notice["good_faith_statement"]
    assert "witness@example.test" not in str(platform)
    assert "moderation@vigie.example" not in str(platform)
    assert set(platform) == {"dossier", "timestamps_note", "accounts", "notice"}
    assert ordre["evidence"][0]["media_type"] == "application/pdf"
    html = render_html(ordre_dossier)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_purge_erases_contacts_of_long_closed_cases(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    old = _file(session_factory, settings, "old@example.test")
    with transaction(session_factory) as session:
        transition(session, MODERATOR, old, to="closed", outcome="unfounded")
    with transaction(session_factory) as session:
        session.execute(
            update(Case)
            .where(Case.id == old)
            .values(closed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        )
        assert purge_contacts(session, settings.report_retention_days) == 1
        assert purge_contacts(session, settings.report_retention_days) == 0
    with session_factory() as session:
        assert "old@example.test" not in str(
            build_dossier(session, old, "ordre", MODERATOR, settings=settings)
        )
