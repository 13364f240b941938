"""May this person inject? One verdict per act, from ONE table of rules a lawyer can review here.

Each row of ``RULES`` names a registry profile (profession, category, savoir-faire), then for each
act the status, the id of the legal rule applied (``docs/legal-basis.md``) and three texts, answer
first: the ``answer`` a patient reads in one glance ("Ne peut pas injecter de toxine botulique
esthétique : réservée aux dermatologues, …"), the personal ``reason`` in one plain sentence that
quotes the registry and its extraction date, and the longer ``explanation`` shown behind
"Pourquoi ?". The first matching row wins, so the more specific rows come first. Wording rules:
never say someone "is not a doctor"; say what the public registry shows and on which extraction
date, and that a physician may be withheld from publication.

The texts are French. Their English forms live in the web's message catalogue, keyed by the
French template itself (``{date}`` and the other placeholders included): ``verdicts_for(...,
lang="en", gettext=...)`` formats the translated template with English values (the date written
out, "a nurse" with its article), so both languages follow the one table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from vigie.dates import long_date

Gettext = Callable[[str], str]


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
# The personal reason always starts from what the registry says, with its date.
_REGISTRY = "Le registre public RPPS (extraction du {date}) l'inscrit comme {who}"
_TOXIN_HOLDERS = "dermatologues, chirurgiens plasticiens, chirurgiens de la face et du cou, chirurgiens maxillo-faciaux et ophtalmologistes"


@dataclass(frozen=True, slots=True)
class Profile:
    """What the registry says about a person that the rules look at."""

    profession_code: str
    category_code: str
    savoir_faire: frozenset[str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One cell of the table. Placeholders: ``{date}``, ``{profession}``, ``{who}``."""

    status: Status
    rule: str
    answer: str
    reason: str
    explanation: str


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


A, N, V, T = Status.AUTHORISED, Status.NOT_AUTHORISED, Status.TO_VERIFY, Status.IN_TRAINING
HA, TOX, MESO = Act.HA_FILLER, Act.BOTULINUM_TOXIN, Act.MESOTHERAPY
_P = frozenset({PHYSICIAN})

# The answers, act by act: the first words a patient reads.
HA_YES = "Peut injecter de l'acide hyaluronique"
HA_NO = "Ne peut pas injecter d'acide hyaluronique"
HA_TRAINING = (
    "Ne peut pas injecter d'acide hyaluronique seul : seulement sous la responsabilité d'un médecin"
)
HA_DENTIST = (
    "Acide hyaluronique : seulement pour un soin de la bouche, pas pour l'esthétique du visage"
)
TOX_YES = "Peut injecter de la toxine botulique esthétique"
TOX_NO = "Ne peut pas injecter de toxine botulique esthétique : réservée aux dermatologues, chirurgiens plasticiens, de la face et du cou, maxillo-faciaux et ophtalmologistes"
TOX_ENT = "Toxine botulique esthétique : à vérifier, le texte ne cite pas clairement les ORL"
MESO_YES = "Peut pratiquer la mésothérapie et les autres injections esthétiques"
MESO_NO = "Ne peut pas pratiquer la mésothérapie ni d'autres injections esthétiques"
MESO_TRAINING = "Ne peut pas pratiquer d'injections esthétiques seul : seulement sous la responsabilité d'un médecin"
NOT_FOUND_ANSWER = (
    "Introuvable dans le registre public : ne vous faites pas injecter sans numéro RPPS vérifiable"
)

_HA_DOCTOR = _REGISTRY + " : l'acide hyaluronique injectable est réservé aux médecins."
_MESO_DOCTOR = (
    _REGISTRY
    + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer."
)

RULES: tuple[ProfileRule, ...] = (
    ProfileRule("physician-in-training", _P, frozenset({"E"}), None, {
        HA: Outcome(T, "CSP-R5211-72", HA_TRAINING, _REGISTRY + " : il ou elle n'a pas encore fini ses études et ne peut pas injecter seul.", "Inscrit comme médecin en formation (étudiant ou interne)" + _SOURCE + " : il ne peut pas injecter d'acide hyaluronique seul, seulement sous la responsabilité d'un médecin."),
        TOX: Outcome(N, "TOXIN-AESTHETIC", TOX_NO, _REGISTRY + " : un médecin en formation n'a pas l'une de ces spécialités.", "Inscrit comme médecin en formation" + _SOURCE + f" : la toxine botulique esthétique n'est délivrée qu'aux médecins spécialistes ({_TOXIN_HOLDERS})."),
        MESO: Outcome(T, "CSP-L4161-1", MESO_TRAINING, _REGISTRY + " : il ou elle n'a pas encore fini ses études et ne peut pas injecter seul.", "Inscrit comme médecin en formation" + _SOURCE + " : les injections sont des actes médicaux qu'il ne peut pas pratiquer seul."),
    }),
    ProfileRule("physician-aesthetic-specialist", _P, QUALIFIED_CATEGORIES, AESTHETIC_SPECIALTIES, {
        HA: Outcome(A, "CSP-R5211-72", HA_YES, _HA_DOCTOR, "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: Outcome(A, "TOXIN-AESTHETIC", TOX_YES, _REGISTRY + f" : la toxine esthétique est délivrée aux {_TOXIN_HOLDERS}.", "Médecin inscrit avec une spécialité à qui la toxine botulique esthétique peut être délivrée" + _SOURCE + "." + _COMPETENT),
        MESO: Outcome(A, "CSP-L4161-1", MESO_YES, _MESO_DOCTOR, "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("physician-ent", _P, QUALIFIED_CATEGORIES, ENT_SPECIALTIES, {
        HA: Outcome(A, "CSP-R5211-72", HA_YES, _HA_DOCTOR, "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: Outcome(V, "TOXIN-AESTHETIC", TOX_ENT, _REGISTRY + " : demandez-lui, ou à l'Ordre des médecins, si la toxine esthétique lui est délivrée.", "Médecin ORL inscrit" + _SOURCE + " : les conditions de délivrance de la toxine botulique esthétique ne citent pas clairement l'ORL ; à vérifier auprès du praticien ou de l'Ordre des médecins."),
        MESO: Outcome(A, "CSP-L4161-1", MESO_YES, _MESO_DOCTOR, "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("physician-other", _P, QUALIFIED_CATEGORIES, None, {
        HA: Outcome(A, "CSP-R5211-72", HA_YES, _HA_DOCTOR, "Médecin inscrit" + _SOURCE + " : l'acide hyaluronique injectable est réservé aux médecins." + _COMPETENT),
        TOX: Outcome(N, "TOXIN-AESTHETIC", TOX_NO, _REGISTRY + ", pas dans l'une de ces spécialités.", "La toxine botulique esthétique n'est délivrée qu'aux médecins spécialistes en chirurgie plastique, dermatologie, chirurgie de la face et du cou, chirurgie maxillo-faciale et ophtalmologie ; les généralistes en sont exclus. Ce médecin est inscrit" + _SOURCE + " sans aucune de ces spécialités."),
        MESO: Outcome(A, "CSP-L4161-1", MESO_YES, _MESO_DOCTOR, "Médecin inscrit" + _SOURCE + " : les injections esthétiques sont des actes médicaux qu'un médecin peut pratiquer." + _COMPETENT),
    }),
    ProfileRule("dentist", frozenset({DENTIST}), None, None, {
        HA: Outcome(V, "CSP-R5211-72", HA_DENTIST, _REGISTRY + " : l'acide hyaluronique ne lui est délivré que pour un usage médical dans la bouche.", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : l'acide hyaluronique ne lui est délivré que pour un usage médical dans la sphère buccale ; le comblement esthétique des lèvres est contesté."),
        TOX: Outcome(N, "TOXIN-AESTHETIC", TOX_NO, _REGISTRY + ", pas comme médecin.", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : la toxine botulique esthétique est réservée à certains médecins spécialistes."),
        MESO: Outcome(N, "CSP-L4161-1", MESO_NO, _REGISTRY + " : les injections esthétiques du visage et du corps sont hors de sa profession.", "Inscrit comme chirurgien-dentiste" + _SOURCE + " : les injections esthétiques du visage et du corps sont des actes médicaux hors de sa profession."),
    }),
    ProfileRule("other-profession", None, None, None, {
        HA: Outcome(N, "CSP-L4161-1", HA_NO, _REGISTRY + ", pas comme médecin : l'acide hyaluronique injectable n'est délivré qu'aux médecins.", "Inscrit au registre comme {profession}" + _SOURCE + " : cette profession ne permet pas d'injecter seul de l'acide hyaluronique. Depuis le 1er juillet 2024, il n'est délivré qu'aux médecins (CSP R.5211-72) : une offre d'injection hors de ce cadre suppose une filière d'approvisionnement illégale."),
        TOX: Outcome(N, "TOXIN-AESTHETIC", TOX_NO, _REGISTRY + ", pas comme médecin.", "Inscrit au registre comme {profession}" + _SOURCE + " : la toxine botulique esthétique est réservée à certains médecins spécialistes."),
        MESO: Outcome(N, "CSP-L4161-1", MESO_NO, _REGISTRY + ", pas comme médecin : ces injections sont des actes médicaux, même en présence d'un médecin.", "Inscrit au registre comme {profession}" + _SOURCE + " : les injections esthétiques sont des actes médicaux que cette profession ne peut pas pratiquer seule, même en présence d'un médecin."),
    }),
)  # fmt: skip

_NOT_FOUND_TEXT = (
    "Aucun médecin {what} dans le registre public RPPS (extraction du {date}). Un médecin peut "
    "avoir demandé à ne pas figurer dans la diffusion publique : demandez son numéro RPPS et "
    "vérifiez-le ici avant tout rendez-vous."
)
_NOT_FOUND_REASON = (
    "Aucun médecin {what} dans le registre public RPPS (extraction du {date}) : demandez son "
    "numéro RPPS, un vrai médecin le donne sans difficulté."
)
NOT_FOUND_RULES = {HA: "CSP-R5211-72", TOX: "TOXIN-AESTHETIC", MESO: "CSP-L4161-1"}


@dataclass(frozen=True, slots=True)
class ActVerdict:
    status: Status
    rule: str
    explanation: str
    answer: str = ""
    reason: str = ""


def format_date(source_date: dt.date | None, lang: str = "fr") -> str:
    """The extraction date as written in the texts: ``2 novembre 2026`` / ``2 November 2026``."""
    return long_date(source_date, lang)


def rule_for(person: Profile) -> ProfileRule:
    """The first row of the table that matches; the last row matches everyone."""
    return next(rule for rule in RULES if rule.matches(person))


def _same(text: str) -> str:
    return text


def _with_article(noun: str, lang: str) -> str:
    """English needs "a nurse", "an orthoptist" where French says "comme infirmier"."""
    if lang != "en" or not noun:
        return noun
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def describe(
    person: Profile,
    rule: ProfileRule,
    profession_label: str,
    labels: Mapping[str, str],
    *,
    lang: str = "fr",
    gettext: Gettext = _same,
) -> str:
    """``{who}`` in a reason: "médecin (Dermatologie et vénéréologie)", "infirmier"…

    The savoir-faire named is the one the rule looked at when there is one, else the person's
    first; labels are as registered (or their English form), so the patient can compare them with
    a plaque or a website.
    """
    if person.profession_code != PHYSICIAN:
        return _with_article(profession_label.lower() or gettext("professionnel de santé"), lang)
    if person.category_code == "E":
        return gettext("médecin en formation (étudiant ou interne)")
    wanted = sorted(person.savoir_faire & (rule.savoir_faire_any or person.savoir_faire))
    named = [labels[code] for code in wanted if labels.get(code)]
    if named:
        return gettext("médecin ({specialty})").format(specialty=named[0])
    return gettext("médecin sans spécialité inscrite")


def verdicts_for(
    person: Profile,
    profession_label: str,
    source_date: dt.date | None,
    labels: Mapping[str, str] | None = None,
    *,
    lang: str = "fr",
    gettext: Gettext = _same,
) -> dict[Act, ActVerdict]:
    """``labels``: savoir-faire code → label as registered, to name the specialty in reasons.

    For another language, ``gettext`` translates each French template and ``profession_label``
    and ``labels`` are already in that language; the date is written out in it.
    """
    rule = rule_for(person)
    values = {
        "date": format_date(source_date, lang),
        "profession": _with_article(profession_label.lower(), lang),
        "who": describe(person, rule, profession_label, labels or {}, lang=lang, gettext=gettext),
    }
    return {
        act: ActVerdict(
            o.status,
            o.rule,
            gettext(o.explanation).format(**values),
            gettext(o.answer),
            gettext(o.reason).format(**values),
        )
        for act, o in rule.outcomes.items()
    }


def not_found_verdicts(
    source_date: dt.date | None,
    *,
    by_number: bool,
    lang: str = "fr",
    gettext: Gettext = _same,
) -> dict[Act, ActVerdict]:
    what = gettext("avec ce numéro") if by_number else gettext("de ce nom")
    values = {"what": what, "date": format_date(source_date, lang)}
    text = gettext(_NOT_FOUND_TEXT).format(**values)
    reason = gettext(_NOT_FOUND_REASON).format(**values)
    answer = gettext(NOT_FOUND_ANSWER)
    return {
        act: ActVerdict(Status.NOT_FOUND, rule, text, answer, reason)
        for act, rule in NOT_FOUND_RULES.items()
    }


def templates() -> set[str]:
    """Every French text the verdicts are made of, for the catalogue's completeness test."""
    texts = {_NOT_FOUND_TEXT, _NOT_FOUND_REASON, NOT_FOUND_ANSWER, "avec ce numéro", "de ce nom"}
    texts |= {"professionnel de santé", "médecin en formation (étudiant ou interne)"}
    texts |= {"médecin ({specialty})", "médecin sans spécialité inscrite"}
    for rule in RULES:
        for o in rule.outcomes.values():
            texts |= {o.answer, o.reason, o.explanation}
    return texts
