"""The reporter's tracking view tells the story of the report and its case on both databases:
received, examined, transmitted (to whom, from the transmission records), closed in neutral
words; what happens next and roughly when; times in Paris. Nothing about moderators, internal
ids, other reporters or the risk analysis."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import PASSWORD
from vigie.accounts.services import create_user
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import NotFound
from vigie.reports import cases
from vigie.reports.models import Case
from vigie.reports.schemas import ReportInput
from vigie.reports.schemas_public import Tracking
from vigie.reports.services import file_report
from vigie.reports.storage import storage_from_settings
from vigie.reports.tracking import CLOSED_LABELS, LATE_LABEL, next_step, track
from vigie.reports.workflow import Outcome

ACCOUNT = "@suivi.histoire"


def _file(factory: sessionmaker[Session], settings: Settings, email: str) -> tuple[int, str]:
    report = ReportInput(
        platform="instagram",
        account=ACCOUNT,
        department="33",
        contact_email=email,
        description="Injections à domicile.",
    )
    filed = file_report(factory, settings, storage_from_settings(settings), report, [])
    return filed.case_id, filed.tracking_code


def test_the_story_of_a_transmitted_then_closed_case(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    case_id, code = _file(session_factory, settings, "alice@example.test")
    _other_case, other_code = _file(session_factory, settings, "bob@example.test")
    with transaction(session_factory) as session:
        moderator = create_user(session, "mod.secret@example.test", PASSWORD, "moderator")
    with transaction(session_factory) as session:
        cases.transition(session, moderator, case_id, to="triaged")
    with transaction(session_factory) as session:
        cases.transition(
            session, moderator, case_id, to="forwarded", destination="ordre", reference="REF-77"
        )
    with session_factory() as session:
        view = track(session, code)
    kinds = [step.kind for step in view.timeline]
    assert kinds == ["received", "examined", "transmitted"]
    sent = view.timeline[2]
    assert sent.addressee
    assert "Ordre des médecins" in sent.addressee
    assert "Gironde" in sent.addressee  # the department of the case decides the council
    assert sent.label == f"Dossier transmis à {sent.addressee}."
    assert "(heure de Paris)" in sent.when
    assert view.next is not None
    assert view.next.expected_by is not None
    assert view.next.expected_by - dt.date.today() >= dt.timedelta(days=59)
    # The second reporter joined the case already open on the account.
    with session_factory() as session:
        assert track(session, other_code).timeline[0].kind == "joined"
    with transaction(session_factory) as session:
        cases.transition(session, moderator, case_id, to="closed", outcome="unfounded")
    with session_factory() as session:
        view = track(session, code)
    closed = view.timeline[-1]
    assert (closed.kind, closed.outcome) == ("closed", "unfounded")
    assert closed.label == CLOSED_LABELS[Outcome.UNFOUNDED]
    assert view.next is not None
    assert view.next.expected_by is None
    text = json.dumps(Tracking.of(view).model_dump(), ensure_ascii=False)
    for secret in ("mod.secret", "REF-77", "alice", "bob", "risk", "risque", f'"{case_id}"'):
        assert secret not in text, secret


def test_times_are_paris_time_and_the_steps_are_ordered(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    case_id, code = _file(session_factory, settings, "carole@example.test")
    with transaction(session_factory) as session:
        session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(created_at=dt.datetime(2026, 7, 1, 21, 30, tzinfo=dt.UTC))
        )
    with session_factory() as session:
        view = track(session, code)
    ats = [step.at for step in view.timeline]
    assert ats == sorted(ats)
    summer = dataclasses.replace(
        view.timeline[0], at=dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)
    )
    assert summer.when == "2 juillet 2026 à 0 h 30 (heure de Paris)"  # UTC+2 in summer


@pytest.mark.parametrize(
    ("status", "days_in_state", "late"),
    [("new", 1, False), ("new", 3, True), ("triaged", 6, False)],
)
def test_next_step_is_the_state_deadline_or_late(
    status: str, days_in_state: int, late: bool
) -> None:
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    since = now - dt.timedelta(days=days_in_state)
    case = Case(status=status, created_at=since, updated_at=since, status_since=since)
    step = next_step(case, {"new": 2, "triaged": 7}, now)
    assert step.late is late
    if late:
        assert (step.expected_by, step.note) == (None, LATE_LABEL)
    else:
        limit = {"new": 2, "triaged": 7}[status]
        assert step.expected_by == (since + dt.timedelta(days=limit)).date()


def test_an_unknown_code_is_not_found(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, pytest.raises(NotFound):
        track(session, "not-a-real-code-000")


def test_every_tracking_sentence_has_its_english_text() -> None:
    from vigie.reports.tracking import NEXT_LABELS, STEP_LABELS
    from vigie.web.i18n import catalogue

    sentences = {*STEP_LABELS.values(), *CLOSED_LABELS.values(), *NEXT_LABELS.values(), LATE_LABEL}
    assert sorted(sentences - set(catalogue("en"))) == []
