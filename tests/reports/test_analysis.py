"""Automatic case analysis against a small synthetic registry, on both databases."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from registry.factories import SOURCE_DATE, Person, insert_snapshot
from vigie.config import Settings
from vigie.reports.analysis import analyse_case, claimed_numbers
from vigie.reports.case_view import case_detail
from vigie.reports.schemas import ReportInput
from vigie.reports.services import file_report
from vigie.reports.storage import LocalDirectoryStorage

OFFER = "Promo lèvres acide hyaluronique 150€ au lieu de 250€, à domicile, paiement espèces, DM pour réserver. Infirmière diplômée, RPPS {number}"


def test_case_gets_scanned_and_claimed_numbers_checked(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    nurse = Person("SYNTHINFIRM", "Coralie", profession_code="60")
    registry = insert_snapshot(session_factory, [nurse], settings.index_dir)
    number = registry.identifiers[0]
    report = ReportInput(
        platform="instagram", account="@lips.promo", post_texts=[OFFER.format(number=number)]
    )
    filed = file_report(
        session_factory, settings, LocalDirectoryStorage(settings.evidence_dir), report, []
    )
    analyse_case(session_factory, settings, filed.case_id)
    with session_factory() as session:
        case = case_detail(session, filed.case_id, reporter_identity=False).model_dump(mode="json")
    assert case["scan"]["risk"] in ("high", "medium")
    assert case["scan"]["reasons"]
    assert case["risk_score"] == case["scan"]["score"]
    check = case["registry_check"]
    assert check["source_date"] == SOURCE_DATE.isoformat()
    assert check["numbers"][0]["value"] == number
    assert check["numbers"][0]["candidate"]["profession_code"] == "60"


def test_numbers_are_found_with_spaces_and_dots() -> None:
    assert claimed_numbers(["mon RPPS : 10 000 000 001 ou 1.0000.000.001"]) == ["10000000001"]
    assert claimed_numbers(["tel 0612345678 prix 150"]) == []
