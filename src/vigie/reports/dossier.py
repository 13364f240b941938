"""Dossiers: what one authority needs about one case, as JSON for machines and PDF for people.

Each destination gets what it needs and no more: reporters' contact details only go to the
destinations that act on a complaint (Ordre, prosecutor); the platform gets an EU Digital Services
Act article 16 notice (exact URLs, reasons, a statement of good faith, the notifier's name and
email). The PDF is rendered from HTML by WeasyPrint with every outside fetch refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from vigie.accounts.services import CurrentUser
from vigie.errors import InvalidInput
from vigie.reports.case_view import case_detail
from vigie.reports.evidence import refuse_truncated_images
from vigie.reports.schemas import ACT_LABELS, Act
from vigie.reports.schemas_cases import AccountDetail, CaseDetail, JsonObject
from vigie.reports.schemas_dossier import (
    Dossier,
    DossierAccount,
    DossierCase,
    DossierEvidence,
    DossierHeader,
    DossierScan,
    DsaNotice,
    Notifier,
)
from vigie.reports.workflow import DESTINATION_LABELS, Destination
from vigie.social import AccountKey, Platform

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class DestinationRule:
    purpose: str
    reporter_identity: bool


DESTINATIONS: dict[Destination, DestinationRule] = {
    Destination.ORDRE: DestinationRule(
        "Exercice illégal de la médecine, usurpation du titre de médecin, manquement d'un médecin.",
        reporter_identity=True,
    ),
    Destination.ARS: DestinationRule(
        "Exercice illégal et risque sanitaire (activités d'esthétique non réglementées).",
        reporter_identity=False,
    ),
    Destination.DGCCRF: DestinationRule(
        "Pratiques commerciales, promotion par influenceur d'actes esthétiques (loi n° 2023-451), produits dangereux.",
        reporter_identity=False,
    ),
    Destination.PROCUREUR: DestinationRule(
        "Infractions pénales : exercice illégal de la médecine (CSP L.4161-1, L.4161-5), blessures.",
        reporter_identity=True,
    ),
    Destination.ANSM: DestinationRule(
        "Effets indésirables, produits illégaux (Hyaluron Pen, produits de comblement contrefaits).",
        reporter_identity=False,
    ),
    Destination.PLATFORM: DestinationRule(
        "Notification de contenu illicite (règlement (UE) 2022/2065, art. 16) : retrait du compte ou des contenus.",
        reporter_identity=False,
    ),
}

GOOD_FAITH = (
    "Je déclare de bonne foi que les informations et allégations contenues dans la présente "
    "notification sont exactes et complètes (règlement (UE) 2022/2065, article 16, paragraphe 2, d)."
)


def parse_destination(value: str) -> Destination:
    try:
        return Destination((value or "").strip().lower())
    except ValueError:
        choices = "|".join(d.value for d in Destination)
        raise InvalidInput(
            f"Unknown destination {value!r}: use {choices}.", details={"field": "to"}
        ) from None


def build_dossier(
    session: Session, case_id: int, destination: str, notifier: CurrentUser | None
) -> Dossier:
    dest = parse_destination(destination)
    rule = DESTINATIONS[dest]
    case = case_detail(session, case_id, reporter_identity=rule.reporter_identity)
    accounts = [_account(a) for a in case.account_details]
    return Dossier(
        dossier=DossierHeader(
            case_id=case_id,
            destination=dest.value,
            destination_label=DESTINATION_LABELS[dest],
            purpose=rule.purpose,
            generated_at=dt.datetime.now(dt.UTC).isoformat(),
        ),
        case=DossierCase.model_validate(case, from_attributes=True),
        accounts=accounts,
        reports=case.reports,
        evidence=[
            DossierEvidence(**e.__dict__, report_id=r.report_id)
            for r in case.reports
            for e in r.evidence
        ],
        scan=_scan(case.scan),
        registry_check=case.registry_check,
        forwards=case.forwards,
        history=case.events,
        notice=_dsa_notice(case, accounts, notifier) if dest is Destination.PLATFORM else None,
    )


def _account(row: AccountDetail) -> DossierAccount:
    key = AccountKey(Platform(row.platform), row.handle)
    return DossierAccount(platform=key.platform.value, handle=key.handle, url=key.url)


def _scan(scan: JsonObject | None) -> DossierScan | None:
    if not scan:
        return None
    return DossierScan.model_validate(
        {k: scan.get(k) for k in ("label", "score", "risk", "reasons")}
    )


def _scanner_reasons(scan: JsonObject | None) -> list[str]:
    reasons = (scan or {}).get("reasons")
    if not isinstance(reasons, list):
        return []
    return [str(r.get("explanation", "")) for r in reasons if isinstance(r, dict)]


def _dsa_notice(
    case: CaseDetail, accounts: list[DossierAccount], notifier: CurrentUser | None
) -> DsaNotice:
    urls = [a.url for a in accounts]
    for report in case.reports:
        urls.extend(link for link in report.links if link not in urls)
    acts = sorted({act for r in case.reports for act in r.acts})
    offered = ", ".join(ACT_LABELS[Act(a)] for a in acts) or "actes d'injection esthétique"
    reasons = (
        f"Le compte propose au public des {offered.lower()}. En France, ces injections sont des actes "
        "médicaux réservés aux médecins (Code de la santé publique, art. L.4161-1 : exercice illégal de "
        "la médecine ; art. R.5211-72 : l'acide hyaluronique injectable n'est délivré qu'aux médecins). "
        "Aucun médecin correspondant n'a été identifié dans le répertoire public RPPS."
    )
    return DsaNotice(
        urls=urls,
        reasons=reasons,
        scanner_reasons=_scanner_reasons(case.scan),
        good_faith_statement=GOOD_FAITH,
        notifier=Notifier(
            name="Vigie — équipe de modération", email=notifier.email if notifier else ""
        ),
    )


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render_html(dossier: Dossier) -> str:
    # The template reads the JSON the destination also gets (its keys ``from``/``to`` included).
    data = dossier.model_dump(mode="json")
    return _environment().get_template("dossier.html").render(d=data, acts=ACT_LABELS)


def render_pdf(dossier: Dossier) -> bytes:
    """The dossier as PDF; WeasyPrint may fetch nothing (no file, no network)."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up
    from weasyprint.urls import URLFetcher, URLFetchingError

    refuse_truncated_images()  # the import above relaxed Pillow for the whole process

    class _NoFetch(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise URLFetchingError(f"refused to fetch {url[:80]}")

    pdf: bytes = HTML(string=render_html(dossier), url_fetcher=_NoFetch()).write_pdf()
    return pdf
