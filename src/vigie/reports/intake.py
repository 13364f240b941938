"""Filing a report as the API and the report form both do it: the report is committed first, then
its evidence is timestamped by the TSA and its case analysed, each in transactions of their own
(best effort: neither a TSA fault nor the analysis ever costs a report).

``report_problems`` lists every field's problem at once for the report form, from the same rules
``file_report`` applies (``normalise_account`` and ``schemas.clean``), so the page can never accept
what the API refuses nor refuse what it accepts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.errors import InvalidInput
from vigie.reports.analysis import analyse_case
from vigie.reports.evidence import CheckedFile
from vigie.reports.identifiers import record_after_filing
from vigie.reports.schemas import ReportInput, clean
from vigie.reports.services import FiledReport, file_report
from vigie.reports.storage import storage_from_settings
from vigie.reports.timestamps import stamp_report
from vigie.social import Kind, normalise_account

# What to blank once a field is known to be wrong, so that ``clean`` goes on to the next field.
_BLANKS: dict[str, dict[str, Any]] = {"contact_email": {"contact_email": None, "notify": False}}
_ALIASES = {"email": "contact_email"}  # ``normalise_email`` names its field for the sign-up form


def file_and_analyse(
    factory: sessionmaker[Session],
    settings: Settings,
    report: ReportInput,
    files: list[CheckedFile],
    reporter: CurrentUser | None = None,
    lang: str = "fr",
) -> FiledReport:
    """Blocking (database, evidence files, scanner): call it from a worker thread in a route."""
    storage = storage_from_settings(settings)
    filed = file_report(factory, settings, storage, report, files, reporter, lang)
    stamp_report(factory, settings, filed.report_id)
    analyse_case(factory, settings, filed.case_id)
    record_after_filing(factory, filed.report_id)
    return filed


def report_problems(report: ReportInput) -> dict[str, str]:
    """Field name → French message, for every field ``file_report`` would refuse (empty: none).

    ``clean`` stops at its first refusal; running it again with that field blanked finds the
    next, so no rule is written twice. A bare ``@name`` without a platform is the platform's
    problem (the form asks for it there), any other account refusal the account's.
    """
    problems: dict[str, str] = {}
    try:
        normalise_account(report.platform, report.account)
    except InvalidInput as exc:
        missing = exc.details.get("reason") == Kind.MISSING_PLATFORM.value
        problems["platform" if missing else str(exc.details.get("field", "account"))] = exc.message
    current = report
    while True:
        try:
            clean(current)
            return problems
        except InvalidInput as exc:
            field = str(exc.details.get("field", ""))
            field = _ALIASES.get(field, field)
            if field in problems or not hasattr(current, field):
                problems.setdefault(field or "form", exc.message)
                return problems
            problems[field] = exc.message
            current = replace(current, **_BLANKS.get(field, {field: _blank(current, field)}))


def _blank(report: ReportInput, field: str) -> object:
    value = getattr(report, field)
    return [] if isinstance(value, list) else False if isinstance(value, bool) else ""
