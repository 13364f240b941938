"""Linked identifiers: the numbers and accounts a case's texts name, and the cases that share one.

One person runs several accounts, and reports about each open their own case; what ties them is a
WhatsApp number in both bios, or one account naming the other. ``vigie.social.identifiers`` finds
them in a text with their spans; this module stores them per case (``case_identifier``, one row
per occurrence: where it was found, its span, when Vigie first saw it) and proposes to moderators
the other open cases sharing one — "même numéro que le dossier N" — which a moderator merges in
one click (the ordinary merge, audited as every merge is).

A shared *number* always makes a proposal. A shared *account* makes one only when it is the
reported account of one of the two cases: two fake injectors who both tag ``@juvederm`` are not
one person, but a case whose posts name the account of another case is about that account.

Rows belong to a report's account (``account_id``) and move with it: a merge moves every row of the
absorbed case, a split moves the rows of the account split out. Identifiers are written after a
report is committed, in their own transaction (best effort, as the analysis is), and
``vigie cases identifiers --rebuild`` recomputes them all (for cases filed before this existed).
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from vigie.db.base import Base
from vigie.db.engine import transaction
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.schemas_cases import IdentifierView, MergeProposal, SharedIdentifier
from vigie.reports.workflow import STATUS_LABELS, Status
from vigie.social import AccountKey, Platform
from vigie.social.identifiers import (
    FoundIdentifier,
    find_identifiers,
    is_number,
    shown_identifier,
)

log = logging.getLogger(__name__)
MAX_PROPOSALS = 20
MAX_IDENTIFIERS_SHOWN = 200


class Source(StrEnum):
    BIO = "bio"  # the reported account's bio (no bio is stored yet: reserved for when one is)
    POST = "post"  # a post text a reporter copied
    REPORT = "report"  # what the reporter wrote, and the links they gave
    ACCOUNT = "account"  # the reported account itself


SOURCE_LABELS = {
    Source.BIO: "bio du compte",
    Source.POST: "publication",
    Source.REPORT: "signalement",
    Source.ACCOUNT: "compte signalé",
}
PROPOSAL_LABELS = {
    "same_number": "même numéro que le dossier {case}",
    "same_account": "même compte que le dossier {case}",
}

# Which report field each source reads (the field name is kept on the row, the index as ``item``).
_REPORT_FIELDS = (
    ("post_texts", Source.POST),
    ("description", Source.REPORT),
    ("links", Source.REPORT),
)


class CaseIdentifier(Base):
    __tablename__ = "case_identifier"
    __table_args__ = (Index("ix_case_identifier_match_key", "match_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("report_case.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("report_account.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(100))
    match_key: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(16))
    item: Mapped[int] = mapped_column(Integer, default=0)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    excerpt: Mapped[str] = mapped_column(String(200))
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


Place = tuple[Source, str, int]  # the source, the report field and the index in it


def _row(
    account: ReportedAccount, report: Report | None, place: Place, found: FoundIdentifier
) -> CaseIdentifier:
    source, field, item = place
    return CaseIdentifier(
        case_id=account.case_id,
        account_id=account.id,
        report_id=report.id if report else None,
        platform=found.key.platform.value,
        handle=found.key.handle,
        match_key=found.match_key,
        source=source.value,
        field=field,
        item=item,
        span_start=found.start,
        span_end=found.end,
        excerpt=found.excerpt[:200],
        first_seen=report.created_at if report else account.created_at,
    )


def report_rows(report: Report, account: ReportedAccount) -> list[CaseIdentifier]:
    """The identifiers in one report's texts; an @handle is read on the reported account's platform."""
    platform = Platform(account.platform)
    rows = []
    for field, source in _REPORT_FIELDS:
        value = getattr(report, field)
        texts = value if isinstance(value, list) else [value]
        for item, text in enumerate(texts):
            for found in find_identifiers(text or "", platform):
                rows.append(_row(account, report, (source, field, item), found))
    return rows


def account_row(account: ReportedAccount) -> CaseIdentifier:
    """The reported account as an identifier of its case (so another case naming it is matched)."""
    key = AccountKey(Platform(account.platform), account.handle)
    found = FoundIdentifier(key, 0, len(account.handle), shown_identifier(key))
    return _row(account, None, (Source.ACCOUNT, "account", 0), found)


def record_report(session: Session, report_id: int) -> int:
    """(Re)write the identifiers of one report, and of its account when it is the account's first
    report (only that report's transaction writes the account's row, so two never race)."""
    report = session.get(Report, report_id)
    if report is None:
        return 0
    account = session.get(ReportedAccount, report.account_id)
    if account is None:
        return 0
    session.execute(delete(CaseIdentifier).where(CaseIdentifier.report_id == report_id))
    rows = report_rows(report, account)
    first = session.scalar(select(func.min(Report.id)).where(Report.account_id == account.id))
    if first == report_id:
        session.execute(
            delete(CaseIdentifier).where(
                CaseIdentifier.account_id == account.id, CaseIdentifier.report_id.is_(None)
            )
        )
        rows.insert(0, account_row(account))
    session.add_all(rows)
    return len(rows)


def record_after_filing(factory: sessionmaker[Session], report_id: int) -> None:
    """Best effort, after the report is committed: a failure never costs the report (and
    ``vigie cases identifiers --rebuild`` recomputes what was missed)."""
    try:
        with transaction(factory) as session:
            record_report(session, report_id)
    except Exception:
        log.exception("recording the identifiers of report %s failed", report_id)


def rebuild(session: Session) -> tuple[int, int]:
    """Every case's identifiers recomputed from its reports; returns (reports read, rows written)."""
    session.execute(delete(CaseIdentifier))
    reports = rows = 0
    for (report_id,) in session.execute(select(Report.id).order_by(Report.id)).all():
        rows += record_report(session, report_id)
        reports += 1
    return reports, rows


def move_case(session: Session, from_case: int, to_case: int) -> None:
    """A merge: the absorbed case's identifiers are the target's now."""
    session.execute(
        update(CaseIdentifier).where(CaseIdentifier.case_id == from_case).values(case_id=to_case)
    )


def move_account(session: Session, account_id: int, to_case: int) -> None:
    """A split: the identifiers found in the account's reports follow it to its new case."""
    session.execute(
        update(CaseIdentifier)
        .where(CaseIdentifier.account_id == account_id)
        .values(case_id=to_case)
    )


def _key(row: CaseIdentifier) -> AccountKey:
    return AccountKey(Platform(row.platform), row.handle)


def case_identifiers(session: Session, case_id: int) -> list[IdentifierView]:
    """The case's identifiers, numbers first, each occurrence with where it was found."""
    rows = session.scalars(
        select(CaseIdentifier)
        .where(CaseIdentifier.case_id == case_id)
        .order_by(CaseIdentifier.match_key, CaseIdentifier.id)
        .limit(MAX_IDENTIFIERS_SHOWN)
    ).all()
    views = [_view(row) for row in rows]
    return sorted(views, key=lambda v: (v.kind != "number", v.key))


def _view(row: CaseIdentifier) -> IdentifierView:
    key = _key(row)
    return IdentifierView(
        key=row.match_key,
        platform=row.platform,
        handle=key.shown,
        shown=shown_identifier(key),
        kind=_kind(key),
        url=key.url,
        source=row.source,
        source_label=SOURCE_LABELS[Source(row.source)],
        report_id=row.report_id,
        field=row.field,
        item=row.item,
        start=row.span_start,
        end=row.span_end,
        excerpt=row.excerpt,
        first_seen=row.first_seen.isoformat(),
    )


def merge_proposals(session: Session, case_id: int) -> list[MergeProposal]:
    """Other open cases sharing a number with this one, or naming (or named by) its account."""
    case = session.get(Case, case_id)
    # Open cases only, on both sides: one click must never fold an open case into a closed one.
    if case is None or case.merged_into_id is not None or case.status == Status.CLOSED.value:
        return []
    mine = select(CaseIdentifier).where(CaseIdentifier.case_id == case_id).subquery()
    theirs = CaseIdentifier
    strong = or_(
        theirs.match_key.like("tel:%"),
        mine.c.source == Source.ACCOUNT.value,
        theirs.source == Source.ACCOUNT.value,
    )
    rows = session.execute(
        select(theirs.case_id, theirs.match_key, theirs.platform, theirs.handle)
        .join(mine, mine.c.match_key == theirs.match_key)
        .join(Case, Case.id == theirs.case_id)
        .where(
            theirs.case_id != case_id,
            Case.merged_into_id.is_(None),
            Case.status != Status.CLOSED.value,
            strong,
        )
        .distinct()
        .order_by(theirs.case_id, theirs.match_key)
        .limit(MAX_PROPOSALS * 5)
    ).all()
    shared: dict[int, dict[str, SharedIdentifier]] = {}
    for other, key_text, platform, handle in rows:
        key = AccountKey(Platform(platform), handle)
        shared.setdefault(other, {}).setdefault(
            key_text, SharedIdentifier(key=key_text, kind=_kind(key), shown=shown_identifier(key))
        )
    return _proposals(
        session, {k: list(v.values()) for k, v in list(shared.items())[:MAX_PROPOSALS]}
    )


def _kind(key: AccountKey) -> str:
    return "number" if is_number(key) else "account"


def _proposals(session: Session, shared: dict[int, list[SharedIdentifier]]) -> list[MergeProposal]:
    if not shared:
        return []
    accounts: dict[int, list[str]] = {}
    for other, platform, handle in session.execute(
        select(ReportedAccount.case_id, ReportedAccount.platform, ReportedAccount.handle)
        .where(ReportedAccount.case_id.in_(shared))
        .order_by(ReportedAccount.id)
    ):
        accounts.setdefault(other, []).append(f"{platform}:@{handle}")
    rows = session.execute(select(Case.id, Case.status).where(Case.id.in_(shared)))
    statuses = {row.id: row.status for row in rows}
    proposals = []
    for other, items in shared.items():
        reason = "same_number" if any(i.kind == "number" for i in items) else "same_account"
        status = Status(statuses[other])
        proposals.append(
            MergeProposal(
                case_id=other,
                status=status.value,
                status_label=STATUS_LABELS[status],
                accounts=accounts.get(other, []),
                reason=reason,
                label=PROPOSAL_LABELS[reason].format(case=other),
                shared=items,
            )
        )
    return proposals


def counts(session: Session) -> tuple[int, int]:
    """Identifier rows stored, and the number of cases they belong to."""
    rows, cases = session.execute(
        select(func.count(CaseIdentifier.id), func.count(func.distinct(CaseIdentifier.case_id)))
    ).one()
    return int(rows), int(cases)
