"""How verdicts, acts and legal rules are shown to people: labels, colours, icons (pure data).

Status is never conveyed by colour alone: each status has an icon AND a short text, and the colour
class only reinforces them. Labels are French; templates pass them through ``_`` for English.

``localise`` gives a page in another language its own copy of a registry result: profession and
savoir-faire labels in that language where they have a form in it, and the verdicts formatted
again from the same table in that language. The JSON twins keep the registry's French.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from vigie.registry.schemas_verify import (
    Candidate,
    IdentifierCheckOut,
    VerdictOut,
    Verdicts,
    VerifyResult,
)
from vigie.registry.verdict import Act, ActVerdict, Profile, not_found_verdicts, verdicts_for
from vigie.web.i18n import DEFAULT, gettext, registry_label

C = TypeVar("C", bound=Candidate)

ACTS: tuple[tuple[str, str], ...] = (
    ("ha_filler", "Injections d'acide hyaluronique"),
    ("botulinum_toxin", "Toxine botulique esthétique"),
    ("mesotherapy", "Mésothérapie et autres injections esthétiques"),
)


@dataclass(frozen=True, slots=True)
class StatusStyle:
    css: str  # verdict--ok | verdict--no | verdict--check | verdict--training | verdict--unknown
    icon: str  # decorative; aria-hidden in the template
    label: str


STATUS_STYLES = {
    "authorised": StatusStyle("verdict--ok", "✓", "Autorisé par la loi"),
    "not_authorised": StatusStyle("verdict--no", "✕", "Non autorisé"),
    "to_verify": StatusStyle("verdict--check", "!", "À vérifier"),
    "in_training": StatusStyle(
        "verdict--training", "…", "En formation : seulement sous la responsabilité d'un médecin"
    ),
    "not_found": StatusStyle("verdict--unknown", "?", "Introuvable dans le registre public"),
}
UNKNOWN_STATUS = StatusStyle("verdict--unknown", "?", "Statut inconnu")

LEGAL_LINES = {
    "CSP-R5211-72": "Code de la santé publique, art. R.5211-72 : depuis le 1er juillet 2024, l'acide hyaluronique injectable n'est délivré qu'aux médecins.",
    "TOXIN-AESTHETIC": "Conditions de délivrance des toxines botuliques esthétiques : réservées à certains médecins spécialistes.",
    "CSP-L4161-1": "Code de la santé publique, art. L.4161-1 : pratiquer un acte médical sans le diplôme requis est un exercice illégal de la médecine.",
    "CSP-L4162-1": "Code de la santé publique, art. L.4162-1 : usurper le titre de médecin est un délit.",
    "CC-16-3": "Code civil, art. 16-3 : on ne peut porter atteinte au corps humain qu'en cas de nécessité médicale.",
    "INFLUENCE-2023": "Loi n° 2023-451 du 9 juin 2023, art. 4 : les influenceurs ne peuvent pas promouvoir d'actes esthétiques.",
    "ANSM-HYALURON-PEN": "Décision de l'ANSM du 9 février 2021 : le « Hyaluron Pen » est interdit.",
    "DEONTO-2020": "Code de déontologie médicale : la médecine ne doit pas être pratiquée comme un commerce.",
}

# The official directory's public search (Agence du Numérique en Santé). No public documentation
# gives the address of one person's record, so cards link to the search, not to a guessed URL.
OFFICIAL_DIRECTORY = "https://annuaire.esante.gouv.fr/"

_ACCOUNT_HOSTS = re.compile(
    r"(instagram\.com|instagr\.am|tiktok\.com|snapchat\.com|facebook\.com|fb\.com|"
    r"twitter\.com|x\.com|threads\.net|youtube\.com)",
    re.IGNORECASE,
)


def status_style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, UNKNOWN_STATUS)


def legal_line(rule: str) -> str:
    return LEGAL_LINES.get(rule, rule)


def _verdicts(verdicts: Mapping[Act, ActVerdict]) -> Verdicts:
    return Verdicts(**{act.value: VerdictOut.of(v) for act, v in verdicts.items()})


def localise(candidate: C, source_date: dt.date | None, lang: str) -> C:
    """The candidate as a page in ``lang`` shows it (itself in French)."""
    if lang == DEFAULT:
        return candidate
    skills = [
        s.model_copy(update={"label": registry_label(s.label, lang)})
        for s in candidate.savoir_faire
    ]
    profession = registry_label(candidate.profession, lang)
    profile = Profile(
        candidate.profession_code, candidate.category_code, frozenset(s.code for s in skills)
    )
    labels = {s.code: s.label for s in skills}
    verdicts = verdicts_for(
        profile, profession, source_date, labels, lang=lang, gettext=gettext(lang)
    )
    return candidate.model_copy(
        update={"profession": profession, "savoir_faire": skills, "verdicts": _verdicts(verdicts)}
    )


def identifier_reason(check: IdentifierCheckOut | None, lang: str) -> str:
    """Why a number is or is not an RPPS/ADELI number, in ``lang``; the wrong-length reason
    carries the count, so it is the one template formatted here."""
    if check is None:
        return ""
    if check.type is None and not check.valid:
        template = (
            "Un numéro RPPS compte 11 chiffres et un numéro ADELI 9 ; celui-ci en compte {count}."
        )
        return gettext(lang)(template).format(count=len(check.value))
    return gettext(lang)(check.reason)


def localise_result(result: VerifyResult, lang: str) -> VerifyResult:
    """Every candidate of a search, and the "not found" verdicts, as a page in ``lang`` shows them."""
    if lang == DEFAULT:
        return result
    missing = None
    if result.not_found_verdicts is not None:
        by_number = result.parsed.kind == "identifier"
        missing = _verdicts(
            not_found_verdicts(
                result.source_date, by_number=by_number, lang=lang, gettext=gettext(lang)
            )
        )
    return result.model_copy(
        update={
            "candidates": [localise(c, result.source_date, lang) for c in result.candidates],
            "not_found_verdicts": missing,
        }
    )


def phone_display(phone: str) -> str:
    """``0412345678`` → ``04 12 34 56 78``; anything else as registered."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone.strip()


def phone_href(phone: str) -> str:
    """A ``tel:`` link in international form for French numbers (one tap on a phone)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 10 and digits.startswith("0"):
        return "tel:+33" + digits[1:]
    return "tel:" + digits if digits else ""


def looks_like_account(text: str) -> bool:
    """A social-media handle or profile link rather than a name or a number."""
    stripped = text.strip()
    if stripped.startswith("@") and len(stripped) > 1:
        return True
    return bool(_ACCOUNT_HOSTS.search(stripped)) or stripped.lower().startswith(
        ("http://", "https://")
    )
