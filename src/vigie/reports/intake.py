"""Filing a report as the API and the report form both do it: the report is committed first, then
its evidence is timestamped by the TSA and its case analysed, each in transactions of their own
(best effort: neither a TSA fault nor the analysis ever costs a report).
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.reports.analysis import analyse_case
from vigie.reports.evidence import CheckedFile
from vigie.reports.identifiers import record_after_filing
from vigie.reports.schemas import ReportInput
from vigie.reports.services import FiledReport, file_report
from vigie.reports.storage import storage_from_settings
from vigie.reports.timestamps import stamp_report


def file_and_analyse(
    factory: sessionmaker[Session],
    settings: Settings,
    report: ReportInput,
    files: list[CheckedFile],
    reporter: CurrentUser | None = None,
) -> FiledReport:
    """Blocking (database, evidence files, scanner): call it from a worker thread in a route."""
    storage = storage_from_settings(settings)
    filed = file_report(factory, settings, storage, report, files, reporter)
    stamp_report(factory, settings, filed.report_id)
    analyse_case(factory, settings, filed.case_id)
    record_after_filing(factory, filed.report_id)
    return filed
