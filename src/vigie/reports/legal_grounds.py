"""The legal grounds a dossier cites, as ONE reviewable table like the verdict rules.

Each row names the texts (ids of ``docs/legal-basis.md``), the destinations it is written for and
the facts that must hold for it to be cited at all: a ground the case's facts do not support is
never printed. ``Facts`` is read from the case (reports, the scanner's signals, the registry
checks) by ``facts_of``; ``grounds`` is a pure function over it, tested table-driven.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vigie.reports.schemas_cases import CaseDetail
from vigie.reports.workflow import Destination

D = Destination
COMMERCIAL_SIGNALS = frozenset({"price", "promotion", "payment", "urgency", "off_platform_booking"})
TITLE_FOUND = frozenset({"match"})  # a registry check that found the claimed physician
# A registry check that looked the claimed name or number up and found no physician behind it.
TITLE_ABSENT = frozenset({"not_found", "not_a_physician", "belongs_to_someone_else", "invalid"})


@dataclass(frozen=True)
class Facts:
    acts: frozenset[str]
    signals: frozenset[str]
    physician_claimed: bool
    physician_found: bool
    physician_absent: bool  # a claimed name or number was checked and matched no physician
    harmed: int
    reports: int

    @property
    def injections(self) -> bool:
        return bool(self.acts) or "injectable_act" in self.signals

    @property
    def commercial(self) -> bool:
        return bool(self.signals & COMMERCIAL_SIGNALS)

    @property
    def reserved_products(self) -> bool:
        return bool(self.acts & {"ha_filler", "botulinum_toxin"})


@dataclass(frozen=True)
class Ground:
    ids: tuple[str, ...]
    title: str
    text: str
    destinations: frozenset[Destination]
    applies: Callable[[Facts], bool]


ALL = frozenset(Destination)
GROUNDS: tuple[Ground, ...] = (
    Ground(
        ("CSP-L4161-1",),
        "Exercice illégal de la médecine",
        "Les injections à visée esthétique (acide hyaluronique, toxine botulique, mésothérapie) sont des actes "
        "médicaux : les pratiquer sans être médecin est un exercice illégal de la médecine, même en "
        "présence d'un médecin (Code de la santé publique, art.\u00a0L.4161-1 ; peine : deux ans "
        "d'emprisonnement et 30\u00a0000\u00a0€ d'amende, art.\u00a0L.4161-5).",
        frozenset({D.ORDRE, D.ARS, D.PROCUREUR, D.PLATFORM}),
        lambda f: f.injections and not f.physician_found,
    ),
    Ground(
        ("CSP-L4162-1", "CP-433-17"),
        "Usage d'un titre de médecin sans en remplir les conditions",
        "Le compte revendique la qualité de médecin (titre de docteur, nom ou numéro RPPS) alors que "
        "le registre public consulté ne montre aucun médecin correspondant au nom ou au numéro "
        "revendiqué (Code de la santé publique, "
        "art.\u00a0L.4162-1 ; Code pénal, art.\u00a0433-17 : un an d'emprisonnement et 15\u00a0000\u00a0€ d'amende).",
        frozenset({D.ORDRE, D.PROCUREUR}),
        lambda f: f.physician_claimed and f.physician_absent and not f.physician_found,
    ),
    Ground(
        ("CSP-R5211-72", "TOXIN-AESTHETIC"),
        "Détention et usage de produits réservés aux médecins",
        "Depuis le 1er\u00a0juillet 2024, l'acide hyaluronique injectable n'est délivré qu'aux médecins "
        "(Code de la santé publique, art.\u00a0R.5211-72 et R.5211-73) et les toxines botuliques "
        "esthétiques ne sont délivrées qu'à certains médecins spécialistes (conditions de leurs "
        "autorisations de mise sur le marché) : hors de ce circuit, le produit a été obtenu "
        "illégalement et sa traçabilité n'est pas assurée.",
        frozenset({D.ARS, D.ANSM, D.PROCUREUR, D.DGCCRF}),
        lambda f: f.reserved_products and not f.physician_found,
    ),
    Ground(
        ("ANSM-HYALURON-PEN",),
        "Produit interdit ou hors circuit autorisé",
        "Les publications citent un produit interdit à la vente en France ou acheté hors du circuit "
        "autorisé (stylo « Hyaluron Pen » sans aiguille, interdit par décision de l'ANSM du "
        "9\u00a0février 2021 ; produits de comblement importés en ligne).",
        frozenset({D.ANSM, D.ARS, D.DGCCRF, D.PLATFORM}),
        lambda f: "banned_product" in f.signals,
    ),
    Ground(
        ("INFLUENCE-2023",),
        "Promotion commerciale d'actes esthétiques",
        "Le compte fait la promotion commerciale d'actes à visée esthétique (prix, promotions, "
        "incitation à réserver), ce que la loi n°\u00a02023-451 du 9\u00a0juin 2023 (art.\u00a04) interdit à toute "
        "personne exerçant une activité d'influence commerciale.",
        frozenset({D.DGCCRF, D.PLATFORM}),
        lambda f: f.injections and f.commercial,
    ),
    Ground(
        ("CCONSO-L121-2",),
        "Pratique commerciale trompeuse",
        "L'offre est présentée au public comme une prestation sûre et légale, par une personne dont "
        "la qualité pour la réaliser n'est pas établie : allégations trompeuses sur les qualités du "
        "professionnel et la licéité du produit (Code de la consommation, art.\u00a0L.121-2 ; peines : "
        "art.\u00a0L.132-2).",
        frozenset({D.DGCCRF}),
        lambda f: f.injections and f.commercial and not f.physician_found,
    ),
    Ground(
        ("CPP-40",),
        "Signalement au procureur de la République",
        "Ces faits sont portés à votre connaissance en application de l'article\u00a040 du Code de "
        "procédure pénale, pour la suite que vous jugerez utile de leur donner.",
        frozenset({D.PROCUREUR}),
        lambda f: True,
    ),
)


def grounds(facts: Facts, destination: Destination) -> list[Ground]:
    """The rows written for ``destination`` whose facts hold, in the table's order."""
    return [g for g in GROUNDS if destination in g.destinations and g.applies(facts)]


def facts_of(case: CaseDetail) -> Facts:
    scan = case.scan or {}
    reasons = scan.get("reasons")
    signals = frozenset(
        str(r.get("signal"))
        for r in (reasons if isinstance(reasons, list) else [])
        if isinstance(r, dict) and r.get("signal")
    )
    checks = case.registry_check.claims if case.registry_check else []
    numbers = case.registry_check.numbers if case.registry_check else []
    found = any(c.get("status") in TITLE_FOUND for c in checks) or any(n.candidate for n in numbers)
    absent = any(c.get("status") in TITLE_ABSENT for c in checks)
    absent = absent or any(not n.valid or n.candidate is None for n in numbers)
    claimed = "physician_claim" in signals or bool(checks) or bool(numbers)
    return Facts(
        acts=frozenset(a for r in case.reports for a in r.acts),
        signals=signals,
        physician_claimed=claimed,
        physician_found=found,
        physician_absent=absent,
        harmed=sum(1 for r in case.reports if r.harmed),
        reports=len(case.reports),
    )
