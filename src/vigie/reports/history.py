"""A case's history as people read it: what happened, in French, and who did it by role and a
short label ("Modérateur · m.dupont@…", "Signalant anonyme"), never by an internal id.

The audit chain stores what it stored (an e-mail, ``user:12`` for a signed-in reporter, and the
hash covers it); this module only decides how an event is *shown*. Moderators see the short
label; a reader without the reporter-identity permission sees "Signalant" alone; dossiers name
roles only (``dossier_events``): an accused may read a case file, and the people who moderate
must not become targets. The public tracking page shows no actor at all (``tracking``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.accounts.models import User
from vigie.accounts.permissions import role_label
from vigie.reports.models import CaseEvent
from vigie.reports.schemas_cases import CaseEventView

EVENT_LABELS = {
    "case_opened": "Ouverture du dossier",
    "report_added": "Signalement ajouté",
    "triage": "Examen par la modération",
    "forward": "Transmission",
    "close": "Clôture",
    "reopen": "Réouverture",
    "merged_in": "Fusion d'un autre dossier",
    "merged_into": "Fusionné dans un autre dossier",
    "split_out": "Séparation d'un compte",
    "split_from": "Séparé d'un autre dossier",
    "assign": "Attribution",
    "invalidate_reports": "Signalements d'un signalant invalidés",
}
REPORTER_KINDS = frozenset({"case_opened", "report_added"})  # events a reporter's filing writes
ANONYMOUS = "Signalant anonyme"
REPORTER = "Signalant"
MODERATION = "Modération"  # a moderator whose account is gone
INTERNAL_KINDS = frozenset({"assign"})  # the team's own organisation: never in a dossier
LOCAL_PART_MAX = 20


def short_address(email: str) -> str:
    """``m.dupont@…``: enough for colleagues to tell who it was, not an address to write to."""
    local = email.partition("@")[0] or email
    if len(local) > LOCAL_PART_MAX:
        local = local[: LOCAL_PART_MAX - 1] + "…"
    return f"{local}@…"


def person_label(role: str, email: str) -> str:
    return f"{role_label(role)} · {short_address(email)}"


def people(session: Session, user_ids: Iterable[object]) -> dict[int, tuple[str, str]]:
    """Role and e-mail of each user id (one query); ids that are not ints are ignored."""
    wanted = {uid for uid in user_ids if isinstance(uid, int)}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.role, User.email).where(User.id.in_(wanted)))
    return {uid: (role, email) for uid, role, email in rows}


def actor_label(
    event: CaseEvent, found: dict[int, tuple[str, str]], *, reporter_identity: bool
) -> str:
    if event.kind in REPORTER_KINDS:
        if event.actor_id is None:
            return ANONYMOUS
        person = found.get(event.actor_id)
        if not reporter_identity or person is None:
            return REPORTER
        return f"{REPORTER} · {short_address(person[1])}"
    person = found.get(event.actor_id) if event.actor_id is not None else None
    return person_label(*person) if person else MODERATION


def assignee_labels(session: Session, events: list[CaseEventView]) -> dict[int, str]:
    """Who each assignment handed the case to, for the case page's history."""
    ids = [e.details.get("to") for e in events if e.kind == "assign"]
    return {uid: person_label(role, email) for uid, (role, email) in people(session, ids).items()}


def _rows(session: Session, case_id: int) -> list[CaseEvent]:
    query = select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    return list(session.scalars(query))


def _view(event: CaseEvent, actor: str) -> CaseEventView:
    return CaseEventView(
        id=event.id,
        kind=event.kind,
        actor=actor,
        from_status=event.from_status,
        to_status=event.to_status,
        details=event.details,
        comment=event.comment,
        at=event.created_at.isoformat(),
        hash=event.hash,
    )


def case_events(session: Session, case_id: int, *, reporter_identity: bool) -> list[CaseEventView]:
    """The history of ``GET /api/v1/cases/{id}`` and of the case page."""
    events = _rows(session, case_id)
    found = people(session, (e.actor_id for e in events))
    return [_view(e, actor_label(e, found, reporter_identity=reporter_identity)) for e in events]


def dossier_events(session: Session, case_id: int) -> list[CaseEventView]:
    """The history a dossier carries: roles only, no assignment, no reporter's user id."""
    shown = []
    for event in _rows(session, case_id):
        if event.kind in INTERNAL_KINDS:
            continue
        view = _view(event, "signalant" if event.kind in REPORTER_KINDS else "modération")
        if "reporter_id" in view.details:
            view.details = {k: v for k, v in view.details.items() if k != "reporter_id"}
        shown.append(view)
    return shown
