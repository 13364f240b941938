"""Pydantic shapes of a dossier: what one destination receives about one case.

``Dossier.model_dump(mode="json")`` is the JSON of the API, the moderation page and
``vigie cases dossier --format json``, and the PDF is rendered from the same object.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from vigie.reports.schemas_cases import (
    CaseEventView,
    EvidenceView,
    ForwardView,
    JsonObject,
    RegistryCheck,
    ReportView,
    ReportWithReporter,
)


class DossierHeader(BaseModel):
    case_id: int
    destination: str
    destination_label: str
    purpose: str
    generated_at: str


class DossierCase(BaseModel):
    status: str
    status_label: str
    outcome: str | None
    report_count: int
    created_at: str


class DossierAccount(BaseModel):
    platform: str
    handle: str
    url: str


class DossierEvidence(EvidenceView):
    report_id: int


class DossierScan(BaseModel):
    label: str | None
    score: float | None
    risk: str | None
    reasons: list[JsonObject] | None


class Notifier(BaseModel):
    name: str
    email: str


class DsaNotice(BaseModel):
    """An EU Digital Services Act article 16 notice, for the platform."""

    urls: list[str]
    reasons: str
    scanner_reasons: list[str]
    good_faith_statement: str
    notifier: Notifier


class Dossier(BaseModel):
    dossier: DossierHeader
    case: DossierCase
    accounts: list[DossierAccount]
    reports: list[ReportWithReporter | ReportView]
    evidence: list[DossierEvidence]
    scan: DossierScan | None
    registry_check: RegistryCheck | None
    forwards: list[ForwardView]
    history: list[CaseEventView]
    notice: DsaNotice | None = Field(
        default=None,
        exclude_if=lambda notice: notice is None,
        description="Only in the platform's dossier.",
    )
