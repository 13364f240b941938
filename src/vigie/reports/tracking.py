"""What a reporter sees: their own report's progress through its tracking code, and (signed in)
the list of their reports. Never anything about other reports or people.

The tracking view tells the story of the report and its case as a timeline of what moderators
*established* — received, examined, transmitted (to whom, from the transmission records), closed
(with the outcome in neutral words), reopened — then what happens next and roughly when, from the
deadline of the case's state (``VIGIE_CASE_SLA_DAYS``). It never names a moderator, never shows
an internal id, another reporter or the automatic risk analysis: the tracking code is a secret of
one reporter, but the page speaks about a person who has not been heard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.config import DEFAULT_CASE_SLA_DAYS
from vigie.dates import PARIS, french_date, french_datetime
from vigie.errors import NotFound
from vigie.reports.models import Case, CaseEvent, Report, ReportedAccount
from vigie.reports.transmissions import transmissions
from vigie.reports.workflow import OUTCOME_LABELS, STATUS_LABELS, Outcome, Status

# The moderated changes the timeline shows, by audit event kind (forwards come from the
# transmission records, which name the addressee).
EVENT_STEPS = {"triage": "examined", "close": "closed", "reopen": "reopened"}

# Every sentence of the timeline: one reviewable table, neutral on purpose (what a moderator
# established, nothing more). Keys are step kinds, or ("closed", outcome).
STEP_LABELS: dict[str, str] = {
    "received": "Signalement reçu.",
    "joined": "Signalement reçu et joint au dossier déjà ouvert sur ce compte.",
    "examined": "Dossier examiné par l'équipe de modération.",
    "transmitted": "Dossier transmis à",
    "reopened": "Dossier rouvert par l'équipe de modération.",
}
CLOSED_LABELS: dict[Outcome | None, str] = {
    Outcome.ACCOUNT_REMOVED: "Dossier clos : la plateforme a supprimé le compte.",
    Outcome.SANCTIONED: "Dossier clos : l'autorité saisie a prononcé une sanction.",
    Outcome.NO_ACTION: "Dossier clos sans suite.",
    Outcome.DUPLICATE: "Dossier clos : il faisait double emploi avec un autre dossier.",
    Outcome.UNFOUNDED: "Dossier clos : l'équipe de modération n'a pas retenu les faits signalés.",
    Outcome.WRONG_ACCOUNT: "Dossier clos : le compte signalé n'était pas celui visé.",
    None: "Dossier clos.",
}

# What happens next, per state of the case; a state with a deadline adds "by about <date>".
NEXT_LABELS: dict[Status, str] = {
    Status.NEW: (
        "L'équipe de modération va examiner le dossier : elle vérifie les preuves et décide "
        "s'il faut le transmettre à une autorité ou à la plateforme."
    ),
    Status.TRIAGED: (
        "L'équipe de modération décide de la suite : transmission à une autorité (Ordre des "
        "médecins, ARS, DGCCRF…) ou à la plateforme, ou clôture."
    ),
    Status.FORWARDED: (
        "L'autorité saisie traite le dossier à son rythme et ne tient pas Vigie informée de "
        "chaque étape. L'équipe de modération fera le point sur le dossier."
    ),
    Status.CLOSED: (
        "Rien d'autre n'est prévu pour ce dossier. Si le compte reprend son activité, vous "
        "pouvez le signaler à nouveau."
    ),
}
LATE_LABEL = "Cela prend plus de temps que prévu : le dossier reste suivi par l'équipe."


@dataclass(frozen=True)
class Step:
    """One thing that happened, in the words a reporter reads."""

    at: dt.datetime
    kind: str  # received | joined | examined | transmitted | closed | reopened
    label: str
    addressee: str | None = None  # transmitted: "l'Ordre des médecins de la Gironde"…
    outcome: str | None = None  # closed

    @property
    def when(self) -> str:
        return french_datetime(self.at)


@dataclass(frozen=True)
class NextStep:
    label: str
    expected_by: dt.date | None  # roughly when, from the state's deadline; None when closed
    late: bool
    note: str | None = None  # LATE_LABEL past the deadline

    @property
    def expected_on(self) -> str | None:
        return french_date(self.expected_by) if self.expected_by else None


@dataclass(frozen=True)
class TrackingView:
    """The reporter's view: their own report's progress and nothing about anyone else."""

    tracking_code: str
    filed_at: dt.datetime
    account: str
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str | None
    updated_at: dt.datetime
    harmed: bool
    timeline: list[Step] = field(default_factory=list)
    next: NextStep | None = None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def track(
    session: Session,
    tracking_code: str,
    *,
    sla_days: dict[str, int] | None = None,
    now: dt.datetime | None = None,
    with_story: bool = True,
) -> TrackingView:
    code = (tracking_code or "").strip()
    row = None
    if 10 <= len(code) <= 32:
        row = session.execute(
            select(Report, Case, ReportedAccount)
            .join(Case, Case.id == Report.case_id)
            .join(ReportedAccount, ReportedAccount.id == Report.account_id)
            .where(Report.tracking_code == code)
        ).first()
    if row is None:
        raise NotFound("Aucun signalement ne correspond à ce code de suivi.")
    report, case, account = row
    status = Status(case.status)
    outcome = Outcome(case.outcome) if case.outcome and status is Status.CLOSED else None
    story = timeline(session, report, case) if with_story else []
    return TrackingView(
        tracking_code=code,
        filed_at=_aware(report.created_at),
        account=f"{account.platform}:@{account.handle}",
        status=status.value,
        status_label=STATUS_LABELS[status],
        outcome=outcome.value if outcome else None,
        outcome_label=OUTCOME_LABELS[outcome] if outcome else None,
        updated_at=_aware(case.updated_at),
        harmed=report.harmed,
        timeline=story,
        next=next_step(case, sla_days, now) if with_story else None,
    )


def timeline(session: Session, report: Report, case: Case) -> list[Step]:
    """The report's story, oldest first: its receipt, then every moderated change of its case
    (changes from before the report was filed included: they are the case's, and public)."""
    filed = _aware(report.created_at)
    earlier = session.scalar(
        select(Report.id).where(Report.case_id == case.id, Report.id < report.id).limit(1)
    )
    steps = [Step(filed, "received" if earlier is None else "joined", "")]
    events = session.execute(
        select(CaseEvent.kind, CaseEvent.created_at, CaseEvent.details)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind.in_(EVENT_STEPS))
        .order_by(CaseEvent.id)
    ).all()
    for kind, at, details in events:
        step_kind = EVENT_STEPS[kind]
        found = details.get("outcome") if step_kind == "closed" else None
        steps.append(Step(_aware(at), step_kind, "", outcome=str(found) if found else None))
    for sent in transmissions(session, case.id):
        steps.append(Step(sent.forwarded_at, "transmitted", "", addressee=sent.addressee))
    steps.sort(key=lambda step: step.at)
    return [_labelled(step) for step in steps]


def _labelled(step: Step) -> Step:
    if step.kind == "closed":
        outcome = Outcome(step.outcome) if step.outcome in set(Outcome) else None
        label = CLOSED_LABELS[outcome]
    elif step.kind == "transmitted":
        label = f"{STEP_LABELS['transmitted']} {step.addressee or 'une autorité'}."
    else:
        label = STEP_LABELS[step.kind]
    return Step(step.at, step.kind, label, step.addressee, step.outcome)


def next_step(
    case: Case, sla_days: dict[str, int] | None = None, now: dt.datetime | None = None
) -> NextStep:
    """What happens next and roughly when: the state's deadline counted from when the case
    entered it; past it, the reporter is told it is late rather than given a date gone by."""
    status = Status(case.status)
    limit = (DEFAULT_CASE_SLA_DAYS | (sla_days or {})).get(status.value)
    if status is Status.CLOSED or limit is None:
        return NextStep(NEXT_LABELS[status], None, late=False)
    since = _aware(case.status_since or case.updated_at or case.created_at)
    due = since + dt.timedelta(days=limit)
    if (now or dt.datetime.now(dt.UTC)) > due:
        return NextStep(NEXT_LABELS[status], None, late=True, note=LATE_LABEL)
    # The calendar day in Paris (a deadline at 23:30 UTC is the next day there).
    return NextStep(NEXT_LABELS[status], due.astimezone(PARIS).date(), late=False)


def reports_filed_by(session: Session, user_id: int, limit: int = 100) -> list[TrackingView]:
    """A signed-in reporter's own reports, newest first, each as its tracking view (status only:
    the list links to each report's own page for its story)."""
    codes = session.scalars(
        select(Report.tracking_code)
        .where(Report.reporter_user_id == user_id)
        .order_by(Report.id.desc())
        .limit(limit)
    ).all()
    return [track(session, code, with_story=False) for code in codes]
