"""Automatic analysis of a case: the scanner over its texts, and claimed numbers and names against
the registry, with the registry's extraction date.

Runs after a report is committed, in its own transaction, and never bumps the case version (it is
not a moderator's decision, so it must not make a moderator's pending change conflict). A scanner
or registry failure leaves the case unanalysed, never the report lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import VigieError
from vigie.registry.identifiers import check_identifier
from vigie.registry.models import RegistryState, Snapshot
from vigie.registry.verify import practitioner_by_identifier
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.schemas_cases import JsonObject, NumberCheck, RegistryCheck
from vigie.scan.registry_lookup import RegistryLookup, current_registry
from vigie.scan.schemas import MAX_POSTS_PER_ACCOUNT, MAX_TEXT_CHARS, AccountIn, PostIn
from vigie.scan.schemas import Platform as ScanPlatform
from vigie.scan.services import default_scanner

log = logging.getLogger(__name__)
NUMBER = re.compile(r"(?<!\d)(?:\d[ .]?){10}\d(?!\d)")
MAX_POSTS = min(200, MAX_POSTS_PER_ACCOUNT)


def case_texts(session: Session, case_id: int) -> tuple[str, str, list[str]]:
    """Platform, handle and every text reported about the case (post texts, then descriptions)."""
    account = session.scalars(
        select(ReportedAccount)
        .where(ReportedAccount.case_id == case_id)
        .order_by(ReportedAccount.id)
    ).first()
    reports = session.scalars(select(Report).where(Report.case_id == case_id).order_by(Report.id))
    texts: list[str] = []
    for report in reports:
        texts.extend(report.post_texts)
        if report.description:
            texts.append(report.description)
    platform, handle = (account.platform, account.handle) if account else ("", "")
    return platform, handle, texts[-MAX_POSTS:]


def scan_texts(
    platform: str, handle: str, texts: list[str], registry: RegistryLookup | None
) -> JsonObject | None:
    """The scanner's account-level result as JSON (reasons, checks, per-post results)."""
    if not texts:
        return None
    scan_platform = ScanPlatform(platform) if platform in set(ScanPlatform) else ScanPlatform.OTHER
    account = AccountIn(
        handle=handle or "inconnu",
        platform=scan_platform,
        posts=[PostIn(text=t[:MAX_TEXT_CHARS]) for t in texts],
    )
    result = default_scanner().scan_account(account, registry=registry)
    return result.model_dump(mode="json", exclude={"posts"})


def claimed_numbers(texts: list[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        for match in NUMBER.finditer(text):
            check = check_identifier(match.group())
            if check is not None and check.value not in found:
                found.append(check.value)
    return found[:10]


def source_date(session: Session) -> str | None:
    state = session.get(RegistryState, 1)
    if state is None or state.current_snapshot_id is None:
        return None
    snapshot = session.get(Snapshot, state.current_snapshot_id)
    return snapshot.source_date.isoformat() if snapshot and snapshot.source_date else None


def registry_check(
    session: Session, settings: Settings, texts: list[str], scan: JsonObject | None
) -> RegistryCheck:
    """Each RPPS-looking number in the texts looked up, the scanner's name and number
    cross-checks, and the extraction date they all refer to."""
    numbers = [_check_number(session, settings, value) for value in claimed_numbers(texts)]
    return RegistryCheck(source_date=source_date(session), numbers=numbers, claims=_claims(scan))


def _claims(scan: JsonObject | None) -> list[JsonObject]:
    checks = (scan or {}).get("checks")
    if not isinstance(checks, list):
        return []
    return [c for c in checks if isinstance(c, dict) and c.get("kind") != "product"]


def _check_number(session: Session, settings: Settings, value: str) -> NumberCheck:
    check = check_identifier(value)
    entry = NumberCheck(
        value=value,
        valid=bool(check and check.valid),
        candidate=None,
        reason=check.reason if check else "",
    )
    if not entry.valid:
        return entry
    try:
        entry.candidate = practitioner_by_identifier(session, settings, value).model_dump(
            mode="json"
        )
    except VigieError as exc:  # not found, or no registry loaded: say so, keep the rest
        entry.reason = exc.message
    return entry


def analyse_case(factory: sessionmaker[Session], settings: Settings, case_id: int) -> None:
    try:
        with transaction(factory) as session:
            platform, handle, texts = case_texts(session, case_id)
            scan = _safe_scan(session, settings, platform, handle, texts)
            registry = registry_check(session, settings, texts, scan)
            _save(session, case_id, scan, registry)
    except Exception:  # analysis is best effort: the report is already safely committed
        log.exception("analysis of case %s failed", case_id)


def _safe_scan(
    session: Session, settings: Settings, platform: str, handle: str, texts: list[str]
) -> JsonObject | None:
    """The scan, or ``None`` when the scanner fails: the registry check is still worth saving."""
    try:
        return scan_texts(platform, handle, texts, current_registry(session, settings))
    except Exception:  # a broken model artefact must not cost the rest of the analysis
        log.exception("scanning case texts failed")
        return None


def _save(session: Session, case_id: int, scan: JsonObject | None, registry: RegistryCheck) -> None:
    values: dict[str, Any] = {
        "registry_check": registry.model_dump(mode="json"),
        "analysed_at": dt.datetime.now(dt.UTC),
    }
    if scan is not None:
        values |= {
            "scan_result": scan,
            "risk_score": scan.get("score"),
            "risk_band": scan.get("risk"),
        }
    session.execute(update(Case).where(Case.id == case_id).values(**values))
