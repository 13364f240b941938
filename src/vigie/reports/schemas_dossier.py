"""Pydantic shapes of a dossier: what one destination receives about one case.

``Dossier.model_dump(mode="json")`` is the JSON of the API, the moderation page and
``vigie cases export --format json``; the PDF and the ZIP are made from the same object. The
platform's dossier is a DSA article 16 notice and nothing more: every part that tells the case's
internal life (reports, history, other destinations, the scanner) is absent from it, not empty.
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


def _absent(value: object) -> bool:
    return value is None


class Party(BaseModel):
    name: str
    address: str = ""
    email: str = ""


class Addressee(BaseModel):
    name: str
    short: str = Field(description="As it follows « transmis à » (« l'ARS Nouvelle-Aquitaine »).")
    department: str = Field(description="The département it was derived from; empty if unknown.")


class DossierHeader(BaseModel):
    case_id: int
    destination: str
    destination_label: str
    purpose: str
    subject: str
    sender: Party
    addressee: Addressee
    generated_at: str
    generated_at_label: str = Field(description="The same time in French, Paris time.")
    fingerprint: str = Field(
        description="SHA-256 of this JSON with this field empty (keys sorted, compact, UTF-8); "
        "printed in the footer of every page of the PDF."
    )
    warnings: list[str] = Field(description="What must be completed before sending.")


class DossierCase(BaseModel):
    status: str
    status_label: str
    outcome: str | None
    report_count: int
    created_at: str


class DossierAccount(BaseModel):
    platform: str
    platform_label: str
    handle: str
    url: str


class Timestamp(BaseModel):
    tsa: str
    time: str
    token_b64: str = Field(description="The RFC 3161 TimeStampToken, DER, in base64.")


class DossierEvidence(EvidenceView):
    report_id: int
    annex: int = Field(description="Annex number, the same in the PDF and the ZIP.")
    annex_file: str = Field(description="Its file name in the ZIP (annexe-01.png…).")
    received_at_label: str
    timestamp: Timestamp | None
    timestamp_pending: bool = Field(description="A TSA was asked and has not answered yet.")


class LegalGround(BaseModel):
    ids: list[str] = Field(description="Ids of docs/legal-basis.md.")
    title: str
    text: str


class RegistryLine(BaseModel):
    claimed: str = Field(description="The name or number claimed in the reported texts.")
    found: str = Field(description="What the public registry says for it.")


class RegistrySection(BaseModel):
    source_date: str | None
    source_date_label: str | None
    lines: list[RegistryLine]


class DossierScan(BaseModel):
    label: str | None
    score: float | None
    risk: str | None
    risk_label: str
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
    timestamps_note: str
    accounts: list[DossierAccount]
    notice: DsaNotice | None = Field(
        default=None, exclude_if=_absent, description="Only in the platform's dossier."
    )
    case: DossierCase | None = Field(default=None, exclude_if=_absent)
    summary: list[str] | None = Field(
        default=None, exclude_if=_absent, description="The facts, in sentences."
    )
    legal_grounds: list[LegalGround] | None = Field(default=None, exclude_if=_absent)
    registry: RegistrySection | None = Field(
        default=None, exclude_if=_absent, description="What was checked in the registry, only."
    )
    reports: list[ReportWithReporter | ReportView] | None = Field(default=None, exclude_if=_absent)
    evidence: list[DossierEvidence] | None = Field(default=None, exclude_if=_absent)
    scan: DossierScan | None = Field(default=None, exclude_if=_absent)
    registry_check: RegistryCheck | None = Field(default=None, exclude_if=_absent)
    forwards: list[ForwardView] | None = Field(default=None, exclude_if=_absent)
    history: list[CaseEventView] | None = Field(default=None, exclude_if=_absent)
