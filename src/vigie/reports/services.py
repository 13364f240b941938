"""Filing reports: one case per account whoever reports it, evidence stored before the database
write, tracking codes for reporters, and the public summary of what Vigie knows about an account.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.db.retry import run_with_retry
from vigie.errors import InvalidInput, UploadRejected
from vigie.reports.audit import append_event
from vigie.reports.evidence import CheckedFile
from vigie.reports.models import Case, Evidence, Report, ReportedAccount
from vigie.reports.public_status import PublicAccountStatus, case_facts, public_view
from vigie.reports.schemas import ReportInput, clean
from vigie.reports.storage import EvidenceStorage, original_key, preview_key
from vigie.reports.workflow import Status
from vigie.social import AccountKey, Platform, normalise_account

ANONYMOUS = "signalant anonyme"


@dataclass(frozen=True)
class FiledReport:
    report_id: int
    case_id: int
    tracking_code: str


@dataclass(frozen=True)
class AccountSummary:
    """What a patient may see about a handle: its public status, never an identity or a risk."""

    platform: str
    handle: str
    status: PublicAccountStatus
    case_id: int


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def store_evidence(storage: EvidenceStorage, files: list[CheckedFile]) -> None:
    """Write originals and previews first: content-addressed, so a retried or failed request
    leaves at most an unreferenced file, never a row pointing at nothing."""
    for item in files:
        storage.put(original_key(item.sha256), item.data)
        if item.preview is not None:
            storage.put(preview_key(item.sha256), item.preview)


def file_report(
    factory: sessionmaker[Session],
    settings: Settings,
    storage: EvidenceStorage,
    report: ReportInput,
    files: list[CheckedFile],
    reporter: CurrentUser | None = None,
    lang: str = "fr",
) -> FiledReport:
    """File one report; ``lang`` is the language of the page it came from (its e-mails')."""
    key = normalise_account(report.platform, report.account)
    cleaned = clean(report)
    if len(files) > settings.max_files_per_report:
        raise UploadRejected(
            f"Au plus {settings.max_files_per_report} fichiers par signalement.", status_code=413
        )
    store_evidence(storage, files)
    return run_with_retry(
        factory, lambda session: _write_report(session, key, cleaned, files, reporter, lang)
    )


def _account_case(
    session: Session, key: AccountKey, department: str
) -> tuple[ReportedAccount, bool]:
    """The account's row, creating it with a new case when first reported. A concurrent creator
    makes the flush fail on the unique constraint, and the caller's retry then finds the row."""
    account = session.scalar(
        select(ReportedAccount).where(
            ReportedAccount.platform == key.platform, ReportedAccount.handle == key.handle
        )
    )
    if account is not None:
        return account, False
    now = utcnow()
    case = Case(
        status=Status.NEW.value,
        department=department,
        created_at=now,
        updated_at=now,
        status_since=now,
    )
    session.add(case)
    session.flush()
    account = ReportedAccount(
        case_id=case.id, platform=key.platform, handle=key.handle, created_at=now
    )
    session.add(account)
    session.flush()
    return account, True


def _write_report(
    session: Session,
    key: AccountKey,
    report: ReportInput,
    files: list[CheckedFile],
    reporter: CurrentUser | None,
    lang: str,
) -> FiledReport:
    account, created = _account_case(session, key, report.department)
    now = utcnow()
    row = Report(
        case_id=account.case_id,
        account_id=account.id,
        tracking_code=secrets.token_urlsafe(18),
        account_input=report.account.strip()[:500],
        acts=report.acts,
        products=report.products,
        price=report.price,
        place=report.place,
        department=report.department,
        offered_on=report.offered_on,
        harmed=report.harmed,
        description=report.description,
        post_texts=report.post_texts,
        links=report.links,
        contact_email=report.contact_email,
        notify=report.notify,
        lang="en" if lang == "en" else "fr",
        reporter_user_id=reporter.id if reporter else None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(_evidence_rows(row.id, files, now))
    _touch_case(session, account.case_id, report.department, now)
    append_event(
        session,
        case_id=account.case_id,
        actor_id=reporter.id if reporter else None,
        actor=ANONYMOUS if reporter is None else f"user:{reporter.id}",
        kind="case_opened" if created else "report_added",
        to_status=Status.NEW.value if created else None,
        details={"report_id": row.id, "account": key.label, "evidence": len(files)},
    )
    return FiledReport(row.id, account.case_id, row.tracking_code)


def _evidence_rows(report_id: int, files: list[CheckedFile], now: dt.datetime) -> list[Evidence]:
    return [
        Evidence(
            report_id=report_id,
            sha256=item.sha256,
            media_type=item.media_type,
            size_bytes=len(item.data),
            original_name=item.original_name,
            has_preview=item.preview is not None,
            received_at=now,
        )
        for item in files
    ]


def _touch_case(session: Session, case_id: int, department: str, now: dt.datetime) -> None:
    """Fill the case's department from the first report that gives one (for queue filters)."""
    case = session.get(Case, case_id)
    if case is not None and department and not case.department:
        case.department = department


def public_account_summary(
    session: Session, text: str, platform: str | None = None
) -> AccountSummary | None:
    """What the home page may say about a searched handle or URL; ``None`` when Vigie has nothing
    (or the text is not an account). A bare ``@handle`` is looked up on every platform, and the
    most reported of its spellings wins."""
    return summary_of_keys(session, candidate_keys(text, platform))


def summary_of_keys(session: Session, keys: list[AccountKey]) -> AccountSummary | None:
    """The most reported of these keys, with its public status; ``None`` when none was reported."""
    if not keys:
        return None
    report_count = func.count(Report.id)
    row = session.execute(
        select(ReportedAccount.platform, ReportedAccount.handle, ReportedAccount.case_id)
        .join(Report, Report.account_id == ReportedAccount.id)
        .where(or_(*(_matches(key) for key in keys)))
        .group_by(ReportedAccount.platform, ReportedAccount.handle, ReportedAccount.case_id)
        .order_by(report_count.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    facts = case_facts(session, row.case_id)
    return AccountSummary(row.platform, row.handle, public_view(facts), row.case_id)


def _matches(key: AccountKey) -> ColumnElement[bool]:
    return and_(ReportedAccount.platform == key.platform, ReportedAccount.handle == key.handle)


def candidate_keys(text: str, platform: str | None) -> list[AccountKey]:
    """The account keys a spelling may mean: one, or for a bare ``@handle`` one per platform
    whose username rules accept it."""
    try:
        return [normalise_account(platform, text)]
    except InvalidInput:
        pass
    if not (text or "").strip().startswith("@"):
        return []
    keys = []
    for each in Platform:
        try:
            keys.append(normalise_account(each.value, text))
        except InvalidInput:
            continue
    return keys
