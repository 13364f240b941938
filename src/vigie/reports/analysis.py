"""Automatic analysis of a case: the scanner over its texts, and claimed numbers against the registry.

Runs after a report is committed, in its own transaction, and never bumps the case version (it is
not a moderator's decision, so it must not make a moderator's pending change conflict). A scanner
or registry failure leaves the case unanalysed, never the report lost. The scanner and the registry
lookup are reached through ``_scanner()`` / ``_lookup()`` so this module works before they exist.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.registry.identifiers import check_identifier
from vigie.registry.models import RegistryState, Snapshot
from vigie.reports.models import Case, Report, ReportedAccount

log = logging.getLogger(__name__)
NUMBER = re.compile(r"(?<!\d)(?:\d[ .]?){10}\d(?!\d)")
SCAN_PLATFORMS = {"instagram", "tiktok", "snapchat", "facebook"}
MAX_POSTS = 200


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


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
    return platform, handle, texts[:MAX_POSTS]


def scan_texts(platform: str, handle: str, texts: list[str]) -> dict[str, Any] | None:
    """The scanner's account result as JSON, or ``None`` while no scanner is installed."""
    services = _module("vigie.scan.services")
    schemas = _module("vigie.scan.schemas")
    if services is None or schemas is None or not texts:
        return None
    account = schemas.AccountIn(
        handle=handle or "inconnu",
        platform=platform if platform in SCAN_PLATFORMS else "other",
        posts=[schemas.PostIn(text=t[: schemas.MAX_TEXT_CHARS]) for t in texts],
    )
    result = services.default_scanner().scan_account(account)
    data: dict[str, Any] = (
        result.model_dump(mode="json") if hasattr(result, "model_dump") else dict(result)
    )
    return data


def claimed_numbers(texts: list[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        for match in NUMBER.finditer(text):
            check = check_identifier(match.group())
            if check is not None and check.value not in found:
                found.append(check.value)
    return found[:10]


def registry_check(session: Session, settings: Settings, texts: list[str]) -> dict[str, Any]:
    """Each RPPS-looking number in the texts, checked; with the registry's extraction date."""
    state = session.get(RegistryState, 1)
    snapshot = (
        session.get(Snapshot, state.current_snapshot_id)
        if state and state.current_snapshot_id
        else None
    )
    source_date = snapshot.source_date.isoformat() if snapshot and snapshot.source_date else None
    numbers = [_check_number(session, settings, value) for value in claimed_numbers(texts)]
    return {"source_date": source_date, "numbers": numbers}


def _check_number(session: Session, settings: Settings, value: str) -> dict[str, Any]:
    check = check_identifier(value)
    entry: dict[str, Any] = {"value": value, "valid": bool(check and check.valid)}
    entry["reason"] = check.reason if check else ""
    verify = _module("vigie.registry.verify")
    if verify is None or not entry["valid"] or not hasattr(verify, "practitioner_by_identifier"):
        entry["candidate"] = None
        return entry
    try:
        candidate = verify.practitioner_by_identifier(session, settings, value)
    except Exception:  # a registry problem must not lose the rest of the analysis
        log.exception("registry lookup failed for a claimed number")
        candidate = None
    if candidate is not None and hasattr(candidate, "model_dump"):
        candidate = candidate.model_dump(mode="json")
    entry["candidate"] = candidate
    return entry


def analyse_case(factory: sessionmaker[Session], settings: Settings, case_id: int) -> None:
    try:
        with transaction(factory) as session:
            platform, handle, texts = case_texts(session, case_id)
            scan = scan_texts(platform, handle, texts)
            registry = registry_check(session, settings, texts)
            _save(session, case_id, scan, registry)
    except Exception:  # analysis is best effort: the report is already safely committed
        log.exception("analysis of case %s failed", case_id)


def _save(
    session: Session, case_id: int, scan: dict[str, Any] | None, registry: dict[str, Any]
) -> None:
    values: dict[str, Any] = {"registry_check": registry, "analysed_at": dt.datetime.now(dt.UTC)}
    if scan is not None:
        values |= {
            "scan_result": scan,
            "risk_score": scan.get("score"),
            "risk_band": scan.get("risk"),
        }
    session.execute(update(Case).where(Case.id == case_id).values(**values))
