"""The pure rules of dossiers, table-driven: who the addressee is for a département, which legal
grounds the facts support for each destination, and what the registry section may say."""

from __future__ import annotations

import pytest

from vigie.reports.addressees import addressee, of_name
from vigie.reports.dossier_text import registry_section, subject
from vigie.reports.legal_grounds import GROUNDS, Facts, grounds
from vigie.reports.schemas_cases import NumberCheck, RegistryCheck
from vigie.reports.workflow import Destination

D = Destination


@pytest.mark.parametrize(
    ("destination", "department", "name", "short"),
    [
        (D.ORDRE, "33", "Conseil départemental de l'Ordre des médecins de la Gironde",
         "l'Ordre des médecins de la Gironde"),
        (D.ORDRE, "59", "Conseil départemental de l'Ordre des médecins du Nord",
         "l'Ordre des médecins du Nord"),
        (D.ORDRE, "01", "Conseil départemental de l'Ordre des médecins de l'Ain",
         "l'Ordre des médecins de l'Ain"),
        (D.ORDRE, "13", "Conseil départemental de l'Ordre des médecins des Bouches-du-Rhône",
         "l'Ordre des médecins des Bouches-du-Rhône"),
        (D.ORDRE, "75", "Conseil départemental de l'Ordre des médecins de Paris",
         "l'Ordre des médecins de Paris"),
        (D.ORDRE, "", "Conseil national de l'Ordre des médecins", "l'Ordre des médecins"),
        (D.ARS, "33", "Agence régionale de santé Nouvelle-Aquitaine", "l'ARS Nouvelle-Aquitaine"),
        (D.ARS, "2A", "Agence régionale de santé Corse", "l'ARS Corse"),
        (D.ARS, "971", "Agence régionale de santé Guadeloupe", "l'ARS Guadeloupe"),
        (D.ARS, "99", "Agence régionale de santé compétente", "l'ARS"),
        (D.DGCCRF, "69", "Direction départementale de la protection des populations du Rhône (DDPP)",
         "la DDPP du Rhône"),
        (D.PROCUREUR, "33", "Procureur de la République", "le procureur de la République"),
        (D.PLATFORM, "33", "Instagram — point de contact pour les notifications de contenus illicites",
         "la plateforme Instagram"),
    ],
)  # fmt: skip
def test_the_addressee_comes_from_the_departement(
    destination: D, department: str, name: str, short: str
) -> None:
    found = addressee(destination, department, "instagram")
    assert (found.name, found.short) == (name, short)
    assert found.known is not name.endswith(("compétente", "national de l'Ordre des médecins"))


def test_every_insee_liaison_type_reads_as_french() -> None:
    assert [of_name("X", n) for n in range(6)] == [
        "de X",
        "d'X",
        "du X",
        "de la X",
        "des X",
        "de l'X",
    ]


BASE = Facts(
    acts=frozenset({"ha_filler"}),
    signals=frozenset({"injectable_act", "price", "off_platform_booking"}),
    physician_claimed=False,
    physician_found=False,
    physician_absent=False,
    harmed=0,
    reports=1,
)


def _ids(facts: Facts, destination: D) -> list[str]:
    return [i for g in grounds(facts, destination) for i in g.ids]


@pytest.mark.parametrize(
    ("change", "destination", "expected"),
    [
        ({}, D.ORDRE, ["CSP-L4161-1"]),
        ({}, D.ARS, ["CSP-L4161-1", "CSP-R5211-72", "TOXIN-AESTHETIC"]),
        ({}, D.DGCCRF, ["CSP-R5211-72", "TOXIN-AESTHETIC", "INFLUENCE-2023", "CCONSO-L121-2"]),
        ({}, D.PROCUREUR, ["CSP-L4161-1", "CSP-R5211-72", "TOXIN-AESTHETIC", "CPP-40"]),
        ({}, D.PLATFORM, ["CSP-L4161-1", "INFLUENCE-2023"]),
        ({"acts": frozenset({"mesotherapy"})}, D.ANSM, []),
        ({"signals": frozenset({"banned_product"})}, D.ANSM,
         ["CSP-R5211-72", "TOXIN-AESTHETIC", "ANSM-HYALURON-PEN"]),
        # a "Dr" that nobody looked up is not a usurped title
        ({"physician_claimed": True}, D.ORDRE, ["CSP-L4161-1"]),
        ({"physician_claimed": True, "physician_absent": True}, D.ORDRE,
         ["CSP-L4161-1", "CSP-L4162-1", "CP-433-17"]),
        # the registry found the physician: no illegal practice, no usurped title
        ({"physician_claimed": True, "physician_found": True}, D.ORDRE, []),
        ({"physician_found": True}, D.PROCUREUR, ["CPP-40"]),
        ({"acts": frozenset(), "signals": frozenset()}, D.DGCCRF, []),
    ],
)  # fmt: skip
def test_each_ground_only_when_the_facts_support_it(
    change: dict[str, object], destination: D, expected: list[str]
) -> None:
    facts = Facts(**(BASE.__dict__ | change))  # type: ignore[arg-type]
    assert _ids(facts, destination) == expected


def test_every_ground_cites_ids_of_the_legal_basis_page() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "legal-basis.md").read_text()
    for ground in GROUNDS:
        for ident in ground.ids:
            assert f"`{ident}`" in page


def test_the_registry_section_says_only_what_was_checked() -> None:
    assert registry_section(None).lines == []
    unloaded = RegistryCheck(
        source_date=None,
        numbers=[
            NumberCheck(value="10101010101", valid=False, candidate=None, reason="Clé invalide."),
            NumberCheck(value="10003362226", valid=True, candidate=None, reason="No registry."),
        ],
        claims=[{"kind": "physician_name", "status": "unchecked", "value": "Sarah"}],
    )
    section = registry_section(unloaded)
    assert [line.claimed for line in section.lines] == ["Numéro RPPS revendiqué : 10101010101"]
    loaded = unloaded.model_copy(update={"source_date": "2026-11-02"})
    lines = registry_section(loaded).lines
    assert [line.found for line in lines] == [
        "Clé invalide.",
        "aucun professionnel avec ce numéro dans le registre public",
    ]
    assert registry_section(loaded).source_date_label == "2 novembre 2026"


def test_the_subject_names_the_facts() -> None:
    from vigie.reports.schemas_cases import CaseDetail
    from vigie.reports.schemas_dossier import DossierAccount

    case = CaseDetail.model_construct(reports=[_report(["botulinum_toxin", "ha_filler"])])
    account = DossierAccount(platform="tiktok", platform_label="TikTok", handle="x", url="u")
    assert subject(case, [account]) == (
        "Injections esthétiques (acide hyaluronique, toxine botulique) proposées au public par "
        "le compte TikTok @x"
    )


def _report(acts: list[str]) -> object:
    from vigie.reports.schemas_cases import ReportView

    return ReportView.model_construct(acts=acts)


def test_the_platform_notice_cites_only_the_signals_that_raised_the_risk() -> None:
    """A physician's warning inside a case lowers the automatic risk; the DSA notice argues why
    content is illegal, so it cites the raising signals, once each, and never a lowering one."""
    from vigie.reports.dossier import _scanner_reasons

    scan = {
        "reasons": [
            {"signal": "educational_warning", "weight": -1.2, "explanation": "mise en garde"},
            {"signal": "price", "weight": 0.8, "explanation": "un prix"},
            {"signal": "price", "weight": 0.8, "explanation": "un prix"},
            {"signal": "off_platform_booking", "weight": 1.0, "explanation": "rendez-vous en DM"},
            {"signal": "odd", "weight": "x", "explanation": "poids illisible"},
        ]
    }
    assert _scanner_reasons(scan) == ["un prix", "rendez-vous en DM"]
    assert _scanner_reasons(None) == []
    assert _scanner_reasons({"reasons": "junk"}) == []
