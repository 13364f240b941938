"""What the public may read about a reported account: only what a moderator has established.

A handle belongs to a person, and a public page that prints "3 signalements, risque élevé" under it
accuses that person of something Vigie has not checked. So the public view never carries the
automatic risk analysis (band, score, reasons: those are for moderators), and it is built from the
case's *moderated* facts alone: how many reports are waiting to be examined, where moderators sent
the case and when, and how a closed case ended — in neutral words, and with nothing negative at all
when the case was closed as unfounded, as a mistake about the account or without action.

``WORDING`` is the one reviewable table of every public sentence; ``public_view`` picks one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigie.dates import french_date
from vigie.reports.models import Case, CaseForward, Report
from vigie.reports.workflow import Destination, Outcome, Status


class PublicStatus(StrEnum):
    NO_REPORTS = "no_reports"
    UNDER_REVIEW = "under_review"
    FORWARDED = "forwarded"
    CLOSED = "closed"


# How each destination reads after "transmis …" (the article agrees with the noun).
DESTINATION_PHRASES: dict[Destination, str] = {
    Destination.ORDRE: "à l'Ordre des médecins",
    Destination.ARS: "à l'agence régionale de santé (ARS)",
    Destination.DGCCRF: "à la DGCCRF",
    Destination.PROCUREUR: "au procureur de la République",
    Destination.ANSM: "à l'ANSM",
    Destination.PLATFORM: "à la plateforme",
}

# Closed outcomes that may be said publicly; every other outcome reads as "nothing in progress".
ESTABLISHED_OUTCOMES = frozenset({Outcome.ACCOUNT_REMOVED, Outcome.SANCTIONED})

# Every sentence the public view can show, keyed by (public status, outcome when closed).
WORDING: dict[tuple[PublicStatus, Outcome | None], str] = {
    (PublicStatus.NO_REPORTS, None): "Aucun signalement pour ce compte.",
    (PublicStatus.UNDER_REVIEW, None): "{reports} en cours d'examen par l'équipe de modération.",
    (PublicStatus.FORWARDED, None): (
        "Signalements transmis {destinations}. La transmission ne préjuge pas de la décision "
        "de l'autorité."
    ),
    (PublicStatus.CLOSED, Outcome.ACCOUNT_REMOVED): (
        "Dossier clos le {closed} : la plateforme a supprimé le compte."
    ),
    (PublicStatus.CLOSED, Outcome.SANCTIONED): (
        "Dossier clos le {closed} : l'autorité saisie a prononcé une sanction."
    ),
    (PublicStatus.CLOSED, None): "Aucun signalement en cours pour ce compte.",
}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The moderated facts of one case, as stored (no analysis)."""

    status: Status
    outcome: Outcome | None
    report_count: int
    closed_at: dt.datetime | None = None
    forwards: tuple[tuple[Destination, dt.datetime], ...] = ()


@dataclass(frozen=True, slots=True)
class ForwardNote:
    destination: str
    phrase: str
    forwarded_on: str  # French date
    forwarded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PublicAccountStatus:
    """The whole public view of an account: a status, one sentence, and the facts it rests on."""

    public_status: PublicStatus
    message: str
    reports_under_review: int | None = None
    forwarded: list[ForwardNote] = field(default_factory=list)
    outcome: Outcome | None = None
    closed_at: dt.datetime | None = None


NOTHING = PublicAccountStatus(PublicStatus.NO_REPORTS, WORDING[(PublicStatus.NO_REPORTS, None)])


def _reports(count: int) -> str:
    return "1 signalement" if count == 1 else f"{count} signalements"


def _forward_notes(facts: CaseFacts) -> list[ForwardNote]:
    first: dict[Destination, dt.datetime] = {}
    for destination, at in sorted(facts.forwards, key=lambda item: item[1]):
        first.setdefault(destination, at)
    return [
        ForwardNote(d.value, DESTINATION_PHRASES[d], french_date(at), at) for d, at in first.items()
    ]


def _joined(notes: list[ForwardNote]) -> str:
    parts = [f"{note.phrase} le {note.forwarded_on}" for note in notes]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def public_view(facts: CaseFacts | None) -> PublicAccountStatus:
    """The public status of an account whose case has these facts (``None``: never reported)."""
    if facts is None:
        return NOTHING
    if facts.status is Status.CLOSED:
        outcome = facts.outcome if facts.outcome in ESTABLISHED_OUTCOMES else None
        closed = french_date(facts.closed_at) if facts.closed_at else ""
        text = WORDING[(PublicStatus.CLOSED, outcome)].format(closed=closed)
        return PublicAccountStatus(
            PublicStatus.CLOSED, text, outcome=outcome, closed_at=facts.closed_at
        )
    notes = _forward_notes(facts)
    if facts.status is Status.FORWARDED and notes:
        text = WORDING[(PublicStatus.FORWARDED, None)].format(destinations=_joined(notes))
        return PublicAccountStatus(PublicStatus.FORWARDED, text, forwarded=notes)
    text = WORDING[(PublicStatus.UNDER_REVIEW, None)].format(reports=_reports(facts.report_count))
    return PublicAccountStatus(PublicStatus.UNDER_REVIEW, text, facts.report_count)


def case_facts(session: Session, case_id: int) -> CaseFacts:
    """The moderated facts of one case: its status and outcome, report count and forwards."""
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(f"no case {case_id}")
    count = (
        session.scalar(
            select(func.count(Report.id)).where(
                Report.case_id == case_id, Report.invalidated_at.is_(None)
            )
        )
        or 0
    )
    forwards = session.execute(
        select(CaseForward.destination, CaseForward.forwarded_at).where(
            CaseForward.case_id == case_id
        )
    ).all()
    return CaseFacts(
        status=Status(case.status),
        outcome=Outcome(case.outcome) if case.outcome else None,
        report_count=int(count),
        closed_at=case.closed_at,
        forwards=tuple((Destination(d), at) for d, at in forwards),
    )
