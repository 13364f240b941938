"""Dossiers: what one authority needs about one case, as JSON for machines, PDF for people and a ZIP
with the evidence files.

Each destination gets one letter written for its reader: the sender (``VIGIE_SENDER_*``), the
addressee derived from the account's département (``addressees``), a subject and a summary of the
facts (``dossier_text``), the legal grounds the facts support (``legal_grounds``), what the registry
said for what was actually looked up, and the evidence as numbered annexes (``annexes``) with their
RFC 3161 tokens (``timestamps``). Reporters' contact details only go to the destinations that act
on a complaint (Ordre, prosecutor). The platform gets an EU Digital Services Act article 16 notice
and nothing more: URLs, reasons, the notifier (the organisation, never a moderator) and the
statement of good faith. Every export first checks each evidence file against its fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.dates import french_datetime
from vigie.errors import InvalidInput
from vigie.reports import addressees, annexes, dossier_text, legal_grounds, timestamps
from vigie.reports.case_view import case_detail
from vigie.reports.history import dossier_events
from vigie.reports.schemas_cases import AccountDetail, CaseDetail, CaseEventView, JsonObject
from vigie.reports.schemas_dossier import (
    Addressee,
    Dossier,
    DossierAccount,
    DossierCase,
    DossierEvidence,
    DossierHeader,
    DossierScan,
    DsaNotice,
    LegalGround,
    Notifier,
    Party,
    Timestamp,
)
from vigie.reports.storage import EvidenceStorage, storage_from_settings
from vigie.reports.workflow import DESTINATION_LABELS, Destination
from vigie.social import LABELS, AccountKey, Platform


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
NO_SENDER_EMAIL = (
    "Adresse électronique de l'expéditeur non configurée (VIGIE_SENDER_EMAIL) : à compléter avant "
    "l'envoi."
)
VERIFY_COMMAND = "openssl ts -verify -digest <SHA-256> -in annexe-NN.tsr -token_in -CAfile <CA>"


def parse_destination(value: str) -> Destination:
    try:
        return Destination((value or "").strip().lower())
    except ValueError:
        choices = "|".join(d.value for d in Destination)
        raise InvalidInput(
            f"Destinataire inconnu : {value} (choix : {choices}).", details={"field": "to"}
        ) from None


def case_annexes(session: Session, case: CaseDetail) -> list[annexes.Annex]:
    ids = [e.evidence_id for r in case.reports for e in r.evidence]
    rows = timestamps.tokens_by_evidence(session, ids)
    tokens = {key: timestamps.stored_token(row) for key, row in rows.items()}
    pending = {key for key, row in rows.items() if row.status == timestamps.PENDING}
    return annexes.annexes_of(case, tokens, pending)


def build_dossier(
    session: Session,
    case_id: int,
    destination: str,
    notifier: CurrentUser | None,
    *,
    settings: Settings,
    storage: EvidenceStorage | None = None,
) -> Dossier:
    """The dossier of ``case_id`` for ``destination``; ``Conflict`` naming the annex when an
    evidence file no longer matches its fingerprint (then nothing is exported)."""
    dest = parse_destination(destination)
    rule = DESTINATIONS[dest]
    case = standing_reports(case_detail(session, case_id, reporter_identity=rule.reporter_identity))
    found = case_annexes(session, case)
    annexes.check_integrity(storage or storage_from_settings(settings), found)
    accounts = [_account(a) for a in case.account_details]
    header = _header(case, dest, accounts, settings)
    if dest is Destination.PLATFORM:
        dossier = Dossier(
            dossier=header,
            timestamps_note="",
            accounts=accounts,
            notice=_dsa_notice(case, accounts, settings),
        )
    else:
        history = dossier_events(session, case_id)
        dossier = _authority_dossier(case, dest, header, accounts, found, settings, history)
    return _sealed(dossier)


def standing_reports(case: CaseDetail) -> CaseDetail:
    """The case with only the reports that still count: a report a moderator invalidated (its
    reporter was mass-flagging) is not cited, annexed or counted in any dossier."""
    kept = [r for r in case.reports if r.invalidated_at is None]
    if not kept:
        raise InvalidInput(
            f"Tous les signalements du dossier n° {case.case_id} ont été invalidés : "
            "il n'y a rien à transmettre.",
            details={"case_id": case.case_id},
        )
    return case.model_copy(update={"reports": kept, "report_count": len(kept)})


def _authority_dossier(
    case: CaseDetail,
    dest: Destination,
    header: DossierHeader,
    accounts: list[DossierAccount],
    found: list[annexes.Annex],
    settings: Settings,
    history: list[CaseEventView],
) -> Dossier:
    facts = legal_grounds.facts_of(case)
    return Dossier(
        dossier=header,
        timestamps_note=timestamps_note(settings, found),
        accounts=accounts,
        case=DossierCase.model_validate(case, from_attributes=True),
        summary=dossier_text.summary(case, accounts, case.scan),
        legal_grounds=[
            LegalGround(ids=list(g.ids), title=g.title, text=g.text)
            for g in legal_grounds.grounds(facts, dest)
        ],
        registry=dossier_text.registry_section(case.registry_check),
        reports=case.reports,
        evidence=[_evidence(a) for a in found],
        scan=_scan(case.scan),
        registry_check=case.registry_check,
        forwards=case.forwards,
        history=history,
    )


def _header(
    case: CaseDetail, dest: Destination, accounts: list[DossierAccount], settings: Settings
) -> DossierHeader:
    platform = accounts[0].platform if accounts else ""
    to = addressees.addressee(dest, case.department, platform)
    now = dt.datetime.now(dt.UTC)
    subject = dossier_text.subject(case, accounts)
    if dest is Destination.PLATFORM:
        subject = f"Notification de contenu illicite (DSA, art. 16) — {subject}"
    return DossierHeader(
        case_id=case.case_id,
        destination=dest.value,
        destination_label=DESTINATION_LABELS[dest],
        purpose=DESTINATIONS[dest].purpose,
        subject=subject,
        sender=Party(
            name=settings.sender_name,
            address=settings.sender_address,
            email=settings.sender_email,
        ),
        addressee=Addressee(name=to.name, short=to.short, department=to.department),
        generated_at=now.isoformat(),
        generated_at_label=french_datetime(now),
        fingerprint="",
        warnings=[] if settings.sender_email else [NO_SENDER_EMAIL],
    )


def fingerprint(dossier: Dossier) -> str:
    """SHA-256 of the dossier's JSON with the fingerprint empty: keys sorted, compact, UTF-8."""
    data = dossier.model_dump(mode="json")
    data["dossier"]["fingerprint"] = ""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sealed(dossier: Dossier) -> Dossier:
    dossier.dossier.fingerprint = fingerprint(dossier)
    return dossier


def timestamps_note(settings: Settings, found: list[annexes.Annex]) -> str:
    stamped = [a for a in found if a.token is not None]
    if not stamped:
        if settings.tsa_url and found:
            return (
                "Horodatage en attente : l'autorité d'horodatage n'a pas encore délivré de jeton "
                "pour ces pièces ; les heures de réception indiquées sont celles de l'horloge de "
                "Vigie."
            )
        return (
            "Les heures de réception indiquées sont celles de l'horloge de Vigie : aucune autorité "
            "d'horodatage (RFC 3161) n'était configurée à la réception des pièces."
        )
    return (
        f"{len(stamped)} pièce(s) sur {len(found)} portent un jeton d'horodatage RFC 3161 délivré "
        "à leur réception par une autorité d'horodatage tierce, sur l'empreinte SHA-256 du "
        f"fichier. Pour le vérifier : {VERIFY_COMMAND} (jetons fournis dans l'archive, dossier "
        "horodatages/, et en base64 dans le JSON)."
    )


def _account(row: AccountDetail) -> DossierAccount:
    key = AccountKey(Platform(row.platform), row.handle)
    return DossierAccount(
        platform=key.platform.value,
        platform_label=LABELS.get(key.platform, key.platform.value),
        handle=key.handle,
        url=key.url,
    )


def _evidence(annex: annexes.Annex) -> DossierEvidence:
    token = annex.token
    return DossierEvidence(
        **annex.evidence.model_dump(),
        report_id=annex.report_id,
        annex=annex.number,
        annex_file=annex.file_name,
        received_at_label=dossier_text.french_time(annex.evidence.received_at),
        timestamp=Timestamp(**token.as_json()) if token else None,
        timestamp_pending=annex.pending,
    )


def _scan(scan: JsonObject | None) -> DossierScan | None:
    if not scan:
        return None
    risk = scan.get("risk")
    return DossierScan.model_validate(
        {k: scan.get(k) for k in ("label", "score", "risk", "reasons")}
        | {"risk_label": dossier_text.RISK_LABELS.get(str(risk), "Risque non évalué")}
    )


def _dsa_notice(case: CaseDetail, accounts: list[DossierAccount], settings: Settings) -> DsaNotice:
    """Article 16: exact URLs, why the content is illegal, the notifier, good faith; nothing of
    the case's internal life (reporters, moderators, other destinations, history)."""
    urls = [a.url for a in accounts]
    for report in case.reports:
        urls.extend(link for link in report.links if link not in urls)
    facts = legal_grounds.facts_of(case)
    cited = legal_grounds.grounds(facts, Destination.PLATFORM)
    acts = dossier_text.offered(case)
    offer = dossier_text.join_fr(acts) if acts else "des injections à visée esthétique"
    reasons = f"Les contenus visés proposent au public {offer}. " + " ".join(g.text for g in cited)
    return DsaNotice(
        urls=urls,
        reasons=reasons.strip(),
        scanner_reasons=_scanner_reasons(case.scan),
        good_faith_statement=GOOD_FAITH,
        notifier=Notifier(name=settings.sender_name, email=settings.sender_email),
    )


def _scanner_reasons(scan: JsonObject | None) -> list[str]:
    """The explanations of the signals that raised the automatic risk (never their excerpts: a
    description may come from a reporter and say who they are). Signals that lowered it are left
    out: the notice argues why content is illegal, and the template presents these as automatic
    indications, not as facts Vigie established."""
    reasons = (scan or {}).get("reasons")
    if not isinstance(reasons, list):
        return []
    seen: list[str] = []
    for r in reasons:
        if not isinstance(r, dict) or not _raises_risk(r.get("weight")):
            continue
        text = str(r.get("explanation", ""))
        if text and text not in seen:
            seen.append(text)
    return seen


def _raises_risk(weight: object) -> bool:
    return isinstance(weight, int | float) and weight > 0
