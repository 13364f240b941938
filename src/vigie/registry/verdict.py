"""May this person inject? One verdict per act, from ONE table of rules a lawyer can review here.

Each row of ``RULES`` names a registry profile (profession, category, savoir-faire), then for each
act the status, the id of the legal rule applied (``docs/legal-basis.md``) and a plain French
explanation. The first matching row wins, so the more specific rows come first. Wording rules:
never say someone "is not a doctor"; say what the public registry shows and on which extraction
date, and that a physician may be withheld from publication.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Act(StrEnum):
    HA_FILLER = "ha_filler"
    BOTULINUM_TOXIN = "botulinum_toxin"
    MESOTHERAPY = "mesotherapy"


class Status(StrEnum):
    AUTHORISED = "authorised"
    NOT_AUTHORISED = "not_authorised"
    TO_VERIFY = "to_verify"
    IN_TRAINING = "in_training"
    NOT_FOUND = "not_found"


PHYSICIAN = "10"
DENTIST = "40"
AESTHETIC_SPECIALTIES = frozenset(
    {"SM10", "C09", "SM15", "C15", "SM06", "SM07", "SM68", "SM77", "C10", "C83", "SM38", "SM85"}
)
ENT_SPECIALTIES = frozenset({"SM34", "SM39", "SM86"})
QUALIFIED_CATEGORIES = frozenset({"C", "M", "F", ""})  # F is the deprecated form of M
_COMPETENT = " Autorisé par la loi ne veut pas dire compétent : exigez une consultation préalable, un devis, un consentement écrit et la traçabilité du produit."
_SOURCE = " (registre RPPS, extraction du {date})"


@dataclass(frozen=True, slots=True)
class Profile:
    """What the registry says about a person that the rules look at."""

    profession_code: str
    category_code: str
    savoir_faire: frozenset[str]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    rule: str
    explanation: str  # placeholders: {date}, {profession}


@dataclass(frozen=True, slots=True)
class ProfileRule:
    """A row of the verdict table; ``None`` in a criterion means "any"."""

    profile: str
    professions: frozenset[str] | None
    categories: frozenset[str] | None
    savoir_faire_any: frozenset[str] | None
    outcomes: dict[Act, Outcome]

    def matches(self, person: Profile) -> bool:
        return (
            (self.professions is None or person.profession_code in self.professions)
            and (self.categories is None or person.category_code in self.categories)
            and (self.savoir_faire_any is None or bool(person.savoir_faire & self.savoir_faire_any))
        )


def _o(status: Status, rule: str, text: str) -> Outcome:
    return Outcome(status, rule, text)


A, N, V, T = Status.AUTHORISED, Status.NOT_AUTHORISED, Status.TO_VERIFY, Status.IN_TRAINING
HA, TOX, MESO = Act.HA_FILLER, Act.BOTULINUM_TOXIN, Act.MESOTHERAPY
_P = frozenset({PHYSICIAN})

RULES: tuple[ProfileRule, ...] = (
    ProfileRule("physician-in-training", _P, frozenset({"E"}), None, {
        HA: _o(T, "CSP-R5211-72", "Inscrit comme médecin en formation (étudiant ou interne)" + _SOURCE + " : il ne peut pas injecter d'acide hyaluronique seul, seulement sous la responsabilité d'un médecin."),
        TOX: _o(N, "TOXIN-AESTHETIC", "Inscrit comme médecin en formation" + _SOURCE + " : la toxine botulique esthétique est réservée aux médecins spécialistes en chirurgie plastique, dermatologie, chirurgie de la face et du cou, chirurgie maxillo-faciale et ophtalmologie."),
        MESO: _o(T, "CSP-L4161-1", "Inscrit comme médecin en formation" + _SOURCE + " : les injections sont des actes médicaux qu'il ne peut pas pratiquer seul."),
    }),
    ProfileRule("physician-aesthetic-specialist", _P, QUALIFIED_CATEGORIES, AESTHETIC_SPECIALTIES, {
        HA: _o(A, "CSP-R5211-72", "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: _o(A, "TOXIN-AESTHETIC", "Médecin inscrit avec une spécialité à qui la toxine botulique esthétique peut être délivrée" + _SOURCE + "." + _COMPETENT),
        MESO: _o(A, "CSP-L4161-1", "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("physician-ent", _P, QUALIFIED_CATEGORIES, ENT_SPECIALTIES, {
        HA: _o(A, "CSP-R5211-72", "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: _o(V, "TOXIN-AESTHETIC", "Médecin ORL inscrit" + _SOURCE + " : les conditions de délivrance de la toxine botulique esthétique ne citent pas clairement l'ORL ; à vérifier auprès du praticien ou de l'Ordre des médecins."),
        MESO: _o(A, "CSP-L4161-1", "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("physician-other", _P, QUALIFIED_CATEGORIES, None, {
        HA: _o(A, "CSP-R5211-72", "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: _o(N, "TOXIN-AESTHETIC", "Médecin inscrit sans spécialité à qui la toxine botulique esthétique peut être délivrée" + _SOURCE + " : elle est réservée aux spécialistes en chirurgie plastique, dermatologie, chirurgie de la face et du cou, chirurgie maxillo-faciale et ophtalmologie (les généralistes en sont exclus)."),
        MESO: _o(A, "CSP-L4161-1", "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("dentist", frozenset({DENTIST}), None, None, {
        HA: _o(V, "CSP-R5211-72", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : l'acide hyaluronique ne lui est délivré que pour un usage médical dans la sphère buccale ; le comblement esthétique des lèvres est contesté."),
        TOX: _o(N, "TOXIN-AESTHETIC", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : la toxine botulique esthétique est réservée à certains médecins spécialistes."),
        MESO: _o(N, "CSP-L4161-1", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : les injections esthétiques du visage et du corps sont des actes médicaux hors de sa profession."),
    }),
    ProfileRule("other-profession", None, None, None, {
        HA: _o(N, "CSP-L4161-1", "Inscrit au registre comme {profession}" + _SOURCE + " : cette profession ne permet pas d'injecter seul de l'acide hyaluronique. Depuis le 1er juillet 2024, il n'est délivré qu'aux médecins (CSP R.5211-72) : une offre d'injection hors de ce cadre suppose une filière d'approvisionnement illégale."),
        TOX: _o(N, "TOXIN-AESTHETIC", "Inscrit au registre comme {profession}" + _SOURCE + " : la toxine botulique esthétique est réservée à certains médecins spécialistes."),
        MESO: _o(N, "CSP-L4161-1", "Inscrit au registre comme {profession}" + _SOURCE + " : les injections esthétiques sont des actes médicaux que cette profession ne peut pas pratiquer seule, même en présence d'un médecin."),
    }),
)  # fmt: skip

_NOT_FOUND_TEXT = (
    "Aucun médecin {what} dans le registre public RPPS (extraction du {date}). Un médecin peut "
    "avoir demandé à ne pas figurer dans la diffusion publique : demandez son numéro RPPS et "
    "vérifiez-le ici avant tout rendez-vous."
)
NOT_FOUND_RULES = {HA: "CSP-R5211-72", TOX: "TOXIN-AESTHETIC", MESO: "CSP-L4161-1"}


@dataclass(frozen=True, slots=True)
class ActVerdict:
    status: Status
    rule: str
    explanation: str


def format_date(source_date: dt.date | None) -> str:
    return source_date.strftime("%d/%m/%Y") if source_date else "date inconnue"


def rule_for(person: Profile) -> ProfileRule:
    """The first row of the table that matches; the last row matches everyone."""
    return next(rule for rule in RULES if rule.matches(person))


def verdicts_for(
    person: Profile, profession_label: str, source_date: dt.date | None
) -> dict[Act, ActVerdict]:
    rule = rule_for(person)
    values = {"date": format_date(source_date), "profession": profession_label.lower()}
    return {
        act: ActVerdict(o.status, o.rule, o.explanation.format(**values))
        for act, o in rule.outcomes.items()
    }


def not_found_verdicts(source_date: dt.date | None, *, by_number: bool) -> dict[Act, ActVerdict]:
    what = "avec ce numéro" if by_number else "de ce nom"
    text = _NOT_FOUND_TEXT.format(what=what, date=format_date(source_date))
    return {act: ActVerdict(Status.NOT_FOUND, rule, text) for act, rule in NOT_FOUND_RULES.items()}
