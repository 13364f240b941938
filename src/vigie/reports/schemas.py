"""What a report may contain, with the limits every untrusted field gets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from vigie.accounts.services import normalise_email
from vigie.errors import InvalidInput


class Act(StrEnum):
    HA_FILLER = "ha_filler"
    BOTULINUM_TOXIN = "botulinum_toxin"
    MESOTHERAPY = "mesotherapy"
    OTHER = "other"


ACT_LABELS = {
    Act.HA_FILLER: "Injections d'acide hyaluronique",
    Act.BOTULINUM_TOXIN: "Toxine botulique (« botox »)",
    Act.MESOTHERAPY: "Mésothérapie",
    Act.OTHER: "Autre injection",
}

MAX_DESCRIPTION = 10_000
MAX_POST_TEXT = 5_000
MAX_POSTS = 20
MAX_LINKS = 20
MAX_SHORT = 200
DEPARTMENT = re.compile(r"(0[1-9]|[1-8][0-9]|9[0-5]|2[ab]|97[1-6])")


@dataclass
class ReportInput:
    platform: str
    account: str
    acts: list[str] = field(default_factory=list)
    description: str = ""
    post_texts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    contact_email: str | None = None
    products: str = ""
    price: str = ""
    place: str = ""
    department: str = ""
    offered_on: str = ""
    harmed: bool = False
    notify: bool = False


def free_text(value: str, limit: int) -> str:
    """Moderators' comments and references: NUL removed (PostgreSQL refuses it), length capped."""
    return (value or "").replace("\x00", "")[:limit]


def _bounded(value: str, limit: int, name: str) -> str:
    cleaned = (value or "").replace("\x00", "").strip()
    if len(cleaned) > limit:
        raise InvalidInput(
            f"Le champ {name} est trop long (au plus {limit} caractères).", details={"field": name}
        )
    return cleaned


def clean_acts(values: list[str]) -> list[str]:
    acts: list[str] = []
    for value in values:
        try:
            act = Act(value.strip())
        except ValueError:
            raise InvalidInput(
                f"Acte inconnu : {value[:40]!r}.", details={"field": "acts"}
            ) from None
        if act not in acts:
            acts.append(act)
    return acts


def clean_links(values: list[str]) -> list[str]:
    links = [_bounded(v, 500, "links") for v in values if v.strip()]
    if len(links) > MAX_LINKS:
        raise InvalidInput(f"Au plus {MAX_LINKS} liens.", details={"field": "links"})
    for link in links:
        if not link.lower().startswith(("http://", "https://")):
            raise InvalidInput(
                "Un lien doit commencer par https:// ou http://.", details={"field": "links"}
            )
    return links


def clean_department(value: str) -> str:
    cleaned = (value or "").strip().lower()
    if not cleaned:
        return ""
    if not DEPARTMENT.fullmatch(cleaned):
        raise InvalidInput(
            "Département invalide (ex. 75, 2A, 974).", details={"field": "department"}
        )
    return cleaned.upper()


def clean(report: ReportInput) -> ReportInput:
    """The report with every field trimmed and bounded, or ``InvalidInput`` naming the field."""
    posts = [_bounded(t, MAX_POST_TEXT, "post_texts") for t in report.post_texts if t.strip()]
    if len(posts) > MAX_POSTS:
        raise InvalidInput(
            f"Au plus {MAX_POSTS} textes de publication.", details={"field": "post_texts"}
        )
    email = (report.contact_email or "").strip()
    return ReportInput(
        platform=report.platform,
        account=free_text(report.account, 500),
        acts=clean_acts(report.acts),
        description=_bounded(report.description, MAX_DESCRIPTION, "description"),
        post_texts=posts,
        links=clean_links(report.links),
        contact_email=normalise_email(email) if email else None,
        products=_bounded(report.products, 500, "products"),
        price=_bounded(report.price, 100, "price"),
        place=_bounded(report.place, MAX_SHORT, "place"),
        department=clean_department(report.department),
        offered_on=_bounded(report.offered_on, 40, "offered_on"),
        harmed=report.harmed,
        notify=_notify(report.notify, email),
    )


def _notify(wanted: bool, email: str) -> bool:
    if wanted and not email:
        raise InvalidInput(
            "Indiquez votre adresse e-mail pour être prévenu·e de l'avancement.",
            details={"field": "contact_email"},
        )
    return wanted
